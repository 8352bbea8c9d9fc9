import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildReport, rows, TestStore } from './store-builder.js';

/**
 * As of 2026-03-20, window 1 Feb – 15 Mar 2026 (by planned departure). Ocean tolerance 24h, road 2h
 * (the defaults). Every time is UTC; "e" is an estimate of the arrival, "received" its reported_at.
 * Error = estimate − actual; horizon = actual − receipt.
 *
 * MAEU ocean, CNSHA>USLAX:
 *   O1 planned arrival 20 Feb 00:00, actual 23 Feb 00:00 (72h late).
 *      e 20 Feb 00:00 received 10 Feb (horizon 13d, error −72h), re-sent 14 Feb (9d, −72h);
 *      e 22 Feb 12:00 received 18 Feb (5d, −12h; 60h after plan: the first to show the delay, lead 120h);
 *      e 23 Feb 06:00 received 22 Feb 12:00 (12h, +6h: the last);
 *      e 24 Feb received 23 Feb 06:00, after the actual: not counted.
 *      Delivery planned 25 Feb, actual 26 Feb (24h late, equal to the tolerance: on time); e 25 Feb
 *      received 21 Feb (5d, −24h).
 *   O2 planned arrival 25 Feb 00:00, actual 25 Feb 12:00 (12h: on time).
 *      e 25 Feb 00:00 received 18 Feb 00:00 (7d12h, −12h); e 26 Feb 00:00 received 23 Feb 12:00 (2d, +12h: the last);
 *      e 25 Feb 12:00 with no reported_at: received when the run as of 20 Mar read it, after the actual.
 *   O3 planned arrival 1 Mar, actual 4 Mar (72h late), no estimate.
 *   O4 planned arrival 10 Mar, actual 13 Mar (72h late); e 10 Mar 12:00 received 6 Mar (exactly 7d, −60h;
 *      12h after plan, so it never showed the delay).
 *   O5 an estimate but no actual arrival; O6 planned to depart at the window's end: neither counts.
 * AAAA road:
 *   R1 USATL>USCLT planned arrival 2 Mar 16:00, actual 19:00 (3h late).
 *      e 18:00 received 12:00 (7h, −1h; 2h after plan: not over the tolerance);
 *      e 19:30 received 16:00 (3h, +0.5h; 3.5h after plan: shows the delay, lead 3h; the last).
 *   R2 USATL>USMIA planned arrival 3 Mar 16:00, actual 15:00 (early); e 4 Mar 16:00 received 28 Feb
 *      15:00 (exactly 3d, +25h: just outside ±1 day).
 */
