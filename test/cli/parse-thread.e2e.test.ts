/**
 * The CLI reads input files in a worker thread (src/pipeline/parse-thread.ts) and stdin in the main
 * thread. Reading the same bytes both ways must store and report exactly the same, including rejected
 * rows, warnings, unknown codes and errors that stop a file.
 */
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../../src/generator/generate.js';
import { tempDir } from '../helpers.js';
import { counts, logex, logexInProcess, logexSpawned } from './run-cli.js';

const RULES = 'rules/';
const AS_OF = '2026-03-20T00:00:00Z';

/** Every stored event, without the file name (a file read from stdin is "<stdin>"). */
function storedEvents(db: string): unknown[] {
  const connection = new Database(db, { readonly: true });
  try {
    return connection
      .prepare('SELECT * FROM events ORDER BY id')
      .all()
      .map((row) => ({ ...(row as Record<string, unknown>), source_file: undefined }));
  } finally {
    connection.close();
  }
}

interface Reading {
  code: number;
  stderr: string;
  report: { run: Record<string, unknown>; exceptions: unknown[] } | undefined;
  events: unknown[];
  rejects: string;
}

/** One audit of `events`, read as a file (the parse thread) or piped to stdin (the main thread). */
async function audit(plans: string, events: string, via: 'file' | 'stdin', extra: string[] = []): Promise<Reading> {
  const dir = tempDir();
  const db = join(dir, 'store.db');
  const rejects = join(dir, 'rejects.csv');
  const args = [
    'audit',
    '--plans',
    plans,
    '--events',
    via === 'file' ? events : '-',
    '--rules',
    RULES,
    '--db',
    db,
    '--as-of',
    AS_OF,
    '--format',
    'json',
    '--fail-on',
    'none',
    '--rejects',
    rejects,
    ...extra,
  ];
  // Files are read by the parse thread, a worker thread that runs in-process too; stdin needs a real process.
  const result = via === 'file' ? await logexInProcess(args) : await logexSpawned(args, { input: readFileSync(events) });
  const report = result.code === 0 ? (JSON.parse(result.stdout) as Reading['report']) : undefined;
  let rejected = '';
  try {
    rejected = readFileSync(rejects, 'utf8');
  } catch {
    // no rejected rows, no file
  }
  return {
    code: result.code,
    stderr: result.stderr,
    report: report && { ...report, run: { ...report.run, id: undefined, started_at: undefined, db: undefined } },
    events: result.code === 0 ? storedEvents(db) : [],
    rejects: rejected,
  };
}

/** What a user sees, with the input's name taken out: the file path in one run is "<stdin>" in the other. */
function comparable(reading: Reading, file: string): Reading {
  const unname = (text: string) => text.split(file).join('<input>').split('<stdin>').join('<input>');
  return { ...reading, stderr: unname(reading.stderr), rejects: unname(reading.rejects), report: JSON.parse(unname(JSON.stringify(reading.report ?? null))) };
}

