/**
 * Local times (no offset) in every reader, placed by the location data (docs/locations.md): the port
 * list, a country with one zone, the message's coordinates, IATA airports, city names in their state
 * and country, then --tz with a warning. Every message is written out here.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readDcsa } from '../../src/io/dcsa/index.js';
import { readEdifact } from '../../src/io/edifact/index.js';
import { readEventsCsv } from '../../src/io/csv/canonical.js';
import { readX12 } from '../../src/io/x12/index.js';
import type { Reader } from '../../src/io/reader.js';
import type { CarrierEvent } from '../../src/model/records.js';
import { isoUtc } from '../../src/model/time.js';
import { tempDir } from '../helpers.js';
import { collectBytes, type ReadOptions, type ReadResult } from './reader-kit.js';

const read = (reader: Reader, text: string, options: ReadOptions = {}): Promise<ReadResult> =>
  collectBytes(reader, Buffer.from(text, 'utf8'), 'inline', options);

/** Where and when, and how the zone was found: what a user checks of a local time. */
function placed(event: CarrierEvent) {
  return { at: isoUtc(event.time.epochMs), zone: event.time.zone, source: event.time.zoneSource };
}

function x12(set: string, body: string[]): string {
  const segments = [`ST*${set}*0001`, ...body, `SE*${body.length + 2}*0001`];
  return [
    'ISA*00*          *00*          *ZZ*LOGEXTEST      *ZZ*LOGEXRCV       *240715*1200*U*00401*000000001*0*P*>',
    'GS*QO*LOGEXTEST*LOGEXRCV*20240715*1200*1*X*004010',
    ...segments,
    'GE*1*1',
    'IEA*1*000000001',
  ]
    .map((segment) => `${segment}~`)
    .join('\n');
}

function iftsta(body: string[]): string {
  const segments = ['UNH+1+IFTSTA:D:00B:UN', ...body, `UNT+${body.length + 2}+1`];
  return ['UNB+UNOA:3+SENDER:ZZZ+RECEIVER:ZZZ+240101:0000+REF1', ...segments, 'UNZ+1+REF1'].map((segment) => `${segment}'`).join('\n');
}

