/**
 * `logex report seasonal`: exception rate and late % by ISO week, month and weekday; weeks above
 * mean + 2σ flagged as bottlenecks; lane × week figures for a heat map.
 */
import type { DateTime } from 'luxon';
import { luxon } from '../model/luxon.js';
import { heatMap, trendLines } from './charts.js';
import { column, type Column, type Report, type Row } from './model.js';
import { DEFINITIONS, type ReportBuilder, type ReportScope } from './scope.js';
import { joinKey, mean, percent, round2, splitKey, standardDeviation } from './stats.js';

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

interface Bucket {
  shipments: number;
  exceptions: number;
  delivered: number;
  late: number;
}

function utc(ms: number): DateTime {
  return luxon().DateTime.fromMillis(ms, { zone: 'utc' });
}

function weekOf(day: DateTime): string {
  return `${day.weekYear}-W${String(day.weekNumber).padStart(2, '0')}`;
}

function count(buckets: Map<string, Bucket>, key: string, exceptions: number, onTime: boolean | undefined): void {
  let bucket = buckets.get(key);
  if (!bucket) buckets.set(key, (bucket = { shipments: 0, exceptions: 0, delivered: 0, late: 0 }));
  bucket.shipments++;
  bucket.exceptions += exceptions;
  if (onTime !== undefined) {
    bucket.delivered++;
    if (!onTime) bucket.late++;
  }
}

interface SeasonalTallies {
  weeks: Map<string, Bucket>;
  months: Map<string, Bucket>;
  weekdays: Map<string, Bucket>;
  /** Keyed by lane and ISO week, joined by NUL. */
  laneWeeks: Map<string, Bucket>;
}

const rate = (b: Bucket) => (100 * b.exceptions) / b.shipments;

function figures(bucket: Bucket): Row {
  return {
    shipments: bucket.shipments,
    exceptions: bucket.exceptions,
    exceptions_per_100: round2(rate(bucket)),
    delivered: bucket.delivered,
    late: bucket.late,
    late_pct: round2(percent(bucket.late, bucket.delivered)),
  };
}

const FIGURE_COLUMNS: Column[] = [
  column('shipments', 'shipments', 'count'),
  column('exceptions', 'exceptions', 'count'),
  column('exceptions_per_100', 'per 100', 'number'),
  column('delivered', 'delivered', 'count'),
  column('late', 'late', 'count'),
  column('late_pct', 'late %', 'pct'),
];

export function seasonalReport(scope: ReportScope): ReportBuilder {
  const tallies: SeasonalTallies = { weeks: new Map(), months: new Map(), weekdays: new Map(), laneWeeks: new Map() };
  return {
    add(shipment) {
      if (!scope.holds(shipment)) return;
      const day = utc(shipment.periodAt!);
      const week = weekOf(day);
      const exceptions = scope.casesOf(shipment.shipmentId).length;
      const onTime = scope.onTime(shipment, 'delivered');
      count(tallies.weeks, week, exceptions, onTime);
      count(tallies.months, day.toFormat('yyyy-MM'), exceptions, onTime);
      count(tallies.weekdays, WEEKDAYS[day.weekday - 1]!, exceptions, onTime);
      count(tallies.laneWeeks, joinKey(shipment.lane, week), exceptions, onTime);
    },
    build: () => seasonalFigures(scope, tallies),
  };
}

