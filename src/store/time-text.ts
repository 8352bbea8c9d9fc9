/**
 * How a time's original text is stored (issue 20). Nearly every carrier file writes its times the way
 * logex would write them back from the instant and the offset — 2026-02-23T21:22+01:00, or with
 * seconds, or ...Z in UTC — so the text would repeat what epoch_ms and the zone already say. Such a text
 * is stored as '' and written back on reading; any other text (a date without an offset, an X12
 * date and time, seconds written as :00, a zone by name) is stored as read. Writing back is the same
 * function that decided to leave it out, so the text read is the text stored, byte for byte
 * (test/store/time-text.test.ts). The zone's source is stored as '' when it is the usual one.
 */
import type { TimeValue, ZoneSource } from '../model/records.js';

const FIXED_OFFSET = /^([+-])(\d\d):(\d\d)$/;
/** Minutes east of UTC per zone name, null for a zone by name: a store holds a handful of offsets. */
const OFFSET_MINUTES = new Map<string, number | null>([['UTC', 0]]);
const TWO_DIGITS = Array.from({ length: 100 }, (_, value) => String(value).padStart(2, '0'));
const LOCAL = new Date(0);

/**
 * The text logex writes for an instant in a zone that is a fixed offset (or UTC): the local date and
 * time to the minute, with seconds or milliseconds only when the instant has them, then the offset
 * (Z for UTC). Undefined for a zone by name, whose offset would need the time-zone data, and for years
 * outside 1000-9999. Written digit by digit: it runs for every event stored and read, and
 * Date#toISOString with slicing took three times as long.
 */
export function canonicalTimeText(epochMs: number, zone: string): string | undefined {
  const offset = offsetMinutes(zone);
  if (offset === null) return undefined;
  LOCAL.setTime(epochMs + offset * 60_000);
  const year = LOCAL.getUTCFullYear();
  if (year < 1000 || year > 9999) return undefined;
  let text = `${year}-${TWO_DIGITS[LOCAL.getUTCMonth() + 1]}-${TWO_DIGITS[LOCAL.getUTCDate()]}T${TWO_DIGITS[LOCAL.getUTCHours()]}:${TWO_DIGITS[LOCAL.getUTCMinutes()]}`;
  const withinMinute = ((epochMs % 60_000) + 60_000) % 60_000;
  if (withinMinute !== 0) {
    text += `:${TWO_DIGITS[LOCAL.getUTCSeconds()]}`;
    if (withinMinute % 1000 !== 0) text += `.${String(withinMinute % 1000).padStart(3, '0')}`;
  }
  return text + (zone === 'UTC' ? 'Z' : zone);
}

function offsetMinutes(zone: string): number | null {
  let minutes = OFFSET_MINUTES.get(zone);
  if (minutes === undefined) {
    const match = FIXED_OFFSET.exec(zone);
    minutes = match ? (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3])) : null;
    OFFSET_MINUTES.set(zone, minutes);
  }
  return minutes;
}

/** The text column's value for a time: '' when reading it back writes the same text. */
export function storedTimeText(time: Pick<TimeValue, 'epochMs' | 'text' | 'zone'>): string {
  return time.text === canonicalTimeText(time.epochMs, time.zone) ? '' : time.text;
}

/**
 * The zone source column's value: '' for 'offset', which nearly every stored time has (its text
 * carried its offset), else the source's name.
 */
export function storedZoneSource(source: ZoneSource): string {
  return source === 'offset' ? '' : source;
}

export function readZoneSource(stored: string): ZoneSource {
  return stored === '' ? 'offset' : (stored as ZoneSource);
}

/** The original text of a stored time, from its text column. */
export function readTimeText(stored: string, epochMs: number, zone: string): string {
  return stored === '' ? (canonicalTimeText(epochMs, zone) ?? '') : stored;
}