describe("X12 315: ports by UN/LOCODE, cities by name in the message's country", () => {
  it.each([
    // Xingang (CNXGG) was not in logex's old hand table: it was read as UTC, 8 hours off.
    ['summer', '20240715', '2024-07-15T01:30:00Z', '2024-07-15T07:30:00Z'],
    ['winter', '20240115', '2024-01-15T01:30:00Z', '2024-01-15T08:30:00Z'],
  ])("%s: 09:30 at Xingang is 01:30 UTC all year, 09:30 at Barcelona follows Spain's daylight saving", async (_season, date, xingang, barcelona) => {
    const { events, warnings } = await read(
      readX12,
      x12('315', [
        `B4***AE*${date}*0930**MSCU*123456*L*4500*CNXGG*UN*5`,
        'N9*BM*BOL-XGG-1',
        'R4*L*UN*CNXGG*XINGANG*CN',
        `DTM*140*${date}*0930`,
        'R4*D*UN*ESBCN*BARCELONA*ES',
        `DTM*139*${date}*0930`,
      ]),
    );
    expect(warnings).toEqual([]);
    expect(events.map((event) => [event.status, event.location, placed(event)])).toEqual([
      ['loaded', 'CNXGG', { at: xingang, zone: 'Asia/Shanghai', source: 'port' }],
      ['departed', 'CNXGG', { at: xingang, zone: 'Asia/Shanghai', source: 'port' }],
      ['arrived', 'ESBCN', { at: barcelona, zone: 'Europe/Madrid', source: 'port' }],
    ]);
  });

  it("a city named in R4 (CI) takes the country of the message's other ports: its one zone, or the port of that name", async () => {
    const { events, warnings } = await read(
      readX12,
      x12('315', [
        'B4***AE*20240301*1000**MSCU*123456*L*4500*VNDAD*UN*5',
        'R4*R*CI*HAIPHONG',
        'DTM*140*20240228*0800',
        'R4*L*UN*VNDAD*DA NANG*VN',
        'DTM*140*20240301*1000',
      ]),
    );
    expect(warnings).toEqual([]);
    expect(events.map((event) => [event.status, event.location, placed(event)])).toEqual([
      ['loaded', 'VNDAD', { at: '2024-03-01T03:00:00Z', zone: 'Asia/Ho_Chi_Minh', source: 'port' }],
      ['pickup', 'HAIPHONG', { at: '2024-02-28T01:00:00Z', zone: 'Asia/Ho_Chi_Minh', source: 'country' }],
      ['departed', 'VNDAD', { at: '2024-03-01T03:00:00Z', zone: 'Asia/Ho_Chi_Minh', source: 'port' }],
    ]);

    // In the US (several zones) the name and state find the port: Pensacola, Florida keeps Central time.
    const us = await read(
      readX12,
      x12('315', ['B4***AE*20240301*1000**MSCU*123456*L*4500*USNYC*UN*5', 'R4*D*CI*PENSACOLA***FL', 'DTM*139*20240310*0900', 'R4*L*UN*USNYC*NEW YORK*US']),
    );
    expect(us.warnings).toEqual([]);
    expect(placed(us.events[1]!)).toEqual({ at: '2024-03-10T14:00:00Z', zone: 'America/Chicago', source: 'place-name' });
  });

  it('a city in a message naming two countries is not guessed: read in --tz, with a warning', async () => {
    const { events, warnings } = await read(
      readX12,
      x12('315', ['B4***AE*20240301*1000**MSCU*123456*L*4500*USNYC*UN*5', 'R4*R*CI*SPRINGFIELD', 'DTM*140*20240228*0800', 'R4*D*UN*MXZLO*MANZANILLO*MX']),
      { defaultZone: 'America/Chicago' },
    );
    expect(placed(events[1]!)).toEqual({ at: '2024-02-28T14:00:00Z', zone: 'America/Chicago', source: 'default' });
    expect(warnings.map((warning) => warning.message)).toEqual([
      'local time 20240228 0800 could not be placed in a time zone: "SPRINGFIELD" names no country, and a place name alone can be anywhere; read in America/Chicago (--tz)',
    ]);
  });
});

describe('X12 214: MS1 city, state and country', () => {
  it("a known city wins over its state's principal zone; an unknown one falls back to the state, with a warning where the state spans zones; coordinates place the rest", async () => {
    const { events, warnings } = await read(
      readX12,
      x12('214', [
        'B10*PRO-1*BOL-1*ABCD',
        'LX*1',
        'AT7*X1*NS***20240710*0800',
        'MS1*PENSACOLA*FL*US',
        'LX*2',
        'AT7*X1*NS***20240710*0800',
        'MS1*TALLAHASSEE*FL*US',
        'LX*3',
        'AT7*X1*NS***20240710*0800',
        'MS1*LAKEWOOD*CO*US',
        'LX*4',
        'AT7*X1*NS***20240310*0230',
        'MS1*PENSACOLA*FL*US',
        'LX*5',
        'AT7*X1*NS***20240710*0800',
        // No city: longitude 104°59'25" W, latitude 39°44'21" N (Denver).
        'MS1****1045925*394421*W*N',
      ]),
    );
    expect(events.map((event) => [event.location, placed(event)])).toEqual([
      // Pensacola is in Florida's panhandle, on Central time (FL's principal zone is Eastern).
      ['PENSACOLA, FL, US', { at: '2024-07-10T13:00:00Z', zone: 'America/Chicago', source: 'place-name' }],
      ['TALLAHASSEE, FL, US', { at: '2024-07-10T12:00:00Z', zone: 'America/New_York', source: 'region' }],
      ['LAKEWOOD, CO, US', { at: '2024-07-10T14:00:00Z', zone: 'America/Denver', source: 'region' }],
      // 02:30 on 10 March 2024 does not exist in Chicago: read forward, with a warning.
      ['PENSACOLA, FL, US', { at: '2024-03-10T08:30:00Z', zone: 'America/Chicago', source: 'place-name' }],
      ['39.7392, -104.9903', { at: '2024-07-10T14:00:00Z', zone: 'America/Denver', source: 'coordinates' }],
    ]);
    expect(warnings.map((warning) => warning.message)).toEqual([
      'local time 20240710 0800 at TALLAHASSEE, FL, US read in America/New_York, but FL spans more than one time zone: it may be an hour off (a time code would make it exact)',
      'local time 20240310 0230 does not exist in America/Chicago (daylight-saving gap); read as 2024-03-10T03:30:00-05:00',
    ]);
  });
});

