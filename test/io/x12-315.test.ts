import { describe, expect, it } from 'vitest';
import { brief, fixtureText, readFixture, readText, refs } from './x12-read.js';

const SAMPLES = 'samples/x12-315';
const SYNTHETIC = 'edi-synthetic/x12';

describe('X12 315 third-party samples', () => {
  it('B4 vessel arrival at a city that is no UN/LOCODE: read in the --tz zone with a warning; R4s without DTM add nothing', async () => {
    const file = `${SAMPLES}/x12types-004010_315.edi`;
    const { events, warnings, rejects } = await readFixture(file);
    expect(rejects).toEqual([]);
    expect(events.map(brief)).toEqual([
      { status: 'arrived', classifier: 'actual', at: '2022-09-01T08:07:00Z', location: 'LOCKBOURNE', code: 'VA', reason: undefined },
    ]);
    expect(events[0]).toMatchObject({ carrier: 'SOURCE', rawQualifier: 'B403', source: { file, segment: 4, segmentId: 'B4' } });
    // B4's container (initial + number + check digit) is the N9*EQ one: kept once.
    expect(refs(events[0])).toEqual(['bol:21001ASK5V9U', 'booking:1NAN910141', 'container:GMCU6094137']);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.position).toEqual({ file, segment: 4, segmentId: 'B4' });
    // The B4 city has no country, the message's R4s are all in the US: Lockbourne is looked for there, in vain.
    expect(warnings[0]!.message).toBe(
      'local time 20220901 0807 could not be placed in a time zone: "LOCKBOURNE" is not a place the location data knows in a country with more than one time zone; read in UTC (--tz)',
    );
  });

  it('transshipment: the vessel arrival at Tanger Med is in transit; actual departure and estimated arrival from R4/DTM', async () => {
    const file = `${SAMPLES}/x12types-test315-capsanmaleas-arbue-deham.edi`;
    const { events, warnings } = await readFixture(file);
    expect(events.map(brief)).toEqual([
      { status: 'in_transit', classifier: 'actual', at: '2022-11-14T13:50:00Z', location: 'MAPTM', code: 'VA', reason: undefined },
      { status: 'departed', classifier: 'actual', at: '2022-10-25T05:55:00Z', location: 'ARBUE', code: 'L', reason: undefined },
      { status: 'arrived', classifier: 'estimated', at: '2022-11-30T22:00:00Z', location: 'DEHAM', code: 'D', reason: undefined },
    ]);
    expect(events.map((e) => e.time.zone)).toEqual(['Africa/Casablanca', 'America/Argentina/Buenos_Aires', 'Europe/Berlin']);
    expect(events.map((e) => [e.rawQualifier, e.source.segment, e.source.segmentId])).toEqual([
      ['B403', 4, 'B4'],
      ['DTM140', 10, 'DTM'],
      ['DTM139', 14, 'DTM'],
    ]);
    // The masked B4 container differs from N9*EQ: both are kept as keys.
    expect(refs(events[0])).toEqual(['bol:52BUE013415X', 'booking:2BUE013415', 'container:TCKU7248999', 'container:TCKU7248807']);
    expect(warnings.map((w) => w.message)).toEqual([
      'SE02 control number "33366742" does not match ST02 "33366799" of transaction set 315 #33366799 (ST at segment 3)',
    ]);
  });

  it('Hamburg Süd: discharge at Manzanillo, HHMMSS times, voyage milestones, nothing doubled from the activity location', async () => {
    const { events, warnings } = await readFixture(`${SAMPLES}/x12types-test315-hamsud-krpus-mxzlo.edi`);
    expect(warnings).toEqual([]);
    expect(events.map(brief)).toEqual([
      { status: 'discharged', classifier: 'actual', at: '2022-11-21T07:24:00Z', location: 'MXZLO', code: 'UV', reason: undefined },
      { status: 'departed', classifier: 'actual', at: '2022-11-03T03:55:00Z', location: 'KRPUS', code: 'L', reason: undefined },
      { status: 'arrived', classifier: 'actual', at: '2022-11-21T05:00:00Z', location: 'MXZLO', code: 'D', reason: undefined },
      { status: 'delivered', classifier: 'estimated', at: '2022-11-26T05:00:00Z', location: 'MXQRO', code: 'E', reason: undefined },
    ]);
    expect(events.every((e) => e.carrier === 'SUDU')).toBe(true);
    expect(refs(events[0])).toEqual([
      '4f:800992458',
      'bol:SUDUN2SL008733AF',
      'booking:2SOL008733',
      'container:MRSU4371639',
      'sca:SUDU',
      'sn:5512862',
      'wu:MAERSK STEPNICA',
    ]);
  });

  it('keeps an unknown B4 status code as a carrier exception', async () => {
    const text = fixtureText(`${SAMPLES}/x12types-test315-hamsud-krpus-mxzlo.edi`).replace('B4***UV*', 'B4***Q7*');
    const { events } = await readText(text);
    expect(events[0]).toMatchObject({ status: 'carrier_exception', unknownCode: true, rawCode: 'Q7', location: 'MXZLO' });
    expect(events.slice(1).map((e) => e.status)).toEqual(['departed', 'arrived', 'delivered']);
  });
});

describe('X12 315 hand-written cases', () => {
  it('"^" separators, newline terminator, ISA11 repetition separator (00501), a loop restating B4 not counted twice', async () => {
    const { events, warnings } = await readFixture(`${SYNTHETIC}/caret-newline-315.edi`);
    expect(warnings).toEqual([]);
    expect(events.map(brief)).toEqual([
      { status: 'departed', classifier: 'actual', at: '2019-07-05T22:30:00Z', location: 'USSAV', code: 'VD', reason: undefined },
      { status: 'arrived', classifier: 'estimated', at: '2019-07-18T04:00:00Z', location: 'NLRTM', code: 'D', reason: undefined },
    ]);
    // N9*BM^SAVBOL1|SAVBOL2: "|" repeats the element, the first occurrence is the value.
    expect(refs(events[0])).toEqual(['bol:SAVBOL1', 'booking:SAVBK1', 'container:MSCU1234565']);
  });
});