function buildStore(): TestStore {
  const store = new TestStore('2026-03-20T00:00:00Z');
  const ocean = (departed: string, arrived: string, delivered?: string) => ({
    carrier: 'MAEU',
    mode: 'ocean' as const,
    origin: 'CNSHA',
    destination: 'USLAX',
    planned: { departed, arrived, ...(delivered ? { delivered } : {}) },
  });
  const eta = (reportedAt?: string, eventId?: string) => ({ classifier: 'estimated' as const, reportedAt, eventId });
  store
    .shipment('O1', ocean('2026-02-01T00:00:00Z', '2026-02-20T00:00:00Z', '2026-02-25T00:00:00Z'))
    .event('O1', 'arrived', '2026-02-20T00:00:00Z', eta('2026-02-10T00:00:00Z', 'ETA-1'))
    .event('O1', 'arrived', '2026-02-20T00:00:00Z', eta('2026-02-14T00:00:00Z', 'ETA-1'))
    .event('O1', 'arrived', '2026-02-22T12:00:00Z', eta('2026-02-18T00:00:00Z'))
    .event('O1', 'arrived', '2026-02-23T06:00:00Z', eta('2026-02-22T12:00:00Z'))
    .event('O1', 'arrived', '2026-02-24T00:00:00Z', eta('2026-02-23T06:00:00Z'))
    .event('O1', 'arrived', '2026-02-23T00:00:00Z')
    .event('O1', 'delivered', '2026-02-25T00:00:00Z', eta('2026-02-21T00:00:00Z'))
    .event('O1', 'delivered', '2026-02-26T00:00:00Z')
    .shipment('O2', ocean('2026-02-05T00:00:00Z', '2026-02-25T00:00:00Z'))
    .event('O2', 'arrived', '2026-02-25T00:00:00Z', eta('2026-02-18T00:00:00Z'))
    .event('O2', 'arrived', '2026-02-26T00:00:00Z', eta('2026-02-23T12:00:00Z'))
    .event('O2', 'arrived', '2026-02-25T12:00:00Z', eta())
    .event('O2', 'arrived', '2026-02-25T12:00:00Z')
    .shipment('O3', ocean('2026-02-10T00:00:00Z', '2026-03-01T00:00:00Z'))
    .event('O3', 'arrived', '2026-03-04T00:00:00Z')
    .shipment('O4', ocean('2026-02-12T00:00:00Z', '2026-03-10T00:00:00Z'))
    .event('O4', 'arrived', '2026-03-10T12:00:00Z', eta('2026-03-06T00:00:00Z'))
    .event('O4', 'arrived', '2026-03-13T00:00:00Z')
    .shipment('O5', ocean('2026-02-20T00:00:00Z', '2026-03-18T00:00:00Z'))
    .event('O5', 'arrived', '2026-03-21T00:00:00Z', eta('2026-03-15T00:00:00Z'))
    .shipment('O6', ocean('2026-03-15T00:00:00Z', '2026-03-16T00:00:00Z'))
    .event('O6', 'arrived', '2026-03-16T00:00:00Z', eta('2026-03-15T00:00:00Z'))
    .event('O6', 'arrived', '2026-03-17T00:00:00Z')
    .shipment('R1', { carrier: 'AAAA', destination: 'USCLT', planned: { departed: '2026-03-02T10:00:00Z', arrived: '2026-03-02T16:00:00Z' } })
    .event('R1', 'arrived', '2026-03-02T18:00:00Z', eta('2026-03-02T12:00:00Z'))
    .event('R1', 'arrived', '2026-03-02T19:30:00Z', eta('2026-03-02T16:00:00Z'))
    .event('R1', 'arrived', '2026-03-02T19:00:00Z')
    .shipment('R2', { carrier: 'AAAA', destination: 'USMIA', planned: { departed: '2026-03-03T10:00:00Z', arrived: '2026-03-03T16:00:00Z' } })
    .event('R2', 'arrived', '2026-03-04T16:00:00Z', eta('2026-02-28T15:00:00Z'))
    .event('R2', 'arrived', '2026-03-03T15:00:00Z');
  return store;
}

const WINDOW = { from: '2026-02-01T00:00:00Z', to: '2026-03-15T00:00:00Z' };

