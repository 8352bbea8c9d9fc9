import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers.js';
import { auditArgs, counts, logexInProcess } from './run-cli.js';

const EDI = 'fixtures/scenarios/edi';
const FEEDS = [
  'fixtures/samples/x12-214/staedi-issue109-214-ellipsis-segterm.edi',
  'fixtures/samples/x12-315/x12types-test315-hamsud-krpus-mxzlo.edi',
  'fixtures/samples/edifact-iftsta/edifacttypes-d00b_iftsta.edi',
  'fixtures/samples/dcsa/dcsa-conformance-tnt-300-response.json',
];

interface Exception {
  rule: string;
  shipment_id: string;
  planned: string;
  actual: string;
  deviation_minutes: number;
}

function ediAudit(db: string, events: string[], extra: string[] = []): string[] {
  return [
    'audit',
    '--plans',
    `${EDI}/plans.csv`,
    '--events',
    ...events,
    '--rules',
    `${EDI}/rules.yaml`,
    '--db',
    db,
    '--as-of',
    '2026-02-01T00:00:00Z',
    ...extra,
  ];
}

describe('EDI and DCSA feeds through logex audit', () => {
  it('matches 214, 315, IFTSTA and DCSA events to plans by their references and finds the exceptions', async () => {
    const db = join(tempDir(), 'edi.db');
    const result = await logexInProcess(ediAudit(db, FEEDS, ['--format', 'json']));
    expect(result.code).toBe(1);
    const output = JSON.parse(result.stdout) as { run: Record<string, unknown>; exceptions: Exception[] };
    expect(output.exceptions.map((e) => [e.rule, e.shipment_id, e.planned, e.actual, e.deviation_minutes])).toEqual([
      ['departure-late', 'E2', '2022-11-02T00:00:00Z', '2022-11-03T03:55:00Z', 1675],
      ['departure-late', 'E4', '2026-01-16T00:00:00Z', '2026-01-16T11:30:00Z', 690],
      ['departure-late', 'E3', '2022-11-09T12:00:00Z', '2022-11-09T19:15:00Z', 435],
      ['arrival-late', 'E2', '2022-11-20T00:00:00Z', '2022-11-21T05:00:00Z', 1740],
      ['pickup-late', 'E1', '2020-09-10T12:00:00Z', '2020-09-10T15:35:00Z', 215],
      ['delivery-at-risk', 'E1', '2020-09-11T08:00:00Z', '2020-09-11T15:59:00Z', 479],
    ]);
    expect(output.run).toMatchObject({ events_stored: 16, events_linked_by_reference: 15, rows_rejected: 0 });
    // E1 by PRO (214 B10), E2 by bill of lading (315 N9), E3 by bill of lading (IFTSTA RFF), E4 by booking
    // (DCSA); the DCSA gate-in names only a container no plan has, so it stays unmatched.
    const connection = new Database(db, { readonly: true });
    const perShipment = connection.prepare('SELECT shipment_id AS shipment, count(*) AS events FROM events GROUP BY shipment_id ORDER BY shipment_id').all();
    const sources = connection.prepare("SELECT DISTINCT source_segment_id FROM events WHERE shipment_id = 'E2' ORDER BY 1").pluck().all();
    connection.close();
    expect(perShipment).toEqual([
      { shipment: null, events: 1 },
      { shipment: 'E1', events: 2 },
      { shipment: 'E2', events: 4 },
      { shipment: 'E3', events: 7 },
      { shipment: 'E4', events: 2 },
    ]);
    // Each EDI event keeps the segment it came from.
    expect(sources).toEqual(['B4', 'DTM']);
  });

  it.each([
    [
      'a truncated X12 interchange (no SE/GE/IEA)',
      'fixtures/edi-synthetic/x12/truncated-214.edi',
      'logex: fixtures/edi-synthetic/x12/truncated-214.edi:segment 6 (AT7): the input ends here but transaction set 214 #0001 (ST at segment 3) has no SE: the file is truncated; ask the sender to resend it\n',
    ],
    [
      'a garbled X12 segment',
      'fixtures/edi-synthetic/x12/garbled-segment-214.edi',
      'logex: fixtures/edi-synthetic/x12/garbled-segment-214.edi:segment 8 (A T7): "A T7*D1*NS***20190706*0800*UT" is not a segment: its id must be 2-3 capital letters or digits followed by "*" (the file is damaged, or two files were joined)\n',
    ],
    [
      'a truncated EDIFACT interchange (no UNT/UNZ)',
      'fixtures/edi-synthetic/edifact/truncated.edi',
      'logex: fixtures/edi-synthetic/edifact/truncated.edi:segment 6 (DTM): input ends inside message 1 (no UNT after segment 6): the interchange is truncated; ask the sender for the complete file\n',
    ],
    [
      'a garbled EDIFACT segment',
      'fixtures/edi-synthetic/edifact/garbled-segment.edi',
      'logex: fixtures/edi-synthetic/edifact/garbled-segment.edi:segment 5: garbled segment "S1S+1+21": a segment must start with a three-letter tag such as STS or DTM; the file is damaged or is not EDIFACT\n',
    ],
  ])('%s: exit 2 with the position, nothing written', async (_name, broken, message) => {
    const db = join(tempDir(), 'edi.db');
    expect((await logexInProcess(ediAudit(db, FEEDS))).code).toBe(1);
    const before = counts(db);
    // The good feeds come first in the same run: their events must not be kept either.
    const result = await logexInProcess(ediAudit(db, [...FEEDS, broken]));
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(message);
    expect(counts(db)).toEqual(before);
  });

  it('keeps events with unknown carrier codes and names each code once in the run summary', async () => {
    const db = join(tempDir(), 'edi.db');
    const result = await logexInProcess(
      auditArgs(
        db,
        '2026-05-16T00:00:00Z',
        ['events.csv'],
        [
          '--events',
          'fixtures/samples/edifact-iftsta/omniparser-bench-bring-iftsta-d04a.edi',
          'fixtures/mapping/carrier-csv/odfl-status.csv',
          '--mapping',
          'fixtures/mapping/carrier-csv/mapping.yaml',
          '--format',
          'json',
        ],
      ),
    );
    expect(result.code).toBe(1);
    expect(result.stderr.split('\n').filter((line) => line.includes('unknown carrier code'))).toEqual([
      'warning: unknown carrier code edifact:S (2 events) stored as carrier_exception',
      'warning: unknown carrier code edifact:V (1 event) stored as carrier_exception',
      'warning: unknown carrier code edifact:I (2 events) stored as carrier_exception',
      'warning: unknown carrier code edifact:Q (2 events) stored as carrier_exception',
      'warning: unknown carrier code csv/odfl-status:HLD (1 event) stored as carrier_exception',
    ]);
    expect(JSON.parse(result.stdout).run.unknown_codes).toEqual({
      'edifact:S': 2,
      'edifact:V': 1,
      'edifact:I': 2,
      'edifact:Q': 2,
      'csv/odfl-status:HLD': 1,
    });
    const connection = new Database(db, { readonly: true });
    const kept = connection
      .prepare('SELECT raw_code, status, count(*) AS n FROM events WHERE unknown_code = 1 GROUP BY raw_code, status ORDER BY raw_code')
      .all();
    connection.close();
    expect(kept).toEqual([
      { raw_code: 'HLD', status: 'carrier_exception', n: 1 },
      { raw_code: 'I', status: 'carrier_exception', n: 2 },
      { raw_code: 'Q', status: 'carrier_exception', n: 2 },
      { raw_code: 'S', status: 'carrier_exception', n: 2 },
      { raw_code: 'V', status: 'carrier_exception', n: 1 },
    ]);
  });
});
