/**
 * DESIGN.md: long work shows progress on stderr when it is a terminal, and stays quiet for cron. The
 * pipeline says how far it is; the progress line shows it, a few times a second, and erases itself.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ProgressLine, type ProgressStream } from '../../src/cli/progress.js';
import { CODE_TABLES } from '../../src/model/codes/index.js';
import { CodeResolver } from '../../src/model/codes/resolver.js';
import { LocationTable } from '../../src/model/locations.js';
import { runAudit } from '../../src/pipeline/audit.js';
import type { Progress } from '../../src/pipeline/stages.js';
import { loadRuleText } from '../../src/rules/load.js';
import { openStore } from '../../src/store/database.js';
import { generate } from '../../src/generator/generate.js';
import { tempDir } from '../helpers.js';
import { REPORTS, buildReports } from '../../src/report/registry.js';
import { DEFAULT_ETA_SETTINGS } from '../../src/report/eta.js';
import { DEFAULT_LANE_THRESHOLD } from '../../src/report/routes.js';
import { DEFAULT_TOLERANCES } from '../../src/report/scope.js';
import { TestStore } from '../report/store-builder.js';

function terminal(isTTY = true): ProgressStream & { written: string[] } {
  const written: string[] = [];
  return { isTTY, written, write: (text: string) => written.push(text) };
}

describe('progress line', () => {
  it('is shown only on a terminal, and not with --quiet', () => {
    expect(ProgressLine.forRun(false, terminal(true))).toBeInstanceOf(ProgressLine);
    expect(ProgressLine.forRun(false, terminal(false))).toBeUndefined();
    expect(ProgressLine.forRun(true, terminal(true))).toBeUndefined();
  });

  it('rewrites one line at most every 200 ms, then erases it', () => {
    const stream = terminal();
    let now = 0;
    const line = new ProgressLine(stream, () => now);
    line.report({ stage: 'ingest', file: 'events.csv', rows: 1000 });
    now = 150;
    line.report({ stage: 'ingest', file: 'events.csv', rows: 2000 });
    now = 210;
    line.report({ stage: 'evaluate', shipments: 1200, of: 5000 });
    line.clear();
    line.clear();
    expect(stream.written).toEqual(['\r\x1b[Klogex: reading events.csv: 1,000 rows', '\r\x1b[Klogex: evaluating 1,200 of 5,000 shipments (24 %)', '\r\x1b[K']);
  });

  it('says which night a backtest is at', () => {
    const stream = terminal();
    new ProgressLine(stream).report({ stage: 'backtest', night: 7, of: 30 });
    expect(stream.written).toEqual(['\r\x1b[Klogex: backtest night 7 of 30']);
  });

  it('erases nothing when nothing was shown', () => {
    const stream = terminal();
    new ProgressLine(stream).clear();
    expect(stream.written).toEqual([]);
  });
});

describe('an audit reports its progress', () => {
  it('rows read per file as they come, then shipments evaluated out of all of them', async () => {
    const dir = tempDir();
    const { plans, events } = await generate({
      shipments: 600,
      seed: 3,
      asOf: '2026-03-20T00:00:00Z',
      start: '2026-02-01T00:00:00Z',
      spreadDays: 30,
      outDir: dir,
    });
    const seen: Progress[] = [];
    const db = openStore(join(dir, 'store.db'));
    await runAudit(db, {
      inputs: [
        { role: 'plans', path: plans },
        { role: 'events', path: events },
      ],
      rules: loadRuleText('version: 1\nrules:\n  - id: late\n    check: { kind: milestone_late, milestone: departed }\n    severity: high\n', 'r.yaml').rules,
      evaluation: {},
      asOf: Date.parse('2026-03-20T00:00:00Z'),
      now: '2026-03-20T00:00:00Z',
      actor: 'test',
      readerOptions: { time: new LocationTable().timeContext('UTC'), codes: new CodeResolver(CODE_TABLES, {}) },
      continueOnRejects: false,
      onProgress: (progress) => seen.push(progress),
    });
    db.close();
    const ingest = seen.filter((p) => p.stage === 'ingest');
    const lastRowsOf = (file: string) => ingest.filter((p) => p.file === file).at(-1)?.rows;
    expect(lastRowsOf(plans)).toBe(600);
    // Every data line of the generated file (one row each: nothing in it is quoted across lines).
    expect(lastRowsOf(events)).toBe(readFileSync(events, 'utf8').trimEnd().split('\n').length - 1);
    const evaluate = seen.filter((p) => p.stage === 'evaluate');
    expect(evaluate.length).toBeGreaterThan(1);
    expect(evaluate.every((p) => p.of === 600)).toBe(true);
    expect(evaluate.map((p) => p.shipments)).toEqual([...evaluate.map((p) => p.shipments)].sort((a, b) => a - b));
    expect(seen.slice(seen.findIndex((p) => p.stage === 'evaluate')).every((p) => p.stage === 'evaluate')).toBe(true);
  });
});

describe('a report reports its progress', () => {
  it('shipments read out of those in its windows; nothing for a report of cases', () => {
    const store = new TestStore('2026-03-29T00:00:00Z');
    const day = (n: number) => `2026-03-${String(1 + (n % 28)).padStart(2, '0')}T08:00:00Z`;
    for (let n = 0; n < 4500; n++) store.shipment(`S${n}`, { planned: { departed: day(n) } });
    for (let n = 0; n < 500; n++) store.shipment(`OLD${n}`, { planned: { departed: '2025-06-01T08:00:00Z' } });
    const reported = (name: string): Progress[] => {
      const seen: Progress[] = [];
      buildReports(
        store.db,
        Date.parse(store.asOf),
        [{ definition: REPORTS.find((r) => r.name === name)!, window: { from: Date.parse('2026-03-01T00:00:00Z'), to: Date.parse('2026-03-29T00:00:00Z') } }],
        {
          filters: {},
          tolerances: DEFAULT_TOLERANCES,
          settings: { routes: { threshold: DEFAULT_LANE_THRESHOLD, viaStops: false }, eta: DEFAULT_ETA_SETTINGS },
          onProgress: (progress) => seen.push(progress),
        },
      );
      return seen;
    };
    expect(reported('carriers')).toEqual([0, 2000, 4000].map((shipments) => ({ stage: 'report', shipments, of: 4500 })));
    expect(reported('exceptions')).toEqual([]);
    store.close();
  });

  it('reads as a line a person can follow', () => {
    const stream = terminal();
    new ProgressLine(stream).report({ stage: 'report', shipments: 2000, of: 4500 });
    expect(stream.written).toEqual(['\r\x1b[Klogex: reading 2,000 of 4,500 shipments (44 %)']);
  });
});
