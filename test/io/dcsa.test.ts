import { describe, expect, it } from 'vitest';
import { readDcsa } from '../../src/io/dcsa/index.js';
import type { InputWarning } from '../../src/io/errors.js';
import type { CodeOverrides } from '../../src/model/codes/resolver.js';
import type { CarrierEvent } from '../../src/model/records.js';
import { isoUtc } from '../../src/model/time.js';
import { collectBytes, collectFixture, failure, refs, type ReadResult } from './reader-kit.js';

const SAMPLES = 'samples/dcsa';
const SYNTHETIC = 'edi-synthetic/dcsa';

const readFixture = (relative: string, overrides?: CodeOverrides): Promise<ReadResult> => collectFixture(readDcsa, relative, { overrides }, 256);

const readText = (text: string | Buffer): Promise<ReadResult> =>
  collectBytes(readDcsa, typeof text === 'string' ? Buffer.from(text, 'utf8') : text, 'page.json');

function brief(event: CarrierEvent) {
  return {
    status: event.status,
    classifier: event.classifier,
    at: isoUtc(event.time.epochMs),
    location: event.location,
    code: event.rawCode,
    line: event.source.line,
  };
}

function lineAndMessage(warning: InputWarning): [number | undefined, string] {
  return [warning.position.line, warning.message];
}

describe('DCSA T&T 2.2 conformance samples', () => {
  it('GET /events page: transport and equipment events kept, document drafts skipped and counted', async () => {
    const { events, warnings, rejects } = await readFixture(`${SAMPLES}/dcsa-conformance-tnt-220-response.json`);
    expect(rejects).toEqual([]);
    expect(events.map(brief)).toEqual([
      { status: 'arrived', classifier: 'actual', at: '2021-01-09T13:12:56Z', location: 'FRPAR', code: 'ARRI', line: 2 },
      { status: 'loaded', classifier: 'estimated', at: '2019-11-11T23:11:00Z', location: 'FRPAR', code: 'LOAD', line: 74 },
      { status: 'arrived', classifier: 'actual', at: '2021-01-09T13:12:56Z', location: 'FRPAR', code: 'ARRI', line: 151 },
      { status: 'loaded', classifier: 'estimated', at: '2019-11-11T23:11:00Z', location: 'FRPAR', code: 'LOAD', line: 228 },
    ]);
    expect(events[0]).toMatchObject({
      eventId: '3cecb101-7a1a-43a4-9d62-e88a131651e2',
      rawQualifier: 'TRANSPORT',
      reason: 'WEA Bad weather',
      source: { file: `${SAMPLES}/dcsa-conformance-tnt-220-response.json`, line: 2, column: 3 },
    });
    expect(events[0]!.time).toMatchObject({ zone: '+01:00', zoneSource: 'offset', text: '2021-01-09T14:12:56+01:00' });
    expect(isoUtc(events[0]!.reportedAt!.epochMs)).toBe('2021-01-23T12:34:56Z');
    expect(refs(events[0])).toEqual(['booking:ABC123123123', 'bol:reserved-HHL123', 'forwarder_ref:string', 'container:APZU4812090']);
    expect(refs(events[1])).toEqual(['container:APZU4812090', 'booking:ABC123123123', 'bol:reserved-HHL123', 'forwarder_ref:APZU4812090']);
    expect(warnings.map(lineAndMessage)).toEqual([
      [
        53,
        'skipped 3 SHIPMENT events (DRFT on SHI ×1, DRFT on BKG ×1, DRFT on TRD ×1): document workflow, not shipment ' +
          'milestones; to keep one, map its DOCUMENT:CODE key (e.g. BKG:APPR) with --mapping',
      ],
    ]);
  });

  it('wrong date-times: a missing or non-ISO eventDateTime or eventCreatedDateTime rejects the event at its line', async () => {
    const { events, warnings, rejects } = await readFixture(`${SAMPLES}/dcsa-conformance-tnt-220-response-wrong-date-times.json`);
    expect(events).toEqual([]);
    expect(rejects.map((error) => [error.position.line, error.detail])).toEqual([
      [20, 'event 3 has no eventDateTime: when the event happened is unknown'],
      [
        29,
        'event 4 has an unreadable eventCreatedDateTime: "2021 01 01 14:12:56" is not an ISO 8601 date-time ' +
          '(expected e.g. 2026-05-04T08:00:00Z or 2026-05-04T10:00+02:00)',
      ],
      [
        39,
        'event 5 has an unreadable eventDateTime: "2019/11/12 07:41:00 +08:30" is not an ISO 8601 date-time ' +
          '(expected e.g. 2026-05-04T08:00:00Z or 2026-05-04T10:00+02:00)',
      ],
    ]);
    // The well-formed ones (including the missing-created, 1999 and 2099 cases) are document drafts: skipped, counted.
    expect(warnings.map(lineAndMessage)).toEqual([[2, expect.stringContaining('skipped 4 SHIPMENT events (DRFT on SHI ×4)')]]);
  });

  it('wrong attribute values: invalid UN/LOCODEs dropped with a warning, the events kept', async () => {
    const { events, warnings, rejects } = await readFixture(`${SAMPLES}/dcsa-conformance-tnt-220-response-wrong-attribute-values.json`);
    expect(rejects).toEqual([]);
    expect(events.map(brief)).toEqual([
      { status: 'departed', classifier: 'actual', at: '2021-01-09T13:12:56Z', location: undefined, code: 'DEPA', line: 2 },
      { status: 'in_transit', classifier: 'estimated', at: '2019-11-11T23:11:00Z', location: undefined, code: 'RMVD', line: 32 },
    ]);
    expect(events[0]!.eventId).toBeUndefined();
    expect(warnings.map(lineAndMessage)).toEqual([
      [2, 'XYBCD, XYABC are not valid UN/LOCODEs; the event is kept without a location'],
      [2, 'event 1 has no eventID; a re-sent copy is recognised by its content instead'],
      [32, 'XYABC, XYCDE, XYBCD are not valid UN/LOCODEs; the event is kept without a location'],
      [22, expect.stringContaining('skipped 1 SHIPMENT event (VOID on ARN ×1)')],
    ]);
  });
});