describe('EDIFACT IFTSTA: LOC by UN/LOCODE, country, airport or name', () => {
  const status = (loc: string, when: string) => ['CNI+1+CONS-1', 'STS+1+24', `DTM+334:${when}:203`, `LOC+175+${loc}`];

  it.each([
    // Adelaide is only in the port list; South Australia is UTC+10:30 in January, +9:30 in July.
    ['AUADL:139:6', '202401151000', '2024-01-14T23:30:00Z', 'Australia/Adelaide', 'port'],
    ['AUADL:139:6', '202407151000', '2024-07-15T00:30:00Z', 'Australia/Adelaide', 'port'],
    // A made-up but well-formed Dutch code: the Netherlands has one zone.
    ['NLZZZ:139:6', '202407151000', '2024-07-15T08:00:00Z', 'Europe/Amsterdam', 'country'],
    // An IATA airport code (agency 3): O'Hare.
    ['ORD::3', '202401151000', '2024-01-15T16:00:00Z', 'America/Chicago', 'airport'],
    // Free text with its country beside it (C519), matched to a port's name in that country.
    [':::PENSACOLA+US:162', '202401151000', '2024-01-15T16:00:00Z', 'America/Chicago', 'place-name'],
    [':::BELÉM+BR:162', '202401151000', '2024-01-15T13:00:00Z', 'America/Belem', 'place-name'],
  ])('LOC+175+%s at %s is %s (%s, %s)', async (loc, when, at, zone, source) => {
    const { events, warnings } = await read(readEdifact, iftsta(status(loc, when)));
    expect(warnings).toEqual([]);
    expect(placed(events[0]!)).toEqual({ at, zone, source });
  });

  it('an unknown UN/LOCODE in a country of several zones is read in --tz, with a warning that says so', async () => {
    const { events, warnings } = await read(readEdifact, iftsta(status('USZZZ:139:6', '202401151000')), { defaultZone: 'UTC' });
    expect(events[0]!.location).toBe('USZZZ');
    expect(placed(events[0]!)).toEqual({ at: '2024-01-15T10:00:00Z', zone: 'UTC', source: 'default' });
    expect(warnings.map((warning) => warning.message)).toEqual([
      'local time 202401151000 has no offset and no time zone is known for USZZZ: it is not in the port data and US has more than one time zone (add it with --locations); read in UTC (the default zone)',
    ]);
  });

  it('a DST overlap at a port only the dataset knows still warns', async () => {
    const { events, warnings } = await read(readEdifact, iftsta(status('ESBCN:139:6', '202410270230')));
    expect(placed(events[0]!)).toEqual({ at: '2024-10-27T00:30:00Z', zone: 'Europe/Madrid', source: 'port' });
    expect(warnings.map((warning) => warning.message)).toEqual([
      'local time 202410270230 occurs twice in Europe/Madrid (daylight-saving overlap); read as the first, 2024-10-27T02:30:00+02:00',
    ]);
  });

  it('--locations wins over the datasets, and places a code they do not know', async () => {
    const file = join(tempDir(), 'locations.csv');
    writeFileSync(file, 'locode,zone\nCNXGG,Asia/Tokyo\nUSZZZ,America/Denver\n');
    const xingang = await read(readEdifact, iftsta(status('CNXGG:139:6', '202401151000')), { locationFiles: [file] });
    expect(placed(xingang.events[0]!)).toEqual({ at: '2024-01-15T01:00:00Z', zone: 'Asia/Tokyo', source: 'locations-file' });
    const zzz = await read(readEdifact, iftsta(status('USZZZ:139:6', '202401151000')), { locationFiles: [file] });
    expect(zzz.warnings).toEqual([]);
    expect(placed(zzz.events[0]!)).toEqual({ at: '2024-01-15T17:00:00Z', zone: 'America/Denver', source: 'locations-file' });
  });
});

