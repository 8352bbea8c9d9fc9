/**
 * A time's text is stored as '' when the instant and zone write it back (src/store/time-text.ts). What
 * a user must be able to rely on: every time reads back with the text it was read with, byte for byte;
 * the text is left out only when luxon, writing the instant in that offset, writes the same text.
 */
import fc from 'fast-check';
import { DateTime, FixedOffsetZone } from 'luxon';
import { describe, expect, it } from 'vitest';
import { LocationTable } from '../../src/model/locations.js';
import { parseIsoTime } from '../../src/model/time.js';
import { canonicalTimeText, readTimeText, storedTimeText } from '../../src/store/time-text.js';

const two = (n: number) => String(n).padStart(2, '0');
const context = new LocationTable().timeContext('America/Chicago');

/** The oracle: luxon writing the instant in the zone, to the minute, seconds and milliseconds only when there are some. */
function luxonText(epochMs: number, zone: string): string {
  const offset = zone === 'UTC' ? 0 : DateTime.fromISO(`2000-01-01T00:00${zone}`, { setZone: true }).offset;
  const local = DateTime.fromMillis(epochMs, { zone: FixedOffsetZone.instance(offset) });
  const pattern = epochMs % 1000 !== 0 ? "yyyy-MM-dd'T'HH:mm:ss.SSS" : epochMs % 60_000 !== 0 ? "yyyy-MM-dd'T'HH:mm:ss" : "yyyy-MM-dd'T'HH:mm";
  return local.toFormat(pattern) + (zone === 'UTC' ? 'Z' : zone);
}

const writtenTime = fc
  .record({
    year: fc.integer({ min: 1000, max: 9999 }),
    month: fc.integer({ min: 1, max: 12 }),
    day: fc.integer({ min: 1, max: 28 }),
    hour: fc.integer({ min: 0, max: 23 }),
    minute: fc.integer({ min: 0, max: 59 }),
    second: fc.option(fc.integer({ min: 0, max: 59 }), { nil: undefined }),
    fraction: fc.option(fc.stringMatching(/^\d{1,3}$/), { nil: undefined }),
    separator: fc.constantFrom('T', ' '),
    zone: fc.oneof(
      fc.constantFrom('Z', '+00:00', '', '+05:30', '-03:30', '+14:00', '-12:00'),
      fc
        .record({ sign: fc.constantFrom('+', '-'), hours: fc.integer({ min: 0, max: 11 }), minutes: fc.constantFrom(0, 15, 30, 45) })
        .map(({ sign, hours, minutes }) => `${sign}${two(hours)}:${two(minutes)}`),
    ),
  })
  .map((t) => {
    const seconds = t.second === undefined ? '' : `:${two(t.second)}${t.fraction === undefined ? '' : `.${t.fraction}`}`;
    return `${t.year}-${two(t.month)}-${two(t.day)}${t.separator}${two(t.hour)}:${two(t.minute)}${seconds}${t.zone}`;
  });

describe('time texts in the store', () => {
  it('reads every parsed time back with its own text, and leaves the text out only when luxon writes the same', () => {
    fc.assert(
      fc.property(writtenTime, (text) => {
        const parsed = parseIsoTime(text, context, 'USCHI');
        if (!parsed.ok) return;
        const time = parsed.value;
        const stored = storedTimeText(time);
        expect(readTimeText(stored, time.epochMs, time.zone)).toBe(time.text);
        const fixedOffset = time.zone === 'UTC' || /^[+-]\d\d:\d\d$/.test(time.zone);
        expect(stored === '').toBe(fixedOffset && luxonText(time.epochMs, time.zone) === time.text);
      }),
      { numRuns: 3000 },
    );
  });

  it('writes the text a carrier file usually has, and keeps every other form as read', () => {
    const stored = (text: string) => {
      const parsed = parseIsoTime(text, context, 'USCHI');
      if (!parsed.ok) throw new Error(parsed.error);
      return storedTimeText(parsed.value);
    };
    for (const usual of ['2026-02-23T21:22+01:00', '2026-02-23T21:22:05-05:00', '2026-02-23T21:22:05.250+05:30', '2026-03-29T01:30Z']) {
      expect(stored(usual)).toBe('');
    }
    // Seconds written as :00, a space, +00:00 for UTC, lower-case z, a local time read in the place's zone.
    for (const own of ['2026-02-23T21:22:00+01:00', '2026-02-23 21:22+01:00', '2026-03-29T01:30+00:00', '2026-03-29T01:30z', '2026-03-08T02:30']) {
      expect(stored(own)).toBe(own);
    }
  });

  it('writes nothing for a zone by name or a year outside 1000-9999, so those texts are kept', () => {
    expect(canonicalTimeText(Date.parse('2026-03-08T08:30:00Z'), 'America/Chicago')).toBeUndefined();
    expect(canonicalTimeText(Date.parse('0999-12-31T23:00:00Z'), 'UTC')).toBeUndefined();
    expect(canonicalTimeText(Date.parse('1969-12-31T23:59:59.995Z'), '-01:00')).toBe('1969-12-31T22:59:59.995-01:00');
  });
});
