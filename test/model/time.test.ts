import { describe, expect, it } from 'vitest';
import { parseIsoTime, type TimeContext } from '../../src/model/time.js';
import { LocationTable } from '../../src/model/locations.js';

const context = (defaultZone = 'UTC'): TimeContext => new LocationTable().timeContext(defaultZone);

describe('parseIsoTime', () => {
  it.each([
    ['2026-05-05T00:00:00+02:00', '2026-05-04T22:00:00.000Z', '+02:00'],
    ['2026-05-17T00:00:00-04:00', '2026-05-17T04:00:00.000Z', '-04:00'],
    ['2026-05-04T08:00:00Z', '2026-05-04T08:00:00.000Z', 'UTC'],
    ['2026-05-04 08:00+0530', '2026-05-04T02:30:00.000Z', '+05:30'],
  ])('%s with its own offset is that instant', (text, utc, zone) => {
    const parsed = parseIsoTime(text, context('America/New_York'), 'DEHAM');
    expect(parsed.ok && new Date(parsed.value.epochMs).toISOString()).toBe(utc);
    expect(parsed.ok && parsed.value).toMatchObject({ zone, zoneSource: 'offset', text });
  });

  it('a local time without offset uses the location zone and records it', () => {
    const parsed = parseIsoTime('2026-07-01T12:00', context('UTC'), 'DEHAM');
    expect(parsed.ok && new Date(parsed.value.epochMs).toISOString()).toBe('2026-07-01T10:00:00.000Z');
    expect(parsed.ok && parsed.value).toMatchObject({ zone: 'Europe/Berlin', zoneSource: 'port' });
  });

  it('without a known location it uses the --tz default, recorded as such', () => {
    const parsed = parseIsoTime('2026-01-15T12:00:00', context('America/Chicago'), 'XXXXX');
    expect(parsed.ok && new Date(parsed.value.epochMs).toISOString()).toBe('2026-01-15T18:00:00.000Z');
    expect(parsed.ok && parsed.value).toMatchObject({ zone: 'America/Chicago', zoneSource: 'default' });
  });

  it('the same wall clock either side of a DST change gives different offsets', () => {
    const winter = parseIsoTime('2026-03-07T12:00', context(), 'USNYC');
    const summer = parseIsoTime('2026-03-09T12:00', context(), 'USNYC');
    expect(winter.ok && new Date(winter.value.epochMs).toISOString()).toBe('2026-03-07T17:00:00.000Z');
    expect(summer.ok && new Date(summer.value.epochMs).toISOString()).toBe('2026-03-09T16:00:00.000Z');
  });

  it('a time in the spring-forward gap is read forward, with a warning', () => {
    const parsed = parseIsoTime('2026-03-29T02:30', context(), 'DEHAM');
    expect(parsed.ok && new Date(parsed.value.epochMs).toISOString()).toBe('2026-03-29T01:30:00.000Z');
    expect(parsed.ok && parsed.warning).toMatch(/does not exist in Europe\/Berlin/);
  });

  it('a time in the fall-back overlap is read as the first occurrence, with a warning', () => {
    const parsed = parseIsoTime('2026-11-01T01:30', context(), 'USNYC');
    // 01:30 EDT (-04:00) comes first, then 01:30 EST (-05:00).
    expect(parsed.ok && new Date(parsed.value.epochMs).toISOString()).toBe('2026-11-01T05:30:00.000Z');
    expect(parsed.ok && parsed.warning).toMatch(/occurs twice in America\/New_York/);
  });

  it('an ordinary local time carries no warning', () => {
    const parsed = parseIsoTime('2026-11-01T03:30', context(), 'USNYC');
    expect(parsed.ok && parsed.warning).toBeUndefined();
  });

  it.each(['2026-05-04', '04/05/2026 08:00', '2026-13-01T00:00Z', '2026-02-30T10:00', 'yesterday', ''])('refuses %j', (text) => {
    const parsed = parseIsoTime(text, context());
    expect(parsed.ok).toBe(false);
  });
});

describe('UTC offsets no place uses are refused, not shifted', () => {
  it.each(['2026-03-20T10:00+99:99', '2026-03-20T10:00+25:00', '2026-03-20T10:00+01:60', '2026-03-20T10:00:00-13:00', '2026-03-20 10:00+1500'])(
    '%s is an error naming the offset',
    (text) => {
      const parsed = parseIsoTime(text, context());
      expect(parsed.ok).toBe(false);
      expect(!parsed.ok && parsed.error).toMatch(/has an impossible UTC offset [+-]\d{2}:?\d{2} \(offsets run from -12:00 to \+14:00\)$/);
    },
  );

  it('every offset from -12:00 to +14:00 reads as that shift; anything beyond or with minutes over 59 is refused', async () => {
    const { default: fc } = await import('fast-check');
    fc.assert(
      fc.property(fc.constantFrom('+', '-'), fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 99 }), (sign, hours, minutes) => {
        const offset = `${sign}${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`;
        const parsed = parseIsoTime(`2026-03-20T10:00${offset}`, context());
        const total = hours * 60 + minutes;
        const possible = minutes <= 59 && total <= (sign === '+' ? 14 * 60 : 12 * 60);
        expect(parsed.ok).toBe(possible);
        if (parsed.ok) expect(parsed.value.epochMs).toBe(Date.UTC(2026, 2, 20, 10, 0) - (sign === '+' ? 1 : -1) * total * 60_000);
      }),
      { seed: 20261202, numRuns: 500 },
    );
  });
});