describe('DCSA: latitude and longitude place a code no dataset knows', () => {
  it('an event at an unknown UN/LOCODE with coordinates is read in the zone at those coordinates', async () => {
    const page = JSON.stringify([
      {
        eventID: 'e-1',
        eventCreatedDateTime: '2024-07-16T00:00:00Z',
        eventType: 'TRANSPORT',
        eventClassifierCode: 'ACT',
        eventDateTime: '2024-07-15T10:00:00',
        transportEventTypeCode: 'ARRI',
        eventLocation: { UNLocationCode: 'USZZZ', latitude: '39.7392', longitude: '-104.9903' },
        transportDocumentReference: 'BOL-DEN-1',
      },
    ]);
    const { events, warnings } = await read(readDcsa, page);
    expect(warnings.map((warning) => warning.message)).toEqual([
      'eventDateTime 2024-07-15T10:00:00 has no offset (DCSA requires one); read in America/Denver, the zone at its coordinates',
    ]);
    expect(events[0]!.location).toBe('USZZZ');
    expect(placed(events[0]!)).toEqual({ at: '2024-07-15T16:00:00Z', zone: 'America/Denver', source: 'coordinates' });
  });
});

describe('CSV: an air event at an IATA airport code', () => {
  it('reads a local time at ORD in Chicago time, summer and winter', async () => {
    const csv = ['shipment_id,status,event_time,location', 'A1,departed,2024-07-15T10:00,ORD', 'A1,arrived,2024-01-15T10:00,FRA'].join('\n');
    const { events } = await read(readEventsCsv, csv);
    expect(events.map(placed)).toEqual([
      { at: '2024-07-15T15:00:00Z', zone: 'America/Chicago', source: 'airport' },
      { at: '2024-01-15T09:00:00Z', zone: 'Europe/Berlin', source: 'airport' },
    ]);
  });

  it('a location nothing places is read in --tz, with one warning for all its rows', async () => {
    const csv = [
      'shipment_id,status,event_time,location',
      'A1,departed,2024-07-15T10:00,USZZZ',
      'A1,arrived,2024-07-16T10:00,USZZZ',
      'A2,departed,2024-07-15T10:00+02:00,USZZZ',
      'A3,departed,2024-07-15T10:00,',
    ].join('\n');
    const { events, warnings } = await read(readEventsCsv, csv, { defaultZone: 'America/New_York' });
    expect(events.map(placed)).toEqual([
      { at: '2024-07-15T14:00:00Z', zone: 'America/New_York', source: 'default' },
      { at: '2024-07-16T14:00:00Z', zone: 'America/New_York', source: 'default' },
      { at: '2024-07-15T08:00:00Z', zone: '+02:00', source: 'offset' },
      // No location: --tz is the file's zone, as documented; nothing to warn about.
      { at: '2024-07-15T14:00:00Z', zone: 'America/New_York', source: 'default' },
    ]);
    expect(warnings.map((warning) => [warning.position.line, warning.message])).toEqual([
      [
        2,
        'column "event_time": local time 2024-07-15T10:00 read in America/New_York (--tz): no time zone is known for USZZZ: it is not in the port data and US has more than one time zone (add it with --locations); said once for USZZZ, for all its rows',
      ],
    ]);
  });
});
