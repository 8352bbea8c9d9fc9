import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers.js';
import { counts, logexInProcess, SCENARIO } from './run-cli.js';

const keys = (stdout: string) =>
  (JSON.parse(stdout) as { exceptions: { rule: string; shipment_id: string }[] }).exceptions.map((e) => `${e.rule} ${e.shipment_id}`).sort();

describe('logex ingest, end to end', () => {
  it('stores feeds during the day without auditing; the next audit sees the whole history', async () => {
    const db = join(tempDir(), 'a.db');
    const morning = await logexInProcess([
      'ingest',
      '--plans',
      `${SCENARIO}/plans.csv`,
      '--events',
      `${SCENARIO}/events.csv`,
      '--db',
      db,
      '--as-of',
      '2026-05-16T09:00:00Z',
    ]);
    expect(morning).toEqual({
      code: 0,
      stdout: '',
      stderr:
        'ingest run 1: 4 plan(s) new, 0 updated; 6 event(s) stored, 0 duplicate(s), 3 matched to plans by reference; 0 document(s) stored; 0 row(s) rejected\n',
    });
    const afternoon = await logexInProcess([
      'ingest',
      '--events',
      `${SCENARIO}/events-day2.csv`,
      `${SCENARIO}/events.csv`,
      '--db',
      db,
      '--as-of',
      '2026-05-16T15:00:00Z',
    ]);
    expect(afternoon.stderr).toBe(
      'ingest run 2: 0 plan(s) new, 0 updated; 2 event(s) stored, 6 duplicate(s), 1 matched to plans by reference; 0 document(s) stored; 0 row(s) rejected\n',
    );
    // Ingesting opens no case: only an audit evaluates.
    expect(counts(db)).toEqual({ runs: 2, shipments: 4, events: 8, cases: 0, history: 0 });

    const night = await logexInProcess(['audit', '--rules', `${SCENARIO}/rules.yaml`, '--db', db, '--as-of', '2026-05-17T00:00:00Z', '--format', 'json']);
    expect(night.code).toBe(1);
    // The same exceptions as one audit reading every file (audit.e2e "the next night …").
    expect(keys(night.stdout)).toEqual(['arrival-at-risk S2', 'arrival-late S3', 'arrival-late S4', 'ocean-departure-late S2', 'road-transit S4']);
    expect(JSON.parse(night.stdout).run).toMatchObject({ events_stored: 0, shipments_evaluated: 4 });
  });

  it('an audit as of before the ingest does not see its estimates without a receipt time, and says so', async () => {
    const db = join(tempDir(), 'a.db');
    // Received on the 18th (the ingest's as-of): the S2 arrival estimate carries no reported_at of its own.
    await logexInProcess(['ingest', '--plans', `${SCENARIO}/plans.csv`, '--events', `${SCENARIO}/events.csv`, '--db', db, '--as-of', '2026-05-18']);
    const replay = await logexInProcess([
      'audit',
      '--rules',
      `${SCENARIO}/rules.yaml`,
      '--db',
      db,
      '--as-of',
      '2026-05-17T00:00:00Z',
      '--format',
      'json',
      '--quiet',
    ]);
    expect(keys(replay.stdout)).not.toContain('arrival-at-risk S2');
    expect(replay.stderr).toBe(
      'warning: 1 estimate(s) without a receipt time (reported_at) were stored by runs as of after 2026-05-17T00:00:00Z: ' +
        'this audit does not see them (for inputs received in the past, give "logex ingest" their --as-of)\n',
    );
    const later = await logexInProcess(['audit', '--rules', `${SCENARIO}/rules.yaml`, '--db', db, '--as-of', '2026-05-18T00:00:00Z', '--format', 'json']);
    expect(keys(later.stdout)).toContain('arrival-at-risk S2');
    expect(later.stderr).not.toContain('warning');
  });

  it('a bad row fails the ingest with file:line, exit 2 and nothing written', async () => {
    const db = join(tempDir(), 'a.db');
    await logexInProcess(['ingest', '--plans', `${SCENARIO}/plans.csv`, '--db', db]);
    const before = counts(db);
    const result = await logexInProcess(['ingest', '--events', `${SCENARIO}/events.csv`, `${SCENARIO}/events-bad.csv`, '--db', db]);
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')).toEqual([
      `${SCENARIO}/events-bad.csv:3: column "status": "landed" is not one of booked, pickup, departed, arrived, customs_cleared, out_for_delivery, delivered, in_transit, loaded, discharged, gate_in, gate_out, customs_hold, carrier_exception`,
      `${SCENARIO}/events-bad.csv:4: column "event_time": "16/05/2026 10:00" is not an ISO 8601 date-time (expected e.g. 2026-05-04T08:00:00Z or 2026-05-04T10:00+02:00)`,
      'ingest failed: 2 bad row(s), nothing written; fix them or pass --rejects FILE to set them aside',
      '',
    ]);
    expect(counts(db)).toEqual(before);
  });

  it('an EDI or DCSA event with no shipment and no reference is a bad row at its position, whatever the format', async () => {
    const dir = tempDir();
    const db = join(dir, 'a.db');
    const dcsa = join(dir, 'page.json');
    writeFileSync(
      dcsa,
      '[{"eventID":"e1","eventType":"EQUIPMENT","eventClassifierCode":"ACT","equipmentEventTypeCode":"LOAD",\n' +
        '  "eventDateTime":"2026-05-04T16:00:00Z","eventCreatedDateTime":"2026-05-04T16:00:00Z","equipmentReference":12345}]',
    );
    const x12 = join(dir, 'no-b10.edi');
    writeFileSync(
      x12,
      [
        'ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *260501*1200*U*00401*000000001*0*P*>',
        'GS*QM*SENDER*RECEIVER*20260501*1200*1*X*004010',
        'ST*214*0001',
        'LX*1',
        'AT7*D1*NS***20260501*1000*ET',
        'SE*4*0001',
        'GE*1*1',
        'IEA*1*000000001',
      ].join('~\n') + '~\n',
    );
    const result = await logexInProcess(['ingest', '--events', dcsa, x12, '--db', db]);
    expect(result.code).toBe(2);
    const unmatchable =
      'the event names no shipment and carries no reference to match one by (a B10, L11 or N9, an RFF, an equipment or document reference); it cannot be used';
    expect(result.stderr.split('\n')).toEqual([
      `${dcsa}:1:2: warning: event 1 (eventID e1): equipmentReference is a number (12345), not a string; left out`,
      `${dcsa}:1:2: ${unmatchable}`,
      `${x12}:segment 5 (AT7): ${unmatchable}`,
      'ingest failed: 2 bad row(s), nothing written; fix them or pass --rejects FILE to set them aside',
      '',
    ]);
    expect(existsSync(db)).toBe(false);
  });

  it('--rejects sets bad rows aside and stores the rest', async () => {
    const dir = tempDir();
    const db = join(dir, 'a.db');
    const rejects = join(dir, 'rejects.csv');
    const result = await logexInProcess(['ingest', '--events', `${SCENARIO}/events-bad.csv`, '--db', db, '--rejects', rejects, '--quiet']);
    // Quiet, but the rows set aside are still said, once, on stderr.
    expect(result).toEqual({ code: 0, stdout: '', stderr: `ingest run 1: 2 row(s) rejected, set aside in ${rejects}\n` });
    expect(counts(db)).toMatchObject({ events: 1 });
    const rows = parse(readFileSync(rejects, 'utf8'), { columns: true }) as Record<string, string>[];
    expect(rows.map((row) => row.rejected_source)).toEqual([`${SCENARIO}/events-bad.csv:3`, `${SCENARIO}/events-bad.csv:4`]);
  });

  it('reads a foreign TMS export through --mapping; the audit finds its late departure', async () => {
    const db = join(tempDir(), 'a.db');
    const mapping = ['--mapping', 'fixtures/mapping/eu-tms/mapping.yaml'];
    const ingest = await logexInProcess([
      'ingest',
      '--plans',
      'fixtures/mapping/eu-tms/sendungen.csv',
      '--events',
      'fixtures/mapping/eu-tms/statusmeldungen.csv',
      '--db',
      db,
      ...mapping,
    ]);
    expect(ingest.code).toBe(0);
    expect(ingest.stderr).toMatch(/^ingest run 1: 3 plan\(s\) new, 0 updated; 8 event\(s\) stored/);
    const audit = await logexInProcess([
      'audit',
      '--rules',
      'fixtures/scenarios/edi/rules.yaml',
      '--db',
      db,
      '--as-of',
      '2026-03-10T00:00:00Z',
      '--format',
      'json',
    ]);
    const exceptions = JSON.parse(audit.stdout).exceptions as Record<string, unknown>[];
    // 18:00 and 02:30 Berlin time (profile zone), not the port's: 17:00Z → 01:30Z, 8h30m late.
    expect(exceptions.map((e) => [e.rule, e.shipment_id, e.planned, e.actual, e.deviation_minutes])).toEqual([
      ['departure-late', 'EU-1001', '2026-03-04T17:00:00Z', '2026-03-05T01:30:00Z', 510],
    ]);
  });

  it('a bad mapping file: every problem with file:line:col, exit 2, and no database created', async () => {
    const db = join(tempDir(), 'a.db');
    const result = await logexInProcess(['ingest', '--plans', `${SCENARIO}/plans.csv`, '--mapping', 'fixtures/mapping/broken/mapping.yaml', '--db', db]);
    expect(result.code).toBe(2);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(9);
    expect(lines[0]).toBe('fixtures/mapping/broken/mapping.yaml:4:3 error schema codes: unknown property "x12-241"; did you mean "x12-214"?');
    expect(lines[8]).toBe('logex: invalid mapping file fixtures/mapping/broken/mapping.yaml: 8 error(s); nothing was read or written');
    expect(existsSync(db)).toBe(false);
  });

  it('audit refuses a bad mapping file the same way', async () => {
    const db = join(tempDir(), 'a.db');
    const result = await logexInProcess([
      'audit',
      '--plans',
      `${SCENARIO}/plans.csv`,
      '--rules',
      `${SCENARIO}/rules.yaml`,
      '--mapping',
      'fixtures/mapping/broken/mapping.yaml',
      '--db',
      db,
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('fixtures/mapping/broken/mapping.yaml:23:11 error invalid-zone profiles.1.zone: "Europe/Berln" is not an IANA time zone');
    expect(existsSync(db)).toBe(false);
  });

  it('with no input at all it is a usage error', async () => {
    const result = await logexInProcess(['ingest', '--db', join(tempDir(), 'a.db')]);
    expect(result).toEqual({ code: 2, stdout: '', stderr: 'logex: nothing to ingest: pass --events, --plans, --documents or --inventory files\n' });
  });
});
