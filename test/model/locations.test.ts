/**
 * The location table: each source in its order, the checks on the port list, and agreement with
 * the hand table logex used to ship (a dataset upgrade that moves one of those places fails here).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readLocationsCsv } from '../../src/io/locations-file.js';
import { LocationTable, placeFromText } from '../../src/model/locations.js';
import { countryZone, zonesAgree } from '../../src/model/zone-data.js';
import { tempDir } from '../helpers.js';

/** The UN/LOCODE → zone table logex shipped by hand before the datasets (src/model/locations.ts until issue 15). */
const OLD_HAND_TABLE: Record<string, string> = {
  CNSHA: 'Asia/Shanghai',
  CNNGB: 'Asia/Shanghai',
  CNYTN: 'Asia/Shanghai',
  CNSZX: 'Asia/Shanghai',
  CNTAO: 'Asia/Shanghai',
  CNXMN: 'Asia/Shanghai',
  CNPVG: 'Asia/Shanghai',
  CNCAN: 'Asia/Shanghai',
  HKHKG: 'Asia/Hong_Kong',
  SGSIN: 'Asia/Singapore',
  KRPUS: 'Asia/Seoul',
  KRICN: 'Asia/Seoul',
  JPTYO: 'Asia/Tokyo',
  JPYOK: 'Asia/Tokyo',
  JPNRT: 'Asia/Tokyo',
  TWKHH: 'Asia/Taipei',
  VNSGN: 'Asia/Ho_Chi_Minh',
  VNHPH: 'Asia/Ho_Chi_Minh',
  MYPKG: 'Asia/Kuala_Lumpur',
  INNSA: 'Asia/Kolkata',
  INMAA: 'Asia/Kolkata',
  AEJEA: 'Asia/Dubai',
  AEDXB: 'Asia/Dubai',
  THLCH: 'Asia/Bangkok',
  NLRTM: 'Europe/Amsterdam',
  NLAMS: 'Europe/Amsterdam',
  DEHAM: 'Europe/Berlin',
  DEBRV: 'Europe/Berlin',
  DEFRA: 'Europe/Berlin',
  DEMUC: 'Europe/Berlin',
  BEANR: 'Europe/Brussels',
  FRLEH: 'Europe/Paris',
  FRCDG: 'Europe/Paris',
  GBFXT: 'Europe/London',
  GBLHR: 'Europe/London',
  GBSOU: 'Europe/London',
  ESVLC: 'Europe/Madrid',
  ESALG: 'Europe/Madrid',
  ITGOA: 'Europe/Rome',
  PLGDN: 'Europe/Warsaw',
  NOOSL: 'Europe/Oslo',
  NODRB: 'Europe/Oslo',
  NOBGO: 'Europe/Oslo',
  NOSVG: 'Europe/Oslo',
  DKCPH: 'Europe/Copenhagen',
  DKAAR: 'Europe/Copenhagen',
  SEGOT: 'Europe/Stockholm',
  GRPIR: 'Europe/Athens',
  TRIST: 'Europe/Istanbul',
  MAPTM: 'Africa/Casablanca',
  MATNG: 'Africa/Casablanca',
  USLAX: 'America/Los_Angeles',
  USLGB: 'America/Los_Angeles',
  USOAK: 'America/Los_Angeles',
  USSEA: 'America/Los_Angeles',
  USSFO: 'America/Los_Angeles',
  USNYC: 'America/New_York',
  USEWR: 'America/New_York',
  USSAV: 'America/New_York',
  USCHS: 'America/New_York',
  USORF: 'America/New_York',
  USBAL: 'America/New_York',
  USATL: 'America/New_York',
  USCLT: 'America/New_York',
  USMIA: 'America/New_York',
  USJFK: 'America/New_York',
  USBOS: 'America/New_York',
  USPHL: 'America/New_York',
  USHOU: 'America/Chicago',
  USCHI: 'America/Chicago',
  USORD: 'America/Chicago',
  USDAL: 'America/Chicago',
  USDFW: 'America/Chicago',
  USMEM: 'America/Chicago',
  USMSY: 'America/Chicago',
  USKCK: 'America/Chicago',
  USSTL: 'America/Chicago',
  USDEN: 'America/Denver',
  USSLC: 'America/Denver',
  USPHX: 'America/Phoenix',
  USANC: 'America/Anchorage',
  USHNL: 'Pacific/Honolulu',
  USIND: 'America/Indiana/Indianapolis',
  USLUI: 'America/Kentucky/Louisville',
  USSDF: 'America/Kentucky/Louisville',
  USCVG: 'America/New_York',
  USDET: 'America/Detroit',
  CAMTR: 'America/Toronto',
  CAVAN: 'America/Vancouver',
  CATOR: 'America/Toronto',
  CAYYZ: 'America/Toronto',
  CAHAL: 'America/Halifax',
  CAPRR: 'America/Vancouver',
  MXZLO: 'America/Mexico_City',
  MXQRO: 'America/Mexico_City',
  MXMEX: 'America/Mexico_City',
  MXLZC: 'America/Mexico_City',
  BRSSZ: 'America/Sao_Paulo',
  BRGRU: 'America/Sao_Paulo',
  ARBUE: 'America/Argentina/Buenos_Aires',
  CLSAI: 'America/Santiago',
  PECLL: 'America/Lima',
  COCTG: 'America/Bogota',
  PAMIT: 'America/Panama',
  AUSYD: 'Australia/Sydney',
  AUMEL: 'Australia/Melbourne',
  NZAKL: 'Pacific/Auckland',
};

