/**
 * `logex report routes`: per lane — shipments, late %, exceptions per 100 shipments, mean delay — ranked
 * by risk, with lanes above the threshold flagged.
 */
import { rankedBars } from './charts.js';
import type { ShipmentFacts } from './facts.js';
import { column, type Report, type Row } from './model.js';
import { DEFINITIONS, ReportScope } from './scope.js';
import { groupBy, hours, mean, percent, round2 } from './stats.js';

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

export function routesReport(scope: ReportScope, settings: RoutesSettings): Report {
  const shipments = scope.shipments();
  const cases = scope.casesByShipment(shipments);
  const laneOf = (s: ShipmentFacts) => (settings.viaStops ? s.route : s.lane);
  const lanes = groupBy(shipments, laneOf);

  const figures: LaneFigures[] = [...lanes].map(([lane, members]) => {
    const measured = members.map((s) => scope.onTime(s, 'delivered')).filter((onTime): onTime is boolean => onTime !== undefined);
    const late = measured.filter((onTime) => !onTime).length;
    const exceptions = members.reduce((sum, s) => sum + (cases.get(s.shipmentId)?.length ?? 0), 0);
    const delays = members.flatMap((s) => {
      const deviation = scope.deviation(s, 'delivered');
      return deviation === undefined ? [] : [hours(deviation)];
    });
    return {
      lane,
      modes: [...new Set(members.map((s) => s.mode))].sort().join(', '),
      shipments: members.length,
      delivered: measured.length,
      late,
      latePct: percent(late, measured.length),
      exceptions,
      perHundred: (100 * exceptions) / members.length,
      meanDelayH: mean(delays),
    };
  });
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
      'Mean delay: mean of actual − planned delivery in hours (signed), over the lane\'s delivered shipments.',
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
    charts: rows.length === 0 ? [] : [
      {
        id: 'lane-risk',
        title: `Exceptions per 100 shipments by lane (red: above ${settings.threshold})`,
        spec: rankedBars({ values: rows, category: 'lane', value: 'exceptions_per_100', valueTitle: 'exceptions per 100 shipments', flag: 'flagged' }),
      },
    ],
  };
}
