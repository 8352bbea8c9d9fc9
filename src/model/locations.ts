/**
 * A place → its IANA time zone, for reading local times that carry no offset. In order
 * (docs/locations.md): the user's `--locations` CSV (`locode,zone`), a short override list, the port
 * dataset, the country when it has one zone, the message's coordinates, an IATA airport code, a
 * free-text name matched to a port's name in its country (and state), a US state or Canadian
 * province. What is left is read in `--tz` by the caller, with a warning.
 *
 * The datasets load on the first lookup that needs them (./zone-data.ts); each place is resolved
 * once per table and cached, so a nightly run of millions of events looks up each place once.
 */
import { countryOfRegion, regionName, zoneOfRegion } from './region-zones.js';
import type { PlaceQuery, TimeContext, ZoneResolution } from './time.js';
import { airportZones, checkedPortZone, countryZone, isCountry, normaliseName, portByLocode, portsNamed, zoneAt, zonesAgree } from './zone-data.js';

/**
 * Places the datasets miss or get wrong that logex's own fixtures use: empty while the checked
 * datasets place every one of them (test/model/locations.test.ts compares them with the hand table
 * logex shipped before). An entry here needs a reason beside it.
 */
const OVERRIDES: Readonly<Record<string, string>> = {};

const NONE = null;

export class LocationTable {
  private readonly userZones = new Map<string, string>();
  private readonly cache = new Map<string, ZoneResolution | typeof NONE>();

  /** Adds or overrides zones (UN/LOCODE → IANA zone), as read from `--locations` files (io/locations-file.ts). */
  addZones(zones: Iterable<readonly [locode: string, zone: string]>): void {
    for (const [locode, zone] of zones) this.userZones.set(locode.toUpperCase(), zone);
    this.cache.clear();
  }

  zoneFor(locode: string | undefined): string | undefined {
    return locode ? this.resolve(locode)?.zone : undefined;
  }

  /** The zone of a place (a UN/LOCODE or other location text, or what a message says of it) and how it was found. */
  resolve(place: PlaceQuery | string): ZoneResolution | undefined {
    const key = typeof place === 'string' ? place : placeKey(place);
    let found = this.cache.get(key);
    if (found === undefined) {
      found = this.find(typeof place === 'string' ? placeFromText(place) : place) ?? NONE;
      this.cache.set(key, found);
    }
    return found ?? undefined;
  }

  timeContext(defaultZone: string, onPlaced?: TimeContext['onPlaced']): TimeContext {
    return {
      defaultZone,
      zoneFor: (locode) => this.zoneFor(locode),
      locate: (place) => this.resolve(place),
      ...(onPlaced ? { onPlaced } : {}),
    };
  }

  private find(place: PlaceQuery): ZoneResolution | undefined {
    const locode = place.locode?.trim().toUpperCase();
    if (locode) {
      const user = this.userZones.get(locode);
      if (user) return { zone: user, source: 'locations-file', matched: locode };
      const override = OVERRIDES[locode];
      if (override) return { zone: override, source: 'override', matched: locode };
      const port = portByLocode(locode);
      const portZone = port ? checkedPortZone(port) : undefined;
      if (port && portZone) return { zone: portZone.zone, source: 'port', matched: `${port.locode} ${port.name}` };
    }
    const regionCountry = place.state ? countryOfRegion(place.state, place.country ?? '') : undefined;
    const country = countryCode(place.country) ?? regionCountry ?? (locode && isCountry(locode.slice(0, 2)) ? locode.slice(0, 2) : undefined);
    if (country) {
      const zone = countryZone(country);
      if (zone) return { zone, source: 'country', matched: `country ${country}` };
    }
    if (place.coordinates) {
      const { latitude, longitude } = place.coordinates;
      const zone = zoneAt(latitude, longitude);
      if (zone) return { zone, source: 'coordinates', matched: `${latitude}, ${longitude}` };
    }
    // UN/LOCODE gives a place with an airport its IATA code (USORD is O'Hare, ORD): tried in the LOCODE's country only.
    const iata = place.iata?.trim().toUpperCase() ?? (locode && country ? locode.slice(2) : undefined);
    if (iata && /^[A-Z]{3}$/.test(iata)) {
      const zones = airportZones(iata, country);
      if (zones.length > 0 && zones.every((zone) => zonesAgree(zone, zones[0]!))) {
        return { zone: zones[0]!, source: 'airport', matched: `airport ${iata}${country ? ` (${country})` : ''}` };
      }
    }
    if (place.name && country) {
      const byName = this.byName(place.name, country, regionCountry ? place.state : undefined);
      if (byName) return byName;
    }
    if (place.state && regionCountry) {
      const region = zoneOfRegion(place.state, regionCountry);
      if (region) {
        const state = place.state.trim().toUpperCase();
        return {
          zone: region.zone,
          source: 'region',
          matched: `${regionCountry === 'US' ? 'US state' : 'Canadian province'} ${state}`,
          ...(region.spansZones ? { caveat: `${state} spans more than one time zone: it may be an hour off (a time code would make it exact)` } : {}),
        };
      }
    }
    return undefined;
  }

