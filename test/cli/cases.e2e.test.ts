/**
 * `logex cases …` end to end, on the cases `logex audit` opens for fixtures/scenarios/basic as of
 * 2026-05-16: 1 ocean-departure-late S2 (high), 2 arrival-at-risk S2 (medium), 3 arrival-overdue S3
 * (critical), 4 arrival-late S4 (medium), 5 road-transit S4 (low).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers.js';
import { auditArgs, counts, logexInProcess, SCENARIO } from './run-cli.js';

const AS_OF = '2026-05-16T00:00:00Z';

async function auditedStore(): Promise<string> {
  const db = join(tempDir(), 'cases.db');
  expect((await logexInProcess(auditArgs(db, AS_OF))).code).toBe(1);
  return db;
}

const cases = (db: string, ...args: string[]) => logexInProcess(['cases', ...args, '--db', db]);
const listed = async (db: string, ...args: string[]) => {
  const result = await cases(db, 'list', '--format', 'json', '--as-of', '2026-05-17T00:00:00Z', ...args);
  expect(result).toMatchObject({ code: 0, stderr: '' });
  return (JSON.parse(result.stdout) as { cases: { id: number; status: string; assignee: string | null; root_cause: string | null; note: string | null }[] })
    .cases;
};
const ids = async (db: string, ...args: string[]) => (await listed(db, ...args)).map((c) => c.id);
const historyOf = async (db: string, id: number) =>
  (
    JSON.parse((await cases(db, 'show', String(id), '--format', 'json')).stdout) as {
      history: { actor: string; action: string; from: string | null; to: string | null; note: string | null }[];
    }
  ).history;

describe('logex cases list', () => {
  it('lists the open cases worst first, filters, sorts, and prints table, JSON or CSV', async () => {
    const db = await auditedStore();
    expect(await ids(db)).toEqual([3, 1, 2, 4, 5]);
    expect(await ids(db, '--team', 'customer-care', '--sort', 'deviation')).toEqual([2, 4]);
    const filters = ['--severity', 'medium,low', '--lane', 'US*>US*', '--rule', 'arrival-*', '--carrier', 'odfl', '--assignee', 'none'];
    expect(await ids(db, ...filters, '--age-over', '23h', '--opened-since', '2026-05-16')).toEqual([4]);
    expect(await ids(db, ...filters, '--age-over', '1d')).toEqual([]);
    expect(await ids(db, '--status', 'closed')).toEqual([]);

    expect(await listed(db, '--rule', 'ocean-departure-late')).toEqual([
      {
        id: 1,
        status: 'open',
        severity: 'high',
        score: expect.any(Number),
        rule: 'ocean-departure-late',
        kind: 'milestone_late',
        shipment_id: 'S2',
        carrier: 'HLCU',
        mode: 'ocean',
        lane: 'DEHAM>CAMTR',
        milestone: 'departed',
        finding: 'departed',
        planned: '2026-05-04T22:00:00Z',
        actual: '2026-05-05T07:00:00Z',
        deviation_minutes: 540,
        message: 'departed 9h late (tolerance 8h)',
        team: 'ocean-desk',
        assignee: null,
        root_cause: null,
        outcome: null,
        note: null,
        opened: AS_OF,
        age_minutes: 1440,
        updated_at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      },
    ]);

    const table = await cases(db, 'list', '--as-of', '2026-05-17T00:00:00Z', '--team', 'road-desk');
    expect(table).toMatchObject({ code: 0, stderr: '' });
    expect(table.stdout).toMatch(/│\s+5 │ open\s+│ low\s+│.*│ road-transit\s+│ S4\s+│ departed>arrived │ ODFL\s+│ USATL>USCLT │\s+6h │\s+1d │ road-desk\s+│/);
    const csv = parse((await cases(db, 'list', '--format', 'csv', '--severity', 'critical')).stdout, { columns: true }) as Record<string, string>[];
    expect(csv.map((row) => [row.id, row.rule, row.planned])).toEqual([['3', 'arrival-overdue', '2026-05-13T09:00:00Z']]);
  });

  it('bad usage is one line and exit 2; a missing database is not created', async () => {
    const db = await auditedStore();
    const typo = await cases(db, 'list', '--status', 'opne');
    expect(typo).toMatchObject({ code: 2, stdout: '' });
    expect(typo.stderr).toBe(
      'logex: --status: "opne" is not a case status (open, acknowledged, in_progress, resolved, closed, cleared); did you mean "open"?\n',
    );
    expect((await cases(db, 'list', '--age-over', 'two days')).stderr).toBe('logex: --age-over: "two days" is not a duration (90m, 6h, 2d, 1w)\n');
    const missing = join(tempDir(), 'nope.db');
    expect(await cases(missing, 'list')).toMatchObject({ code: 2, stderr: `logex: ${missing}: no such database; run "logex audit" first or pass --db FILE\n` });
    expect(existsSync(missing)).toBe(false);
  });
});

describe('logex cases show', () => {
  it('shows the case, its shipment timeline with event sources, and its history', async () => {
    const db = await auditedStore();
    const shown = JSON.parse((await cases(db, 'show', '1', '--format', 'json', '--as-of', AS_OF)).stdout);
    expect(shown.case).toMatchObject({ id: 1, rule: 'ocean-departure-late', status: 'open' });
    expect(shown.timeline.milestones).toEqual([
      { milestone: 'departed', planned: '2026-05-04T22:00:00Z', actual: '2026-05-05T07:00:00Z', implied_by: null, estimate: null, deviation_minutes: 540 },
      { milestone: 'arrived', planned: '2026-05-17T04:00:00Z', actual: null, implied_by: null, estimate: '2026-05-19T16:00:00Z', deviation_minutes: 3600 },
    ]);
    expect(
      shown.timeline.events.map((e: { time: string; status: string; classifier: string; source: string }) => [e.time, e.status, e.classifier, e.source]),
    ).toEqual([
      ['2026-05-05T07:00:00Z', 'departed', 'actual', `${SCENARIO}/events.csv:3`],
      ['2026-05-19T16:00:00Z', 'arrived', 'estimated', `${SCENARIO}/events.csv:4`],
    ]);
    expect(shown.history).toEqual([
      { at: expect.any(String), actor: expect.any(String), action: 'opened', from: null, to: 'open', note: 'departed 9h late (tolerance 8h)', run_id: 1 },
    ]);
    const text = (await cases(db, 'show', '1', '--as-of', AS_OF)).stdout;
    expect(text).toContain('case 1: open, high');
    // What the lists call the case's finding, then what was found.
    expect(text).toContain('\nfinding    departed: departed 9h late (tolerance 8h)\n');
    expect(text).toContain(`│ 2026-05-05 07:00 │ 2026-05-05T07:00:00Z      │ departed │ actual     │ DEHAM    │        │ ${SCENARIO}/events.csv:3 │`);
    expect(await cases(db, 'show', '42')).toEqual({ code: 2, stdout: '', stderr: `logex: case 42 does not exist in ${db}\n` });
  });
});

describe('logex cases update', () => {
  it('updates several cases, or those --where the filters match, recording --by and the time', async () => {
    const db = await auditedStore();
    const byIds = await cases(db, 'update', '1', '3', '--status', 'acknowledged', '--note', 'carrier informed', '--by', 'ana');
    expect(byIds).toMatchObject({ code: 0, stderr: '2 case(s) updated, 0 unchanged\n' });
    expect(byIds.stdout).toBe('case 1: status open → acknowledged; note "carrier informed"\ncase 3: status open → acknowledged; note "carrier informed"\n');

    const byFilter = await cases(db, 'update', '--where', 'team=customer-care', 'severity=medium', '--assignee', 'cy', '--by', 'lead');
    expect(byFilter.stdout).toBe('case 2: assignee — → cy\ncase 4: assignee — → cy\n');
    expect((await historyOf(db, 4)).at(-1)).toEqual({
      at: expect.any(String),
      actor: 'lead',
      action: 'assignee',
      from: null,
      to: 'cy',
      note: null,
      run_id: null,
    });
    expect(await ids(db, '--assignee', 'cy')).toEqual([2, 4]);
  });

  it('a refused change is exit 2 with the reason per case, and nothing is written', async () => {
    const db = await auditedStore();
    const before = counts(db);
    const result = await cases(db, 'update', '1', '2', '--status', 'closed', '--outcome', 'credited');
    expect(result).toMatchObject({ code: 2, stdout: '' });
    expect(result.stderr).toBe(
      'case 1: cannot go from open to closed; allowed from open: acknowledged, in_progress, resolved\n' +
        'case 2: cannot go from open to closed; allowed from open: acknowledged, in_progress, resolved\n' +
        'nothing updated: 2 problem(s); fix them and run again\n',
    );
    expect((await cases(db, 'update', '5', '--status', 'resolved')).stderr).toBe(
      'case 5: status resolved needs root_cause; set it in the same update\nnothing updated: 1 problem(s); fix them and run again\n',
    );
    expect(counts(db)).toEqual(before);
    expect((await cases(db, 'update', '--status', 'resolved')).stderr).toBe('logex: give either case numbers or --where NAME=VALUE…, not both or neither\n');
    expect((await cases(db, 'update', '--where', 'teem=x', '--status', 'resolved')).stderr).toBe(
      'logex: --where: unknown filter "teem"; did you mean "team"?\n',
    );
  });

  it('uses the teams and root causes of --rules files', async () => {
    const dir = tempDir();
    const config = join(dir, 'cases.yaml');
    writeFileSync(config, 'version: 1\nteams:\n  - name: ocean-desk\n  - name: exceptions-desk\nroot_causes:\n  carrier: [rolled_booking]\n');
    const db = await auditedStore();
    expect((await cases(db, 'update', '1', '--team', 'exception-desk', '--rules', config)).stderr).toContain(
      'case 1: team "exception-desk" is not defined; did you mean "exceptions-desk"?',
    );
    const resolved = await cases(db, 'update', '1', '--status', 'resolved', '--root-cause', 'carrier/rolled_booking', '--rules', config);
    expect(resolved).toMatchObject({ code: 0, stdout: 'case 1: status open → resolved; root_cause — → carrier/rolled_booking\n' });
  });
});

describe('export → edit in a spreadsheet → import', () => {
  type Row = Record<string, string>;
  const exported = async (db: string, out: string) => {
    const result = await cases(db, 'export', '--out', out, '--excel');
    expect(result.code).toBe(0);
    return parse(readFileSync(out), { columns: true, bom: true }) as Row[];
  };
  /** What European Excel saves: BOM, semicolons, CRLF. */
  const saveLikeExcel = (file: string, rows: Row[]) =>
    writeFileSync(file, `\uFEFF${stringify(rows, { header: true, delimiter: ';', record_delimiter: 'windows' })}`);

  it('applies the edited fields, is idempotent, and one bad root cause rejects the whole file', async () => {
    const dir = tempDir();
    const db = await auditedStore();
    const sheet = join(dir, 'cases.csv');
    const rows = await exported(db, sheet);
    expect(rows.map((row) => [row.case_id, row.status, row.team])).toEqual([
      ['3', 'open', 'air-desk'],
      ['1', 'open', 'ocean-desk'],
      ['2', 'open', 'customer-care'],
      ['4', 'open', 'customer-care'],
      ['5', 'open', 'road-desk'],
    ]);

    const edited = join(dir, 'edited.csv');
    const edit = (id: string, changes: Row) => rows.map((row) => (row.case_id === id ? { ...row, ...changes } : row));
    let changed = edit('5', { status: 'Resolved', root_cause: 'carrier/late_reporting', note: '=driver forgot to scan' });
    changed = changed.map((row) => (row.case_id === '3' ? { ...row, assignee: 'ana' } : row));
    saveLikeExcel(edited, changed);
    const imported = await cases(db, 'import', edited, '--by', 'ana');
    expect(imported).toEqual({
      code: 0,
      stdout: 'case 3: assignee — → ana\ncase 5: status open → resolved; root_cause — → carrier/late_reporting; note "=driver forgot to scan"\n',
      stderr: '2 case(s) imported, 3 unchanged\n',
    });
    expect((await listed(db, '--status', 'all')).find((c) => c.id === 5)).toMatchObject({
      status: 'resolved',
      root_cause: 'carrier/late_reporting',
      note: '=driver forgot to scan',
    });

    const before = counts(db);
    expect(await cases(db, 'import', edited, '--by', 'ana')).toEqual({ code: 0, stdout: '', stderr: '0 case(s) imported, 5 unchanged\n' });
    expect(counts(db)).toEqual(before);

    // A fresh export, one good edit and one bad root cause: nothing at all is applied.
    const again = await exported(db, sheet);
    const bad = again.map((row) =>
      row.case_id === '1' ? { ...row, assignee: 'bo' } : row.case_id === '2' ? { ...row, status: 'resolved', root_cause: 'carrier/capasity' } : row,
    );
    saveLikeExcel(edited, bad);
    const refused = await cases(db, 'import', edited);
    expect(refused).toMatchObject({ code: 2, stdout: '' });
    expect(refused.stderr).toBe(
      `${edited}:4: case 2: root cause "carrier/capasity" is not in the built-in root-cause taxonomy (no root_causes configured); did you mean "carrier/capacity"?\n` +
        'nothing imported: 1 problem(s); fix them and run again\n',
    );
    expect(counts(db)).toEqual(before);
    expect((await listed(db)).find((c) => c.id === 1)).toMatchObject({ assignee: null });
  });

  it("--delimiter ';' writes what European Excel reads, and the file imports unchanged; a bad delimiter is bad usage", async () => {
    const dir = tempDir();
    const db = await auditedStore();
    const sheet = join(dir, 'cases.csv');
    expect((await cases(db, 'export', '--out', sheet, '--delimiter', ';')).code).toBe(0);
    expect(readFileSync(sheet, 'utf8').split('\r\n')[0]).toMatch(/^case_id;severity;rule;/);
    expect(await cases(db, 'import', sheet)).toMatchObject({ code: 0, stderr: '0 case(s) imported, 5 unchanged\n' });
    expect(await cases(db, 'list', '--format', 'csv', '--delimiter', 'pipe')).toMatchObject({
      code: 2,
      stderr: 'logex: --delimiter: "pipe" is not one of , ; tab\n',
    });
  });

  it('every problem of the file is reported in one pass: unreadable rows and refused edits, in line order', async () => {
    const dir = tempDir();
    const db = await auditedStore();
    const rows = await exported(db, join(dir, 'cases.csv'));
    const edited = join(dir, 'edited.csv');
    const broken = rows.map((row, index) =>
      index === 0 ? { ...row, case_id: 'x12' } : index === 1 ? { ...row, status: 'finished' } : index === 3 ? { ...row, case_id: '999' } : row,
    );
    saveLikeExcel(edited, broken);
    const before = counts(db);
    const refused = await cases(db, 'import', edited);
    expect(refused).toMatchObject({ code: 2, stdout: '' });
    expect(refused.stderr).toBe(
      `${edited}:2: case_id "x12" is not a case number\n` +
        `${edited}:3: case ${rows[1]!.case_id}: "finished" is not a case status (open, acknowledged, in_progress, resolved, closed, cleared)\n` +
        `${edited}:5: case 999: no such case\n` +
        'nothing imported: 3 problem(s); fix them and run again\n',
    );
    expect(counts(db)).toEqual(before);
  });

  it('--dry-run prints the changes and applies nothing; an unknown case id is refused with its line', async () => {
    const dir = tempDir();
    const db = await auditedStore();
    const file = join(dir, 'x.csv');
    writeFileSync(file, 'case_id,status\r\n1,acknowledged\r\n');
    expect(await cases(db, 'import', file, '--dry-run')).toEqual({
      code: 0,
      stdout: 'case 1: status open → acknowledged\n',
      stderr: '1 case(s) would be imported (dry run, nothing written), 0 unchanged\n',
    });
    expect((await listed(db)).find((c) => c.id === 1)).toMatchObject({ status: 'open' });
    writeFileSync(file, 'case_id,status\r\n1,acknowledged\r\n77,acknowledged\r\n');
    expect((await cases(db, 'import', file)).stderr).toBe(`${file}:3: case 77: no such case\nnothing imported: 1 problem(s); fix them and run again\n`);
  });
});

