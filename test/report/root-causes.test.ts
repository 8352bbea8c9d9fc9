import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildReport, rows, TestStore } from './store-builder.js';

/**
 * As of 2026-03-20, window 1–21 March (by the as-of of the audit that opened each case).
 *   Q1 resolved "carrier capacity"  ocean-desk: opened 1 Mar 00:00, resolved 2 Mar 12:00 → 36h
 *   Q2 closed   "carrier capacity"  ocean-desk: opened 3 Mar 00:00, resolved 06:00 (→ 6h), closed 4 Mar
 *   Q3 resolved "customs paperwork" air-desk:   opened 5 Mar 00:00, resolved 01:00, reopened, resolved
 *      again 6 Mar 00:00 → the last resolution counts: 24h
 *   Q4 resolved, no root cause,     air-desk:   no history rows → in the Pareto table, not timed
 *   Q5 open: not resolved. Q6 resolved but opened 1 Feb: outside the window.
 * Pareto of 4: carrier capacity 2 (50%, cumulative 50), then the ties alphabetically:
 * (not recorded) 1 (25%, 75), customs paperwork 1 (25%, 100).
 * Time to resolve: air-desk 24h (one timed case); ocean-desk mean (36 + 6) / 2 = 21, median 21.
 */
describe('root-causes report', () => {
  let store: TestStore;
  beforeEach(() => {
    store = new TestStore('2026-03-20T00:00:00Z');
    store.shipment('S1', { planned: { departed: '2026-03-01T00:00:00Z' } });
    const opened = (day: string) => `2026-03-${day}T00:00:00Z`;
    const q1 = store.addCase({ shipmentId: 'S1', status: 'resolved', rootCause: 'carrier capacity', team: 'ocean-desk', openedAsOf: opened('01') });
    store.history(q1, 'opened', '2026-03-01T00:00:00Z', 'open').history(q1, 'status', '2026-03-02T12:00:00Z', 'resolved');
    const q2 = store.addCase({ shipmentId: 'S1', status: 'closed', rootCause: 'carrier capacity', team: 'ocean-desk', openedAsOf: opened('03') });
    store
      .history(q2, 'opened', '2026-03-03T00:00:00Z', 'open')
      .history(q2, 'status', '2026-03-03T06:00:00Z', 'resolved')
      .history(q2, 'status', '2026-03-04T00:00:00Z', 'closed');
    const q3 = store.addCase({ shipmentId: 'S1', status: 'resolved', rootCause: 'customs paperwork', team: 'air-desk', openedAsOf: opened('05') });
    store
      .history(q3, 'opened', '2026-03-05T00:00:00Z', 'open')
      .history(q3, 'status', '2026-03-05T01:00:00Z', 'resolved')
      .history(q3, 'status', '2026-03-05T02:00:00Z', 'open')
      .history(q3, 'status', '2026-03-06T00:00:00Z', 'resolved');
    store.addCase({ shipmentId: 'S1', status: 'resolved', rootCause: null, team: 'air-desk', openedAsOf: opened('07') });
    store.addCase({ shipmentId: 'S1', status: 'open', rootCause: 'carrier capacity', team: 'air-desk', openedAsOf: opened('08') });
    store.addCase({ shipmentId: 'S1', status: 'resolved', rootCause: 'carrier capacity', team: 'air-desk', openedAsOf: '2026-02-01T00:00:00Z' });
  });
  afterEach(() => store.close());

  const WINDOW = { from: '2026-03-01T00:00:00Z', to: '2026-03-21T00:00:00Z' };

  it('ranks resolved cases by root cause with cumulative shares (Pareto)', () => {
    const report = buildReport(store, 'root-causes', WINDOW);
    expect(rows(report, 'pareto')).toEqual([
      { root_cause: 'carrier capacity', cases: 2, pct: 50, cumulative_pct: 50 },
      { root_cause: '(not recorded)', cases: 1, pct: 25, cumulative_pct: 75 },
      { root_cause: 'customs paperwork', cases: 1, pct: 25, cumulative_pct: 100 },
    ]);
    expect(report.parameters.resolved_cases).toBe('4');
  });

  it('measures time to resolve per team from case history', () => {
    const report = buildReport(store, 'root-causes', WINDOW);
    expect(rows(report, 'by_team')).toEqual([
      { team: 'air-desk', resolved: 2, timed: 1, resolve_mean_h: 24, resolve_median_h: 24 },
      { team: 'ocean-desk', resolved: 2, timed: 2, resolve_mean_h: 21, resolve_median_h: 21 },
    ]);
    expect(report.notes).toEqual([expect.stringContaining('1 resolved case(s) have no')]);
  });

  it('says so when nothing was resolved', () => {
    const report = buildReport(store, 'root-causes', { from: '2026-01-01T00:00:00Z', to: '2026-01-31T00:00:00Z' });
    expect(rows(report, 'pareto')).toEqual([]);
    expect(report.notes).toEqual([expect.stringContaining('No resolved or closed cases')]);
  });
});
