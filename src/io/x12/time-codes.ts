/**
 * X12 element 623 "Time Code" (AT707 in a 214, DTM04 in a 315): which zone a date and time are in.
 * Source: https://stedi.com/edi/x12-004010/element/623 (and https://stedi.com/edi/x12/element/623 for
 * 25-29, added in later releases).
 *
 * - Generic codes (ET "Eastern Time", CT, MT, PT, AT "Alaska Time", HT "Hawaii-Aleutian Time",
 *   NT "Newfoundland Time", TT "Atlantic Time") follow daylight saving: they name an IANA zone.
 * - Explicit standard/daylight codes (ES/ED, CS/CD, …) and the numeric ISO codes are fixed offsets.
 *   Note that "20" is a valid code: ISO M05, i.e. UTC-05:00.
 * - LT "Local Time" means the time at the event's location, as does a missing code.
 * - A few spellings that are not in the standard but that senders use (EST, CDT, Z…) are accepted too.
 */
export type TimeCodeMeaning = { kind: 'local' } | { kind: 'zone'; zone: string };

/** A fixed offset as a zone name luxon reads ("UTC-05:00", "UTC+05:30", "UTC"); minutes take the sign of hours. */
function fixedOffset(hours: number, minutes = 0): TimeCodeMeaning {
  if (hours === 0 && minutes === 0) return { kind: 'zone', zone: 'UTC' };
  const sign = hours < 0 ? '-' : '+';
  const pad = (value: number) => String(Math.abs(value)).padStart(2, '0');
  return { kind: 'zone', zone: `UTC${sign}${pad(hours)}:${pad(minutes)}` };
}

const zone = (name: string): TimeCodeMeaning => ({ kind: 'zone', zone: name });

/** "01"-"12" are ISO P01-P12 (UTC+1…+12); "13"-"24" are ISO M12-M01 (UTC-12…-1). */
const ISO_NUMBERED: Record<string, TimeCodeMeaning> = Object.fromEntries(
  Array.from({ length: 24 }, (_, index) => {
    const code = index + 1;
    const hours = code <= 12 ? code : -(25 - code);
    return [String(code).padStart(2, '0'), fixedOffset(hours)];
  }),
);

export const X12_TIME_CODES: Readonly<Record<string, TimeCodeMeaning>> = {
  ...ISO_NUMBERED,
  '25': fixedOffset(-2, 30),
  '26': fixedOffset(-3, 30),
  '27': fixedOffset(5, 30),
  '28': fixedOffset(9, 30),
  '29': fixedOffset(10, 30),
  LT: { kind: 'local' },
  UT: fixedOffset(0),
  GM: fixedOffset(0),
  ET: zone('America/New_York'),
  ES: fixedOffset(-5),
  ED: fixedOffset(-4),
  CT: zone('America/Chicago'),
  CS: fixedOffset(-6),
  CD: fixedOffset(-5),
  MT: zone('America/Denver'),
  MS: fixedOffset(-7),
  MD: fixedOffset(-6),
  PT: zone('America/Los_Angeles'),
  PS: fixedOffset(-8),
  PD: fixedOffset(-7),
  AT: zone('America/Anchorage'),
  AS: fixedOffset(-9),
  AD: fixedOffset(-8),
  // Hawaii does not observe daylight saving (the Aleutians do); HT follows Honolulu.
  HT: zone('Pacific/Honolulu'),
  HS: fixedOffset(-10),
  HD: fixedOffset(-9),
  NT: zone('America/St_Johns'),
  NS: fixedOffset(-3, 30),
  ND: fixedOffset(-2, 30),
  TT: zone('America/Halifax'),
  TS: fixedOffset(-4),
  TD: fixedOffset(-3),
  // Non-standard spellings seen in the wild.
  Z: fixedOffset(0),
  UTC: fixedOffset(0),
  GMT: fixedOffset(0),
  EST: fixedOffset(-5),
  EDT: fixedOffset(-4),
  CST: fixedOffset(-6),
  CDT: fixedOffset(-5),
  MST: fixedOffset(-7),
  MDT: fixedOffset(-6),
  PST: fixedOffset(-8),
  PDT: fixedOffset(-7),
};