describe('cases and the nightly audit', () => {
  it('acknowledged and resolved cases keep their status on re-runs; an acknowledged case whose condition stops is cleared', async () => {
    const db = await auditedStore();
    await cases(db, 'update', '3', '--status', 'acknowledged');
    await cases(db, 'update', '5', '--status', 'resolved', '--root-cause', 'carrier/late_reporting');
    const rerun = JSON.parse((await logexInProcess(auditArgs(db, AS_OF, ['events.csv'], ['--format', 'json']))).stdout);
    const statusOf = (output: { exceptions: { case_id: number; status: string; new: boolean }[] }, id: number) =>
      output.exceptions.find((e) => e.case_id === id);
    expect(statusOf(rerun, 3)).toMatchObject({ status: 'acknowledged', new: false });
    expect(statusOf(rerun, 5)).toMatchObject({ status: 'resolved', new: false });
    expect(rerun.run).toMatchObject({ new: 0, cleared: 0 });

    // Next night S3 arrives: its overdue case (acknowledged) no longer holds and is cleared.
    const nextNight = JSON.parse((await logexInProcess(auditArgs(db, '2026-05-17T00:00:00Z', ['events.csv', 'events-day2.csv'], ['--format', 'json']))).stdout);
    expect(nextNight.run).toMatchObject({ cleared: 1 });
    expect(await ids(db, '--status', 'cleared')).toEqual([3]);
    expect((await historyOf(db, 3)).map((h) => [h.action, h.from, h.to])).toEqual([
      ['opened', null, 'open'],
      ['status', 'open', 'acknowledged'],
      ['cleared', 'acknowledged', 'cleared'],
    ]);
    // Nobody moves a cleared case back to work; it can be closed with an outcome.
    expect((await cases(db, 'update', '3', '--status', 'acknowledged')).stderr).toContain(
      'case 3: cannot go from cleared to acknowledged; allowed from cleared: resolved, closed',
    );
    expect((await cases(db, 'update', '3', '--status', 'closed', '--outcome', 'arrived a day late; no action')).code).toBe(0);
  });

  it('cases of rules without a team go to the owning team of the ownership section', async () => {
    const dir = tempDir();
    const rules = join(dir, 'rules.yaml');
    const scenarioRules = readFileSync(`${SCENARIO}/rules.yaml`, 'utf8').replace(/\n    team: customer-care/g, '');
    writeFileSync(rules, `${scenarioRules}ownership:\n  - { lane: "US*>US*", team: road-desk }\n  - { mode: ocean, team: ocean-desk }\n`);
    const db = join(dir, 'a.db');
    const args = auditArgs(db, AS_OF, ['events.csv'], ['--format', 'json']).map((arg) => (arg === `${SCENARIO}/rules.yaml` ? rules : arg));
    const output = JSON.parse((await logexInProcess(args)).stdout) as { exceptions: { rule: string; shipment_id: string }[] };
    expect(output.exceptions.length).toBe(5);
    const teams = (await listed(db)).map((c) => [c.id, (c as unknown as { rule: string }).rule, (c as unknown as { team: string | null }).team]);
    expect(teams).toEqual([
      [3, 'arrival-overdue', 'air-desk'],
      [1, 'ocean-departure-late', 'ocean-desk'],
      [2, 'arrival-at-risk', 'ocean-desk'],
      [4, 'arrival-late', 'road-desk'],
      [5, 'road-transit', 'road-desk'],
    ]);
  });
});

describe('logex cases purge', () => {
  it('deletes closed cases last changed before the date only with --yes', async () => {
    const db = await auditedStore();
    await cases(db, 'update', '1', '--status', 'resolved', '--root-cause', 'carrier/capacity');
    await cases(db, 'update', '1', '--status', 'closed', '--outcome', 'credited');
    const before = counts(db);
    const dryRun = await cases(db, 'purge', '--before', '2999-01-01');
    expect(dryRun).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'would delete 1 closed/cleared case(s) last changed before 2999-01-01T00:00:00Z, with 5 history row(s); nothing deleted: run again with --yes to delete them\n',
    });
    expect(counts(db)).toEqual(before);
    expect((await cases(db, 'purge', '--before', '2000-01-01', '--yes')).stderr).toContain('deleted 0 closed/cleared case(s)');
    expect(await cases(db, 'purge', '--before', '2999-01-01', '--yes')).toMatchObject({ code: 0 });
    expect(counts(db)).toEqual({ ...before, cases: before.cases - 1, history: before.history - 5 });
    expect(await ids(db, '--status', 'all')).toEqual([3, 2, 4, 5]);
  });
});