describe('DCSA T&T 3.0 conformance samples', () => {
  it('events page: booking confirmed, departure, gate-in; IOT and REEFER skipped; actuals reported before they happened', async () => {
    const { events, warnings, rejects } = await readFixture(`${SAMPLES}/dcsa-conformance-tnt-300-response.json`);
    expect(rejects).toEqual([]);
    expect(events.map(brief)).toEqual([
      { status: 'booked', classifier: 'actual', at: '2026-01-15T09:00:00Z', location: undefined, code: 'CONF', line: 3 },
      { status: 'departed', classifier: 'actual', at: '2026-01-16T11:30:00Z', location: 'GBSOU', code: 'DEPA', line: 33 },
      { status: 'gate_in', classifier: 'actual', at: '2026-01-17T13:45:00Z', location: 'FRPAR', code: 'GTIN', line: 90 },
    ]);
    expect(events[0]).toMatchObject({ eventId: 'evt-resp-ship-001', carrier: 'EXCO', rawQualifier: 'BKG' });
    expect(refs(events[0])).toEqual(['booking:ABC709951', 'bol:HHL71800000']);
    expect(refs(events[2])).toEqual(['container:APZU4812090']);
    expect(isoUtc(events[1]!.reportedAt!.epochMs)).toBe('2025-01-25T01:23:45Z');
    expect(warnings.map(lineAndMessage)).toEqual([
      [
        3,
        "event 1 (eventID evt-resp-ship-001) is an actual event of 2026-01-15T09:00:00Z reported at 2025-01-23T01:23:45Z, before it happened; check the carrier's clock",
      ],
      [33, expect.stringContaining('event 2 (eventID evt-resp-trans-001) is an actual event of 2026-01-16T11:30:00Z reported at 2025-01-25T01:23:45Z')],
      [90, expect.stringContaining('event 3 (eventID evt-resp-equip-001) is an actual event')],
      [126, 'skipped 1 IOT event (DETC ×1): sensor readings, not shipment milestones'],
      [158, 'skipped 1 REEFER event (MEAS ×1): reefer measurements and setting changes, not shipment milestones'],
    ]);
  });

  it('next page: an estimated arrival with its change remark; APPR on a booking is document workflow', async () => {
    const { events, warnings } = await readFixture(`${SAMPLES}/dcsa-conformance-tnt-300-response-nextpage.json`);
    expect(events.map(brief)).toEqual([
      { status: 'arrived', classifier: 'estimated', at: '2026-01-20T10:15:00Z', location: 'ESBCN', code: 'ARRI', line: 27 },
      { status: 'discharged', classifier: 'actual', at: '2026-01-20T12:30:00Z', location: 'ITGOA', code: 'DISC', line: 85 },
    ]);
    expect(events[0]!.reason).toBe('Slight delay due to weather');
    expect(warnings.map((warning) => warning.message.slice(0, 40))).toEqual([
      'event 3 (eventID evt-resp-equip-002) is ',
      'skipped 1 SHIPMENT event (APPR on BKG ×1',
      'skipped 1 IOT event (DETC ×1): sensor re',
      'skipped 1 REEFER event (ADJU ×1): reefer',
    ]);
  });

  it('a --mapping override keeps a skipped document event (BKG:APPR → booked)', async () => {
    const overrides: CodeOverrides = { dcsa: { '*': { 'BKG:APPR': { status: 'booked' } } } };
    const { events } = await readFixture(`${SAMPLES}/dcsa-conformance-tnt-300-response-nextpage.json`, overrides);
    expect(events.map((event) => event.status)).toEqual(['booked', 'arrived', 'discharged']);
  });

  it('push bodies with one event each', async () => {
    const transport = await readFixture(`${SAMPLES}/dcsa-conformance-tnt-300-request-transport.json`);
    const equipment = await readFixture(`${SAMPLES}/dcsa-conformance-tnt-300-request-equipment.json`);
    const shipment = await readFixture(`${SAMPLES}/dcsa-conformance-tnt-300-request-shipment.json`);
    expect([...transport.events, ...equipment.events, ...shipment.events].map(brief)).toEqual([
      { status: 'arrived', classifier: 'actual', at: '2026-01-20T12:30:00Z', location: 'DEHAM', code: 'ARRI', line: 3 },
      { status: 'loaded', classifier: 'actual', at: '2026-01-20T14:15:00Z', location: 'NLRTM', code: 'LOAD', line: 3 },
      { status: 'booked', classifier: 'actual', at: '2026-01-20T10:00:00Z', location: undefined, code: 'CONF', line: 3 },
    ]);
    // Equipment was reported five minutes after it happened: no clock warning.
    expect(equipment.warnings).toEqual([]);
    expect(refs(transport.events[0])).toEqual(['booking:ABC709951', 'bol:HHL71800000']);
  });

  it.each([
    ['dcsa-conformance-ovs-300-response.json', 'a DCSA Operational Vessel Schedule (OVS)'],
    ['dcsa-conformance-commercialschedules-1.0.0-vs.json', 'a DCSA Commercial Schedules vessel schedule'],
    ['dcsa-conformance-commercialschedules-1.0.0-ptp.json', 'a DCSA Commercial Schedules point-to-point routing'],
  ])('%s is refused: it is a schedule, not T&T events', async (file, what) => {
    const error = await failure(readFixture(`${SAMPLES}/${file}`));
    expect(error.position).toEqual({ file: `${SAMPLES}/${file}` });
    expect(error.message).toContain(`${SAMPLES}/${file}: this is ${what}, not Track & Trace events; logex reads DCSA Track & Trace events`);
  });
});

