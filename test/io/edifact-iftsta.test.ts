import { createReadStream, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { looksLikeEdifact, readEdifact } from '../../src/io/edifact/index.js';
import { tokenize, type Segment } from '../../src/io/edifact/tokenizer.js';
import type { InputWarning } from '../../src/io/errors.js';
import type { CodeOverrides } from '../../src/model/codes/resolver.js';
import type { CarrierEvent } from '../../src/model/records.js';
import { isoUtc } from '../../src/model/time.js';
import { collectBytes, collectFixture, failure, fixture, refs, type ReadOptions, type ReadResult } from './reader-kit.js';

const SAMPLES = 'samples/edifact-iftsta';
const SYNTHETIC = 'edi-synthetic/edifact';

const readFixture = (relative: string, options: ReadOptions = {}): Promise<ReadResult> => collectFixture(readEdifact, relative, options, 16);

const readBytes = (bytes: Buffer, options: ReadOptions = {}): Promise<ReadResult> => collectBytes(readEdifact, bytes, 'inline.edi', options);

const readText = (text: string, options: ReadOptions = {}): Promise<ReadResult> => readBytes(Buffer.from(text, 'utf8'), options);

/** The parts of an event a user sees in a report. */
function brief(event: CarrierEvent) {
  return {
    status: event.status,
    classifier: event.classifier,
    at: isoUtc(event.time.epochMs),
    location: event.location,
    code: event.rawCode,
  };
}

function where(warning: InputWarning): string {
  return `${warning.position.segment} ${warning.position.segmentId}`;
}

/** A minimal interchange around IFTSTA body segments, default delimiters. */
function interchange(body: string[], { syntax = 'UNOA', type = 'IFTSTA' } = {}): string {
  const segments = [`UNH+1+${type}:D:00B:UN`, ...body, `UNT+${body.length + 2}+1`];
  return [`UNB+${syntax}:3+SENDER:ZZZ+RECEIVER:ZZZ+240101:0000+REF1`, ...segments, 'UNZ+1+REF1'].map((s) => `${s}'`).join('\n');
}

describe('IFTSTA third-party samples', () => {
  it('ocean/rail D:00B: carrier status plus the departure and arrival times of its legs, at their ports', async () => {
    const { events, warnings, rejects } = await readFixture(`${SAMPLES}/edifacttypes-d00b_iftsta.edi`);
    expect(rejects).toEqual([]);
    expect(events.map(brief)).toEqual([
      // USSYR (Syracuse, NY) is in no port list: UN/LOCODE gave it its airport's IATA code, SYR, in the US.
      { status: 'carrier_exception', classifier: 'actual', at: '2022-11-19T12:10:00Z', location: 'USSYR', code: 'P' },
      { status: 'departed', classifier: 'actual', at: '2022-11-09T19:15:00Z', location: 'COCTG', code: '186' },
      { status: 'arrived', classifier: 'actual', at: '2022-11-17T10:05:00Z', location: 'USNYC', code: '178' },
      { status: 'departed', classifier: 'estimated', at: '2022-11-18T21:30:00Z', location: 'USNYC', code: '133' },
      { status: 'arrived', classifier: 'estimated', at: '2022-11-21T12:00:00Z', location: 'USCHI', code: '132' },
      { status: 'departed', classifier: 'estimated', at: '2022-11-21T12:00:00Z', location: 'USCHI', code: '133' },
      { status: 'arrived', classifier: 'estimated', at: '2022-11-21T07:00:00Z', location: 'USWOQ', code: '132' },
    ]);
    // Hamburg Süd's own code "P" is in no table: kept, flagged, with the carrier's words as the reason.
    expect(events[0]).toMatchObject({
      unknownCode: true,
      rawQualifier: 'STS:HS',
      reason: 'Rail Departed from In-Transit Locat',
      carrier: 'ABCD',
      source: { file: `${SAMPLES}/edifacttypes-d00b_iftsta.edi`, segment: 14, segmentId: 'STS' },
    });
    expect(events[1]).toMatchObject({ rawQualifier: 'DTM', source: { segment: 22, segmentId: 'DTM' } });
    expect(events[1]!.time.zone).toBe('America/Bogota');
    expect(events[0]!.reportedAt?.text).toBe('202201010021');

    // The status group's container wins over the different one in the message header.
    for (const event of events) {
      expect(refs(event)).toEqual([
        'bol:ABCD224O4023815X',
        'booking:24O4023815',
        'container:TRHU4561222',
        '4f:100113938',
        'aaz:ABCD',
        'po:2023521591',
        'ff:31075687',
      ]);
    }
    expect(events[0]!.time).toMatchObject({ zone: 'America/New_York', zoneSource: 'airport' });
    expect(warnings.map(where)).toEqual(['4 DTM', '10 RFF', '30 DTM', '4 DTM', '33 UNZ']);
    expect(warnings[1]!.message).toContain('the header names container TRHU4307252');
    expect(warnings[2]!.message).toBe(
      'local time 202211210700 has no offset and no time zone is known for USWOQ: it is not in the port data and US has more than one time zone (add it with --locations); read in UTC (the default zone)',
    );
    expect(warnings[3]!.message).toContain('earlier than what it reports');
    expect(warnings[4]!.message).toBe('interchange 2803570 (UNB at segment 1): UNZ reference "2805570" does not match UNB reference "2803570"');
  });

  it('a place without a known zone is read in the --tz zone', async () => {
    const { events } = await readFixture(`${SAMPLES}/edifacttypes-d00b_iftsta.edi`, { defaultZone: 'America/New_York' });
    // USWOQ: in no dataset, and the US has several zones.
    expect(isoUtc(events[6]!.time.epochMs)).toBe('2022-11-21T12:00:00Z');
    expect(events[6]!.time).toMatchObject({ zone: 'America/New_York', zoneSource: 'default' });
    // Known places keep their own zone whatever --tz says.
    expect(isoUtc(events[2]!.time.epochMs)).toBe('2022-11-17T10:05:00Z');
    const inTokyo = await readFixture(`${SAMPLES}/edifacttypes-d00b_iftsta.edi`, { defaultZone: 'Asia/Tokyo' });
    expect(isoUtc(inTokyo.events[0]!.time.epochMs)).toBe('2022-11-19T12:10:00Z');
  });

  it('DSV D:10B in ISO-8859-1: one carrier status, UNT count and 8-digit message date reported', async () => {
    const { events, warnings, rejects } = await readFixture(`${SAMPLES}/edifunct-IFTSTA_example-d10b.edi`);
    expect(rejects).toEqual([]);
    expect(events.map(brief)).toEqual([
      // 10:20 at SELAA (Landskrona), a Swedish port: Europe/Stockholm, summer time.
      { status: 'carrier_exception', classifier: 'actual', at: '2015-08-20T08:20:00Z', location: 'SELAA', code: 'Z1' },
    ]);
    expect(events[0]).toMatchObject({ unknownCode: true, reason: '5; 8; 38; 108', carrier: '5790000110018' });
    expect(events[0]!.reportedAt).toBeUndefined();
    expect(refs(events[0])).toEqual([
      'booking:123456',
      'ztf:9F',
      'cu:8008331140',
      'aas:7481947187',
      'srn:57065930000021747',
      'aam:40157065930100420983',
      'asi:FM807287',
      'consignment:DSVS41599',
    ]);
    // Envelope warnings come when the message closes, before what is inside it.
    expect(warnings.map(where)).toEqual(['40 UNT', '4 DTM']);
    expect(warnings[0]!.message).toBe('message 45689 (UNH at segment 2): UNT says 18 segments, the message has 39 (UNH to UNT)');
    expect(warnings[1]!.message).toContain('DTM value "20150820" does not fit format 203 (CCYYMMDDHHMM, 12 digits)');
  });

  it('DSV sample decodes as ISO-8859-1 (UNB syntax UNOC): Å and Ø come out right', async () => {
    const segments: Segment[] = [];
    for await (const item of tokenize(createReadStream(fixture(`${SAMPLES}/edifunct-IFTSTA_example-d10b.edi`), { highWaterMark: 5 }), 'x')) {
      if (item.kind === 'segment') segments.push(item.segment);
    }
    const party = (role: string) => segments.find((segment) => segment.tag === 'NAD' && segment.elements[0]?.[0] === role);
    expect(party('DP')?.elements[4]).toEqual(['GEJLHAVEGÅRD 2 A', 'DK-6000 KOLDING']);
    expect(party('PW')?.elements[4]?.[0]).toBe('FARUMVEJ 107, GANLØSE');
  });

  it('Bring D:04A (UNA, no newlines): Bring letter codes kept as unknown, with the status text as reason', async () => {
    const { events, warnings, rejects } = await readFixture(`${SAMPLES}/omniparser-bench-bring-iftsta-d04a.edi`);
    expect(rejects).toEqual([]);
    expect(events.map((event) => [event.rawCode, event.reason, isoUtc(event.time.epochMs)])).toEqual([
      // LOC gives a postcode and a town, with the country beside it (LOC+14+01530:16::VANTAA+FI:162):
      // Finland and Norway have one zone each, so each local time is placed.
      ['S', 'REFORWARDED', '2020-02-25T15:28:00Z'],
      ['V', 'ERROR OCCURRED IN PROCESSING; 99 Other / unknown reason; Z Other / unknown reason', '2020-02-25T15:29:00Z'],
      ['S', 'REFORWARDED', '2020-02-25T15:32:00Z'],
      ['I', 'DELIVERED', '2020-02-25T16:09:00Z'],
      ['I', 'DELIVERED', '2020-02-25T16:04:00Z'],
      ['Q', 'ARRIVED AT POST OFFICE', '2020-02-25T16:09:00Z'],
      ['Q', 'ARRIVED AT POST OFFICE', '2020-02-25T16:09:00Z'],
    ]);
    for (const event of events) {
      expect(event).toMatchObject({ status: 'carrier_exception', unknownCode: true, rawQualifier: 'STS:87', carrier: '7080000714520' });
      // Postcodes are not UN/LOCODEs: no location rather than a made-up one.
      expect(event.location).toBeUndefined();
      expect(event.reportedAt).toBeUndefined();
    }
    expect(refs(events[3])).toEqual(['cu:171452065', 'consignment:70726206369728447']);
    expect(events[3]!.source).toEqual({ file: `${SAMPLES}/omniparser-bench-bring-iftsta-d04a.edi`, segment: 31, segmentId: 'STS' });

    expect(events.map((event) => `${event.time.zone} ${event.time.zoneSource}`)).toEqual([
      ...Array<string>(3).fill('Europe/Helsinki country'),
      ...Array<string>(4).fill('Europe/Oslo country'),
    ]);
    // Month 25 in every message date.
    const invalidDates = warnings.filter((warning) => warning.message.includes('message date ignored'));
    expect(invalidDates.map(where)).toEqual(['4 DTM', '28 DTM', '40 DTM', '52 DTM', '64 DTM']);
    expect(invalidDates[0]!.message).toContain('"202025021715" is not a valid date-time in UTC (month 25 is out of range)');
    expect(warnings).toHaveLength(5);
  });

  it("a --mapping override for the sender (UNB id) turns Bring codes into milestones; Norway's one zone places the times", async () => {
    const overrides: CodeOverrides = {
      iftsta: { '7080000714520': { I: { status: 'delivered' }, Q: { status: 'arrived' } } },
    };
    const { events } = await readFixture(`${SAMPLES}/omniparser-bench-bring-iftsta-d04a.edi`, { overrides, defaultZone: 'Europe/Oslo' });
    expect(events.map((event) => [event.status, event.unknownCode ?? false])).toEqual([
      ['carrier_exception', true],
      ['carrier_exception', true],
      ['carrier_exception', true],
      ['delivered', false],
      ['delivered', false],
      ['arrived', false],
      ['arrived', false],
    ]);
    expect(isoUtc(events[3]!.time.epochMs)).toBe('2020-02-25T16:09:00Z');
    // A known code's reason is the reason elements only, not the status text.
    expect(events[3]!.reason).toBeUndefined();
  });
});

describe('EDIFACT syntax', () => {
  it('UNA with other delimiters and release character, CRLF between segments', async () => {
    const { events, warnings, rejects } = await readFixture(`${SYNTHETIC}/una-custom-delimiters.edi`, { chunkBytes: 3 });
    expect(warnings).toEqual([]);
    expect(rejects).toEqual([]);
    expect(events.map(brief)).toEqual([{ status: 'departed', classifier: 'actual', at: '2024-01-04T14:30:00Z', location: 'NLRTM', code: '24' }]);
    // "!*", "!:", "!~" and "!!" are data; "+" is no delimiter under this UNA.
    expect(refs(events[0])).toEqual(['bol:MAEU*123:A', 'container:MSKU1234565', 'consignment:BL~OK!1']);
    expect(events[0]!.reportedAt).toMatchObject({ zone: '+01:00', zoneSource: 'offset' });
    expect(isoUtc(events[0]!.reportedAt!.epochMs)).toBe('2024-01-05T08:30:00Z');
    expect(events[0]!.source.segment).toBe(6);
  });

  it("default delimiters: ?' ?+ ?? ?: are literal; a release character right before the terminator does not end the segment", async () => {
    const text = interchange(["CNI+1+A?+B?'C??D?:E", 'STS+1+21', 'DTM+334:202401011200?+01:303', 'LOC+175+DEHAM:139:6']);
    const { events, warnings } = await readText(text, { chunkBytes: 2 });
    expect(warnings).toEqual([]);
    expect(refs(events[0])).toEqual(["consignment:A+B'C?D:E"]);
    expect(brief(events[0]!)).toEqual({ status: 'delivered', classifier: 'actual', at: '2024-01-01T11:00:00Z', location: 'DEHAM', code: '21' });
  });

  it('UNA that only repeats the defaults reads like no UNA; segment numbers start at UNB', async () => {
    const body = ['CNI+1', 'STS+1+24', 'DTM+334:202401011200:203', 'LOC+175+NLRTM:139:6'];
    const withUna = await readText(`UNA:+.? '${interchange(body)}`);
    const without = await readText(interchange(body));
    expect(withUna.events).toEqual(without.events);
    expect(withUna.events[0]!.source.segment).toBe(4);
  });

  it('concatenated interchanges, each with its own UNA: the delimiters change at the second UNA', async () => {
    const first = `UNA:+.? '\n${interchange(['CNI+1', 'STS+1+24', 'DTM+334:202401011200:203', 'LOC+175+NLRTM:139:6'])}\n`;
    const second = [
      'UNA:*.! ~',
      'UNB*UNOW:3*SENDER2:ZZZ*RECEIVER:ZZZ*240102:0000*REF2~',
      'UNH*1*IFTSTA:D:00B:UN~',
      'CNI*1*X!~Y+Z~',
      'STS*1*21~',
      'DTM*334:202401021200:203~',
      'LOC*175*DEHAM:139:6~',
      'UNT*6*1~',
      'UNZ*1*REF2~',
    ].join('\n');
    const { events, warnings } = await readText(first + second, { chunkBytes: 4 });
    expect(events.map((event) => [event.status, event.carrier, refs(event).join(), event.source.segment])).toEqual([
      ['departed', 'SENDER', '', 4],
      ['delivered', 'SENDER2', 'consignment:X~Y+Z', 12],
    ]);
    expect(warnings.map((warning) => [where(warning), warning.message])).toEqual([
      [
        '9 UNB',
        'this interchange declares character set UNOW, but the file is decoded as UNOA, the character set of its first ' +
          'interchange; send interchanges in different character sets as separate files',
      ],
    ]);
  });

  it('ISO-8859-1 (UNOC) and UTF-8 (UNOW) bytes decode to the same text, even split mid-character', async () => {
    const latin1 = await readFixture(`${SYNTHETIC}/iso-8859-1-unoc.edi`, { chunkBytes: 1 });
    expect(latin1.events[0]).toMatchObject({ status: 'carrier_exception', unknownCode: true, rawCode: 'ANK', location: 'DKAAR' });
    expect(latin1.events[0]!.reason).toBe('ANKOMMET TIL TERMINAL ÅRHUS ØST');
    expect(isoUtc(latin1.events[0]!.time.epochMs)).toBe('2024-06-10T08:45:00Z');

    const utf8 = readFileSync(fixture(`${SYNTHETIC}/iso-8859-1-unoc.edi`), 'latin1').replace('UNOC', 'UNOW');
    const fromUtf8 = await readBytes(Buffer.from(utf8, 'utf8'), { chunkBytes: 1 });
    expect(fromUtf8.events[0]!.reason).toBe('ANKOMMET TIL TERMINAL ÅRHUS ØST');
  });

  it('a character set logex cannot decode is refused at UNB, not read as garbage', async () => {
    const error = await failure(readText(interchange(['CNI+1'], { syntax: 'UNOX' })));
    expect(error.position).toEqual({ file: 'inline.edi', segment: 1, segmentId: 'UNB' });
    expect(error.message).toContain('character set UNOX');
    expect(error.message).toContain('ask the sender for UNOC (ISO-8859-1) or UNOW (UTF-8)');
  });

  it("segments ended by line breaks only (no ', no UNA) read like terminated ones, with a warning naming the convention", async () => {
    const body = ['CNI+1+BL123', 'STS+1+24', 'DTM+334:202401011200:203', 'LOC+175+NLRTM:139:6'];
    const terminated = await readText(interchange(body));
    const lines = interchange(body).replaceAll("'", '');
    for (const text of [lines, lines.replaceAll('\n', '\r\n'), `${lines}\n`, `\n${lines}\n\n`]) {
      const { events, warnings, rejects } = await readText(text, { chunkBytes: 5 });
      expect(rejects).toEqual([]);
      expect(events).toEqual(terminated.events);
      expect(warnings.map((warning) => `${where(warning)}: ${warning.message}`)).toEqual([
        "1 UNB: the file has no UNA and no ' segment terminator: each line is read as one segment " +
          "(a non-standard convention; ask the sender for ' terminators or a UNA that declares the line break)",
      ]);
    }
    expect(terminated.warnings).toEqual([]);
  });

  it('a line-per-segment file that stops before UNT is still truncated, at its last line', async () => {
    const lines = interchange(['CNI+1', 'STS+1+21', 'DTM+334:202401011200:203']).replaceAll("'", '');
    const error = await failure(readText(lines.slice(0, lines.indexOf('UNT'))));
    expect(error.message).toContain('segment 5 (DTM): input ends inside message 1 (no UNT after segment 5)');
  });

  it("a file wrapped across lines that uses ' keeps the line breaks as layout", async () => {
    const text = interchange(['CNI+1+BL123', 'STS+1+24', 'DTM+334:202401011200:203', 'LOC+175+NLRTM:139:6']);
    const wrapped = text.replaceAll('\n', '').replace(/(.{20})/g, '$1\n');
    const { events, warnings } = await readText(wrapped, { chunkBytes: 7 });
    expect(warnings).toEqual([]);
    expect(events).toEqual((await readText(text)).events);
    expect(brief(events[0]!)).toEqual({ status: 'departed', classifier: 'actual', at: '2024-01-01T11:00:00Z', location: 'NLRTM', code: '24' });
  });

  it('a truncated interchange (no UNT, no UNZ) fails with the position where the input stops', async () => {
    const error = await failure(readFixture(`${SYNTHETIC}/truncated.edi`));
    expect(error.position).toEqual({ file: `${SYNTHETIC}/truncated.edi`, segment: 6, segmentId: 'DTM' });
    expect(error.message).toBe(
      `${SYNTHETIC}/truncated.edi:segment 6 (DTM): input ends inside message 1 (no UNT after segment 6): ` +
        'the interchange is truncated; ask the sender for the complete file',
    );
  });

  it('input cut inside a segment, or after UNT without UNZ, is truncated too', async () => {
    const full = interchange(['CNI+1', 'STS+1+21', 'DTM+334:202401011200:203']);
    const midSegment = await failure(readText(full.slice(0, full.indexOf('DTM+334') + 10)));
    expect(midSegment.message).toContain('segment 5 (DTM): input ends inside segment DTM (no segment terminator)');
    const noUnz = await failure(readText(full.slice(0, full.lastIndexOf('UNZ'))));
    expect(noUnz.message).toContain('segment 6 (UNT): input ends without UNZ for interchange REF1');
  });

  it('a segment with no terminator for 100,000 characters fails with its number instead of exhausting memory', async () => {
    const text = interchange(['CNI+1', `FTX+AAI+++${'A'.repeat(200_000)}`, 'STS+1+21', 'DTM+334:202401011200:203']);
    const error = await failure(readText(text, { chunkBytes: 65_536 }));
    expect(error.message).toBe(
      'inline.edi:segment 4: no segment terminator "\'" in 100000 characters: the segment is damaged or the file does not use the delimiters it declares',
    );
  });

  it('a garbled segment (no three-letter tag) fails with its segment number', async () => {
    const error = await failure(readFixture(`${SYNTHETIC}/garbled-segment.edi`));
    expect(error.position).toEqual({ file: `${SYNTHETIC}/garbled-segment.edi`, segment: 5 });
    expect(error.message).toContain('segment 5: garbled segment "S1S+1+21"');
  });

  it('envelope counts and references that do not match are warnings naming the envelope; the data is read', async () => {
    const text = [
      'UNB+UNOA:3+SENDER:ZZZ+RECEIVER:ZZZ+240101:0000+REF1',
      'UNH+MSG1+IFTSTA:D:00B:UN',
      'CNI+1',
      'STS+1+21',
      'DTM+334:202401011200:203',
      'LOC+175+DEHAM:139:6',
      'UNT+6+MSG9',
      'UNZ+3+REF1',
    ]
      .map((segment) => `${segment}'`)
      .join('');
    const { events, warnings } = await readText(text);
    expect(events.map((event) => event.status)).toEqual(['delivered']);
    expect(warnings.map((warning) => [where(warning), warning.message])).toEqual([
      ['7 UNT', 'message MSG1 (UNH at segment 2): UNT reference "MSG9" does not match UNH reference "MSG1"'],
      ['8 UNZ', 'interchange REF1 (UNB at segment 1): UNZ says 3 messages, the interchange has 1'],
    ]);
  });

  it('an interchange without IFTSTA is refused with what it contains', async () => {
    const error = await failure(readText(interchange(['BGM+610+X+9'], { type: 'IFTMIN' })));
    expect(error.message).toBe('inline.edi: contains no IFTSTA status report (found IFTMIN ×1); logex reads carrier status events from IFTSTA');
  });

  it('input that does not start with UNA/UNB is not EDIFACT', async () => {
    const x12 = await failure(readText("ISA*00*          *00'"));
    expect(x12.message).toBe('inline.edi:segment 1: not an EDIFACT interchange: it starts with "ISA*00*   " where UNA or UNB is expected');
    const afterUna = await failure(readText("UNA:+.? 'UNH+1+IFTSTA:D:00B:UN'"));
    expect(afterUna.message).toContain('segment 1 (UNH): expected UNB (interchange header) but found UNH');
  });

  it('recognises EDIFACT by its first bytes', () => {
    expect(looksLikeEdifact("UNA:+.? 'UNB+UNOC:3")).toBe(true);
    expect(looksLikeEdifact('\ufeff\r\nUNB+UNOA:1')).toBe(true);
    expect(looksLikeEdifact('ISA*00*')).toBe(false);
    expect(looksLikeEdifact('shipment_id,status')).toBe(false);
  });
});

describe('IFTSTA dates, zones and codes', () => {
  it('DTM 102, 204 and 303 (with an offset); local times at the LOC zone across DST; 8 digits under 203 rejected', async () => {
    const { events, warnings, rejects } = await readFixture(`${SYNTHETIC}/dtm-formats-dst.edi`, { chunkBytes: 7 });
    expect(events.map(brief)).toEqual([
      // 102: a date alone is local midnight in Los Angeles (PDT since 10 March).
      { status: 'customs_cleared', classifier: 'actual', at: '2024-03-15T07:00:00Z', location: 'USLAX', code: '12' },
      // 204 with seconds, Hamburg in winter time (UTC+1) the day before the change.
      { status: 'delivered', classifier: 'actual', at: '2024-03-30T17:30:15Z', location: 'DEHAM', code: '21' },
      // 303 carries its own offset (+0530), whatever the place.
      { status: 'departed', classifier: 'actual', at: '2024-03-31T06:30:00Z', location: 'INNSA', code: '24' },
      // 02:30 on 31 March does not exist in Hamburg: read as 03:30 CEST, with a warning.
      { status: 'arrived', classifier: 'actual', at: '2024-03-31T01:30:00Z', location: 'DEHAM', code: '1' },
      // 02:30 on 27 October happens twice: the first (CEST) is taken, with a warning.
      { status: 'discharged', classifier: 'actual', at: '2024-10-27T00:30:00Z', location: 'DEHAM', code: '29' },
      // USWOQ has no known zone: the default zone, with a warning.
      { status: 'arrived', classifier: 'actual', at: '2024-04-01T10:00:00Z', location: 'USWOQ', code: '40' },
    ]);
    expect(events[1]!.time).toMatchObject({ zone: 'Europe/Berlin', zoneSource: 'port', text: '20240330183015' });
    expect(events[2]!.time).toMatchObject({ zone: '+05:30', zoneSource: 'offset' });
    expect(events.every((event) => event.carrier === 'CARR1' && refs(event).join() === 'bol:BL-DTM-1')).toBe(true);
    expect(events[0]!.reportedAt).toMatchObject({ zone: 'UTC', zoneSource: 'offset' });

    expect(rejects).toHaveLength(1);
    expect(rejects[0]!.position).toEqual({ file: `${SYNTHETIC}/dtm-formats-dst.edi`, segment: 24, segmentId: 'DTM' });
    expect(rejects[0]!.detail).toBe('status 48: DTM value "20240331" does not fit format 203 (CCYYMMDDHHMM, 12 digits)');

    expect(warnings.map((warning) => [where(warning), warning.message])).toEqual([
      ['18 DTM', 'local time 202403310230 does not exist in Europe/Berlin (daylight-saving gap); read as 2024-03-31T03:30:00+02:00'],
      ['21 DTM', 'local time 202410270230 occurs twice in Europe/Berlin (daylight-saving overlap); read as the first, 2024-10-27T02:30:00+02:00'],
      [
        '27 DTM',
        'local time 202404011000 has no offset and no time zone is known for USWOQ: it is not in the port data and US has more than one time zone (add it with --locations); read in UTC (the default zone)',
      ],
    ]);
  });

  it('Rec 24 codes map to milestones and statuses; a status without any DTM is rejected at its STS', async () => {
    const text = interchange([
      'CNI+1+BL1',
      'STS+1+13',
      'DTM+334:202405011000:203',
      'LOC+175+CNSHA:139:6',
      'STS+1+17',
      'DTM+334:202405051000:203',
      'LOC+175+USLAX:139:6',
      'STS+1+113',
      'DTM+334:202405061000:203',
      'LOC+175+USLAX:139:6',
      'STS+1+361',
      'DTM+334:202405071000:203',
      'LOC+175+USLAX:139:6',
      'STS+1+23+205::6:Address outside delivery area',
      'DTM+334:202405071500:203',
      'LOC+175+USLAX:139:6',
      'STS+1+21',
      'LOC+175+USLAX:139:6',
    ]);
    const { events, rejects } = await readText(text);
    expect(events.map((event) => [event.status, event.classifier, event.rawCode, event.unknownCode ?? false])).toEqual([
      ['pickup', 'actual', '13', false],
      ['customs_hold', 'actual', '17', false],
      ['out_for_delivery', 'actual', '113', false],
      ['delivered', 'estimated', '361', false],
      ['carrier_exception', 'actual', '23', false],
    ]);
    expect(events[4]!.reason).toBe('205 Address outside delivery area');
    expect(events[0]!.rawQualifier).toBe('STS');
    expect(rejects.map((error) => error.message)).toEqual([
      'inline.edi:segment 19 (STS): status 21 has no date/time: expected DTM+334 (status change) in its group',
    ]);
  });

  it('a status dated only by a milestone DTM takes that time and its classifier, without a duplicate event', async () => {
    const text = interchange(['CNI+1', 'STS+1+1', 'DTM+132:202406011200:203', 'LOC+175+SGSIN:139:6']);
    const { events } = await readText(text);
    expect(events.map(brief)).toEqual([{ status: 'arrived', classifier: 'estimated', at: '2024-06-01T04:00:00Z', location: 'SGSIN', code: '1' }]);
  });
});
