import { createReadStream, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatWarning, type InputError, type InputWarning } from '../../src/io/errors.js';
import { loadMapping, loadMappingText } from '../../src/io/mapping/load.js';
import type { MappingProfile, ProfileRecords } from '../../src/io/mapping/profile.js';
import { readMappedCsv } from '../../src/io/mapping/reader.js';
import { selectProfile } from '../../src/io/mapping/select.js';
import type { InputStream } from '../../src/io/reader.js';
import { CODE_TABLES } from '../../src/model/codes/index.js';
import { CodeResolver } from '../../src/model/codes/resolver.js';
import { LocationTable } from '../../src/model/locations.js';
import type { CarrierEvent, ShipmentPlan } from '../../src/model/records.js';
import { isoUtc } from '../../src/model/time.js';
import { formatDiagnostic } from '../../src/io/diagnostics.js';
import { readFixture } from './x12-read.js';

const EU = 'fixtures/mapping/eu-tms';
const CARRIER = 'fixtures/mapping/carrier-csv';

interface Read {
  plans: ShipmentPlan[];
  events: CarrierEvent[];
  warnings: InputWarning[];
  rejects: InputError[];
}

function profileFor(mappingFile: string, records: ProfileRecords, path: string): MappingProfile {
  const { mapping, diagnostics } = loadMapping(mappingFile);
  expect(diagnostics).toEqual([]);
  const profile = selectProfile(mapping.profiles, records, path, readFileSync(path).subarray(0, 4096));
  if (!profile) throw new Error(`no profile of ${mappingFile} claims ${path}`);
  return profile;
}

async function read(profile: MappingProfile, input: InputStream, file: string): Promise<Read> {
  const result: Read = { plans: [], events: [], warnings: [], rejects: [] };
  const options = { file, time: new LocationTable().timeContext('UTC'), codes: new CodeResolver(CODE_TABLES) };
  for await (const item of readMappedCsv(profile)(input, options)) {
    if (item.type === 'plan') result.plans.push(item.record);
    else if (item.type === 'event') result.events.push(item.record);
    else if (item.type === 'warning') result.warnings.push(item.warning);
    else if (item.type === 'reject') result.rejects.push(item.error);
  }
  return result;
}

const readFile = (profile: MappingProfile, path: string) => read(profile, createReadStream(path, { highWaterMark: 64 }), path);
const readText = (profile: MappingProfile, text: string, file = 'export.csv') =>
  read(
    profile,
    (async function* () {
      yield Buffer.from(text, 'utf8');
    })(),
    file,
  );

/** An event as a user reads it in a report. */
const brief = (e: CarrierEvent) =>
  [
    e.shipmentId ?? e.refs.map((r) => `${r.kind}:${r.value}`).join(';'),
    e.status,
    e.classifier,
    isoUtc(e.time.epochMs),
    e.location,
    e.rawCode,
    e.reason ?? '',
  ].join(' | ');

