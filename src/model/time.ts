/**
 * Reading times from inputs. Every time becomes an instant (epoch ms) and keeps the original text and
 * the zone used, so a report can show "07:00 local (America/Toronto)" and a rule can compare instants.
 */
import type { DateTime } from 'luxon';
import { luxon } from './luxon.js';
import type { TimeValue, ZoneSource } from './records.js';

/**
 * Where a local time was read, as far as the source says: any of a UN/LOCODE, an IATA airport code,
 * a free-text name with its state and country, coordinates. `written` is the place as the source
 * wrote it, for messages and `logex locations`.
 */
export interface PlaceQuery {
  written: string;
  locode?: string;
  iata?: string;
  name?: string;
  /** US state or Canadian province code (X12 MS1, R4). */
  state?: string;
  /** ISO 3166 two-letter country code. */
  country?: string;
  coordinates?: { latitude: number; longitude: number };
}

/** A place's zone and how it was found. */
export interface ZoneResolution {
  zone: string;
  source: ZoneSource;
  /** What the place matched: "CNXGG Xingang", "PNS (airport)", "US state FL". */
  matched?: string;
  /** Said with the time: the zone may be an hour off (a state that spans two zones). */
  caveat?: string;
}

export interface TimeContext {
  /** IANA zone for times without an offset and without a known location (`--tz`, default UTC). */
  defaultZone: string;
  /**
   * What a time read in `defaultZone` records as its zone source: `default` (a guess, which readers warn
   * about) unless the user declared that zone for the source (withDeclaredZone).
   */
  defaultZoneSource?: ZoneSource;
  /** IANA zone of a UN/LOCODE, if known. */
  zoneFor(locode: string | undefined): string | undefined;
  /** The zone of a place and how it was found (LocationTable); without it, `zoneFor` of the UN/LOCODE. */
  locate?(place: PlaceQuery | string): ZoneResolution | undefined;
  /** Told of every local time read at a place (`logex locations` counts them). */
  onPlaced?(value: TimeValue, place: PlaceQuery | string | undefined, resolution: ZoneResolution | undefined): void;
}

export type TimeParse = { ok: true; value: TimeValue; warning?: string } | { ok: false; error: string };

const OFFSET_SUFFIX = /(Z|[+-]\d{2}(:?\d{2})?)$/i;
const ISO_LIKE = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}(:?\d{2})?)?$/i;

export function isValidZone(zone: string): boolean {
  // The default --tz needs no check: asking Intl about any zone first loads its time-zone data,
  // which a run that never converts a local time would otherwise pay at start-up.
  return zone === 'UTC' || luxon().IANAZone.isValidZone(zone);
}

/**
 * Parse an ISO 8601 date-time as written in canonical CSV (`T` or a space between date and time).
 * Without an offset the time is wall-clock time in the zone of `place` (if known) or the default
 * zone; times that fall in a DST gap or overlap are read, but reported as a warning.
 */
/**
 * An instant a person typed (a flag, a test's `as_of`): an ISO 8601 date-time, in `zone` when it has no
 * offset, or a bare date, its midnight in `zone`. `bareDate` says which it was, for flags whose period
 * end includes the whole day.
 */
export function parseTypedInstant(text: string, zone: string): { ok: true; epochMs: number; bareDate: boolean } | { ok: false; error: string } {
  const trimmed = text.trim();
  const bareDate = /^\d{4}-\d{2}-\d{2}$/.test(trimmed);
  const parsed = parseIsoTime(bareDate ? `${trimmed}T00:00` : trimmed, { defaultZone: zone, zoneFor: () => undefined });
  return parsed.ok ? { ok: true, epochMs: parsed.value.epochMs, bareDate } : parsed;
}

