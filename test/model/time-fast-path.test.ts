/**
 * parseIsoTime reads the common `…T08:00+02:00` shape without luxon, for speed. Whatever the shape,
 * valid or not, its answer must be luxon's: the same instant and zone, or an error. One exception on
 * purpose: luxon accepts offsets no place uses (+15:00, -13:00, +01:60); logex refuses them.
 */
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { offsetName, parseIsoTime } from '../../src/model/time.js';

const context = { defaultZone: 'UTC', zoneFor: () => undefined };
const two = (n: number) => String(n).padStart(2, '0');

const offsetTime = fc
  .record({
    // Years before 100 too: Date.UTC reads 0-99 as 19xx.
    year: fc.oneof(fc.integer({ min: 1960, max: 2100 }), fc.integer({ min: 0, max: 150 })),
    month: fc.integer({ min: 0, max: 13 }),
    day: fc.integer({ min: 0, max: 32 }),
    hour: fc.integer({ min: 0, max: 25 }),
    minute: fc.integer({ min: 0, max: 61 }),
    second: fc.option(fc.integer({ min: 0, max: 61 }), { nil: undefined }),
    fraction: fc.option(fc.stringMatching(/^\d{1,3}$/), { nil: undefined }),
    offset: fc.oneof(
      fc.constant('Z'),
      fc.constant('z'),
      fc
        .record({ sign: fc.constantFrom('+', '-'), hours: fc.integer({ min: 0, max: 18 }), minutes: fc.integer({ min: 0, max: 61 }) })
        .map(({ sign, hours, minutes }) => `${sign}${two(hours)}:${two(minutes)}`),
    ),
  })
  .map((t) => {
    const seconds = t.second === undefined ? '' : `:${two(t.second)}${t.fraction === undefined ? '' : `.${t.fraction}`}`;
    return `${String(t.year).padStart(4, '0')}-${two(t.month)}-${two(t.day)}T${two(t.hour)}:${two(t.minute)}${seconds}${t.offset}`;
  });

describe('parseIsoTime with an offset', () => {
  it('agrees with luxon on every instant, zone and refusal, and refuses offsets beyond -12:00..+14:00', () => {
    fc.assert(
      fc.property(offsetTime, (text) => {
        const reference = DateTime.fromISO(text, { setZone: true });
        const parsed = parseIsoTime(text, context);
        const possibleOffset = reference.isValid && reference.offset >= -12 * 60 && reference.offset <= 14 * 60 && !/:6\d$/.test(text);
        expect(parsed.ok).toBe(reference.isValid && possibleOffset);
        if (parsed.ok) {
          expect(parsed.value.epochMs).toBe(reference.toMillis());
          expect(parsed.value.zone).toBe(offsetName(reference.offset));
          expect(parsed.value.zoneSource).toBe('offset');
          expect(parsed.value.text).toBe(text);
        }
      }),
      { numRuns: 3000, seed: 8 },
    );
  });
});