describe('mapping profile: European TMS export (";", Windows-1252, dd.MM.yyyy HH:mm in Europe/Berlin)', () => {
  it('reads the plans export as canonical plans', async () => {
    const path = `${EU}/sendungen.csv`;
    const { plans, warnings, rejects } = await readFile(profileFor(`${EU}/mapping.yaml`, 'plans', path), path);
    expect({ warnings, rejects }).toEqual({ warnings: [], rejects: [] });
    expect(plans.map((p) => p.shipmentId)).toEqual(['EU-1001', 'EU-1002', 'EU-1003']);
    const [ocean, road] = plans;
    expect(ocean).toMatchObject({
      carrier: 'HLCU',
      mode: 'ocean',
      origin: 'DEHAM',
      destination: 'USNYC',
      customer: 'Müller GmbH',
      priority: 'high',
      refs: [
        { kind: 'bol', value: 'HLCU900001' },
        { kind: 'container', value: 'HLXU9000011' },
      ],
      value: 12500,
      quantity: 14,
      source: { file: path, line: 2 },
    });
    // 18:00 in Berlin (CET, UTC+1) is 17:00Z, whatever the port's own zone is.
    expect(ocean!.planned.departed).toEqual({
      epochMs: Date.parse('2026-03-04T17:00:00Z'),
      text: '04.03.2026 18:00',
      zone: 'Europe/Berlin',
      zoneSource: 'profile',
    });
    expect(isoUtc(ocean!.planned.arrived!.epochMs)).toBe('2026-03-16T07:00:00Z');
    expect(road).toMatchObject({ mode: 'road', customer: 'Bäckerei Schulz', value: 1980.5, priority: 'normal' });
    expect(Object.keys(road!.planned)).toEqual(['pickup', 'delivered']);
  });

  it('reads the status export: German status words, estimates, reasons', async () => {
    const path = `${EU}/statusmeldungen.csv`;
    const { events, warnings, rejects } = await readFile(profileFor(`${EU}/mapping.yaml`, 'events', path), path);
    expect({ warnings, rejects }).toEqual({ warnings: [], rejects: [] });
    expect(events.map(brief)).toEqual([
      'EU-1001 | pickup | actual | 2026-03-02T08:15:00Z | DEHAM | Abgeholt | ',
      'EU-1001 | departed | actual | 2026-03-05T01:30:00Z | DEHAM | Abfahrt | Liegeplatz belegt',
      'EU-1001 | arrived | estimated | 2026-03-17T19:00:00Z | USNYC | Ankunft voraussichtlich | Schlechtwetter Nordatlantik',
      'EU-1002 | pickup | actual | 2026-03-05T07:10:00Z | DEHAM | Abgeholt | ',
      'EU-1002 | carrier_exception | actual | 2026-03-05T15:00:00Z | DEHAM | Verzögert | Stau A7',
      'EU-1002 | delivered | actual | 2026-03-06T14:45:00Z | DEMUC | Zugestellt | ',
      'EU-1003 | departed | actual | 2026-03-07T12:20:00Z | DEFRA | Abfahrt | ',
      'EU-1003 | customs_hold | actual | 2026-03-08T08:00:00Z | USJFK | Zollhalt | Präferenznachweis fehlt',
    ]);
    expect(events.every((e) => !e.unknownCode)).toBe(true);
    expect(events[1]!.source).toEqual({ file: path, line: 3 });
  });

  it("a bad value rejects its row with the export's own column name and line", async () => {
    const profile = profileFor(`${EU}/mapping.yaml`, 'events', `${EU}/statusmeldungen.csv`);
    const { events, rejects } = await readText(
      profile,
      'Sendungsnr;Status;Zeitpunkt;Ort;Bemerkung\nEU-1;Abfahrt;31.02.2026 10:00;DEHAM;\nEU-1;Abfahrt;2026-03-05 10:00;DEHAM;\nEU-1;Ankunft;05.03.2026 23:00;DEHAM;\n',
    );
    expect(rejects.map((r) => r.message)).toEqual([
      'export.csv:2: column "Zeitpunkt" (event_time): "31.02.2026 10:00" is not a valid date-time (day 31 is out of range)',
      'export.csv:3: column "Zeitpunkt" (event_time): "2026-03-05 10:00" does not match the date format "dd.MM.yyyy HH:mm"',
    ]);
    expect(events.map(brief)).toEqual(['EU-1 | arrived | actual | 2026-03-05T22:00:00Z | DEHAM | Ankunft | ']);
  });

  it('a file without a column the profile needs fails at line 1, naming it', async () => {
    const profile = profileFor(`${EU}/mapping.yaml`, 'events', `${EU}/statusmeldungen.csv`);
    await expect(readText(profile, 'Sendungsnr;Status;Datum\nEU-1;Abfahrt;05.03.2026 10:00\n')).rejects.toThrow(
      'export.csv:1: profile "eu-tms-events" reads column "zeitpunkt", not in the header; the header has: sendungsnr, status, datum',
    );
  });
});

