import { describe, expect, it } from 'vitest';
import { brief, fixtureText, readFixture, readText, refs } from './x12-read.js';

const SAMPLES = 'samples/x12-214';
const SYNTHETIC = 'edi-synthetic/x12';

describe('X12 214 third-party samples', () => {
  it('Canada Post: newline-terminated segments, 19 parcels, time codes across the end of daylight saving', async () => {
    const { events, warnings, rejects } = await readFixture(`${SAMPLES}/omniparser-canadapost-214.edi`);
    expect(rejects).toEqual([]);
    expect(events).toHaveLength(19);
    const byStatus = events.reduce<Record<string, number>>((counts, e) => ({ ...counts, [e.status]: (counts[e.status] ?? 0) + 1 }), {});
    expect(byStatus).toEqual({ pickup: 7, booked: 6, carrier_exception: 5, delivered: 1 });
    expect(events.every((e) => e.carrier === 'CPCC' && e.classifier === 'actual')).toBe(true);

    // No time code: local time in Ontario (EST after 02:00 that day), with a warning that ON spans zones.
    expect(brief(events[0]!)).toEqual({
      status: 'booked',
      classifier: 'actual',
      at: '2019-11-03T20:34:00Z',
      location: 'WRENCH, ON, CA',
      code: 'XB',
      reason: 'NS',
    });
    expect(events[0]!.time.zone).toBe('America/Toronto');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.position).toEqual({ file: `${SAMPLES}/omniparser-canadapost-214.edi`, segment: 12, segmentId: 'AT7' });
    expect(warnings[0]!.message).toContain('ON spans more than one time zone');

    // PT on 2 Nov is still daylight time; CS is fixed UTC-6; ET at 17:28 on 3 Nov is already standard time.
    expect(brief(events[1]!)).toMatchObject({ status: 'carrier_exception', at: '2019-11-02T23:25:00Z', code: 'AH', reason: 'AG' });
    expect(brief(events[4]!)).toMatchObject({ status: 'pickup', at: '2019-11-03T21:09:00Z', code: 'AF', location: 'PAINTBRUSH, MB, CA' });
    expect(brief(events[17]!)).toMatchObject({ status: 'booked', at: '2019-11-03T22:28:00Z', code: 'XB', location: 'PVCPIPE, ON, CA' });
    expect(events[3]).toMatchObject({ status: 'delivered', rawCode: 'D1', source: { segment: 51, segmentId: 'AT7' } });

    // B10 gives the PRO and BOL; L11 qualifiers without a canonical kind keep theirs; "L11**CI" is no ref.
    expect(refs(events[0])).toEqual(['pro:4343638097845589', 'bol:4343638097845589', '97:4343638097845589', '86:0000']);
    expect(events.flatMap((e) => e.refs).some((ref) => ref.kind === 'ci')).toBe(false);
  });

  it('LTL 214 with the "…" segment terminator: estimated delivery and pickup in Eastern time', async () => {
    const { events, warnings, rejects } = await readFixture(`${SAMPLES}/staedi-issue109-214-ellipsis-segterm.edi`);
    expect(warnings).toEqual([]);
    expect(rejects).toEqual([]);
    expect(events.map(brief)).toEqual([
      { status: 'delivered', classifier: 'estimated', at: '2020-09-11T15:59:00Z', location: undefined, code: 'AG', reason: 'NS' },
      { status: 'pickup', classifier: 'actual', at: '2020-09-10T15:35:00Z', location: undefined, code: 'AF', reason: 'NS' },
    ]);
    expect(refs(events[0])).toEqual(['pro:0542550913', 'bol:7727019', 'po:900169']);
    expect(events[0]).toMatchObject({ carrier: 'XXXX', rawQualifier: 'AT701', source: { segment: 16 } });
  });

  it("gives every event its functional group's GS date and time as receipt time, read in the default zone (--tz)", async () => {
    const { events } = await readFixture(`${SAMPLES}/staedi-issue109-214-ellipsis-segterm.edi`);
    expect(events.length).toBeGreaterThan(0);
    // GS*QM*XXXX*DDDDDD*20200910*1930*…: built on 10 September 2020 at 19:30.
    for (const event of events) expect(event.reportedAt).toMatchObject({ epochMs: Date.parse('2020-09-10T19:30:00Z'), zone: 'UTC' });
    const inToronto = await readFixture(`${SAMPLES}/staedi-issue109-214-ellipsis-segterm.edi`, { defaultZone: 'America/Toronto' });
    expect(inToronto.events[0]!.reportedAt?.epochMs).toBe(Date.parse('2020-09-10T23:30:00Z'));
  });

  it('reads the "…" terminator the same without line breaks and with chunks that split its bytes', async () => {
    const text = fixtureText(`${SAMPLES}/staedi-issue109-214-ellipsis-segterm.edi`);
    const expected = (await readText(text)).events.map(brief);
    const oneLine = await readText(text.replace(/\n/g, ''));
    const byteByByte = await readText(text, 'inline.edi', { chunkBytes: 1 });
    expect(oneLine.events.map(brief)).toEqual(expected);
    expect(byteByByte.events.map(brief)).toEqual(expected);
    expect(byteByByte.warnings).toEqual([]);
  });

  it('FedEx: one line, "^" component separator, time code 20 (UTC-05:00), a status without location, GE01 mismatch', async () => {
    const file = `${SAMPLES}/stedi-bootstrap-fedex-214.edi`;
    const { events, warnings } = await readFixture(file);
    expect(events.map(brief)).toEqual([
      { status: 'delivered', classifier: 'estimated', at: '2022-09-29T00:00:00Z', location: undefined, code: 'AG', reason: 'NS' },
      { status: 'in_transit', classifier: 'actual', at: '2022-09-29T08:55:00Z', location: 'ADRIAN, MN, US', code: 'X6', reason: 'NS' },
    ]);
    expect(events[0]!.time).toMatchObject({ zone: 'UTC', zoneSource: 'default' });
    expect(events[1]!.time).toMatchObject({ zone: 'UTC-05:00', zoneSource: 'offset', text: '20220929 0355 20' });
    // The L11s inside the second LX loop belong to its status only.
    expect(refs(events[0])).toEqual(['pro:770012873772', 'bol:4310055', 'po:CM 941665']);
    expect(refs(events[1])).toEqual(['pro:770012873772', 'bol:4310055', 'po:CM 941665', 'cr:4310055', 'dp:LUV-481032']);
    expect(events.every((e) => e.carrier === 'FDEG')).toBe(true);
    expect(warnings.map((w) => [w.position.segment, w.position.segmentId])).toEqual([
      [17, 'AT7'],
      [26, 'GE'],
    ]);
    expect(warnings[0]!.message).toContain('could not be placed in a time zone: the message gives no location');
    expect(warnings[1]!.message).toBe('GE01 says 237 transaction sets but functional group #32559 (GS at segment 2) has 1');
  });

  it('1EDISource multi-stop: planned appointments next to actuals, per-stop refs, ISA13/IEA02 mismatch', async () => {
    const { events, warnings } = await readFixture(`${SAMPLES}/x12types-test214-1edisource-multistop.edi`);
    expect(events).toHaveLength(18);
    expect(events.slice(0, 6).map(brief)).toEqual([
      { status: 'pickup', classifier: 'planned', at: '2011-12-17T16:30:00Z', location: undefined, code: 'AA', reason: 'NA' },
      { status: 'pickup', classifier: 'actual', at: '2011-12-17T17:30:00Z', location: undefined, code: 'X3', reason: 'NS' },
      { status: 'loaded', classifier: 'actual', at: '2011-12-17T17:30:00Z', location: undefined, code: 'CP', reason: 'NS' },
      { status: 'delivered', classifier: 'planned', at: '2011-12-22T15:45:00Z', location: undefined, code: 'AB', reason: 'NA' },
      { status: 'arrived', classifier: 'actual', at: '2011-12-22T15:45:00Z', location: undefined, code: 'X1', reason: 'AD' },
      { status: 'delivered', classifier: 'actual', at: '2011-12-22T15:45:00Z', location: undefined, code: 'D1', reason: 'NS' },
    ]);
    expect(events[0]!.rawQualifier).toBe('AT703');
    expect(events[1]!.rawQualifier).toBe('AT701');
    expect(refs(events[0])).toEqual(['pro:995551', 'bol:99948782', 'do:99997666']);
    expect(refs(events[17])).toEqual(['pro:995551', 'bol:99948782', 'do:99991280']);
    expect(brief(events[17]!)).toMatchObject({ status: 'delivered', at: '2011-12-19T12:30:00Z' });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.position.segmentId).toBe('IEA');
    expect(warnings[0]!.message).toContain('IEA02 control number "000002510" does not match ISA13 "000003438"');
  });

  it('Freightforce: unpadded ISA, junk after SE02, LT without a location read in the --tz zone with warnings', async () => {
    const { events, warnings, rejects } = await readFixture(`${SAMPLES}/x12types-test214-freightforce-unpadded-isa.edi`, {
      defaultZone: 'America/Los_Angeles',
    });
    expect(rejects).toEqual([]);
    expect(events.map(brief)).toEqual([
      { status: 'pickup', classifier: 'actual', at: '2006-03-01T16:00:00Z', location: undefined, code: 'AF', reason: 'NS' },
      { status: 'delivered', classifier: 'actual', at: '2006-03-02T00:30:00Z', location: undefined, code: 'D1', reason: 'NS' },
    ]);
    expect(events[0]!.time).toMatchObject({ zone: 'America/Los_Angeles', zoneSource: 'default' });
    expect(refs(events[0])).toEqual(['pro:1234567', 'bol:1234567', '2i:123456789', 'cr:30011622']);
    expect(events[0]!.carrier).toBe('SCAC');
    expect(warnings.map((w) => `${w.position.segment} ${w.position.segmentId}`)).toEqual(['15 SE', '12 AT7', '24 AT7']);
    expect(warnings[0]!.message).toBe('SE02 "001 N/L" has text after the control number; read as "001"');
    expect(warnings[1]!.message).toContain('local time 20060301 0800 LT could not be placed in a time zone');
    expect(warnings[1]!.message).toContain('read in America/Los_Angeles (--tz)');
  });
});