describe('the datasets against the old hand table', () => {
  it('place every UN/LOCODE of the old table in the same zone, without --locations or an override', () => {
    const table = new LocationTable();
    const differ = Object.entries(OLD_HAND_TABLE).flatMap(([locode, zone]) => {
      const found = table.resolve(locode);
      return found && found.zone === zone && found.source !== 'override' ? [] : [`${locode}: ${zone} by hand, ${JSON.stringify(found)} now`];
    });
    expect(differ).toEqual([]);
  });
});

describe('resolution order', () => {
  const table = new LocationTable();
  it.each([
    ['CNXGG', 'Asia/Shanghai', 'port', 'CNXGG Xingang'],
    // The port list says America/Chicago for Oakland, its coordinates say Los Angeles: both in the US, the coordinates win.
    ['USOAK', 'America/Los_Angeles', 'port', 'USOAK Oakland'],
    // The port list puts Bangkok in Asia/Tehran and Manaus in Europe/Stockholm: not their country's zones.
    ['THBKK', 'Asia/Bangkok', 'port', 'THBKK Bangkok'],
    ['BRMAO', 'America/Manaus', 'port', 'BRMAO Manaus'],
    // Renamed zones under their current names.
    ['VNHPH', 'Asia/Ho_Chi_Minh', 'port', 'VNHPH Haiphong'],
    ['NLZZZ', 'Europe/Amsterdam', 'country', 'country NL'],
    // Germany lists Büsingen's Europe/Zurich too, with the same clocks: still one zone.
    ['DEZZZ', 'Europe/Berlin', 'country', 'country DE'],
    ['USORD', 'America/Chicago', 'airport', 'airport ORD (US)'],
    ['JFK', 'America/New_York', 'airport', 'airport JFK'],
    ['PENSACOLA, FL, US', 'America/Chicago', 'place-name', 'USPNS Pensacola'],
    ['El Paso, TX, US', 'America/Denver', 'place-name', 'USELP El Paso'],
    ['Belém, BR', 'America/Belem', 'place-name', 'BRBEL Belem'],
    ['HAIPHONG, VN', 'Asia/Ho_Chi_Minh', 'country', 'country VN'],
    ['GAINESVILLE, GA', 'America/New_York', 'region', 'US state GA'],
  ])('%s → %s (%s: %s)', (place, zone, source, matched) => {
    expect(table.resolve(place)).toMatchObject({ zone, source, matched });
  });

  it.each([
    ['USZZZ', 'a made-up code in a country of several zones'],
    ['XXX', 'the usual "no airport" filler'],
    ['SPRINGFIELD', 'a name without a country'],
    ['PORTLAND, US', 'a name with two ports of different zones in its country'],
  ])('%s: no zone (%s)', (place) => {
    expect(table.resolve(place)).toBeUndefined();
  });

  it('coordinates place what nothing else does, after the country', () => {
    const denver = { latitude: 39.7392, longitude: -104.9903 };
    expect(table.resolve({ written: 'USZZZ', locode: 'USZZZ', coordinates: denver })).toMatchObject({ zone: 'America/Denver', source: 'coordinates' });
    expect(table.resolve({ written: 'NLZZZ', locode: 'NLZZZ', coordinates: denver })).toMatchObject({ zone: 'Europe/Amsterdam', source: 'country' });
  });

  it('a state that spans zones says the hour may be off; a city the data knows in it does not', () => {
    expect(table.resolve('TALLAHASSEE, FL, US')).toMatchObject({
      zone: 'America/New_York',
      source: 'region',
      caveat: expect.stringContaining('FL spans more than one time zone'),
    });
    expect(table.resolve('PENSACOLA, FL, US')?.caveat).toBeUndefined();
  });

  it('--locations wins over every dataset', () => {
    const file = join(tempDir(), 'locations.csv');
    writeFileSync(file, 'locode,zone\nCNXGG,Asia/Tokyo\n');
    const custom = new LocationTable();
    expect(custom.resolve('CNXGG')?.zone).toBe('Asia/Shanghai');
    custom.addZones(readLocationsCsv(file));
    expect(custom.resolve('CNXGG')).toEqual({ zone: 'Asia/Tokyo', source: 'locations-file', matched: 'CNXGG' });
    expect(custom.zoneFor('cnxgg')).toBe('Asia/Tokyo');
  });

  it('a --locations file that cannot be used is refused at its line, never an internal error', () => {
    const dir = tempDir();
    const refusal = (text: string) => {
      const file = join(dir, `l${text.length}.csv`);
      writeFileSync(file, text);
      try {
        new LocationTable().addZones(readLocationsCsv(file));
      } catch (error) {
        return (error as Error).message.replace(`${file}`, 'F');
      }
      return 'accepted';
    };
    expect(refusal('locode,zone\nUSZZZ,"America/Chicago\n')).toBe(
      'F:2: CSV syntax: Quote Not Closed: the parsing is finished with an opening quote; expected "locode,zone" rows',
    );
    expect(refusal('locode,zone\n\n\nUSZZZ,America/Chicag\n')).toBe('F:4:2: "America/Chicag" is not an IANA time zone (e.g. Europe/Berlin)');
    expect(() => new LocationTable().addZones(readLocationsCsv(join(dir, 'missing.csv')))).toThrow(/missing\.csv: cannot read the locations file \(ENOENT\)$/);
  });

  it('reads a location as written: a UN/LOCODE, an airport, or city, state, country', () => {
    expect(placeFromText('cnxgg')).toEqual({ written: 'cnxgg', locode: 'CNXGG' });
    expect(placeFromText('ORD')).toEqual({ written: 'ORD', iata: 'ORD' });
    expect(placeFromText('MEMPHIS, TN, US')).toEqual({ written: 'MEMPHIS, TN, US', name: 'MEMPHIS', state: 'TN', country: 'US' });
    expect(placeFromText('MEMPHIS, TN')).toEqual({ written: 'MEMPHIS, TN', name: 'MEMPHIS', state: 'TN' });
    expect(placeFromText('HAIPHONG, VN')).toEqual({ written: 'HAIPHONG, VN', name: 'HAIPHONG', country: 'VN' });
  });

  it('a country has one zone only when all its zones keep the same clocks', () => {
    expect(countryZone('VN')).toBe('Asia/Ho_Chi_Minh');
    expect(countryZone('US')).toBeUndefined();
    expect(countryZone('CN')).toBeUndefined();
    expect(zonesAgree('Europe/Berlin', 'Europe/Zurich')).toBe(true);
    expect(zonesAgree('America/Santiago', 'America/Punta_Arenas')).toBe(false);
  });
});