describe('mapping profile: a carrier CSV with its own status codes', () => {
  it('joins date and time columns, places times at the terminal, keeps unknown codes as exceptions', async () => {
    const path = `${CARRIER}/odfl-status.csv`;
    const { events, warnings, rejects } = await readFile(profileFor(`${CARRIER}/mapping.yaml`, 'events', path), path);
    expect({ warnings, rejects }).toEqual({ warnings: [], rejects: [] });
    expect(events.map(brief)).toEqual([
      'pro:ODFL7002001 | pickup | actual | 2026-03-05T13:15:00Z | USATL | PU | ',
      'pro:ODFL7002001 | departed | actual | 2026-03-05T16:40:00Z | USATL | DP | ',
      'pro:ODFL7002001 | arrived | actual | 2026-03-05T21:50:00Z | USCLT | AR | ',
      'pro:ODFL7002001 | delivered | actual | 2026-03-06T14:35:00Z | USCLT | DL | ',
      'pro:ODFL7002002 | pickup | actual | 2026-03-05T13:05:00Z | USCHI | PU | ',
      'pro:ODFL7002002 | carrier_exception | actual | 2026-03-05T16:00:00Z | USCHI | EX | TRAILER SHORTAGE',
      'pro:ODFL7002002 | departed | actual | 2026-03-05T21:15:00Z | USCHI | DP | ',
      'pro:ODFL7002002 | carrier_exception | actual | 2026-03-06T04:40:00Z | USDET | HLD | HELD AT TERMINAL',
      'pro:ODFL7002002 | delivered | estimated | 2026-03-06T19:00:00Z | USDET | ETA | ',
    ]);
    expect(events.filter((e) => e.unknownCode).map((e) => e.rawCode)).toEqual(['HLD']);
    expect(new Set(events.map((e) => e.carrier))).toEqual(new Set(['ODFL']));
    expect(events[0]!.time).toMatchObject({ text: '03/05/2026 0815', zone: 'America/New_York', zoneSource: 'port' });
  });
});

describe('choosing a profile', () => {
  const { mapping } = loadMapping(`${EU}/mapping.yaml`);
  const head = (path: string) => readFileSync(path).subarray(0, 4096);

  it('by the header: plans and events of the same export get their own profile', () => {
    expect(selectProfile(mapping.profiles, 'plans', `${EU}/sendungen.csv`, head(`${EU}/sendungen.csv`))?.name).toBe('eu-tms-plans');
    expect(selectProfile(mapping.profiles, 'events', `${EU}/statusmeldungen.csv`, head(`${EU}/statusmeldungen.csv`))?.name).toBe('eu-tms-events');
    expect(selectProfile(mapping.profiles, 'plans', `${EU}/statusmeldungen.csv`, head(`${EU}/statusmeldungen.csv`))).toBeUndefined();
  });

  it('a canonical file is left to the canonical reader', () => {
    const path = 'fixtures/scenarios/basic/events.csv';
    expect(selectProfile(mapping.profiles, 'events', path, head(path))).toBeUndefined();
  });

  it('by file name when the profile lists files, whatever the header says', () => {
    const { mapping: named, diagnostics } = loadMappingText(
      'version: 1\nprofiles:\n  - name: nightly\n    records: events\n    files: "tms-*.csv"\n    columns: { shipment_id: Id, status: S, event_time: T }\n',
      'named.yaml',
    );
    expect(diagnostics).toEqual([]);
    expect(selectProfile(named.profiles, 'events', 'in/tms-0305.csv', Buffer.from('a,b\n'))?.name).toBe('nightly');
    expect(selectProfile(named.profiles, 'events', 'in/other.csv', Buffer.from('Id,S,T\n'))).toBeUndefined();
  });
});