export function parseIsoTime(text: string, context: TimeContext, place?: PlaceQuery | string): TimeParse {
  const trimmed = text.trim();
  if (!ISO_LIKE.test(trimmed)) {
    return {
      ok: false,
      error: `"${trimmed}" is not an ISO 8601 date-time (expected e.g. 2026-05-04T08:00:00Z or 2026-05-04T10:00+02:00)`,
    };
  }
  const normalised = trimmed.replace(' ', 'T');
  const fast = parseCommonOffsetTime(normalised, trimmed);
  if (fast) return { ok: true, value: fast };
  if (OFFSET_SUFFIX.test(normalised)) {
    const impossible = impossibleOffset(normalised);
    if (impossible) return { ok: false, error: `"${trimmed}" has an impossible UTC offset ${impossible} (offsets run from -12:00 to +14:00)` };
    const parsed = luxon().DateTime.fromISO(normalised, { setZone: true });
    if (!parsed.isValid) return { ok: false, error: `"${trimmed}" is not a valid date-time (${whyInvalid(parsed)})` };
    return {
      ok: true,
      value: { epochMs: parsed.toMillis(), text: trimmed, zone: offsetName(parsed.offset), zoneSource: 'offset' },
    };
  }
  const parts = luxon().DateTime.fromISO(normalised, { zone: 'UTC' });
  if (!parts.isValid) return { ok: false, error: `"${trimmed}" is not a valid date-time (${whyInvalid(parts)})` };
  return fromWallClock(
    {
      year: parts.year,
      month: parts.month,
      day: parts.day,
      hour: parts.hour,
      minute: parts.minute,
      second: parts.second,
      millisecond: parts.millisecond,
    },
    trimmed,
    context,
    place,
  );
}

/** The offset as written, when no place on Earth uses it (luxon would read `+99:99` as a 4-day shift). */
function impossibleOffset(normalised: string): string | undefined {
  const match = /([+-])(\d{2}):?(\d{2})?$/.exec(normalised);
  if (!match) return undefined;
  const [written, sign, hours = '', minutes = '00'] = match;
  return isPossibleOffset(sign!, hours, minutes) ? undefined : written;
}

/** UTC offsets in use run from -12:00 to +14:00, with minutes 00-59. */
function isPossibleOffset(sign: string, hours: string, minutes: string): boolean {
  const total = Number(hours) * 60 + Number(minutes);
  return Number(minutes) <= 59 && total <= (sign === '-' ? 12 * 60 : 14 * 60);
}

/** The shape nearly every carrier export uses: minutes or seconds (milliseconds at most), then Z or ±HH:MM. */
const COMMON_OFFSET_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(?:(Z)|([+-])(\d{2}):(\d{2}))$/i;

/**
 * The hot path of a large import: luxon's general ISO parser costs more than reading the row. The
 * common shape is computed directly; anything unusual or out of range (hour 24, a 30 February, an odd
 * offset) returns undefined and goes through luxon, whose reading and messages stay the reference
 * (test/model/time-fast-path.test.ts compares the two).
 */
function parseCommonOffsetTime(normalised: string, text: string): TimeValue | undefined {
  const match = COMMON_OFFSET_TIME.exec(normalised);
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second = '0', fraction = '0', zulu, sign, offsetHours = '0', offsetMinutes = '0'] = match;
  const fields = { year: Number(year), month: Number(month), day: Number(day), hour: Number(hour), minute: Number(minute), second: Number(second) };
  const offset = (sign === '-' ? -1 : 1) * (Number(offsetHours) * 60 + Number(offsetMinutes));
  if (fields.hour > 23 || fields.minute > 59 || fields.second > 59 || (!zulu && !isPossibleOffset(sign!, offsetHours, offsetMinutes))) return undefined;
  // Date.UTC rolls 30 February over into March (luxon refuses it) and reads years 0-99 as 19xx.
  if (fields.year < 100 || fields.month < 1 || fields.month > 12 || fields.day < 1 || fields.day > daysInMonth(fields.year, fields.month)) return undefined;
  const local = Date.UTC(fields.year, fields.month - 1, fields.day, fields.hour, fields.minute, fields.second, Number(fraction.padEnd(3, '0')));
  return { epochMs: local - offset * 60_000, text, zone: zulu ? 'UTC' : offsetName(offset), zoneSource: 'offset' };
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second?: number;
  millisecond?: number;
}

/**
 * A wall-clock time with no offset: resolve it in the place's zone, else the default zone.
 * Shared by every reader, so EDI local times follow the same DST policy as CSV. A place that cannot
 * be placed leaves `zoneSource` `default`: the caller says so in a warning.
 */
export function fromWallClock(wall: WallClock, text: string, context: TimeContext, place?: PlaceQuery | string): TimeParse {
  const resolution = locate(context, place);
  const parsed = inZone(wall, text, resolution?.zone ?? context.defaultZone, resolution?.source ?? context.defaultZoneSource ?? 'default');
  if (!parsed.ok) return parsed;
  context.onPlaced?.(parsed.value, place, resolution);
  if (!resolution?.caveat) return parsed;
  const where = typeof place === 'string' ? place : place?.written;
  const caveat = `local time ${text} at ${where} read in ${resolution.zone}, but ${resolution.caveat}`;
  return { ...parsed, warning: parsed.warning ? `${caveat}; ${parsed.warning}` : caveat };
}

