import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildReport, rows, TestStore } from './store-builder.js';

/**
 * As of 2026-03-20, window 1–15 March. Delivery planned 12:00 UTC on the day of departure (10:00).
 * Tolerances: road 2h, ocean 24h.
 *
 *   USATL>USCLT road: S1 delivered +1h (on time), S2 +5h (late), S3 not delivered; cases S2 ×2, S3 ×1
 *     → 3 shipments, late 1 of 2 = 50%, 3 cases = 100 per 100, mean delay (1 + 5) / 2 = 3h
 *   USCHI>USDET road: S4 +3h (late), S5 not delivered; case S5 ×1
 *     → 50 per 100, late 1 of 1 = 100%, mean delay 3h
 *   DEHAM>CAMTR ocean: S6 +30h (late, via USNYC), S7 −6h; case S6 ×1
 *     → 50 per 100, late 50%, mean delay 12h
 *   CNSHA>USLAX ocean: S8 on plan, no case → 0 per 100, late 0%, mean delay 0
 * Risk rank: USATL>USCLT (100), then USCHI>USDET and DEHAM>CAMTR tie at 50 and late % decides
 * (100 before 50), then CNSHA>USLAX.
 */
function buildStore(): TestStore {
  const store = new TestStore('2026-03-20T00:00:00Z');
  const plannedOn = (day: string) => ({ departed: `${day}T10:00:00Z`, delivered: `${day}T12:00:00Z` });
  const road = (id: string, origin: string, destination: string, day: string, deliveredAt?: string) => {
    store.shipment(id, { origin, destination, planned: plannedOn(day) });
    if (deliveredAt) store.event(id, 'delivered', deliveredAt);
  };
  road('S1', 'USATL', 'USCLT', '2026-03-02', '2026-03-02T13:00:00Z');
  road('S2', 'USATL', 'USCLT', '2026-03-03', '2026-03-03T17:00:00Z');
  road('S3', 'USATL', 'USCLT', '2026-03-04');
  road('S4', 'USCHI', 'USDET', '2026-03-02', '2026-03-02T15:00:00Z');
  road('S5', 'USCHI', 'USDET', '2026-03-03');
  store
    .shipment('S6', { mode: 'ocean', origin: 'DEHAM', destination: 'CAMTR', route: ['DEHAM', 'USNYC', 'CAMTR'], planned: plannedOn('2026-03-05') })
    .event('S6', 'delivered', '2026-03-06T18:00:00Z')
    .shipment('S7', { mode: 'ocean', origin: 'DEHAM', destination: 'CAMTR', route: ['DEHAM', 'CAMTR'], planned: plannedOn('2026-03-06') })
    .event('S7', 'delivered', '2026-03-06T06:00:00Z')
    .shipment('S8', { mode: 'ocean', origin: 'CNSHA', destination: 'USLAX', planned: plannedOn('2026-03-07') })
    .event('S8', 'delivered', '2026-03-07T12:00:00Z');
  for (const [shipmentId, count] of [
    ['S2', 2],
    ['S3', 1],
    ['S5', 1],
    ['S6', 1],
  ] as const) {
    for (let n = 0; n < count; n++) store.addCase({ shipmentId });
  }
  return store;
}

const WINDOW = { from: '2026-03-01T00:00:00Z', to: '2026-03-15T00:00:00Z' };

describe('routes report', () => {
  let store: TestStore;
  beforeEach(() => {
    store = buildStore();
  });
  afterEach(() => store.close());

  it('ranks lanes by exceptions per 100 shipments, then late %, and flags those above the threshold', () => {
    const report = buildReport(store, 'routes', { ...WINDOW, threshold: 50 });
    expect(rows(report, 'lanes')).toEqual([
      {
        risk_rank: 1,
        lane: 'USATL>USCLT',
        modes: 'road',
        shipments: 3,
        delivered: 2,
        late: 1,
        late_pct: 50,
        exceptions: 3,
        exceptions_per_100: 100,
        delay_mean_h: 3,
        flagged: 'FLAG',
      },
      {
        risk_rank: 2,
        lane: 'USCHI>USDET',
        modes: 'road',
        shipments: 2,
        delivered: 1,
        late: 1,
        late_pct: 100,
        exceptions: 1,
        exceptions_per_100: 50,
        delay_mean_h: 3,
        flagged: '',
      },
      {
        risk_rank: 3,
        lane: 'DEHAM>CAMTR',
        modes: 'ocean',
        shipments: 2,
        delivered: 2,
        late: 1,
        late_pct: 50,
        exceptions: 1,
        exceptions_per_100: 50,
        delay_mean_h: 12,
        flagged: '',
      },
      {
        risk_rank: 4,
        lane: 'CNSHA>USLAX',
        modes: 'ocean',
        shipments: 1,
        delivered: 1,
        late: 0,
        late_pct: 0,
        exceptions: 0,
        exceptions_per_100: 0,
        delay_mean_h: 0,
        flagged: '',
      },
    ]);
    expect(report.parameters.threshold).toBe('50 exceptions per 100 shipments');
  });

  it('flags strictly above the threshold', () => {
    const report = buildReport(store, 'routes', { ...WINDOW, threshold: 49.99 });
    expect(
      rows(report, 'lanes')
        .filter((r) => r.flagged)
        .map((r) => r.lane),
    ).toEqual(['USATL>USCLT', 'USCHI>USDET', 'DEHAM>CAMTR']);
  });

  it('splits lanes by planned stops with --via', () => {
    const report = buildReport(store, 'routes', { ...WINDOW, viaStops: true });
    const ocean = rows(report, 'lanes').filter((r) => r.modes === 'ocean');
    expect(ocean.map((r) => [r.lane, r.exceptions_per_100, r.late_pct])).toEqual([
      ['DEHAM>USNYC>CAMTR', 100, 100],
      ['CNSHA>USLAX', 0, 0],
      ['DEHAM>CAMTR', 0, 0],
    ]);
  });

  it('filters lanes by glob', () => {
    const report = buildReport(store, 'routes', { ...WINDOW, filters: { lane: ['US*>US*'] } });
    expect(rows(report, 'lanes').map((r) => r.lane)).toEqual(['USATL>USCLT', 'USCHI>USDET']);
  });
});
