import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildReport, rows, TestStore } from './store-builder.js';

/**
 * As of 2026-03-20 00:00 UTC, window 10–21 March.
 *   K1 open         high     score 20 ocean-desk milestone_late     opened 19 Mar 00:00 (age 1.0 d)
 *   K2 acknowledged critical score 5  air-desk   milestone_overdue  opened 18 Feb 00:00 (age 30 d)
 *   K3 resolved     medium   score 50 ocean-desk milestone_late     opened 15 Mar (recent, not open)
 *   K4 cleared      low               (none)     milestone_late     opened 1 Feb (neither: not listed)
 *   K5 in_progress  high     score 30 no team    transit_time       opened 18 Mar 12:00 (age 1.5 d)
 * Top risk first: K2 (critical), K5 (high, 30), K1 (high, 20), K3 (medium).
 */
describe('exceptions report', () => {
  let store: TestStore;
  const ids: Record<string, number> = {};
  beforeEach(() => {
    store = new TestStore('2026-03-20T00:00:00Z');
    store.shipment('S1', { planned: { departed: '2026-03-01T00:00:00Z' } });
    ids.K1 = store.addCase({
      shipmentId: 'S1',
      status: 'open',
      severity: 'high',
      score: 20,
      team: 'ocean-desk',
      kind: 'milestone_late',
      openedAsOf: '2026-03-19T00:00:00Z',
    });
    ids.K2 = store.addCase({
      shipmentId: 'S1',
      status: 'acknowledged',
      severity: 'critical',
      score: 5,
      team: 'air-desk',
      kind: 'milestone_overdue',
      openedAsOf: '2026-02-18T00:00:00Z',
    });
    ids.K3 = store.addCase({
      shipmentId: 'S1',
      status: 'resolved',
      severity: 'medium',
      score: 50,
      team: 'ocean-desk',
      kind: 'milestone_late',
      openedAsOf: '2026-03-15T00:00:00Z',
    });
    ids.K4 = store.addCase({
      shipmentId: 'S1',
      status: 'cleared',
      severity: 'low',
      score: 1,
      team: null,
      kind: 'milestone_late',
      openedAsOf: '2026-02-01T00:00:00Z',
    });
    ids.K5 = store.addCase({
      shipmentId: 'S1',
      status: 'in_progress',
      severity: 'high',
      score: 30,
      team: null,
      kind: 'transit_time',
      openedAsOf: '2026-03-18T12:00:00Z',
    });
  });
  afterEach(() => store.close());

  const WINDOW = { from: '2026-03-10T00:00:00Z', to: '2026-03-21T00:00:00Z' };

  it('lists open and recent cases, top risk first, with their age', () => {
    const cases = rows(buildReport(store, 'exceptions', WINDOW), 'cases');
    expect(cases.map((c) => [c.case_id, c.severity, c.status, c.age_days])).toEqual([
      [ids.K2, 'critical', 'acknowledged', 30],
      [ids.K5, 'high', 'in_progress', 1.5],
      [ids.K1, 'high', 'open', 1],
      [ids.K3, 'medium', 'resolved', 5],
    ]);
    expect(cases[0]).toMatchObject({
      rule: 'milestone_overdue',
      kind: 'milestone_overdue',
      shipment_id: 'S1',
      team: 'air-desk',
      opened_as_of: '2026-02-18T00:00:00Z',
    });
  });

  it('counts open and recent cases by severity, team and kind', () => {
    const report = buildReport(store, 'exceptions', WINDOW);
    expect(rows(report, 'by_severity')).toEqual([
      { severity: 'critical', open: 1, recent: 0 },
      { severity: 'high', open: 2, recent: 2 },
      { severity: 'medium', open: 0, recent: 1 },
    ]);
    expect(rows(report, 'by_team')).toEqual([
      { team: '(no team)', open: 1, recent: 1 },
      { team: 'air-desk', open: 1, recent: 0 },
      { team: 'ocean-desk', open: 1, recent: 2 },
    ]);
    expect(rows(report, 'by_kind')).toEqual([
      { kind: 'milestone_late', open: 1, recent: 2 },
      { kind: 'milestone_overdue', open: 1, recent: 0 },
      { kind: 'transit_time', open: 1, recent: 1 },
    ]);
  });

  it('buckets open cases by age, a bucket including its lower bound', () => {
    expect(rows(buildReport(store, 'exceptions', WINDOW), 'by_age')).toEqual([
      { age: '< 1d', open: 0 },
      { age: '1–3d', open: 2 }, // K1 at exactly 1 day, K5 at 1.5
      { age: '3–7d', open: 0 },
      { age: '7–14d', open: 0 },
      { age: '14–30d', open: 0 },
      { age: '≥ 30d', open: 1 }, // K2 at exactly 30 days
    ]);
  });

  it('filters by team', () => {
    const report = buildReport(store, 'exceptions', { ...WINDOW, filters: { team: ['ocean-desk'] } });
    expect(rows(report, 'cases').map((c) => c.case_id)).toEqual([ids.K1, ids.K3]);
  });
});
