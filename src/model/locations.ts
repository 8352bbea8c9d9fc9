/**
 * UN/LOCODE → IANA time zone, for reading local times that carry no offset.
 * Shipped for the ports and cities of the fixtures and the third-party samples; users add their own
 * with a CSV (`locode,zone`) passed as `--locations`.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { InputError } from '../io/errors.js';
import { isValidZone, type TimeContext } from './time.js';

const BUILT_IN: Record<string, string> = {
  // Asia
  CNSHA: 'Asia/Shanghai', CNNGB: 'Asia/Shanghai', CNYTN: 'Asia/Shanghai', CNSZX: 'Asia/Shanghai',
  CNTAO: 'Asia/Shanghai', CNXMN: 'Asia/Shanghai', CNPVG: 'Asia/Shanghai', CNCAN: 'Asia/Shanghai',
  HKHKG: 'Asia/Hong_Kong', SGSIN: 'Asia/Singapore', KRPUS: 'Asia/Seoul', KRICN: 'Asia/Seoul',
  JPTYO: 'Asia/Tokyo', JPYOK: 'Asia/Tokyo', JPNRT: 'Asia/Tokyo', TWKHH: 'Asia/Taipei',
  VNSGN: 'Asia/Ho_Chi_Minh', VNHPH: 'Asia/Ho_Chi_Minh', MYPKG: 'Asia/Kuala_Lumpur', INNSA: 'Asia/Kolkata',
  INMAA: 'Asia/Kolkata', AEJEA: 'Asia/Dubai', AEDXB: 'Asia/Dubai', THLCH: 'Asia/Bangkok',
  // Europe
  NLRTM: 'Europe/Amsterdam', NLAMS: 'Europe/Amsterdam', DEHAM: 'Europe/Berlin', DEBRV: 'Europe/Berlin',
  DEFRA: 'Europe/Berlin', DEMUC: 'Europe/Berlin', BEANR: 'Europe/Brussels', FRLEH: 'Europe/Paris',
  FRCDG: 'Europe/Paris', GBFXT: 'Europe/London', GBLHR: 'Europe/London', GBSOU: 'Europe/London',
  ESVLC: 'Europe/Madrid', ESALG: 'Europe/Madrid', ITGOA: 'Europe/Rome', PLGDN: 'Europe/Warsaw',
  NOOSL: 'Europe/Oslo', NODRB: 'Europe/Oslo', NOBGO: 'Europe/Oslo', NOSVG: 'Europe/Oslo', DKCPH: 'Europe/Copenhagen',
  DKAAR: 'Europe/Copenhagen', SEGOT: 'Europe/Stockholm', GRPIR: 'Europe/Athens', TRIST: 'Europe/Istanbul',
  MAPTM: 'Africa/Casablanca', MATNG: 'Africa/Casablanca',
  // Americas
  USLAX: 'America/Los_Angeles', USLGB: 'America/Los_Angeles', USOAK: 'America/Los_Angeles',
  USSEA: 'America/Los_Angeles', USSFO: 'America/Los_Angeles', USNYC: 'America/New_York',
  USEWR: 'America/New_York', USSAV: 'America/New_York', USCHS: 'America/New_York', USORF: 'America/New_York',
  USBAL: 'America/New_York', USATL: 'America/New_York', USCLT: 'America/New_York', USMIA: 'America/New_York',
  USJFK: 'America/New_York', USBOS: 'America/New_York', USPHL: 'America/New_York', USHOU: 'America/Chicago',
  USCHI: 'America/Chicago', USORD: 'America/Chicago', USDAL: 'America/Chicago', USDFW: 'America/Chicago',
  USMEM: 'America/Chicago', USMSY: 'America/Chicago', USKCK: 'America/Chicago', USSTL: 'America/Chicago',
  USDEN: 'America/Denver', USSLC: 'America/Denver', USPHX: 'America/Phoenix', USANC: 'America/Anchorage',
  USHNL: 'Pacific/Honolulu', USIND: 'America/Indiana/Indianapolis', USLUI: 'America/Kentucky/Louisville',
  USSDF: 'America/Kentucky/Louisville', USCVG: 'America/New_York', USDET: 'America/Detroit',
  CAMTR: 'America/Toronto', CAVAN: 'America/Vancouver', CATOR: 'America/Toronto', CAYYZ: 'America/Toronto',
  CAHAL: 'America/Halifax', CAPRR: 'America/Vancouver', MXZLO: 'America/Mexico_City',
  MXQRO: 'America/Mexico_City', MXMEX: 'America/Mexico_City', MXLZC: 'America/Mexico_City',
  BRSSZ: 'America/Sao_Paulo', BRGRU: 'America/Sao_Paulo', ARBUE: 'America/Argentina/Buenos_Aires',
  CLSAI: 'America/Santiago', PECLL: 'America/Lima', COCTG: 'America/Bogota', PAMIT: 'America/Panama',
  // Oceania
  AUSYD: 'Australia/Sydney', AUMEL: 'Australia/Melbourne', NZAKL: 'Pacific/Auckland',
};

export class LocationTable {
  private readonly zones = new Map<string, string>(Object.entries(BUILT_IN));

  /** Adds or overrides zones from a `locode,zone` CSV; a bad row is an InputError with its line. */
  loadCsv(file: string): void {
    const rows: string[][] = parse(readFileSync(file, 'utf8'), { bom: true, trim: true, skip_empty_lines: true });
    rows.forEach((row, index) => {
      const line = index + 1;
      const [locode = '', zone = ''] = row;
      if (index === 0 && locode.toLowerCase() === 'locode') return;
      if (!/^[A-Z]{2}[A-Z0-9]{3}$/.test(locode.toUpperCase())) {
        throw new InputError({ file, line, column: 1 }, `"${locode}" is not a UN/LOCODE (two letters of country, three of place)`);
      }
      if (!isValidZone(zone)) throw new InputError({ file, line, column: 2 }, `"${zone}" is not an IANA time zone (e.g. Europe/Berlin)`);
      this.zones.set(locode.toUpperCase(), zone);
    });
  }

  zoneFor(locode: string | undefined): string | undefined {
    return locode ? this.zones.get(locode.trim().toUpperCase()) : undefined;
  }

  timeContext(defaultZone: string): TimeContext {
    return { defaultZone, zoneFor: (locode) => this.zoneFor(locode) };
  }
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
