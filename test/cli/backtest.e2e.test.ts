/**
 * `logex backtest` (issue 19): a rule change measured on the store's history. Four shipments, two
 * rules, four nights (2026-03-02 … 03-05, so the night before is 03-01); every figure below is worked
 * out by hand from the events written here.
 *
 *   S1  departed 12h late (known 03-01 13:00)        departed-late under 6h from night 03-02; not under 1d
 *   S2  arrival planned 02-27, arrived 03-03 10:00   arrival-overdue the night before; gone on night 03-04
 *   S3  arrival planned 03-01 12:00, arrived 03-04 08:00   overdue (over 1d) from night 03-03; gone on 03-05
 *   S4  departed 36h late (known 03-03 13:00)        departed-late under 6h and 1d from night 03-04
 */
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { runBacktest } from '../../src/pipeline/backtest.js';
import { loadRuleText } from '../../src/rules/load.js';
import { openReadOnlyStore } from '../../src/store/read-only.js';
import { tempDir } from '../helpers.js';
import { logex, logexInProcess } from './run-cli.js';

const PLANS = `shipment_id,carrier,mode,origin,destination,customer,priority,service_level,planned_departed,planned_arrived,route
S1,MAEU,ocean,CNSHA,USLAX,Contoso,normal,STD,2026-03-01T00:00Z,2026-03-10T00:00Z,CNSHA>USLAX
S2,MAEU,ocean,CNSHA,USLAX,Contoso,normal,STD,2026-02-20T00:00Z,2026-02-27T00:00Z,CNSHA>USLAX
S3,MAEU,ocean,CNSHA,USLAX,Contoso,normal,STD,2026-02-25T00:00Z,2026-03-01T12:00Z,CNSHA>USLAX
S4,MAEU,ocean,CNSHA,USLAX,Contoso,normal,STD,2026-03-02T00:00Z,2026-03-20T00:00Z,CNSHA>USLAX
`;

const EVENTS = `shipment_id,status,event_time,classifier,location,reported_at
S1,departed,2026-03-01T12:00Z,actual,CNSHA,2026-03-01T13:00Z
S2,departed,2026-02-20T00:00Z,actual,CNSHA,2026-02-20T01:00Z
S2,arrived,2026-03-03T10:00Z,actual,USLAX,2026-03-03T11:00Z
S3,departed,2026-02-25T00:00Z,actual,CNSHA,2026-02-25T01:00Z
S3,arrived,2026-03-04T08:00Z,actual,USLAX,2026-03-04T09:00Z
S4,departed,2026-03-03T12:00Z,actual,CNSHA,2026-03-03T13:00Z
`;

const rulesYaml = (departureTolerance: string) => `version: 1
rules:
  - id: departed-late
    check: { kind: milestone_late, milestone: departed }
    tolerance: ${departureTolerance}
    severity: high
  - id: arrival-overdue
    check: { kind: milestone_overdue, milestone: arrived }
    tolerance: 1d
    severity: medium
`;

/** A store holding the history (ingested, never audited: it has no cases), and the rule files. */
async function workspace() {
  const dir = tempDir();
  const write = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };
  const db = join(dir, 'logex.db');
  const ingested = await logexInProcess(['ingest', '--plans', write('plans.csv', PLANS), '--events', write('events.csv', EVENTS), '--db', db, '--quiet']);
  expect(ingested.code).toBe(0);
  return { dir, db, newRules: write('new.yaml', rulesYaml('6h')), oldRules: write('old.yaml', rulesYaml('1d')) };
}

