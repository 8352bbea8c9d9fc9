/** Hostile files through the real CLI: one line with a position, exit 2, and nothing written. */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers.js';
import { auditArgs, counts, logexInProcess, SCENARIO } from './run-cli.js';

const AS_OF = '2026-05-16T00:00:00Z';

describe('hostile inputs through logex audit', () => {
  it.each([
    ['binary noise', Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7919 + 13) % 256))],
    ['Latin-1 text', Buffer.from('shipment_id,status,event_time\nS1,departed,2026-05-04T16:00:00Z\nZ\u00fcrich,arrived,2026-05-05T00:00:00Z\n', 'latin1')],
    ['an unterminated quote', Buffer.from('shipment_id,status,event_time\nS1,"departed,2026-05-04T16:00:00Z\n')],
    ['an impossible UTC offset', Buffer.from('shipment_id,status,event_time\nS1,departed,2026-05-04T16:00:00+99:99\n')],
    [
      'an impossible UTC offset in DCSA',
      Buffer.from(
        '[{"eventID":"e1","eventType":"TRANSPORT","eventClassifierCode":"ACT","transportEventTypeCode":"DEPA","eventDateTime":"2026-05-04T16:00:00+01:60","eventCreatedDateTime":"2026-05-04T16:00:00Z","transportCall":{"UNLocationCode":"NLRTM"},"documentReferences":[{"documentReferenceType":"BKG","documentReferenceValue":"B1"}]}]',
      ),
    ],
    [
      'a truncated X12 interchange',
      Buffer.from(
        'ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *260501*1200*U*00401*000000001*0*P*>~GS*QM*S*R*20260501*1200*1*X*004010~ST*214*0001~B10*PRO1*BOL1*ODFL~',
      ),
    ],
  ])('%s: exit 2, one line naming the file, earlier runs untouched', async (_name, bytes) => {
    const dir = tempDir();
    const db = join(dir, 'a.db');
    expect((await logexInProcess(auditArgs(db, AS_OF))).code).toBe(1);
    const before = counts(db);
    const hostile = join(dir, 'hostile.dat');
    writeFileSync(hostile, bytes);
    const result = await logexInProcess([
      'audit',
      '--plans',
      `${SCENARIO}/plans.csv`,
      '--events',
      hostile,
      '--rules',
      `${SCENARIO}/rules.yaml`,
      '--db',
      db,
      '--as-of',
      AS_OF,
    ]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trim().split('\n');
    expect(lines.some((line) => line.includes(hostile))).toBe(true);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(counts(db)).toEqual(before);
  });

  it('a first run that fails on its input leaves no store behind, so later commands say there is none', async () => {
    const dir = tempDir();
    const db = join(dir, 'a.db');
    const result = await logexInProcess([
      'audit',
      '--plans',
      `${SCENARIO}/plans.csv`,
      '--events',
      `${SCENARIO}/events-bad.csv`,
      '--rules',
      `${SCENARIO}/rules.yaml`,
      '--db',
      db,
      '--as-of',
      AS_OF,
    ]);
    expect(result.code).toBe(2);
    expect(readdirSync(dir)).toEqual([]);
    expect(await logexInProcess(['cases', 'list', '--db', db])).toMatchObject({ code: 2, stderr: expect.stringContaining('no such database') });
  });

  it('--as-of with an impossible offset is bad usage, not a run 4 days off', async () => {
    const dir = tempDir();
    const result = await logexInProcess(auditArgs(join(dir, 'a.db'), '2026-05-16T00:00:00+99:99'));
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toBe('logex: --as-of: "2026-05-16T00:00:00+99:99" has an impossible UTC offset +99:99 (offsets run from -12:00 to +14:00)');
  });

  it('reads a UTF-16 export (with BOM and CRLF) like any other', async () => {
    const dir = tempDir();
    const utf16 = join(dir, 'events-utf16.csv');
    const text = readFileSync(`${SCENARIO}/events.csv`, 'utf8').replace(/\n/g, '\r\n');
    writeFileSync(utf16, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    const result = await logexInProcess([
      'audit',
      '--plans',
      `${SCENARIO}/plans.csv`,
      '--events',
      utf16,
      '--rules',
      `${SCENARIO}/rules.yaml`,
      '--db',
      join(dir, 'a.db'),
      '--as-of',
      AS_OF,
      '--format',
      'json',
    ]);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).run).toMatchObject({ events_stored: 6, exceptions: 5 });
  });

  it('CSV neutralises cells a spreadsheet would run as a formula', async () => {
    const dir = tempDir();
    const plans = join(dir, 'plans.csv');
    writeFileSync(
      plans,
      'shipment_id,carrier,mode,origin,destination,priority,planned_arrived\n"=HYPERLINK(""http://x"")",FX,air,USMEM,GBLHR,critical,2026-05-13T09:00:00Z\n',
    );
    const out = join(dir, 'x.csv');
    const result = await logexInProcess([
      'audit',
      '--plans',
      plans,
      '--rules',
      `${SCENARIO}/rules.yaml`,
      '--db',
      join(dir, 'a.db'),
      '--as-of',
      AS_OF,
      '--format',
      'csv',
      '--out',
      out,
    ]);
    expect(result.code).toBe(1);
    const rows = parse(readFileSync(out, 'utf8'), { columns: true, bom: true }) as Record<string, string>[];
    expect(rows[0]!.shipment_id).toBe('\'=HYPERLINK("http://x")');
  });
});