describe('DCSA decisions on hand-written inputs', () => {
  it('customs hold and release, planned departure in a DST gap, unknown code, missing created time, DST overlap', async () => {
    const { events, warnings, rejects } = await readFixture(`${SYNTHETIC}/tnt-v22-customs-local-times.json`);
    expect(rejects).toEqual([]);
    expect(events.map(brief)).toEqual([
      { status: 'customs_hold', classifier: 'actual', at: '2024-03-12T07:00:00Z', location: undefined, code: 'HOLD', line: 2 },
      { status: 'customs_cleared', classifier: 'actual', at: '2024-03-14T14:30:00Z', location: undefined, code: 'RELS', line: 16 },
      // No offset: wall-clock time at NLRTM; 02:30 on 31 March does not exist there (read as 03:30 CEST).
      { status: 'departed', classifier: 'planned', at: '2024-03-31T01:30:00Z', location: 'NLRTM', code: 'DEPA', line: 29 },
      { status: 'carrier_exception', classifier: 'actual', at: '2024-04-02T04:10:00Z', location: 'NLRTM', code: 'XRAY', line: 44 },
      { status: 'arrived', classifier: 'actual', at: '2024-04-20T18:00:00Z', location: 'USSAV', code: 'ARRI', line: 54 },
      // 01:30 on 3 November happens twice in Chicago: the first (CDT) is taken.
      { status: 'delivered', classifier: 'actual', at: '2024-11-03T06:30:00Z', location: 'USCHI', code: 'DROP', line: 67 },
    ]);
    expect(events[0]).toMatchObject({ reason: 'Documents incomplete', rawQualifier: 'CUS' });
    expect(refs(events[0])).toEqual(['cus:CUS-2024-0042', 'bol:MAEU240000123']);
    expect(events[2]!.time).toMatchObject({ zone: 'Europe/Amsterdam', zoneSource: 'port' });
    expect(events[3]!.unknownCode).toBe(true);
    expect(events[4]!.reportedAt).toBeUndefined();
    expect(refs(events[4])).toEqual(['po:PO-5566']);
    expect(warnings.map(lineAndMessage)).toEqual([
      [29, 'eventDateTime: local time 2024-03-31T02:30:00 does not exist in Europe/Amsterdam (daylight-saving gap); read as 2024-03-31T03:30:00+02:00'],
      [29, 'eventDateTime 2024-03-31T02:30:00 has no offset (DCSA requires one); read in Europe/Amsterdam, the zone of NLRTM'],
      [
        54,
        'event 5 (eventID c1a0f1d2-0005-4000-8000-000000000005) has no eventCreatedDateTime (when the carrier reported it); kept without a reported-at time',
      ],
      [
        67,
        'eventDateTime: local time 2024-11-03T01:30:00 occurs twice in America/Chicago (daylight-saving overlap); read as the first, 2024-11-03T01:30:00-05:00',
      ],
      [67, 'eventDateTime 2024-11-03T01:30:00 has no offset (DCSA requires one); read in America/Chicago, the zone of USCHI'],
    ]);
  });

  it('v3 retraction: the retracting event names the event the store must remove; metadata/payload events read too', async () => {
    const { events, warnings } = await readFixture(`${SYNTHETIC}/tnt-v3-retraction.json`);
    expect(warnings).toEqual([]);
    expect(events.map((event) => [event.eventId, event.retracts, event.status, isoUtc(event.time.epochMs)])).toEqual([
      ['evt-depa-1', undefined, 'departed', '2024-05-02T10:00:00Z'],
      ['evt-depa-1-retraction', 'evt-depa-1', 'departed', '2024-05-02T10:00:00Z'],
      ['evt-depa-2', undefined, 'departed', '2024-05-02T12:15:00Z'],
    ]);
    expect(events[2]).toMatchObject({ location: 'CNSHA', classifier: 'actual', source: { line: 32, column: 5 } });
    expect(isoUtc(events[2]!.reportedAt!.epochMs)).toBe('2024-05-03T01:05:00Z');
    expect(refs(events[2])).toEqual(['booking:BKG-1001']);
  });

  it('a push body that is one bare event, with the carrier from eventRouting', async () => {
    const { events } = await readFixture(`${SYNTHETIC}/tnt-v3-push-single-event.json`);
    expect(events.map(brief)).toEqual([{ status: 'gate_out', classifier: 'actual', at: '2024-06-01T05:45:00Z', location: 'DEBRV', code: 'GTOT', line: 1 }]);
    expect(events[0]).toMatchObject({ carrier: 'HLCU', eventId: 'evt-gtot-9' });
    expect(refs(events[0])).toEqual(['container:HLXU8765432']);
  });

  it('a reference field of the wrong JSON type is named in a warning and left out, not silently dropped; a time without offset is warned about wherever it is read', async () => {
    const page = JSON.stringify([
      {
        eventID: 'e1',
        eventType: 'EQUIPMENT',
        eventClassifierCode: 'ACT',
        equipmentEventTypeCode: 'LOAD',
        eventDateTime: '2026-01-04T16:00:00',
        eventCreatedDateTime: '2026-01-04T16:00:00Z',
        equipmentReference: 12345,
        carrierBookingReference: 'BKG1',
        documentReferences: { type: 'BKG' },
        eventLocation: { UNLocationCode: 'NLRTM' },
      },
    ]);
    const { events, warnings } = await readText(page);
    expect(warnings.map((warning) => warning.message)).toEqual([
      'eventDateTime 2026-01-04T16:00:00 has no offset (DCSA requires one); read in Europe/Amsterdam, the zone of NLRTM',
      'event 1 (eventID e1): equipmentReference is a number (12345), not a string; left out',
      'event 1 (eventID e1): documentReferences is an object, not a list; left out',
    ]);
    expect(refs(events[0])).toEqual(['booking:BKG1']);
    expect(isoUtc(events[0]!.time.epochMs)).toBe('2026-01-04T15:00:00Z');
  });

  it('invalid JSON fails at its line and column', async () => {
    const error = await failure(readFixture(`${SYNTHETIC}/broken-missing-comma.json`));
    expect(error.position).toEqual({ file: `${SYNTHETIC}/broken-missing-comma.json`, line: 5, column: 5 });
    expect(error.message).toBe(`${SYNTHETIC}/broken-missing-comma.json:5:5: invalid JSON: expected ',' or '}' after a property value`);
    const cut = await failure(readText('{"events": [{"eventID": "a"'));
    expect(cut.message).toBe("page.json:1:28: invalid JSON: expected ',' or '}' after a property value");
  });

  it('valid JSON nested deeper than 256 levels inside an event is refused at its position, not an internal error', async () => {
    const deep = `[{"eventID": "e1", "eventType": "TRANSPORT", "x": ${'['.repeat(300)}${']'.repeat(300)}}]`;
    const error = await failure(readText(deep));
    expect(error.message).toBe('page.json:1:306: not readable as DCSA events: nested more than 256 levels deep');
  });

  it('JSON that is not DCSA is refused with what was found', async () => {
    const error = await failure(readFixture(`${SYNTHETIC}/not-dcsa-flights.json`));
    expect(error.message).toContain(
      'this JSON is not DCSA Track & Trace events (no eventType or eventClassification; keys found: date, delay, distance, origin, destination)',
    );
  });

  it('an empty page is no events; an empty file, a non-object event and non-UTF-8 bytes are errors', async () => {
    expect(await readText('{"events": []}')).toEqual({ events: [], warnings: [], rejects: [] });
    expect((await failure(readText('  \n'))).message).toContain('page.json: is empty');
    expect((await failure(readText(Buffer.from([0x5b, 0x22, 0xc5, 0x22, 0x5d])))).message).toBe(
      'page.json:1:3: is not UTF-8 text here; JSON (and DCSA) must be UTF-8: save or export it as UTF-8',
    );
    const latin1 = Buffer.concat([Buffer.from('[\n  {"eventType": "TRANSPORT",\n   "x": "Z'), Buffer.from([0xfc]), Buffer.from('rich"}\n]')]);
    expect((await failure(readText(latin1))).position).toEqual({ file: 'page.json', line: 3, column: 11 });

    const page = '[\n  {"eventType": "TRANSPORT", "transportEventTypeCode": "ARRI", "eventDateTime": "2024-01-01T00:00:00Z"},\n  42\n]';
    const { rejects } = await readText(page);
    expect(rejects.map((error) => error.message)).toEqual([
      'page.json:2:3: event 1 has no eventClassifierCode (ACT, EST or PLN)',
      'page.json:3:3: event 2 is not a JSON object',
    ]);
  });
});