  /** A free-text place matched to the ports of its country (and state) by name; several that disagree place nothing. */
  private byName(name: string, country: string, state: string | undefined): ZoneResolution | undefined {
    let ports = portsNamed(name, country);
    if (state) {
      const stateName = regionName(state, country as 'US' | 'CA');
      const wanted = new Set([normaliseName(state), ...(stateName ? [normaliseName(stateName)] : [])]);
      ports = ports.filter((port) => wanted.has(normaliseName(port.province)));
    }
    const placed = ports.flatMap((port) => {
      const zone = checkedPortZone(port);
      return zone ? [{ port, zone: zone.zone }] : [];
    });
    const first = placed[0];
    if (!first || !placed.every((each) => zonesAgree(each.zone, first.zone))) return undefined;
    return { zone: first.zone, source: 'place-name', matched: `${first.port.locode} ${first.port.name}` };
  }
}

function countryCode(country: string | undefined): string | undefined {
  const code = country?.trim().toUpperCase();
  if (!code) return undefined;
  if (code === 'USA') return 'US';
  if (code === 'CAN') return 'CA';
  return code.length === 2 && isCountry(code) ? code : undefined;
}

function placeKey(place: PlaceQuery): string {
  const { locode = '', iata = '', name = '', state = '', country = '', coordinates } = place;
  return `\u0000${locode}|${iata}|${name}|${state}|${country}|${coordinates ? `${coordinates.latitude},${coordinates.longitude}` : ''}`;
}

/**
 * What a location as written says: a UN/LOCODE (`CNXGG`), an IATA airport code (`ORD`), or text
 * such as "MEMPHIS, TN, US" (city, state, country, as the X12 reader writes MS1) or "HAIPHONG, VN".
 */
export function placeFromText(text: string): PlaceQuery {
  const written = text.trim();
  const upper = written.toUpperCase();
  if (isValidUnLocode(upper)) return { written, locode: upper };
  if (/^[A-Z]{3}$/.test(upper)) return { written, iata: upper };
  const parts = written.split(',').map((part) => part.trim());
  const [name = '', second = '', third = ''] = parts;
  if (parts.length >= 3) return { written, name, state: second, country: third };
  if (parts.length === 2) {
    // "MEMPHIS, TN": a state when the US or Canada has one of that code (as a 214 writes a domestic move), else a country.
    return countryOfRegion(second, '') ? { written, name, state: second } : { written, name, country: second };
  }
  return { written, name: written };
}

/** Why a place has no zone, for the warning that it was read in --tz. */
export function whyUnplaced(place: PlaceQuery | string): string {
  const query = typeof place === 'string' ? placeFromText(place) : place;
  const country = countryCode(query.country) ?? (query.locode ? query.locode.slice(0, 2) : undefined);
  if (query.locode) {
    return `no time zone is known for ${query.locode}: it is not in the port data${country ? ` and ${country} has more than one time zone` : ''} (add it with --locations)`;
  }
  if (query.name && !country && !query.state) return `"${query.written}" names no country, and a place name alone can be anywhere`;
  if (query.name) return `"${query.written}" is not a place the location data knows in a country with more than one time zone`;
  return `"${query.written}" is not a UN/LOCODE, an airport or a place the location data knows`;
}

/**
 * ISO 3166-1 alpha-2 country codes, the first two letters of every UN/LOCODE, plus XZ (UN/LOCODE's
 * code for installations in international waters) and XK (Kosovo, used by UN/LOCODE).
 */
const UN_LOCODE_COUNTRIES = new Set(
  (
    'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ ' +
    'CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET ' +
    'FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ' +
    'ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY ' +
    'MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM ' +
    'PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ ' +
    'TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW XZ XK'
  ).split(' '),
);

/**
 * Whether a code is shaped like a UN/LOCODE of a real country: two letters of an ISO 3166 country,
 * then three letters or digits 2–9 (UN/LOCODE leaves out 0 and 1, which read like O and I).
 * It does not prove the place exists; it catches placeholders such as "XYABC" and postcodes.
 */
export function isValidUnLocode(code: string): boolean {
  const upper = code.trim().toUpperCase();
  return /^[A-Z]{2}[A-Z2-9]{3}$/.test(upper) && UN_LOCODE_COUNTRIES.has(upper.slice(0, 2));
}
