/**
 * `logex report routes`: per lane — shipments, late %, exceptions per 100 shipments, mean delay — ranked
 * by risk, with lanes above the threshold flagged.
 */
import { rankedBars } from './charts.js';
import { column, type Report, type Row } from './model.js';
import { DEFINITIONS, type ReportBuilder, type ReportScope } from './scope.js';
import { hours, mean, percent, round2 } from './stats.js';

export interface RoutesSettings {
  /** Flag lanes with more exceptions per 100 shipments than this. */
  threshold: number;
  /** Lanes by the full planned route (ORIGIN>VIA>DESTINATION) instead of origin>destination. */
  viaStops: boolean;
}

export const DEFAULT_LANE_THRESHOLD = 50;

interface LaneFigures {
  lane: string;
  modes: string;
  shipments: number;
  delivered: number;
  late: number;
  latePct: number | null;
  exceptions: number;
  perHundred: number;
  meanDelayH: number | null;
}

/** Higher risk first: exceptions per 100, then late %, then mean delay (a missing figure ranks lowest), then name. */
function byRisk(a: LaneFigures, b: LaneFigures): number {
  const desc = (x: number | null, y: number | null) => (y ?? -Infinity) - (x ?? -Infinity);
  return desc(a.perHundred, b.perHundred) || desc(a.latePct, b.latePct) || desc(a.meanDelayH, b.meanDelayH) || a.lane.localeCompare(b.lane);
}

/** What is counted per lane as shipments stream by. */
interface LaneTally {
  modes: Set<string>;
  shipments: number;
  delivered: number;
  late: number;
  exceptions: number;
  delaysH: number[];
}

export function routesReport(scope: ReportScope, settings: RoutesSettings): ReportBuilder {
  const lanes = new Map<string, LaneTally>();
  return {
    add(shipment) {
      if (!scope.holds(shipment)) return;
      const lane = settings.viaStops ? shipment.route : shipment.lane;
      let tally = lanes.get(lane);
      if (!tally) lanes.set(lane, (tally = { modes: new Set(), shipments: 0, delivered: 0, late: 0, exceptions: 0, delaysH: [] }));
      tally.modes.add(shipment.mode);
      tally.shipments++;
      const onTime = scope.onTime(shipment, 'delivered');
      if (onTime !== undefined) {
        tally.delivered++;
        if (!onTime) tally.late++;
      }
      tally.exceptions += scope.casesOf(shipment.shipmentId).length;
      const deviation = scope.deviation(shipment, 'delivered');
      if (deviation !== undefined) tally.delaysH.push(hours(deviation));
    },
    build: () => routesFigures(scope, settings, lanes),
  };
}

function routesFigures(scope: ReportScope, settings: RoutesSettings, lanes: Map<string, LaneTally>): Report {
  const figures: LaneFigures[] = [...lanes].map(([lane, tally]) => ({
    lane,
    modes: [...tally.modes].sort().join(', '),
    shipments: tally.shipments,
    delivered: tally.delivered,
    late: tally.late,
    latePct: percent(tally.late, tally.delivered),
    exceptions: tally.exceptions,
    perHundred: (100 * tally.exceptions) / tally.shipments,
    meanDelayH: mean(tally.delaysH),
  }));
  figures.sort(byRisk);
  const rows: Row[] = figures.map((f, index) => ({
    risk_rank: index + 1,
    lane: f.lane,
    modes: f.modes,
    shipments: f.shipments,
    delivered: f.delivered,
    late: f.late,
    late_pct: round2(f.latePct),
    exceptions: f.exceptions,
    exceptions_per_100: round2(f.perHundred),
    delay_mean_h: round2(f.meanDelayH),
    flagged: f.perHundred > settings.threshold ? 'FLAG' : '',
  }));

  return {
    name: 'routes',
    title: 'Lane risk',
    asOf: scope.asOf,
    window: scope.options.window,
    parameters: {
      ...scope.commonParameters(),
      lane: settings.viaStops ? 'planned route (origin>via>destination)' : 'origin>destination',
      threshold: `${settings.threshold} exceptions per 100 shipments`,
    },
    definitions: [
      DEFINITIONS.period,
      DEFINITIONS.actuals,
      DEFINITIONS.onTime(scope.options.tolerances),
      DEFINITIONS.late,
      DEFINITIONS.exceptions,
      "Mean delay: mean of actual − planned delivery in hours (signed), over the lane's delivered shipments.",
      'Risk rank: 1 = most exceptions per 100 shipments; ties by late %, then mean delay. FLAG: exceptions per 100 above the threshold.',
    ],
    notes: [],
    primarySection: 'lanes',
    sections: [
      {
        id: 'lanes',
        title: 'Lanes by risk',
        columns: [
          column('risk_rank', 'rank', 'count'),
          column('lane', 'lane'),
          column('modes', 'mode'),
          column('shipments', 'shipments', 'count'),
          column('delivered', 'delivered', 'count'),
          column('late', 'late', 'count'),
          column('late_pct', 'late %', 'pct'),
          column('exceptions', 'exceptions', 'count'),
          column('exceptions_per_100', 'per 100', 'number'),
          column('delay_mean_h', 'mean delay h', 'hours'),
          column('flagged', 'flag', 'flag'),
        ],
        rows,
        emptyMessage: 'No shipments in the period.',
      },
    ],
    charts:
      rows.length === 0
        ? []
        : [
            {
              id: 'lane-risk',
              title: `Exceptions per 100 shipments by lane (red: above ${settings.threshold})`,
              spec: rankedBars({ values: rows, category: 'lane', value: 'exceptions_per_100', valueTitle: 'exceptions per 100 shipments', flag: 'flagged' }),
            },
          ],
  };
}