describe('X12 214 hand-written cases', () => {
  it('reads "|" element separators with "~" plus CRLF, maps L11 qualifiers to ref kinds, places MS1 local time by city', async () => {
    const { events, warnings } = await readFixture(`${SYNTHETIC}/pipe-crlf-214.edi`);
    expect(events.map(brief)).toEqual([
      { status: 'arrived', classifier: 'actual', at: '2019-07-05T15:15:00Z', location: 'MEMPHIS, TN, US', code: 'X1', reason: 'NS' },
    ]);
    expect(events[0]!.time).toMatchObject({ zone: 'America/Chicago', zoneSource: 'place-name' });
    expect(refs(events[0])).toEqual([
      'pro:PRO55501',
      'bol:BOL55501',
      'booking:BK-77',
      'container:MSCU1234565',
      'awb:020-12345675',
      'po:PO-9',
      'zz:CUST-1',
      'do:STOP-REF-1',
    ]);
    expect(events[0]!.carrier).toBe('ABCD');
    // Tennessee has Eastern counties, but Memphis is a port the data knows (USMEM): no doubt left.
    expect(warnings).toEqual([]);
  });

  it('Eastern time on both sides of the 2019 daylight-saving changes', async () => {
    const { events, warnings } = await readFixture(`${SYNTHETIC}/dst-eastern-214.edi`);
    expect(events.map((e) => [e.time.text, brief(e).at, e.time.zone])).toEqual([
      ['20190310 0230 ET', '2019-03-10T07:30:00Z', 'America/New_York'], // does not exist: read as 03:30 EDT
      ['20191103 0030 ET', '2019-11-03T04:30:00Z', 'America/New_York'], // EDT
      ['20191103 0130 ET', '2019-11-03T05:30:00Z', 'America/New_York'], // occurs twice: the first (EDT)
      ['20191103 0300 ET', '2019-11-03T08:00:00Z', 'America/New_York'], // EST
      ['20191103 0130 ED', '2019-11-03T05:30:00Z', 'UTC-04:00'], // explicit daylight time: no ambiguity
      ['20191103 0130', '2019-11-03T05:30:00Z', 'America/New_York'], // no code: local time in Albany, NY
      ['20190705 101530 LT', '2019-07-05T14:15:30Z', 'America/New_York'], // LT, seconds
    ]);
    expect(warnings.map((w) => [w.position.segment, w.message.replace(/ \(.*$/, '').replace(/;.*$/, '')])).toEqual([
      [6, 'local time 20190310 0230 ET does not exist in America/New_York'],
      [10, 'local time 20191103 0130 ET occurs twice in America/New_York'],
      [16, 'local time 20191103 0130 occurs twice in America/New_York'],
    ]);
  });

  it('time codes: UTC, fixed offsets, generic zones, ISO numbered codes, common spellings, invalid codes', async () => {
    const { events, warnings } = await readFixture(`${SYNTHETIC}/time-codes-214.edi`);
    // Every status is 10:15 (10:15:30.25 for the last) on 5 July 2019 by the sender's clock.
    expect(events.map((e) => [e.time.text, brief(e).at, e.time.zone])).toEqual([
      ['20190705 1015 UT', '2019-07-05T10:15:00Z', 'UTC'],
      ['20190705 1015 CS', '2019-07-05T16:15:00Z', 'UTC-06:00'],
      ['20190705 1015 PT', '2019-07-05T17:15:00Z', 'America/Los_Angeles'],
      ['20190705 1015 13', '2019-07-05T22:15:00Z', 'UTC-12:00'],
      ['20190705 1015 03', '2019-07-05T07:15:00Z', 'UTC+03:00'],
      ['20190705 1015 NS', '2019-07-05T13:45:00Z', 'UTC-03:30'],
      ['20190705 1015 EST', '2019-07-05T15:15:00Z', 'UTC-05:00'],
      ['20190705 1015 XX', '2019-07-05T16:15:00Z', 'America/Denver'],
      ['20190705 1015', '2019-07-05T16:15:00Z', 'America/Denver'], // El Paso, TX: the city, not Texas's principal zone
      ['20190705 1015', '2019-07-05T08:15:00Z', 'Europe/Berlin'], // Hamburg, DE: Germany keeps one time
      ['20190705 10153025 UT', '2019-07-05T10:15:30.250Z', 'UTC'],
    ]);
    expect(events[8]!.time.zoneSource).toBe('place-name');
    expect(events[9]!.time.zoneSource).toBe('country');
    expect(warnings.map((w) => [w.position.segment, w.message])).toEqual([[20, 'time code "XX" is not an X12 time code (element 623); read as local time']]);
  });

  it('keeps an unknown status code as a carrier exception and rejects statuses it cannot date or name', async () => {
    const file = `${SYNTHETIC}/unknown-codes-214.edi`;
    const { events, rejects } = await readFixture(file);
    expect(events.map(brief)).toEqual([
      { status: 'carrier_exception', classifier: 'actual', at: '2019-07-05T10:15:00Z', location: undefined, code: 'Q9', reason: 'B2' },
      { status: 'delivered', classifier: 'actual', at: '2019-07-06T09:00:00Z', location: undefined, code: 'D1', reason: 'NS' },
    ]);
    expect(events[0]!.unknownCode).toBe(true);
    expect(events[1]!.unknownCode).toBeUndefined();
    expect(rejects.map((r) => r.position)).toEqual([
      { file, segment: 8, segmentId: 'AT7' },
      { file, segment: 10, segmentId: 'AT7' },
    ]);
    expect(rejects[0]!.message).toMatch(
      /^edi-synthetic\/x12\/unknown-codes-214\.edi:segment 8 \(AT7\): status D1: "20191332 1015 UT" is not a valid date-time/,
    );
    expect(rejects[1]!.detail).toBe('AT7 has neither a status code (AT701) nor an appointment status code (AT703)');
  });

  it("applies a partner's --mapping override keyed by the SCAC in B1003, and only for that partner", async () => {
    const file = `${SYNTHETIC}/unknown-codes-214.edi`;
    const mapped = await readFixture(file, { overrides: { 'x12-214': { ABCD: { Q9: { status: 'customs_hold' } } } } });
    expect(mapped.events[0]).toMatchObject({ status: 'customs_hold', rawCode: 'Q9' });
    expect(mapped.events[0]!.unknownCode).toBeUndefined();
    const otherPartner = await readFixture(file, { overrides: { 'x12-214': { WXYZ: { Q9: { status: 'customs_hold' } } } } });
    expect(otherPartner.events[0]).toMatchObject({ status: 'carrier_exception', unknownCode: true });
  });
});
