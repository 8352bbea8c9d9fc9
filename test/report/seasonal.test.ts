import { afterEach, describe, expect, it } from 'vitest';
import { buildReport, rows, TestStore } from './store-builder.js';

/**
 * As of 2026-03-20, window 5 Jan – 2 Mar 2026 (ISO weeks 2026-W02 … W09). Road lane USATL>USCLT,
 * tolerance 2h. Two shipments a week, planned to depart Monday and Thursday 10:00 UTC and to be
 * delivered at 14:00 the same day; all delivered, on plan except those marked late (+3h).
 *
 *   week      Monday   Thursday  cases
 *   2026-W02  5 Jan L  8 Jan     0
 *   2026-W03 … W07    on plan    0
 *   2026-W08  16 Feb L 19 Feb L  3 + 3
 *   (W09 has no shipments: it is not a week of the mean)
 *
 * Weekly exceptions per 100: six weeks of 0 and W08 = 6 / 2 × 100 = 300.
 * Mean = 300 / 7 = 42.86; population σ = 300 × √6 / 7 = 104.98; threshold = 300 × (1 + 2√6) / 7 = 252.81:
 * W08 (300) is the bottleneck.
 * Months: January (W02–W05) 8 shipments, 0 cases, 1 late of 8 = 12.5%; February (W06–W08) 6 shipments,
 * 6 cases = 100 per 100, 2 late of 6 = 33.33%.
 * Weekdays: Mon 7 shipments, 3 cases = 42.86 per 100, 2 late = 28.57%; Thu 7, 3 cases, 1 late = 14.29%.
 */
const WEEKS: [monday: string, thursday: string, lateMonday: boolean, lateThursday: boolean, casesEach: number][] = [
  ['2026-01-05', '2026-01-08', true, false, 0],
  ['2026-01-12', '2026-01-15', false, false, 0],
  ['2026-01-19', '2026-01-22', false, false, 0],
  ['2026-01-26', '2026-01-29', false, false, 0],
  ['2026-02-02', '2026-02-05', false, false, 0],
  ['2026-02-09', '2026-02-12', false, false, 0],
  ['2026-02-16', '2026-02-19', true, true, 3],
];

function buildStore(weeks = WEEKS): TestStore {
  const store = new TestStore('2026-03-20T00:00:00Z');
  for (const [monday, thursday, lateMonday, lateThursday, casesEach] of weeks) {
    for (const [day, late] of [
      [monday, lateMonday],
      [thursday, lateThursday],
    ] as const) {
      const id = `S${day}`;
      store
        .shipment(id, { planned: { departed: `${day}T10:00:00Z`, delivered: `${day}T14:00:00Z` } })
        .event(id, 'delivered', late ? `${day}T17:00:00Z` : `${day}T14:00:00Z`);
      for (let n = 0; n < casesEach; n++) store.addCase({ shipmentId: id });
    }
  }
  return store;
}

const WINDOW = { from: '2026-01-05T00:00:00Z', to: '2026-03-02T00:00:00Z' };

describe('seasonal report', () => {
  let store: TestStore;
  afterEach(() => store.close());

  it('gives exception rate and late % per ISO week and flags weeks above mean + 2σ', () => {
    store = buildStore();
    const report = buildReport(store, 'seasonal', WINDOW);
    const weeks = rows(report, 'weeks');
    expect(weeks.map((w) => w.week)).toEqual(['2026-W02', '2026-W03', '2026-W04', '2026-W05', '2026-W06', '2026-W07', '2026-W08']);
    expect(weeks[0]).toEqual({
      week: '2026-W02',
      week_start: '2026-01-05',
      shipments: 2,
      exceptions: 0,
      exceptions_per_100: 0,
      delivered: 2,
      late: 1,
      late_pct: 50,
      bottleneck: '',
    });
    expect(weeks[6]).toEqual({
      week: '2026-W08',
      week_start: '2026-02-16',
      shipments: 2,
      exceptions: 6,
      exceptions_per_100: 300,
      delivered: 2,
      late: 2,
      late_pct: 100,
      bottleneck: 'BOTTLENECK',
    });
    expect(weeks.filter((w) => w.bottleneck).map((w) => w.week)).toEqual(['2026-W08']);
    expect(report.parameters).toMatchObject({ weekly_mean_exceptions_per_100: '42.86', weekly_sigma: '104.98', bottleneck_threshold: '252.81' });
  });

  it('gives the same figures by month and by weekday', () => {
    store = buildStore();
    const report = buildReport(store, 'seasonal', WINDOW);
    expect(rows(report, 'months')).toEqual([
      { month: '2026-01', shipments: 8, exceptions: 0, exceptions_per_100: 0, delivered: 8, late: 1, late_pct: 12.5 },
      { month: '2026-02', shipments: 6, exceptions: 6, exceptions_per_100: 100, delivered: 6, late: 2, late_pct: 33.33 },
    ]);
    expect(rows(report, 'weekdays')).toEqual([
      { weekday: 'Mon', shipments: 7, exceptions: 3, exceptions_per_100: 42.86, delivered: 7, late: 2, late_pct: 28.57 },
      { weekday: 'Thu', shipments: 7, exceptions: 3, exceptions_per_100: 42.86, delivered: 7, late: 1, late_pct: 14.29 },
    ]);
  });

  it('gives lane × week cells for the heat map', () => {
    store = buildStore();
    const cells = rows(buildReport(store, 'seasonal', WINDOW), 'lane_weeks');
    expect(cells).toHaveLength(7);
    expect(cells[6]).toEqual({ lane: 'USATL>USCLT', week: '2026-W08', shipments: 2, exceptions: 6, exceptions_per_100: 300, late_pct: 100 });
  });

  it('says that fewer than six weeks can never show a bottleneck', () => {
    store = buildStore(WEEKS.slice(4));
    const report = buildReport(store, 'seasonal', WINDOW);
    expect(rows(report, 'weeks').filter((w) => w.bottleneck)).toEqual([]);
    expect(report.notes).toEqual([expect.stringContaining('Only 3 week(s) with shipments')]);
  });
});
