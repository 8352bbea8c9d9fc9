/**
 * An EDI envelope's date and time carry no zone (X12 GS04/GS05; an IFTSTA DTM 137 in format 203). They
 * become the events' receipt times, which decide what an audit as of a past night knew. `sender_zones`
 * in the mapping file says which zone a sender writes them in; without it they are read in --tz. The
 * events' own times do not change with it.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readEdifact } from '../../src/io/edifact/index.js';
import { loadMappingText } from '../../src/io/mapping/load.js';
import { isoUtc } from '../../src/model/time.js';
import { logexInProcess } from '../cli/run-cli.js';
import { tempDir } from '../helpers.js';
import { collectFixture } from './reader-kit.js';
import { readFixture } from './x12-read.js';

const CANADA_POST = 'samples/x12-214/omniparser-canadapost-214.edi';
const IFTSTA = 'samples/edifact-iftsta/edifacttypes-d00b_iftsta.edi';

describe('sender_zones: the zone of an EDI envelope date and time', () => {
  it("X12: Canada Post's GS 2019-11-03 18:00 is read in the zone named for its ISA sender CPC, else in --tz; the events' times stay", async () => {
    const inTz = await readFixture(`${CANADA_POST}`);
    const named = await readFixture(CANADA_POST, { senderZones: { CPC: 'America/Toronto' } });
    const everyone = await readFixture(CANADA_POST, { senderZones: { '*': 'America/Toronto', OTHER: 'Asia/Tokyo' } });
    const otherSender = await readFixture(CANADA_POST, { senderZones: { OTHER: 'Asia/Tokyo' } });
    expect(inTz.events).toHaveLength(19);
    const receipts = (events: typeof inTz.events) => [...new Set(events.map((event) => event.reportedAt && isoUtc(event.reportedAt.epochMs)))];
    expect(receipts(inTz.events)).toEqual(['2019-11-03T18:00:00Z']);
    // 18:00 EST (daylight saving ended that morning).
    expect(receipts(named.events)).toEqual(['2019-11-03T23:00:00Z']);
    expect(receipts(everyone.events)).toEqual(['2019-11-03T23:00:00Z']);
    expect(receipts(otherSender.events)).toEqual(['2019-11-03T18:00:00Z']);
    expect(named.events.map((event) => event.time)).toEqual(inTz.events.map((event) => event.time));
    expect(named.events[0]!.reportedAt).toMatchObject({ text: '20191103 1800', zone: 'America/Toronto', zoneSource: 'profile' });
  });

  it("IFTSTA: a DTM 137 without an offset is read in the UNB sender's zone without a warning; unnamed, in --tz with a warning that says how to name it", async () => {
    const inTz = await collectFixture(readEdifact, IFTSTA);
    const named = await collectFixture(readEdifact, IFTSTA, { senderZones: { SENDER: 'Europe/Berlin' } });
    expect(isoUtc(inTz.events[0]!.reportedAt!.epochMs)).toBe('2022-01-01T00:21:00Z');
    expect(isoUtc(named.events[0]!.reportedAt!.epochMs)).toBe('2021-12-31T23:21:00Z');
    const noOffset = (warnings: typeof inTz.warnings) =>
      warnings.filter((warning) => warning.message.includes('message date') && warning.message.includes('no offset'));
    expect(noOffset(inTz.warnings).map((warning) => warning.message)).toEqual([
      "message 2805567: message date 202201010021 has no offset; read in UTC (the default zone; sender_zones in --mapping can name SENDER's)",
    ]);
    expect(noOffset(named.warnings)).toEqual([]);
  });

  it('a zone that is not an IANA zone is an error at its line and column; nothing is read', async () => {
    const text = 'version: 1\nsender_zones:\n  CPC: America/Toronto\n  ACME: Eastern\n';
    const { diagnostics, mapping } = loadMappingText(text, 'map.yaml');
    expect(diagnostics).toEqual([
      expect.objectContaining({
        line: 4,
        column: 9,
        severity: 'error',
        code: 'invalid-zone',
        message: 'sender_zones.ACME: "Eastern" is not an IANA time zone (e.g. America/Toronto, Europe/Berlin)',
      }),
    ]);
    expect(mapping.senderZones).toEqual({ CPC: 'America/Toronto' });
    const dir = tempDir();
    writeFileSync(join(dir, 'map.yaml'), text);
    writeFileSync(join(dir, 'rules.yaml'), 'version: 1\nrules: []\n');
    const result = await logexInProcess(['ingest', '--events', `fixtures/${CANADA_POST}`, '--mapping', join(dir, 'map.yaml'), '--db', join(dir, 'a.db')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${join(dir, 'map.yaml')}:4:9 error invalid-zone sender_zones.ACME: "Eastern" is not an IANA time zone`);
    expect(result.stderr).toContain('nothing was read or written');
  });
});
