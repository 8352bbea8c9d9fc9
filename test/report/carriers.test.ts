import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildReport, rows, TestStore } from './store-builder.js';

/**
 * As of 2026-03-20, window 1–15 March 2026 (previous period 15 Feb – 1 Mar). Road tolerance 2h,
 * ocean 24h (the defaults). Every time below is UTC.
 *
 * AAAA road, planned pickup 08:00, departed 10:00, arrived 16:00, delivered 18:00 on its day:
 *   R1 (2 Mar): pickup 08:30 (+0.5h), departed 12:00 (+2h, equal to tolerance: on time),
 *               arrived 19:00 (+3h late, reason "traffic"), delivered 21:00 (+3h late)
 *   R2 (3 Mar): pickup 07:50, departed 10:00, arrived 15:00 (−1h), delivered 17:00 (−1h)
 *   R3 (4 Mar): pickup 10:01 (+2h01m late), nothing after
 *   R4 (5 Mar): pickup 08:00, departed 10:00, arrived 01:00 next day (+9h), delivered 04:00 next day
 *               (+10h, reason "consignee closed")
 *   R5: planned departure exactly at the window's end (15 Mar 00:00): not in the period
 *   P1: planned departure 15 Feb 00:00 (start of the previous period), delivered on plan
 * BBBB ocean O1: departed exactly 24h late (on time); an estimate and an actual arrival dated after
 *   as-of, neither of which counts.
 * Cases: R1 two milestone_late, R3 one milestone_overdue, R5 one (outside the period).
 */
function buildStore(): TestStore {
  const store = new TestStore('2026-03-20T00:00:00Z');
  const roadDay = (day: string) => ({
    pickup: `${day}T08:00:00Z`,
    departed: `${day}T10:00:00Z`,
    arrived: `${day}T16:00:00Z`,
    delivered: `${day}T18:00:00Z`,
  });
  store
    .shipment('R1', { carrier: 'AAAA', quantity: 10, planned: roadDay('2026-03-02') })
    .event('R1', 'pickup', '2026-03-02T08:30:00Z')
    .event('R1', 'departed', '2026-03-02T12:00:00Z')
    .event('R1', 'arrived', '2026-03-02T19:00:00Z', { reason: 'traffic' })
    .event('R1', 'delivered', '2026-03-02T21:00:00Z')
    .shipment('R2', { carrier: 'AAAA', quantity: 10, planned: roadDay('2026-03-03') })
    .event('R2', 'pickup', '2026-03-03T07:50:00Z')
    .event('R2', 'departed', '2026-03-03T10:00:00Z')
    .event('R2', 'arrived', '2026-03-03T15:00:00Z')
    .event('R2', 'delivered', '2026-03-03T17:00:00Z')
    .shipment('R3', { carrier: 'AAAA', planned: roadDay('2026-03-04') })
    .event('R3', 'pickup', '2026-03-04T10:01:00Z')
    .shipment('R4', { carrier: 'AAAA', quantity: 5, planned: roadDay('2026-03-05') })
    .event('R4', 'pickup', '2026-03-05T08:00:00Z')
    .event('R4', 'departed', '2026-03-05T10:00:00Z')
    .event('R4', 'arrived', '2026-03-06T01:00:00Z')
    .event('R4', 'delivered', '2026-03-06T04:00:00Z', { reason: 'consignee closed' })
    .shipment('R5', { carrier: 'AAAA', planned: { pickup: '2026-03-14T22:00:00Z', departed: '2026-03-15T00:00:00Z' } })
    .event('R5', 'pickup', '2026-03-15T03:00:00Z')
    .shipment('P1', { carrier: 'AAAA', planned: { pickup: '2026-02-14T22:00:00Z', departed: '2026-02-15T00:00:00Z', delivered: '2026-02-15T08:00:00Z' } })
    .event('P1', 'pickup', '2026-02-14T22:00:00Z')
    .event('P1', 'delivered', '2026-02-15T08:00:00Z')
    .shipment('O1', {
      carrier: 'BBBB',
      mode: 'ocean',
      origin: 'CNSHA',
      destination: 'USLAX',
      planned: { departed: '2026-03-10T00:00:00Z', arrived: '2026-03-18T00:00:00Z' },
    })
    .event('O1', 'departed', '2026-03-11T00:00:00Z')
    .event('O1', 'arrived', '2026-03-19T00:00:00Z', { classifier: 'estimated' })
    .event('O1', 'arrived', '2026-03-25T00:00:00Z');
  store.addCase({ shipmentId: 'R1', kind: 'milestone_late', key: 'arrived' });
  store.addCase({ shipmentId: 'R1', kind: 'milestone_late', key: 'delivered' });
  store.addCase({ shipmentId: 'R3', kind: 'milestone_overdue', key: 'departed' });
  store.addCase({ shipmentId: 'R5', kind: 'milestone_overdue', key: 'departed' });
  return store;
}