function seasonalFigures(scope: ReportScope, tallies: SeasonalTallies): Report {
  const weeks = [...tallies.weeks].sort(([a], [b]) => a.localeCompare(b));
  const rates = weeks.map(([, bucket]) => rate(bucket));
  const average = mean(rates);
  const sigma = standardDeviation(rates);
  const threshold = average === null || sigma === null ? null : average + 2 * sigma;
  const weekRows: Row[] = weeks.map(([week, bucket]) => ({
    week,
    week_start: luxon().DateTime.fromISO(`${week}-1`, { zone: 'utc' }).toISODate(),
    ...figures(bucket),
    bottleneck: threshold !== null && rate(bucket) > threshold ? 'BOTTLENECK' : '',
  }));
  const monthRows: Row[] = [...tallies.months].sort(([a], [b]) => a.localeCompare(b)).map(([month, bucket]) => ({ month, ...figures(bucket) }));
  const weekdayRows: Row[] = [...tallies.weekdays]
    .sort(([a], [b]) => WEEKDAYS.indexOf(a) - WEEKDAYS.indexOf(b))
    .map(([weekday, bucket]) => ({ weekday, ...figures(bucket) }));
  const laneWeekRows: Row[] = [...tallies.laneWeeks]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, bucket]) => {
      const [lane, week] = splitKey(key) as [string, string];
      return {
        lane,
        week,
        shipments: bucket.shipments,
        exceptions: bucket.exceptions,
        exceptions_per_100: round2(rate(bucket)),
        late_pct: round2(percent(bucket.late, bucket.delivered)),
      };
    });

  const notes: string[] = [];
  // With n weeks one outlier can sit at most (n − 1)/√n standard deviations above the mean: under 2 for n < 6.
  if (weeks.length > 0 && weeks.length < 6)
    notes.push(`Only ${weeks.length} week(s) with shipments: fewer than 6 weeks can never exceed mean + 2σ, so no bottleneck can be flagged.`);

  return {
    name: 'seasonal',
    title: 'Seasonal bottlenecks',
    asOf: scope.asOf,
    window: scope.options.window,
    parameters: {
      ...scope.commonParameters(),
      weekly_mean_exceptions_per_100: average === null ? 'n/a' : String(round2(average)),
      weekly_sigma: sigma === null ? 'n/a' : String(round2(sigma)),
      bottleneck_threshold: threshold === null ? 'n/a' : String(round2(threshold)),
    },
    definitions: [
      DEFINITIONS.period,
      'Weeks are ISO 8601 weeks (Monday first), months and weekdays are those of the period instant, all in UTC.',
      DEFINITIONS.onTime(scope.options.tolerances),
      DEFINITIONS.late,
      DEFINITIONS.exceptions,
      'Bottleneck: a week whose exceptions per 100 shipments is above mean + 2σ, the mean and population σ (divides by n) taken over the weeks of the window that have shipments.',
    ],
    notes,
    primarySection: 'weeks',
    sections: [
      {
        id: 'weeks',
        title: 'By ISO week',
        columns: [column('week', 'week'), column('week_start', 'starts'), ...FIGURE_COLUMNS, column('bottleneck', 'flag', 'flag')],
        rows: weekRows,
        emptyMessage: 'No shipments in the period.',
      },
      { id: 'months', title: 'By month', columns: [column('month', 'month'), ...FIGURE_COLUMNS], rows: monthRows, emptyMessage: 'No shipments in the period.' },
      {
        id: 'weekdays',
        title: 'By weekday',
        columns: [column('weekday', 'weekday'), ...FIGURE_COLUMNS],
        rows: weekdayRows,
        emptyMessage: 'No shipments in the period.',
      },
      {
        id: 'lane_weeks',
        title: 'Lane × week',
        columns: [
          column('lane', 'lane'),
          column('week', 'week'),
          column('shipments', 'shipments', 'count'),
          column('exceptions', 'exceptions', 'count'),
          column('exceptions_per_100', 'per 100', 'number'),
          column('late_pct', 'late %', 'pct'),
        ],
        rows: laneWeekRows,
        emptyMessage: 'No shipments in the period.',
      },
    ],
    charts:
      weekRows.length === 0
        ? []
        : [
            {
              id: 'weekly-trend',
              title: 'Weekly trend: exceptions per 100 shipments and late %',
              spec: trendLines({
                values: weekRows.flatMap((row) => [
                  { week: row.week!, measure: 'exceptions per 100', value: row.exceptions_per_100! },
                  { week: row.week!, measure: 'late %', value: row.late_pct ?? null },
                ]),
                x: 'week',
                series: 'measure',
                value: 'value',
              }),
            },
            {
              id: 'lane-week-heat-map',
              title: 'Exceptions per 100 shipments, lane × ISO week',
              spec: heatMap({ values: laneWeekRows, x: 'week', y: 'lane', value: 'exceptions_per_100', valueTitle: 'per 100' }),
            },
          ],
  };
}