describe('reading inputs in the parse thread', () => {
  let generated: { plans: string; events: string };

  beforeAll(async () => {
    // Large enough for many batches, so the worker has to wait for the writer (BATCHES_AHEAD).
    generated = await generate({
      shipments: 1500,
      seed: 11,
      asOf: AS_OF,
      start: '2026-02-01T00:00:00Z',
      spreadDays: 45,
      outDir: tempDir(),
      duplicateRate: 0.02,
    });
  });

  it.each([
    ['generated CSV events, with re-sent duplicates', () => [generated.plans, generated.events]],
    ['the demo carrier 214', () => ['fixtures/demo/plans.csv', 'fixtures/demo/carrier-214.edi']],
    ['the demo IFTSTA', () => ['fixtures/demo/plans.csv', 'fixtures/demo/iftsta.edi']],
    ['DCSA events with a retraction', () => ['fixtures/demo/plans.csv', 'fixtures/edi-synthetic/dcsa/tnt-v3-retraction.json']],
    ['X12 with unknown codes and a bad date', () => ['fixtures/demo/plans.csv', 'fixtures/edi-synthetic/x12/unknown-codes-214.edi']],
    ['EDIFACT in ISO 8859-1', () => ['fixtures/demo/plans.csv', 'fixtures/edi-synthetic/edifact/iso-8859-1-unoc.edi']],
    ['CSV rows with errors set aside by --rejects', () => ['fixtures/scenarios/basic/plans.csv', 'fixtures/scenarios/basic/events-bad.csv']],
  ])('stores and reports %s exactly as when piped to stdin', async (_name, files) => {
    const [plans, events] = files();
    // Side by side: the spawned run needs no CPU of this process while it starts.
    const [viaFile, viaStdin] = await Promise.all([audit(plans!, events!, 'file'), audit(plans!, events!, 'stdin')]);
    expect(viaFile.code).toBe(0);
    expect(viaFile.events.length).toBeGreaterThan(0);
    expect(comparable(viaFile, events!)).toEqual(comparable(viaStdin, events!));
  });

  it('reads a foreign CSV through its mapping profile in the parse thread', async () => {
    const dir = 'fixtures/mapping/carrier-csv';
    const [viaFile, viaStdin] = await Promise.all([
      audit(`${dir}/plans.csv`, `${dir}/odfl-status.csv`, 'file', ['--mapping', `${dir}/mapping.yaml`]),
      audit(`${dir}/plans.csv`, `${dir}/odfl-status.csv`, 'stdin', ['--mapping', `${dir}/mapping.yaml`]),
    ]);
    expect(viaFile.code).toBe(0);
    expect(viaFile.report?.run.events_stored).toBeGreaterThan(0);
    expect(comparable(viaFile, `${dir}/odfl-status.csv`)).toEqual(comparable(viaStdin, `${dir}/odfl-status.csv`));
  });

  it('stops on a truncated interchange with its position, exit 2, and writes nothing', async () => {
    const file = 'fixtures/edi-synthetic/x12/truncated-214.edi';
    const dir = tempDir();
    const db = join(dir, 'store.db');
    const before = await logexInProcess(['ingest', '--plans', 'fixtures/demo/plans.csv', '--db', db]);
    expect(before.code).toBe(0);
    const stored = counts(db);
    const result = await logexInProcess(['audit', '--events', file, '--rules', RULES, '--db', db, '--as-of', AS_OF]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(new RegExp(`^logex: ${file.replace(/[.]/g, '\\.')}:segment \\d+`, 'm'));
    expect(counts(db)).toEqual(stored);
    const piped = logex(['audit', '--events', '-', '--rules', RULES, '--db', db, '--as-of', AS_OF], { input: readFileSync(file) });
    expect(piped.code).toBe(2);
    expect(piped.stderr.split('<stdin>').join(file)).toBe(result.stderr);
  });

  it('fails on a bad row in the second of several files with the row, and writes nothing from the first', async () => {
    const dir = tempDir();
    const db = join(dir, 'store.db');
    const bad = join(dir, 'late-row.csv');
    const lines = readFileSync('fixtures/demo/events.csv', 'utf8').trimEnd().split('\n');
    // Every demo event line, then a bad copy of the first: the bad row is past the first batches.
    writeFileSync(bad, [...lines, lines[1]!.replace(/,20\d\d-[^,]*/, ',not-a-time')].join('\n'));
    const result = await logexInProcess([
      'audit',
      '--plans',
      'fixtures/demo/plans.csv',
      '--events',
      'fixtures/demo/events.csv',
      bad,
      '--rules',
      RULES,
      '--db',
      db,
      '--as-of',
      AS_OF,
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${bad}:${lines.length + 1}:`);
    // A first run that fails leaves no store at all.
    expect(existsSync(db)).toBe(false);
  });
});