/**
 * The context for a source whose zone the user declared (a mapping profile's `zone`, a sender's
 * `sender_zones`): times it cannot place are read in that zone, with zone source `profile` — not a
 * guess, so no reader warns. Without a declared zone, the context as it is (--tz).
 */
export function withDeclaredZone(context: TimeContext, zone: string | undefined): TimeContext {
  return zone ? { ...context, defaultZone: zone, defaultZoneSource: 'profile' } : context;
}

/**
 * Why luxon refused a date-time, in the user's words: "month 25 is out of range" rather than its
 * "you specified 25 (of type number) as a month, which is invalid" (a day-month swap, 2020-25-02).
 */
export function whyInvalid(invalid: Pick<DateTime, 'invalidReason' | 'invalidExplanation'>): string {
  const unit = /you specified (\S+) \(of type \w+\) as an? (\w+), which is invalid/.exec(invalid.invalidExplanation ?? '');
  if (unit) return `${unit[2]} ${unit[1]} is out of range`;
  return invalid.invalidExplanation ?? invalid.invalidReason ?? 'invalid';
}

/** The zone of a place under this context, if it has one. */
export function locate(context: TimeContext, place: PlaceQuery | string | undefined): ZoneResolution | undefined {
  if (place === undefined || place === '') return undefined;
  if (context.locate) return context.locate(place);
  const zone = context.zoneFor(typeof place === 'string' ? place : place.locode);
  return zone ? { zone, source: 'location' } : undefined;
}

/** A wall-clock time in a zone named by the source itself (an X12 time code, a fixed offset). */
export function inZone(wall: WallClock, text: string, zone: string, zoneSource: TimeValue['zoneSource']): TimeParse {
  const resolved = luxon().DateTime.fromObject(wall, { zone });
  if (!resolved.isValid) {
    return { ok: false, error: `"${text}" is not a valid date-time in ${zone} (${whyInvalid(resolved)})` };
  }
  const sameWallClock = (candidate: DateTime) => candidate.day === wall.day && candidate.hour === wall.hour && candidate.minute === wall.minute;
  if (!sameWallClock(resolved)) {
    return {
      ok: true,
      value: { epochMs: resolved.toMillis(), text, zone, zoneSource },
      warning: `local time ${text} does not exist in ${zone} (daylight-saving gap); read as ${isoIn(resolved)}`,
    };
  }
  // In an overlap the same wall clock occurs twice; like Temporal's "compatible" choice, take the first.
  const hourEarlier = luxon().DateTime.fromMillis(resolved.toMillis() - 3_600_000, { zone });
  const hourLater = luxon().DateTime.fromMillis(resolved.toMillis() + 3_600_000, { zone });
  if (sameWallClock(hourEarlier) || sameWallClock(hourLater)) {
    const first = sameWallClock(hourEarlier) ? hourEarlier : resolved;
    return {
      ok: true,
      value: { epochMs: first.toMillis(), text, zone, zoneSource },
      warning: `local time ${text} occurs twice in ${zone} (daylight-saving overlap); read as the first, ${isoIn(first)}`,
    };
  }
  return { ok: true, value: { epochMs: resolved.toMillis(), text, zone, zoneSource } };
}

function isoIn(dateTime: DateTime): string {
  return dateTime.toISO({ suppressMilliseconds: true }) ?? '';
}

/** A fixed offset as ±HH:MM, the zone we record for times that carried their own offset. */
/** Every time read names its offset: remembered, as a file uses a handful of offsets. */
const OFFSET_NAMES = new Map<number, string>([[0, 'UTC']]);

export function offsetName(offsetMinutes: number): string {
  let name = OFFSET_NAMES.get(offsetMinutes);
  if (name === undefined) {
    name = luxon().FixedOffsetZone.instance(offsetMinutes).formatOffset(0, 'short');
    OFFSET_NAMES.set(offsetMinutes, name);
  }
  return name;
}

/** ISO 8601 in UTC, how instants are shown in JSON and CSV outputs. */
export function isoUtc(epochMs: number): string {
  return luxon().DateTime.fromMillis(epochMs, { zone: 'UTC' }).toISO({ suppressMilliseconds: true }) ?? '';
}