describe('DCSA: who published an event (its eventID is unique per publisher only)', () => {
  const event = (extra: object) => ({
    eventID: 'E-1',
    eventType: 'TRANSPORT',
    eventClassifierCode: 'ACT',
    transportEventTypeCode: 'DEPA',
    eventCreatedDateTime: '2026-03-09T09:00:00Z',
    eventDateTime: '2026-03-09T08:00:00Z',
    transportDocumentReference: 'BOL-1',
    ...extra,
  });
  const publisherOf = async (extra: object) => (await readText(JSON.stringify([event(extra)]))).events[0]!.publisher;

  it("v2.2: the publisher party's first identifying code, else its name; none: not set (the carrier, if any, stands in)", async () => {
    expect(await publisherOf({ publisher: { partyName: 'Maersk', identifyingCodes: [{ DCSAResponsibleAgencyCode: 'SMDG', partyCode: 'MSK' }] } })).toBe('MSK');
    expect(await publisherOf({ publisher: { partyName: 'Maersk' } })).toBe('Maersk');
    expect(await publisherOf({})).toBeUndefined();
  });

  it('v3: the originating party of the routing, whatever its function', async () => {
    expect(await publisherOf({ eventRouting: { originatingParty: { partyCode: 'HLCU', partyFunction: 'CA' } } })).toBe('HLCU');
    expect(await publisherOf({ eventRouting: { originatingParty: { partyCode: 'APMT', partyFunction: 'TR' } } })).toBe('APMT');
  });
});
