import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers.js';
import { auditArgs, counts, logex, logexInProcess, SCENARIO } from './run-cli.js';

const AS_OF = '2026-05-16T00:00:00Z';
const exceptionsOf = (stdout: string) =>
  (JSON.parse(stdout) as { exceptions: { rule: string; shipment_id: string; status: string; new: boolean }[] }).exceptions;
const keys = (stdout: string) =>
  exceptionsOf(stdout)
    .map((e) => `${e.rule} ${e.shipment_id}`)
    .sort();

describe('logex audit, end to end', () => {
  it('finds exactly the scenario exceptions, offsets and references included', async () => {
    const db = join(tempDir(), 'a.db');
    const result = await logexInProcess(auditArgs(db, AS_OF, ['events.csv'], ['--format', 'json']));
    expect(result.code).toBe(1);
    expect(keys(result.stdout)).toEqual(['arrival-at-risk S2', 'arrival-late S4', 'arrival-overdue S3', 'ocean-departure-late S2', 'road-transit S4']);
    const output = JSON.parse(result.stdout);
    expect(output.run).toMatchObject({ as_of: AS_OF, exceptions: 5, new: 5, cleared: 0, events_stored: 6 });
    expect(output.exceptions.find((e: { rule: string }) => e.rule === 'ocean-departure-late')).toEqual({
      case_id: expect.any(Number),
      rule: 'ocean-departure-late',
      kind: 'milestone_late',
      shipment_id: 'S2',
      carrier: 'HLCU',
      mode: 'ocean',
      lane: 'DEHAM>CAMTR',
      milestone: 'departed',
      finding: 'departed',
      severity: 'high',
      score: expect.any(Number),
      planned: '2026-05-04T22:00:00Z',
      actual: '2026-05-05T07:00:00Z',
      deviation_minutes: 540,
      status: 'open',
      new: true,
      escalated: false,
      team: 'ocean-desk',
      message: 'departed 9h late (tolerance 8h)',
    });
  });

  it('names the missing document in the table, the CSV and the JSON', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'plans.csv'),
      'shipment_id,carrier,mode,origin,destination,planned_departed,required_docs\nD1,MAEU,ocean,CNSHA,USLAX,2026-05-10T00:00:00Z,commercial_invoice;packing_list\n',
    );
    writeFileSync(join(dir, 'documents.csv'), 'shipment_id,doc_type,received_at,status\nD1,packing_list,2026-05-06T00:00:00Z,received\n');
    writeFileSync(
      join(dir, 'rules.yaml'),
      'version: 1\nrules:\n  - id: docs-before-departure\n    check: { kind: documents_missing, due: 48h before departed }\n    severity: high\n',
    );
    const args = (db: string, format: string) => [
      'audit',
      '--plans',
      join(dir, 'plans.csv'),
      '--documents',
      join(dir, 'documents.csv'),
      '--rules',
      join(dir, 'rules.yaml'),
      '--db',
      join(dir, db),
      '--as-of',
      '2026-05-12T00:00:00Z',
      '--format',
      format,
      '--wide',
    ];
    const table = await logexInProcess(args('t.db', 'table'));
    expect(table.stdout).toMatch(/│ docs-before-departure │ D1 +│ MAEU +│ CNSHA>USLAX │ commercial_invoice │ 2026-05-08 00:00 │/);
    const csv = parse((await logexInProcess(args('c.db', 'csv'))).stdout, { columns: true }) as Record<string, string>[];
    expect(csv.map((row) => [row.finding, row.milestone])).toEqual([['commercial_invoice', '']]);
    const json = JSON.parse((await logexInProcess(args('j.db', 'json'))).stdout);
    expect(json.exceptions.map((e: { finding: string }) => e.finding)).toEqual(['commercial_invoice']);
  });

  it('a stock count sent again with other figures replaces the stored one, and says so; the same figures again change nothing', async () => {
    const dir = tempDir();
    const monday = join(dir, 'monday.csv');
    const corrected = join(dir, 'corrected.csv');
    writeFileSync(monday, 'sku,location,on_hand,min_level,as_of\nSKU-1,USATL,4,10,2026-05-15T00:00:00Z\nSKU-2,USATL,20,10,2026-05-15T00:00:00Z\n');
    writeFileSync(corrected, 'sku,location,on_hand,min_level,as_of\nSKU-1,USATL,12,10,2026-05-15T00:00:00Z\nSKU-2,USATL,20,10,2026-05-15T00:00:00Z\n');
    writeFileSync(join(dir, 'rules.yaml'), 'version: 1\nrules:\n  - { id: stock-low, check: { kind: inventory_below_min }, severity: medium }\n');
    const audit = (files: string[]) =>
      logexInProcess([
        'audit',
        '--inventory',
        ...files,
        '--rules',
        join(dir, 'rules.yaml'),
        '--db',
        join(dir, 's.db'),
        '--as-of',
        '2026-05-16T00:00:00Z',
        '--format',
        'json',
        '--fail-on',
        'none',
      ]);
    const first = await audit([monday]);
    expect(JSON.parse(first.stdout).exceptions.map((e: { shipment_id: string }) => e.shipment_id)).toEqual(['SKU-1@USATL']);
    const again = await audit([corrected]);
    expect(again.stderr).toContain(
      `${corrected}:2: warning: stock of SKU-1 at USATL as of 2026-05-15T00:00:00Z was stored before with other figures (${monday}:2); ` +
        'this record replaces it: on_hand 4 → 12',
    );
    expect(again.stderr).not.toContain('SKU-2 at USATL');
    expect(JSON.parse(again.stdout).exceptions).toEqual([]);
    expect(JSON.parse(again.stdout).run).toMatchObject({ cleared: 1 });
  });

  it('a re-run with the same inputs writes no new events, cases or history', async () => {
    const db = join(tempDir(), 'a.db');
    await logexInProcess(auditArgs(db, AS_OF));
    const before = counts(db);
    const again = await logexInProcess(auditArgs(db, AS_OF, ['events.csv'], ['--format', 'json']));
    expect(again.code).toBe(1);
    expect(counts(db)).toEqual({ ...before, runs: before.runs + 1 });
    expect(exceptionsOf(again.stdout).every((e) => e.status === 'open' && !e.new)).toBe(true);
    expect(JSON.parse(again.stdout).run).toMatchObject({ events_stored: 0, events_duplicate: 6, new: 0, still_open: 5 });
  });

  it('the next night clears what stopped holding and opens what started', async () => {
    const db = join(tempDir(), 'a.db');
    await logexInProcess(auditArgs(db, AS_OF));
    const next = await logexInProcess(auditArgs(db, '2026-05-17T00:00:00Z', ['events.csv', 'events-day2.csv'], ['--format', 'json']));
    const exceptions = exceptionsOf(next.stdout);
    expect(keys(next.stdout)).toEqual(['arrival-at-risk S2', 'arrival-late S3', 'arrival-late S4', 'ocean-departure-late S2', 'road-transit S4']);
    expect(exceptions.filter((e) => e.new).map((e) => `${e.rule} ${e.shipment_id}`)).toEqual(['arrival-late S3']);
    expect(JSON.parse(next.stdout).run).toMatchObject({ cleared: 1, new: 1, still_open: 4 });
  });

  it('a cleared case reopens when its condition returns, with history rows for each step', async () => {
    const db = join(tempDir(), 'a.db');
    await logexInProcess(auditArgs(db, AS_OF));
    const better = await logexInProcess(auditArgs(db, AS_OF, ['events.csv', 'events-eta-better.csv'], ['--format', 'json']));
    expect(keys(better.stdout)).not.toContain('arrival-at-risk S2');
    const worse = await logexInProcess(auditArgs(db, AS_OF, ['events.csv', 'events-eta-better.csv', 'events-eta-worse.csv'], ['--format', 'json']));
    const reopened = exceptionsOf(worse.stdout).find((e) => e.rule === 'arrival-at-risk');
    expect(reopened).toMatchObject({ status: 'open', new: true });
    expect(JSON.parse(worse.stdout).run).toMatchObject({ reopened: 1 });
    const connection = new Database(db, { readonly: true });
    const steps = connection
      .prepare(`SELECT h.action FROM case_history h JOIN cases c ON c.id = h.case_id WHERE c.rule_id = 'arrival-at-risk' ORDER BY h.id`)
      .pluck()
      .all();
    connection.close();
    expect(steps).toEqual(['opened', 'cleared', 'reopened']);
  });

  it('exit 0 when nothing holds at or above --fail-on', async () => {
    const db = join(tempDir(), 'a.db');
    // On 1 May only S2's early ETA (medium) is known: below high.
    expect((await logexInProcess(auditArgs(db, '2026-05-01T00:00:00Z', ['events.csv'], ['--fail-on', 'high']))).code).toBe(0);
    expect((await logexInProcess(auditArgs(db, '2026-05-01T00:00:00Z'))).code).toBe(1);
    expect((await logexInProcess(auditArgs(db, AS_OF, ['events.csv'], ['--fail-on', 'none']))).code).toBe(0);
    expect((await logexInProcess(auditArgs(db, AS_OF, ['events.csv'], ['--fail-on', 'critical']))).code).toBe(1);
  });

  it('--fail-on critical is 0 once the only critical case clears', async () => {
    const db = join(tempDir(), 'a.db');
    const result = await logexInProcess(auditArgs(db, '2026-05-17T00:00:00Z', ['events.csv', 'events-day2.csv'], ['--fail-on', 'critical']));
    expect(result.code).toBe(0);
  });

  it('a bad row fails the run with file:line, exit 2 and nothing written', async () => {
    const db = join(tempDir(), 'a.db');
    await logexInProcess(auditArgs(db, AS_OF));
    const before = counts(db);
    const result = await logexInProcess(auditArgs(db, AS_OF, ['events.csv', 'events-bad.csv']));
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`${SCENARIO}/events-bad.csv:3: column "status": "landed" is not one of`);
    expect(result.stderr).toContain(`${SCENARIO}/events-bad.csv:4: column "event_time": "16/05/2026 10:00" is not an ISO 8601 date-time`);
    expect(result.stderr).toContain('nothing written');
    expect(counts(db)).toEqual(before);
  });

  it('a bad row on the first run leaves no store behind', async () => {
    const dir = tempDir();
    expect((await logexInProcess(auditArgs(join(dir, 'a.db'), AS_OF, ['events-bad.csv']))).code).toBe(2);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('--rejects sets bad rows aside in a CSV and the run goes on', async () => {
    const dir = tempDir();
    const rejects = join(dir, 'rejects.csv');
    const result = await logexInProcess(auditArgs(join(dir, 'a.db'), AS_OF, ['events.csv', 'events-bad.csv'], ['--rejects', rejects, '--format', 'json']));
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).run).toMatchObject({ rows_rejected: 2, events_stored: 7 });
    const rows = parse(readFileSync(rejects, 'utf8'), { columns: true }) as Record<string, string>[];
    expect(rows.map((row) => [row.rejected_source, row.status])).toEqual([
      [`${SCENARIO}/events-bad.csv:3`, 'landed'],
      [`${SCENARIO}/events-bad.csv:4`, 'delivered'],
    ]);
    expect(rows[0]!.rejected_reason).toMatch(/^column "status"/);
  });

  it('invalid rules: exit 2 before reading anything, each error with file:line:col', async () => {
    const db = join(tempDir(), 'a.db');
    const result = await logexInProcess(['audit', '--plans', `${SCENARIO}/plans.csv`, '--rules', 'fixtures/rules-broken/mistakes.yaml', '--db', db]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('fixtures/rules-broken/mistakes.yaml:7:15 error schema rules.0.severity: "hgh" is unknown; did you mean "high"?');
    expect(existsSync(db)).toBe(false);
  });

  it.each([
    [['--as-of', 'yesterday'], /--as-of: "yesterday" is not an ISO 8601 date-time/],
    [['--format', 'xml'], /--format: "xml" is not one of table, json, csv/],
    [['--tz', 'Mars/Olympus'], /--tz: "Mars\/Olympus" is not an IANA time zone/],
    [['--fail-on', 'severe'], /--fail-on: "severe" is not one of low, medium, high, critical, none/],
  ])('bad usage %j is one line and exit 2', async (extra, message) => {
    const result = await logexInProcess(auditArgs(join(tempDir(), 'a.db'), AS_OF, ['events.csv'], extra as string[]));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('a missing input file is exit 2 naming it', async () => {
    const result = await logexInProcess(auditArgs(join(tempDir(), 'a.db'), AS_OF, ['nope.csv']));
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`logex: ${SCENARIO}/nope.csv: cannot read the file: no such file\n`);
  });

  it('--quiet prints nothing at all when the run exits 0', async () => {
    const result = await logexInProcess(auditArgs(join(tempDir(), 'a.db'), AS_OF, ['events.csv'], ['--quiet', '--fail-on', 'none']));
    expect(result).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('--quiet still prints the exceptions when it exits 1', async () => {
    const result = await logexInProcess(auditArgs(join(tempDir(), 'a.db'), AS_OF, ['events.csv'], ['--quiet']));
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('arrival-overdue');
  });

  it('the table is sorted by severity, has no colour codes off a TTY, and the summary goes to stderr', async () => {
    const result = await logexInProcess(auditArgs(join(tempDir(), 'a.db'), AS_OF));
    const rows = result.stdout.split('\n').filter((line) => /│\s+\d+ │/.test(line));
    expect(rows.map((line) => line.split('│')[2]!.trim())).toEqual(['critical', 'high', 'medium', 'medium', 'low']);
    expect(result.stdout).not.toMatch(/\u001b\[/);
    expect(result.stderr).toMatch(/^audit run 1 as of 2026-05-16T00:00:00Z: 5 exception\(s\) \(5 new, 0 still open\), 0 cleared/m);
  });

  it('CSV output parses back with a header and ISO times; --excel adds the BOM', async () => {
    const dir = tempDir();
    const out = join(dir, 'x.csv');
    expect((await logexInProcess(auditArgs(join(dir, 'a.db'), AS_OF, ['events.csv'], ['--format', 'csv', '--out', out, '--excel']))).code).toBe(1);
    const text = readFileSync(out, 'utf8');
    expect(text.startsWith('\uFEFFcase_id,rule,kind,shipment_id')).toBe(true);
    const rows = parse(text, { columns: true, bom: true }) as Record<string, string>[];
    expect(rows).toHaveLength(5);
    expect(rows.find((r) => r.rule === 'ocean-departure-late')).toMatchObject({ planned: '2026-05-04T22:00:00Z', deviation_minutes: '540', new: 'true' });
  });

  it('reads events from stdin with "-"', async () => {
    const events = readFileSync(`${SCENARIO}/events.csv`, 'utf8');
    const db = join(tempDir(), 'a.db');
    const result = logex(
      ['audit', '--plans', `${SCENARIO}/plans.csv`, '--events', '-', '--rules', `${SCENARIO}/rules.yaml`, '--db', db, '--as-of', AS_OF, '--format', 'json'],
      { input: events },
    );
    expect(result.code).toBe(1);
    expect(keys(result.stdout)).toHaveLength(5);
  });

  it('takes the rules from $LOGEX_RULES when --rules is not given', async () => {
    const db = join(tempDir(), 'a.db');
    const result = await logexInProcess(
      ['audit', '--plans', `${SCENARIO}/plans.csv`, '--events', `${SCENARIO}/events.csv`, '--db', db, '--as-of', AS_OF, '--format', 'json'],
      {
        env: { LOGEX_RULES: `${SCENARIO}/rules.yaml` },
      },
    );
    expect(result.code).toBe(1);
    expect(keys(result.stdout)).toHaveLength(5);
  });
});

describe('logex audit --news-only: what a nightly run changed', () => {
  const LATER = '2026-05-19T00:00:00Z';
  type Listed = { rule: string; shipment_id: string; new: boolean; escalated: boolean };

  it('lists only the exceptions opened, reopened or escalated by the run, and counts only those for --fail-on', async () => {
    const db = join(tempDir(), 'a.db');
    await logexInProcess(auditArgs(db, AS_OF));
    const night = await logexInProcess(auditArgs(db, LATER, ['events.csv'], ['--news-only', '--format', 'json']));
    const output = JSON.parse(night.stdout) as { run: Record<string, unknown>; exceptions: Listed[] };
    // Three days on, S3's overdue arrival is a band worse: escalated, not new.
    expect(output.exceptions).toContainEqual(expect.objectContaining({ rule: 'arrival-overdue', shipment_id: 'S3', new: false, escalated: true }));
    expect(output.exceptions.every((e) => e.new || e.escalated)).toBe(true);
    expect(output.run).toMatchObject({ listed: 'news', exceptions: 6 });
    expect(output.exceptions.length).toBeLessThan(6);

    // The same night again: nothing is news, so nothing is listed and nothing fails the run.
    const again = await logexInProcess(auditArgs(db, LATER, ['events.csv'], ['--news-only', '--fail-on', 'low']));
    expect(again.code).toBe(0);
    expect(again.stdout).toBe('No new, reopened or escalated exceptions.\n');
    expect((await logexInProcess(auditArgs(db, LATER, ['events.csv'], ['--news-only', '--quiet']))).stdout).toBe('');
    // Without the flag the same run reports every exception that holds, and fails on them.
    const all = await logexInProcess(auditArgs(db, LATER, ['events.csv'], ['--format', 'json']));
    expect(all.code).toBe(1);
    expect(exceptionsOf(all.stdout)).toHaveLength(6);
  });

  it('marks an escalated exception in the table and the CSV', async () => {
    const db = join(tempDir(), 'a.db');
    await logexInProcess(auditArgs(db, AS_OF));
    const csvDb = join(tempDir(), 'b.db');
    await logexInProcess(auditArgs(csvDb, AS_OF));
    const table = await logexInProcess(auditArgs(db, LATER, ['events.csv'], ['--news-only']));
    expect(table.stdout).toMatch(/arrival-overdue .*open \(escalated\)/);
    const csv = parse((await logexInProcess(auditArgs(csvDb, LATER, ['events.csv'], ['--news-only', '--format', 'csv']))).stdout, { columns: true }) as Record<
      string,
      string
    >[];
    expect(csv.find((row) => row.rule === 'arrival-overdue')).toMatchObject({ new: 'false', escalated: 'true' });
  });

  it('the nightly options: a pattern that matches nothing is skipped with a warning (or fails with --require-input); rejected rows are said under --quiet and fail with --fail-on-rejects; --log appends a dated line per run', async () => {
    const dir = tempDir();
    const db = join(dir, 'a.db');
    const log = join(dir, 'nightly.log');
    const rejects = join(dir, 'rejects.csv');
    const missing = join(dir, 'inbox', '*.edi');
    const base = [
      'audit',
      '--plans',
      `${SCENARIO}/plans.csv`,
      '--events',
      `${SCENARIO}/events.csv`,
      `${SCENARIO}/events-bad.csv`,
      missing,
      '--rules',
      `${SCENARIO}/rules.yaml`,
      '--db',
      db,
      '--as-of',
      AS_OF,
      '--rejects',
      rejects,
      '--fail-on',
      'none',
      '--log',
      log,
    ];
    const night = await logexInProcess([...base, '--quiet']);
    expect(night).toEqual({ code: 0, stdout: '', stderr: `audit run 1: 2 row(s) rejected, set aside in ${rejects}\n` });
    const loud = await logexInProcess([...base, '--fail-on-rejects']);
    expect(loud.code).toBe(1);
    expect(loud.stderr).toContain(`warning: --events ${missing} matches no file; skipped (--require-input makes this an error)`);
    const unwritableLog = await logexInProcess([...base.slice(0, -1), join(dir, 'no-such-folder', 'x.log')]);
    expect(unwritableLog.code).toBe(2);
    expect(unwritableLog.stderr).toContain(`logex: --log ${join(dir, 'no-such-folder', 'x.log')}: the folder ${join(dir, 'no-such-folder')} does not exist\n`);
    const strict = await logexInProcess([...base, '--require-input']);
    expect(strict).toMatchObject({ code: 2, stderr: `logex: --events ${missing} matches no file (--require-input)\n` });
    const lines = readFileSync(log, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ audit run 1 as of 2026-05-16T00:00:00Z, exit 0: 5 exception\(s\) \(5 new, 5 listed\), 0 cleared; 7 event\(s\) stored, 2 row\(s\) rejected$/,
    );
    expect(lines[1]).toMatch(/ audit run 2 as of 2026-05-16T00:00:00Z, exit 1: /);
    expect(lines[2]).toMatch(/ audit failed, exit 2: --events .* matches no file \(--require-input\)$/);
  });

  it('--scope events lists only the shipments the file touches, and the run JSON has the feed summary', async () => {
    const dir = tempDir();
    const db = join(dir, 'a.db');
    // The plans first, with no events: every shipment gets its cases.
    await logexInProcess(['audit', '--plans', `${SCENARIO}/plans.csv`, '--rules', `${SCENARIO}/rules.yaml`, '--db', db, '--as-of', AS_OF]);
    const file = join(dir, 's4.csv');
    writeFileSync(file, 'shipment_id,status,event_time\nS4,departed,2026-05-10T11:00:00Z\nNOPE,arrived,2026-05-11T00:00:00Z\n');
    const checked = await logexInProcess([
      'audit',
      '--events',
      file,
      '--rules',
      `${SCENARIO}/rules.yaml`,
      '--db',
      db,
      '--as-of',
      AS_OF,
      '--scope',
      'events',
      '--format',
      'json',
    ]);
    const output = JSON.parse(checked.stdout) as { run: { scope: string; feeds: unknown[] }; exceptions: { shipment_id: string; kind: string }[] };
    // The scenario's other shipments have open cases too; only S4's are listed (its rules check no unmatched events).
    expect(new Set(output.exceptions.map((e) => e.shipment_id))).toEqual(new Set(['S4']));
    expect(output.run.scope).toBe('events');
    expect(output.run.feeds).toEqual([
      expect.objectContaining({ file, events: 2, matchedBy: { shipment_id: 1 }, unmatched: 1, unmatchedRefs: [{ refs: 'shipment_id:NOPE', events: 1 }] }),
    ]);
    expect(checked.stderr).toContain(`feed ${file}: 2 event(s) stored (2 actual, 0 estimated), dated 2026-05-10T11:00:00Z to 2026-05-11T00:00:00Z`);
  });

  it('on a terminal the table fits its width, leaving out the least needed columns and saying so; --wide and files keep them all', async () => {
    const db = join(tempDir(), 'a.db');
    const narrow = await logexInProcess(auditArgs(db, AS_OF), { terminal: { columns: 100 } });
    const lines = narrow.stdout.trimEnd().split('\n');
    for (const line of lines.slice(0, -1)) expect(line.length, line).toBeLessThanOrEqual(100);
    expect(lines[1]).toMatch(/│ case │ severity │ rule .*│ shipment │ finding .*│ late by │/);
    expect(lines[1]).not.toContain('team');
    expect(lines.at(-1)).toBe('(score, carrier, lane, planned (UTC), actual/est (UTC), team left out to fit 100 columns; --wide shows them)');
    const wide = await logexInProcess([...auditArgs(db, AS_OF), '--wide'], { terminal: { columns: 100 } });
    expect(wide.stdout).toContain('│ team');
    const piped = await logexInProcess(auditArgs(db, AS_OF));
    expect(piped.stdout).toContain('│ team');
  });
});