describe('eta report', () => {
  let store: TestStore;
  beforeEach(() => {
    store = buildStore();
  });
  afterEach(() => store.close());

  it('scores every receipt of every arrival estimate by horizon, a re-sent estimate again at its new receipt', () => {
    const report = buildReport(store, 'eta', WINDOW);
    expect(rows(report, 'accuracy')).toEqual([
      // AAAA: 3–7 d: R2 +25h; < 1 d: R1 −1h and +0.5h (MAE 0.75, bias −0.25).
      { carrier: 'AAAA', mode: 'road', horizon: '≥ 7 d', estimates: 0, mae_h: null, bias_h: null, within_1d_pct: null },
      { carrier: 'AAAA', mode: 'road', horizon: '3–7 d', estimates: 1, mae_h: 25, bias_h: 25, within_1d_pct: 0 },
      { carrier: 'AAAA', mode: 'road', horizon: '1–3 d', estimates: 0, mae_h: null, bias_h: null, within_1d_pct: null },
      { carrier: 'AAAA', mode: 'road', horizon: '< 1 d', estimates: 2, mae_h: 0.75, bias_h: -0.25, within_1d_pct: 100 },
      // MAEU ≥ 7 d: O1 −72 twice, O2 −12, O4 −60: MAE 216/4 = 54, bias −54, within 1 of 4.
      { carrier: 'MAEU', mode: 'ocean', horizon: '≥ 7 d', estimates: 4, mae_h: 54, bias_h: -54, within_1d_pct: 25 },
      { carrier: 'MAEU', mode: 'ocean', horizon: '3–7 d', estimates: 1, mae_h: 12, bias_h: -12, within_1d_pct: 100 },
      { carrier: 'MAEU', mode: 'ocean', horizon: '1–3 d', estimates: 1, mae_h: 12, bias_h: 12, within_1d_pct: 100 },
      { carrier: 'MAEU', mode: 'ocean', horizon: '< 1 d', estimates: 1, mae_h: 6, bias_h: 6, within_1d_pct: 100 },
    ]);
  });

  it('counts shipments and estimates, and the error of the last estimate received before each actual', () => {
    const report = buildReport(store, 'eta', WINDOW);
    expect(rows(report, 'summary')).toEqual([
      // Last: R1 +0.5h, R2 +25h.
      { carrier: 'AAAA', mode: 'road', actuals: 2, shipments: 2, estimates: 3, last_mae_h: 12.75, last_bias_h: 12.75, last_within_1d_pct: 50 },
      // Last: O1 +6h, O2 +12h, O4 −60h: MAE 78/3 = 26, bias −42/3 = −14, within 2 of 3. O3 has no estimate.
      { carrier: 'MAEU', mode: 'ocean', actuals: 4, shipments: 3, estimates: 7, last_mae_h: 26, last_bias_h: -14, last_within_1d_pct: 66.67 },
    ]);
  });

  it('says how early the estimates showed a delay beyond the tolerance, and how many late ones were never announced', () => {
    const report = buildReport(store, 'eta', WINDOW);
    expect(rows(report, 'warning')).toEqual([
      { carrier: 'AAAA', mode: 'road', late: 1, announced: 1, never_announced: 0, never_announced_pct: 0, lead_median_h: 3 },
      // Late: O1 (announced 5 days before), O3 (no estimate), O4 (its estimate within the tolerance).
      { carrier: 'MAEU', mode: 'ocean', late: 3, announced: 1, never_announced: 2, never_announced_pct: 66.67, lead_median_h: 120 },
    ]);
  });

  it('scores the delivery with --milestone delivered', () => {
    const report = buildReport(store, 'eta', { ...WINDOW, eta: { milestone: 'delivered', by: 'carrier' } });
    expect(rows(report, 'summary')).toEqual([
      { carrier: 'MAEU', mode: 'ocean', actuals: 1, shipments: 1, estimates: 1, last_mae_h: 24, last_bias_h: -24, last_within_1d_pct: 100 },
    ]);
    // Delivered exactly the tolerance late: on time, so nothing late to announce.
    expect(rows(report, 'warning')).toEqual([
      { carrier: 'MAEU', mode: 'ocean', late: 0, announced: 0, never_announced: 0, never_announced_pct: null, lead_median_h: null },
    ]);
    expect(report.title).toBe('ETA reliability (delivered)');
  });

  it('groups by lane with --by lane', () => {
    const report = buildReport(store, 'eta', { ...WINDOW, eta: { milestone: 'arrived', by: 'lane' } });
    expect(rows(report, 'summary').map(({ carrier, lane, actuals, estimates }) => ({ carrier, lane, actuals, estimates }))).toEqual([
      { carrier: 'AAAA', lane: 'USATL>USCLT', actuals: 1, estimates: 2 },
      { carrier: 'AAAA', lane: 'USATL>USMIA', actuals: 1, estimates: 1 },
      { carrier: 'MAEU', lane: 'CNSHA>USLAX', actuals: 4, estimates: 7 },
    ]);
  });

  it('draws the error by horizon per carrier, and explains every figure', () => {
    const report = buildReport(store, 'eta', WINDOW);
    expect(report.charts.map((chart) => chart.id)).toEqual(['eta-error-by-horizon']);
    expect(report.definitions.join('\n')).toMatch(/negative is optimistic/);
    expect(report.definitions.join('\n')).toMatch(/re-sending the same estimate later is another estimate/);
  });
});
