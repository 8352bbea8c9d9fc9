/**
 * DTM values (C507: qualifier, value, format code 2379) to instants. Wall-clock formats go through
 * `fromWallClock`, so the location's zone and the DST policy are the same as for every other reader.
 */
import { fromWallClock, inZone, offsetName, type PlaceQuery, type TimeContext, type TimeParse, type WallClock } from '../../model/time.js';

interface FormatSpec {
  pattern: string;
  digits: number;
  /** Whether the value carries its own offset after the digits. */
  withOffset: boolean;
}

/** The 2379 format codes a status report uses for points in time. */
const FORMATS: Readonly<Record<string, FormatSpec>> = {
  '102': { pattern: 'CCYYMMDD', digits: 8, withOffset: false },
  '203': { pattern: 'CCYYMMDDHHMM', digits: 12, withOffset: false },
  '204': { pattern: 'CCYYMMDDHHMMSS', digits: 14, withOffset: false },
  '205': { pattern: 'CCYYMMDDHHMMZHHMM', digits: 12, withOffset: true },
  '303': { pattern: 'CCYYMMDDHHMMZZZ', digits: 12, withOffset: true },
  '304': { pattern: 'CCYYMMDDHHMMSSZZZ', digits: 14, withOffset: true },
};

const FORMAT_BY_LENGTH: Readonly<Record<number, string>> = { 8: '102', 12: '203', 14: '204' };

/**
 * Reads a DTM value. Without an offset the time is local to `place` (else the default zone: the
 * caller warns when `zoneSource` is `default`). A value that does not fit its format is an error,
 * never re-read under another format: "20150820" under 203 has no time of day to offer.
 */
export function parseDtm(value: string, formatCode: string, context: TimeContext, place?: PlaceQuery | string): TimeParse {
  const text = value.trim();
  let format = formatCode.trim();
  let inferred: string | undefined;
  if (format === '') {
    format = FORMAT_BY_LENGTH[text.length] ?? '';
    if (!format || !/^\d+$/.test(text)) {
      return { ok: false, error: `DTM value "${text}" has no format code and no recognisable length (8, 12 or 14 digits)` };
    }
    inferred = `DTM value "${text}" has no format code; read as ${format} (${FORMATS[format]?.pattern}) by its length`;
  }
  const spec = FORMATS[format];
  if (!spec) {
    return {
      ok: false,
      error: `DTM format ${format} is not a point in time logex reads (use 102, 203, 204, 205, 303 or 304)`,
    };
  }
  const digits = text.slice(0, spec.digits);
  const suffix = text.slice(spec.digits);
  if (!/^\d+$/.test(digits) || digits.length !== spec.digits || (!spec.withOffset && suffix !== '')) {
    return {
      ok: false,
      error: `DTM value "${text}" does not fit format ${format} (${spec.pattern}, ${spec.digits} digits${spec.withOffset ? ' then an offset' : ''})`,
    };
  }
  const wall = wallClock(digits);
  let parsed: TimeParse;
  if (spec.withOffset) {
    const offsetMinutes = parseOffset(suffix);
    if (offsetMinutes === undefined) {
      return {
        ok: false,
        error: `DTM value "${text}": "${suffix}" is not a time zone offset (expected e.g. +01, +0530 or UTC)`,
      };
    }
    parsed = inZone(wall, text, fixedZone(offsetMinutes), 'offset');
    if (parsed.ok) parsed = { ...parsed, value: { ...parsed.value, zone: offsetName(offsetMinutes) } };
  } else {
    parsed = fromWallClock(wall, text, context, place);
  }
  if (!parsed.ok || !inferred) return parsed;
  return { ...parsed, warning: parsed.warning ? `${inferred}; ${parsed.warning}` : inferred };
}

function wallClock(digits: string): WallClock {
  const part = (start: number, length: number) => Number(digits.slice(start, start + length) || '0');
  return {
    year: part(0, 4),
    month: part(4, 2),
    day: part(6, 2),
    hour: part(8, 2),
    minute: part(10, 2),
    second: part(12, 2),
  };
}

function parseOffset(text: string): number | undefined {
  if (/^(UTC|GMT|Z)$/i.test(text)) return 0;
  const match = /^([+-])(\d{2}):?(\d{2})?$/.exec(text);
  if (!match) return undefined;
  const [, sign, hours = '0', minutes = '0'] = match;
  const total = Number(hours) * 60 + Number(minutes);
  if (total > 14 * 60) return undefined;
  return sign === '-' ? -total : total;
}

/** luxon's name for a fixed offset ("UTC+05:30"). */
function fixedZone(offsetMinutes: number): string {
  const sign = offsetMinutes < 0 ? '-' : '+';
  const absolute = Math.abs(offsetMinutes);
  const hours = String(Math.floor(absolute / 60)).padStart(2, '0');
  const minutes = String(absolute % 60).padStart(2, '0');
  return `UTC${sign}${hours}:${minutes}`;
}
