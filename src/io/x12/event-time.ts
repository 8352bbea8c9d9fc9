/**
 * An X12 date (CCYYMMDD), time (HHMM, HHMMSS, HHMMSSD, HHMMSSDD) and time code as an instant.
 *
 * Zone, in order: the time code when it names one; else local time at the event's place, as the
 * location table finds it (a UN/LOCODE, a city matched by name in its state and country, the state's
 * or province's zone; docs/locations.md), else the default zone (--tz) with a warning, since then the
 * instant is a guess.
 */
import type { TimeValue } from '../../model/records.js';
import { whyUnplaced } from '../../model/locations.js';
import { fromWallClock, inZone, type PlaceQuery, type TimeContext, type TimeParse, type WallClock } from '../../model/time.js';
import { X12_TIME_CODES } from './time-codes.js';

/** Where an event happened, as far as the message says. */
export interface Place {
  /** What the event shows as its location: a UN/LOCODE, else text such as "MEMPHIS, TN, US". */
  location: string;
  locode?: string;
  /** A city or port name (MS101, R403/R404 when not a UN/LOCODE). */
  name?: string;
  state?: string;
  country?: string;
  coordinates?: { latitude: number; longitude: number };
}

export interface X12DateTime {
  date: string;
  time: string;
  timeCode?: string;
}

export type EventTime = { ok: true; value: TimeValue; warnings: string[] } | { ok: false; error: string };

const DATE = /^(\d{4})(\d{2})(\d{2})$/;
const TIME = /^(\d{2})(\d{2})(?:(\d{2})(\d{1,2})?)?$/;

export function readEventTime(when: X12DateTime, place: Place | undefined, context: TimeContext): EventTime {
  const text = [when.date, when.time, when.timeCode].filter(Boolean).join(' ');
  const date = DATE.exec(when.date);
  if (!date) return { ok: false, error: `date "${when.date}" is not CCYYMMDD (e.g. 20240131)` };
  const warnings: string[] = [];
  let wall: WallClock = { year: Number(date[1]), month: Number(date[2]), day: Number(date[3]), hour: 0, minute: 0 };
  if (when.time === '') {
    warnings.push(`no time given with date ${when.date}; read as 00:00`);
  } else {
    const time = TIME.exec(when.time);
    if (!time) return { ok: false, error: `time "${when.time}" is not HHMM or HHMMSS (e.g. 1430)` };
    const [, hour = '', minute = '', second, decimals] = time;
    wall = {
      ...wall,
      hour: Number(hour),
      minute: Number(minute),
      second: second ? Number(second) : 0,
      // HHMMSSD is tenths, HHMMSSDD hundredths of a second.
      millisecond: decimals ? Number(decimals.padEnd(3, '0')) : 0,
    };
  }

  const timeCode = when.timeCode?.toUpperCase() ?? '';
  const meaning = timeCode ? X12_TIME_CODES[timeCode] : undefined;
  if (timeCode && !meaning) {
    warnings.push(`time code "${when.timeCode}" is not an X12 time code (element 623); read as local time`);
  }
  const parsed = meaning?.kind === 'zone' ? inZone(wall, text, meaning.zone, 'offset') : localTime(wall, text, place, context, warnings);
  if (!parsed.ok) return parsed;
  if (parsed.warning) warnings.push(parsed.warning);
  return { ok: true, value: parsed.value, warnings };
}

function localTime(wall: WallClock, text: string, place: Place | undefined, context: TimeContext, warnings: string[]): TimeParse {
  const query = place ? placeQuery(place) : undefined;
  const parsed = fromWallClock(wall, text, context, query);
  if (parsed.ok && parsed.value.zoneSource === 'default') {
    const where = query ? whyUnplaced(query) : 'the message gives no location for it';
    warnings.push(`local time ${text} could not be placed in a time zone: ${where}; read in ${context.defaultZone} (--tz)`);
  }
  return parsed;
}

function placeQuery(place: Place): PlaceQuery {
  return {
    written: place.location,
    ...(place.locode ? { locode: place.locode } : {}),
    ...(place.name ? { name: place.name } : {}),
    ...(place.state ? { state: place.state } : {}),
    ...(place.country ? { country: place.country } : {}),
    ...(place.coordinates ? { coordinates: place.coordinates } : {}),
  };
}