const WINDOW = { from: '2026-03-01T00:00:00Z', to: '2026-03-15T00:00:00Z' };

describe('carriers report', () => {
  let store: TestStore;
  beforeEach(() => {
    store = buildStore();
  });
  afterEach(() => store.close());

  it('scores on-time per milestone within the mode tolerance, leaving out milestones with no actual', () => {
    const report = buildReport(store, 'carriers', WINDOW);
    expect(rows(report, 'scorecard')).toEqual([
      {
        carrier: 'AAAA',
        mode: 'road',
        shipments: 4,
        pickup_on_time_pct: 75,
        pickup_measured: 4, // R3 late
        departure_on_time_pct: 100,
        departure_measured: 3, // R1 exactly 2h late is on time
        arrival_on_time_pct: 33.33,
        arrival_measured: 3, // only R2
        delivery_on_time_pct: 33.33,
        delivery_measured: 3,
        otif_pct: null,
        otif_measured: 0,
        exceptions: 3,
        exceptions_per_100: 75,
      },
      {
        carrier: 'BBBB',
        mode: 'ocean',
        shipments: 1,
        pickup_on_time_pct: null,
        pickup_measured: 0,
        departure_on_time_pct: 100,
        departure_measured: 1, // exactly 24h late is on time
        arrival_on_time_pct: null,
        arrival_measured: 0, // estimate and future-dated actual do not count
        delivery_on_time_pct: null,
        delivery_measured: 0,
        otif_pct: null,
        otif_measured: 0,
        exceptions: 0,
        exceptions_per_100: 0,
      },
    ]);
    expect(report.notes.join('\n')).toContain('OTIF: no delivered event carries a quantity');
  });

  it('computes delay statistics (nearest-rank p90) and transit time against plan', () => {
    const report = buildReport(store, 'carriers', WINDOW);
    // Delivery delays R1 +3h, R2 −1h, R4 +10h: mean 4, median 3, p90 = the 3rd of 3 (⌈2.7⌉) = 10.
    // Transit (arrived − departed) vs 6h planned: R1 +1h, R2 −1h, R4 +9h: mean 3, σ = √((4+16+36)/3) = 4.32.
    expect(rows(report, 'delays')[0]).toEqual({
      carrier: 'AAAA',
      mode: 'road',
      delivered: 3,
      delay_mean_h: 4,
      delay_median_h: 3,
      delay_p90_h: 10,
      transit_measured: 3,
      transit_vs_plan_mean_h: 3,
      transit_vs_plan_sd_h: 4.32,
    });
    expect(rows(report, 'delays')[1]).toMatchObject({ carrier: 'BBBB', delivered: 0, delay_mean_h: null, delay_p90_h: null, transit_measured: 0 });
  });

  it('compares with the previous period of the same length', () => {
    const report = buildReport(store, 'carriers', WINDOW);
    expect(report.parameters.previous_period).toBe('2026-02-15 00:00Z ≤ t < 2026-03-01 00:00Z');
    expect(rows(report, 'change')[0]).toEqual({
      carrier: 'AAAA',
      mode: 'road',
      shipments: 4,
      previous_shipments: 1,
      delivery_on_time_pct: 33.33,
      previous_delivery_on_time_pct: 100,
      delivery_on_time_change_pp: -66.67,
      exceptions_per_100: 75,
      previous_exceptions_per_100: 0,
      exceptions_per_100_change: 75,
      delay_mean_h: 4,
      previous_delay_mean_h: 0,
      delay_mean_change_h: 4,
    });
    expect(rows(report, 'change')[1]).toMatchObject({
      carrier: 'BBBB',
      previous_shipments: 0,
      delivery_on_time_change_pp: null,
      exceptions_per_100_change: null,
    });
  });

  it('lists the top exception kinds and event reasons', () => {
    const report = buildReport(store, 'carriers', WINDOW);
    expect(rows(report, 'top')[0]).toEqual({
      carrier: 'AAAA',
      mode: 'road',
      top_exception_kinds: 'milestone_late 2; milestone_overdue 1',
      top_reasons: 'consignee closed 1; traffic 1',
    });
  });

  it('computes OTIF from the delivered quantities on delivery events', () => {
    // R1 delivered all 10 but 3h late; R2 delivered all 10 on time; R4 has no delivered quantity.
    store.db.prepare("UPDATE events SET quantity = 10 WHERE shipment_id IN ('R1', 'R2') AND status = 'delivered'").run();
    const report = buildReport(store, 'carriers', WINDOW);
    expect(rows(report, 'scorecard')[0]).toMatchObject({ otif_pct: 50, otif_measured: 2 });
    expect(report.notes.join('\n')).not.toContain('OTIF');
  });

  it('filters by carrier and mode', () => {
    const report = buildReport(store, 'carriers', { ...WINDOW, filters: { mode: ['OCEAN'] } });
    expect(rows(report, 'scorecard').map((r) => r.carrier)).toEqual(['BBBB']);
  });
});