describe('mapping file validation', () => {
  it('reports every mistake with file:line:col, including what a schema cannot see', () => {
    const { diagnostics, mapping } = loadMapping('fixtures/mapping/broken/mapping.yaml');
    expect(diagnostics.map(formatDiagnostic)).toEqual([
      'fixtures/mapping/broken/mapping.yaml:4:3 error schema codes: unknown property "x12-241"; did you mean "x12-214"?',
      'fixtures/mapping/broken/mapping.yaml:9:11 error schema codes.x12-214.ODFL.OO: "out_for_delivry" is unknown; did you mean "out_for_delivery"?',
      'fixtures/mapping/broken/mapping.yaml:13:16 error schema profiles.0.delimiter: ";;" is not one character (use ";" or "\\t" in quotes)',
      'fixtures/mapping/broken/mapping.yaml:17:7 error schema profiles.0.columns: unknown property "event_tme"; did you mean "event_time"?',
      'fixtures/mapping/broken/mapping.yaml:19:52 error schema profiles.0.statuses.Zugestellt.classifier: "actuel" is unknown; did you mean "actual"?',
      'fixtures/mapping/broken/mapping.yaml:22:18 error invalid-date-format profiles.1.date_format: "dd/mm/yyyy HH:mm" has no month: MM is the month, mm the minutes',
      'fixtures/mapping/broken/mapping.yaml:23:11 error invalid-zone profiles.1.zone: "Europe/Berln" is not an IANA time zone (e.g. Europe/Berlin, America/Chicago)',
      'fixtures/mapping/broken/mapping.yaml:24:5 error missing-column profiles.1.columns: nothing gives "mode"; plans need shipment_id, carrier, mode, origin, destination (a column or a constant)',
    ]);
    expect(mapping.profiles).toEqual([]);
  });

  it('YAML syntax errors and a missing file are positioned too', () => {
    expect(loadMappingText('version: 1\nprofiles:\n  - name: a\n    name: b\n', 'bad.yaml').diagnostics.map(formatDiagnostic)).toEqual([
      'bad.yaml:4:5 error yaml-syntax Map keys must be unique',
    ]);
    expect(loadMapping('fixtures/mapping/nope.yaml').diagnostics.map(formatDiagnostic)).toEqual([
      'fixtures/mapping/nope.yaml:1:1 error unreadable no such file',
    ]);
  });

  it('codes are read as written: "01" stays a two-character code, partners and codes match in any case', () => {
    const { mapping, diagnostics } = loadMappingText(
      'version: 1\ncodes:\n  iftsta:\n    bring:\n      01: arrived\n      i: { status: in_transit }\n',
      'c.yaml',
    );
    expect(diagnostics).toEqual([]);
    expect(mapping.codes).toEqual({ iftsta: { BRING: { '01': { status: 'arrived' }, I: { status: 'in_transit' } } } });
  });
});

describe('per-partner code overrides', () => {
  it('change a 214 status for the partner named, and for no other', async () => {
    const { mapping } = loadMapping('fixtures/mapping/partner-214/mapping.yaml');
    const withOverrides = await readFixture('mapping/partner-214/two-carriers-214.edi', { overrides: mapping.codes });
    expect(withOverrides.events.map((e) => [e.carrier, e.rawCode, e.status, isoUtc(e.time.epochMs)])).toEqual([
      ['ODFL', 'OO', 'out_for_delivery', '2026-03-06T12:10:00Z'],
      ['SAIA', 'OO', 'carrier_exception', '2026-03-06T12:25:00Z'],
    ]);
    const standard = await readFixture('mapping/partner-214/two-carriers-214.edi');
    expect(standard.events.map((e) => e.status)).toEqual(['carrier_exception', 'carrier_exception']);
    expect(withOverrides.warnings.map(formatWarning)).toEqual([]);
  });
});