const PERIOD = ['--from', '2026-03-02', '--to', '2026-03-05'];
const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('logex backtest: per rule, what the rules would have raised', () => {
  it('counts alerts opened per night, distinct cases, how long they stayed open, and what was open at the start and end', async () => {
    const { db, newRules } = await workspace();
    const result = await logexInProcess(['backtest', '--rules', newRules, ...PERIOD, '--db', db, '--format', 'json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json.parameters).toEqual({ nights: '4, every 1d' });
    expect(json.sections.rules).toEqual([
      // S1 opens on night 03-02, S4 on 03-04; both still open after 03-05: counted to 03-06 (4 and 2 days).
      {
        rule: 'departed-late',
        kind: 'milestone_late',
        alerts: 2,
        per_night_mean: 0.5,
        per_night_max: 1,
        cases: 2,
        median_open_days: 3,
        open_at_start: 0,
        open_at_end: 2,
      },
      // S3 opens on 03-03 and is gone on 03-05 (2 days); S2 was open before the period (not in the median).
      {
        rule: 'arrival-overdue',
        kind: 'milestone_overdue',
        alerts: 1,
        per_night_mean: 0.25,
        per_night_max: 1,
        cases: 2,
        median_open_days: 2,
        open_at_start: 1,
        open_at_end: 0,
      },
    ]);
    expect(json.sections.nights.map((night: { night: string; alerts: number }) => [night.night, night.alerts])).toEqual([
      ['2026-03-02T00:00:00Z', 1],
      ['2026-03-03T00:00:00Z', 1],
      ['2026-03-04T00:00:00Z', 1],
      ['2026-03-05T00:00:00Z', 0],
    ]);
    expect(json.sections.changes).toBeUndefined();
    // Every event here has its receipt time: nothing to warn about.
    expect(json.notes).toEqual([]);
  });

  /** One `logex ingest` run of one file: its flag, its CSV, and the run's --as-of (default now). */
  interface Ingest {
    flag: '--inventory' | '--events' | '--plans';
    csv: string;
    asOf?: string;
  }

  /** A backtest over PERIOD of one rule, on a store holding what the ingest runs stored, in order: its JSON report, and the store. */
  async function backtestOne(ingests: readonly Ingest[], rule: string) {
    const dir = tempDir();
    const db = join(dir, 'logex.db');
    writeFileSync(join(dir, 'rule.yaml'), `version: 1\nrules:\n  - ${rule}\n`);
    for (const [index, { flag, csv, asOf }] of ingests.entries()) {
      const file = join(dir, `input-${index}.csv`);
      writeFileSync(file, csv);
      const ingest = await logexInProcess(['ingest', flag, file, '--db', db, '--quiet', ...(asOf ? ['--as-of', asOf] : [])]);
      expect(ingest.code).toBe(0);
    }
    const result = await logexInProcess(['backtest', '--rules', join(dir, 'rule.yaml'), ...PERIOD, '--db', db, '--format', 'json']);
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout) as {
      sections: { rules: Record<string, unknown>[]; nights: { night: string; alerts: number }[] };
      notes: string[];
    };
    return { json, db };
  }

  it('replays stock rules too: a count below its minimum opens on the first night it is the latest, and clears when a later count is back up', async () => {
    // As of each night the latest count with as_of ≤ the night decides: 20 on 03-02 and 03-03 (the 4 is
    // counted at 03-03 12:00), 4 on 03-04 (below 10: opened), 15 on 03-05 (counted at exactly 00:00).
    const { json } = await backtestOne(
      [
        {
          flag: '--inventory',
          csv: 'sku,location,on_hand,min_level,as_of\nSKU-1,USATL,20,10,2026-03-01T06:00Z\nSKU-1,USATL,4,10,2026-03-03T12:00Z\nSKU-1,USATL,15,10,2026-03-05T00:00Z\n',
        },
      ],
      '{ id: stock-low, check: { kind: inventory_below_min }, severity: medium }',
    );
    expect(json.sections.rules).toEqual([
      {
        rule: 'stock-low',
        kind: 'inventory_below_min',
        alerts: 1,
        per_night_mean: 0.25,
        per_night_max: 1,
        cases: 1,
        median_open_days: 1,
        open_at_start: 0,
        open_at_end: 0,
      },
    ]);
    expect(json.sections.nights.map((night) => [night.night, night.alerts])).toEqual([
      ['2026-03-02T00:00:00Z', 0],
      ['2026-03-03T00:00:00Z', 0],
      ['2026-03-04T00:00:00Z', 1],
      ['2026-03-05T00:00:00Z', 0],
    ]);
  });

  it('replays events that match no plan from the night they were received', async () => {
    // Sent 03-03 12:00 about a container no plan has: first known on night 03-04, still open after 03-05
    // (counted as closing on 03-06: 2 days).
    const { json } = await backtestOne(
      [
        {
          flag: '--events',
          csv: 'container,status,event_time,classifier,location,reported_at\nMSKU1234565,departed,2026-03-03T10:00Z,actual,CNSHA,2026-03-03T12:00Z\n',
        },
      ],
      '{ id: unplanned, check: { kind: unmatched_event }, severity: low }',
    );
    expect(json.sections.rules).toEqual([
      {
        rule: 'unplanned',
        kind: 'unmatched_event',
        alerts: 1,
        per_night_mean: 0.25,
        per_night_max: 1,
        cases: 1,
        median_open_days: 2,
        open_at_start: 0,
        open_at_end: 1,
      },
    ]);
    expect(json.sections.nights.map((night) => night.alerts)).toEqual([0, 0, 1, 0]);
  });

  it('an estimate without reported_at counts from the as-of of the ingest that stored it, and the report says so', async () => {
    // S1's arrival estimate (planned 03-10, estimated 03-12) has no receipt time; ingested as of 03-03 12:00,
    // it is first known on night 03-04 and holds to the end (counted as closing on 03-06: 2 days).
    const { json } = await backtestOne(
      [
        { flag: '--plans', csv: PLANS, asOf: '2026-02-01' },
        { flag: '--events', csv: 'shipment_id,status,event_time,classifier\nS1,arrived,2026-03-12T00:00Z,estimated\n', asOf: '2026-03-03T12:00Z' },
      ],
      '{ id: at-risk, check: { kind: predicted_late, milestone: arrived }, tolerance: 1d, severity: medium }',
    );
    expect(json.sections.nights.map((night) => night.alerts)).toEqual([0, 0, 1, 0]);
    expect(json.sections.rules[0]).toMatchObject({ alerts: 1, median_open_days: 2 });
    expect(json.notes).toEqual([
      expect.stringMatching(/^1 stored estimate\(s\) have no receipt time \(reported_at\) and were stored by a run as of after the night before the first/),
    ]);
  });

  it('replays each night with the plan known then: a re-plan counts from the as-of of the run that stored it', async () => {
    // S4 is planned to depart 03-02 00:00; on 03-03 06:00 it is re-planned to 03-03 10:00 and departs
    // 03-03 12:00 (known 13:00). departure-overdue (6h): night 03-02 is at the plan (no alert); night 03-03
    // is 24h after the first plan (alert; the re-plan is not known yet); from night 03-04 it has departed.
    // S1 sent again unchanged is no new version.
    const replanned = PLANS.split('\n')
      .filter((line) => line.startsWith('shipment_id') || line.startsWith('S4,') || line.startsWith('S1,'))
      .map((line) =>
        line.replace('S4,MAEU,ocean,CNSHA,USLAX,Contoso,normal,STD,2026-03-02T00:00Z', 'S4,MAEU,ocean,CNSHA,USLAX,Contoso,normal,STD,2026-03-03T10:00Z'),
      )
      .join('\n');
    const { json, db } = await backtestOne(
      [
        { flag: '--plans', csv: PLANS, asOf: '2026-02-01' },
        { flag: '--events', csv: EVENTS, asOf: '2026-02-01' },
        { flag: '--plans', csv: `${replanned}\n`, asOf: '2026-03-03T06:00Z' },
      ],
      '{ id: departure-overdue, check: { kind: milestone_overdue, milestone: departed }, tolerance: 6h, severity: high }',
    );
    const stored = new Database(db, { readonly: true });
    expect(stored.prepare('SELECT shipment_id FROM plan_versions').pluck().all()).toEqual(['S4']);
    stored.close();
    expect(json.sections.nights.map((night) => night.alerts)).toEqual([0, 1, 0, 0]);
    expect(json.notes).toEqual([]);
  });

  it('with --baseline: the difference per rule, the cases only one side raised and example shipments', async () => {
    const { db, newRules, oldRules } = await workspace();
    const result = await logexInProcess(['backtest', '--rules', newRules, '--baseline', oldRules, ...PERIOD, '--db', db, '--format', 'json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).sections.changes).toEqual([
      // Under 1d only S4 (36h late) is late: 1 alert; under 6h S1 too: +100 %.
      {
        rule: 'departed-late',
        presence: 'both',
        alerts: 2,
        baseline_alerts: 1,
        change_pct: 100,
        exceeds: '',
        only_new: 1,
        only_baseline: 0,
        examples_new: 'S1',
        examples_baseline: '',
      },
      {
        rule: 'arrival-overdue',
        presence: 'both',
        alerts: 1,
        baseline_alerts: 1,
        change_pct: 0,
        exceeds: '',
        only_new: 0,
        only_baseline: 0,
        examples_new: '',
        examples_baseline: '',
      },
    ]);
  });

  it("--fail-on-change exits 1 when a rule's alerts change by more than the percentage, and says which", async () => {
    const { db, newRules, oldRules } = await workspace();
    const over = await logexInProcess([
      'backtest',
      '--rules',
      newRules,
      '--baseline',
      oldRules,
      ...PERIOD,
      '--db',
      db,
      '--fail-on-change',
      '50',
      '--format',
      'md',
    ]);
    expect(over.code).toBe(1);
    expect(over.stderr).toBe('departed-late: 2 alert(s) opened, baseline 1 (+100%), over --fail-on-change 50%\n');
    expect(over.stdout).toContain('| departed-late | both | 2 | 1 | 100.0 | **yes** | 1 | 0 | S1 | – |');
    // Exactly 100 % is not more than 100 %.
    const at = await logexInProcess(['backtest', '--rules', newRules, '--baseline', oldRules, ...PERIOD, '--db', db, '--fail-on-change', '100']);
    expect(at.code).toBe(0);
    expect(at.stderr).toBe('');
  });

  it('a rule only in the new files is over any --fail-on-change once it opens an alert; one only in the baseline changes by -100 %', async () => {
    const { dir, db, newRules } = await workspace();
    const baseline = join(dir, 'baseline.yaml');
    writeFileSync(
      baseline,
      `version: 1
rules:
  - id: arrival-overdue
    check: { kind: milestone_overdue, milestone: arrived }
    tolerance: 1d
    severity: medium
  - id: arrival-overdue-2d
    check: { kind: milestone_overdue, milestone: arrived }
    tolerance: 2d
    severity: medium
`,
    );
    const result = await logexInProcess([
      'backtest',
      '--rules',
      newRules,
      '--baseline',
      baseline,
      ...PERIOD,
      '--db',
      db,
      '--fail-on-change',
      '100',
      '--format',
      'json',
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('departed-late: 2 alert(s) opened, baseline 0 (none in the baseline), over --fail-on-change 100%\n');
    const changes = JSON.parse(result.stdout).sections.changes;
    expect(changes.map((row: Record<string, unknown>) => [row.rule, row.presence, row.alerts, row.baseline_alerts, row.change_pct, row.exceeds])).toEqual([
      ['departed-late', 'added', 2, 0, null, 'yes'],
      ['arrival-overdue', 'both', 1, 1, 0, ''],
      // Over 2d: S2 (planned 02-27) from night 03-02, S3 (planned 03-01 12:00) from night 03-04.
      ['arrival-overdue-2d', 'removed', 0, 2, -100, ''],
    ]);
    expect(changes[2]).toMatchObject({ only_new: 0, only_baseline: 2, examples_baseline: 'S2, S3' });
  });

  it('writes JUnit with one test case per rule, failing those over --fail-on-change', async () => {
    const { db, newRules, oldRules } = await workspace();
    const result = await logexInProcess([
      'backtest',
      '--rules',
      newRules,
      '--baseline',
      oldRules,
      ...PERIOD,
      '--db',
      db,
      '--fail-on-change',
      '50',
      '--format',
      'junit',
    ]);
    expect(result.code).toBe(1);
    const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(result.stdout);
    const suite = xml.testsuites.testsuite;
    expect([xml.testsuites.tests, xml.testsuites.failures, suite.tests, suite.failures]).toEqual(['2', '1', '2', '1']);
    const [departed, arrival] = suite.testcase;
    expect(departed.name).toBe('departed-late');
    expect(departed.classname).toBe(newRules);
    expect(departed.failure.message).toBe('departed-late: 2 alert(s) opened, baseline 1 (+100%), over --fail-on-change 50%');
    expect(arrival.name).toBe('arrival-overdue');
    expect(arrival.failure).toBeUndefined();
    expect(arrival['system-out']).toBe(
      'arrival-overdue (milestone_overdue): 1 alert(s) opened over 4 night(s), baseline 1; per night mean 0.25, max 1; 2 case(s)',
    );
  });

  it('leaves the store byte for byte as it was, with no -wal, -shm or -journal file beside it', async () => {
    const { db, newRules, oldRules } = await workspace();
    const before = sha256(db);
    expect(existsSync(`${db}-wal`)).toBe(false);
    const result = await logexInProcess(['backtest', '--rules', newRules, '--baseline', oldRules, ...PERIOD, '--db', db, '--fail-on-change', '10']);
    expect(result.code).toBe(1);
    expect(sha256(db)).toBe(before);
    for (const suffix of ['-wal', '-shm', '-journal']) expect(existsSync(`${db}${suffix}`)).toBe(false);
  });

  it('killed (SIGKILL) in the middle of its nights, leaves the store byte for byte as it was, and the next audit opens it', async () => {
    const { db, newRules } = await workspace();
    const before = sha256(db);
    const killed = logex(['backtest', '--rules', newRules, ...PERIOD, '--db', db], { env: { LOGEX_CRASH_AT: 'backtest' } });
    expect([killed.code, killed.stdout]).toEqual([-1, '']);
    expect(sha256(db)).toBe(before);
    expect(existsSync(`${db}-journal`)).toBe(false);
    // What SQLite leaves for a killed reader: an empty log, which the next connection takes over.
    expect(existsSync(`${db}-wal`) ? readFileSync(`${db}-wal`).length : 0).toBe(0);
    const audited = await logexInProcess(['audit', '--rules', newRules, '--db', db, '--as-of', '2026-03-04T00:00:00Z', '--fail-on', 'none', '--quiet']);
    expect(audited.code).toBe(0);
  });

  it('each night holds exactly the findings a fresh audit as of that night opens on a copy of the store', async () => {
    const { dir, db, newRules } = await workspace();
    const loaded = loadRuleText(readFileSync(newRules, 'utf8'), newRules);
    const nights = ['2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05'].map((day) => Date.parse(`${day}T00:00:00Z`));
    const held = new Map<number, string[]>();
    const store = openReadOnlyStore(db);
    try {
      runBacktest(store.db, {
        candidate: { rules: loaded.rules, evaluation: {} },
        nights,
        before: Date.parse('2026-03-01T00:00:00Z'),
        after: Date.parse('2026-03-06T00:00:00Z'),
        onNight: (night) => held.set(night.asOf, [...night.candidate].sort()),
      });
    } finally {
      store.close();
    }
    expect(held.get(Date.parse('2026-03-04T00:00:00Z'))).toEqual(['arrival-overdue|S3|arrived', 'departed-late|S1|departed', 'departed-late|S4|departed']);
    for (const asOf of [Date.parse('2026-03-01T00:00:00Z'), ...nights]) {
      const copy = join(dir, `audit-${asOf}.db`);
      copyFileSync(db, copy);
      const audited = await logexInProcess([
        'audit',
        '--rules',
        newRules,
        '--db',
        copy,
        '--as-of',
        new Date(asOf).toISOString(),
        '--fail-on',
        'none',
        '--quiet',
      ]);
      expect(audited.code).toBe(0);
      const connection = new Database(copy, { readonly: true });
      const opened = connection.prepare("SELECT case_key FROM cases WHERE status = 'open' ORDER BY case_key").pluck().all();
      connection.close();
      expect(held.get(asOf)).toEqual(opened);
    }
  });

  it('refuses bad usage with one line and exit 2, before opening the store', async () => {
    const { db, newRules } = await workspace();
    const cases: [string[], string][] = [
      [['--from', '2026-03-05', '--to', '2026-03-02'], 'logex: --from 2026-03-05 is after --to 2026-03-02\n'],
      [[...PERIOD, '--every', '0m'], 'logex: --every: "0m" is not a duration over zero (use 1d, 12h, 1w)\n'],
      [[...PERIOD, '--fail-on-change', '10'], 'logex: --fail-on-change compares with a baseline: add --baseline OLD_RULES\n'],
      [[...PERIOD, '--format', 'csv'], 'logex: --format: "csv" is not one of table, json, md, junit\n'],
      [
        ['--from', '2025-01-01', '--to', '2026-03-05', '--every', '1h'],
        'logex: --from 2025-01-01 to --to 2026-03-05 every 1h is 10273 nights, over 1000: use a longer --every or a shorter period\n',
      ],
    ];
    for (const [args, message] of cases) {
      const result = await logexInProcess(['backtest', '--rules', newRules, '--db', db, ...args]);
      expect([result.code, result.stderr]).toEqual([2, message]);
    }
    const missing = await logexInProcess(['backtest', '--rules', newRules, '--db', `${db}.missing`, ...PERIOD]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no such database');
    expect(existsSync(`${db}.missing`)).toBe(false);
  });
});