describe('carriers report: actuals out of sequence', () => {
  /**
   * CCCC road S1, planned departed 2 Mar 10:00, arrived 16:00: the carrier reports the arrival on
   * 3 Feb, 650h before the departure (a feed error). Counted, it would be a transit of −650h and an
   * on-time arrival. The arrival, and the pickup and departure it contradicts, are left out and the
   * report says so; the delivery, in order with all of them, still counts.
   */
  it('leaves out both actuals of a pair that contradict their order, and says how many shipments', () => {
    const store = new TestStore('2026-03-20T00:00:00Z')
      .shipment('S1', {
        carrier: 'CCCC',
        planned: { pickup: '2026-03-02T08:00:00Z', departed: '2026-03-02T10:00:00Z', arrived: '2026-03-02T16:00:00Z', delivered: '2026-03-02T18:00:00Z' },
      })
      .event('S1', 'pickup', '2026-03-02T08:00:00Z')
      .event('S1', 'delivered', '2026-03-02T18:00:00Z')
      .event('S1', 'departed', '2026-03-02T12:00:00Z')
      .event('S1', 'arrived', '2026-02-03T10:00:00Z');
    try {
      const report = buildReport(store, 'carriers', WINDOW);
      expect(rows(report, 'scorecard')[0]).toMatchObject({
        carrier: 'CCCC',
        pickup_measured: 0,
        departure_measured: 0,
        arrival_measured: 0,
        delivery_measured: 1,
        delivery_on_time_pct: 100,
      });
      expect(rows(report, 'delays')[0]).toMatchObject({ transit_measured: 0 });
      expect(report.notes).toContain(
        "Out of sequence: 1 shipment(s) have actuals that contradict their order (an arrival dated before its departure); those milestones are left out of on-time, delay and transit figures (the audit's sequence check flags them).",
      );
    } finally {
      store.close();
    }
  });
});
