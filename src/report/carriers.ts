/**
 * `logex report carriers`: the carrier scorecard, per carrier and mode — on-time % per milestone,
 * OTIF, delivery delay statistics, transit time against plan, exceptions, and the change against the
 * previous period of the same length.
 */
import type { Milestone } from '../model/vocabulary.js';
import { groupedBars } from './charts.js';
import type { ShipmentFacts } from './facts.js';
import { column, type Report, type Row } from './model.js';
import { DEFINITIONS, periodText, previousWindow, type ReportBuilder, type ReportScope } from './scope.js';
import { countInto, hours, joinKey, mean, median, percent, percentile, round2, splitKey, standardDeviation, topCounts } from './stats.js';

const MEASURED: { milestone: Milestone; label: string }[] = [
  { milestone: 'pickup', label: 'pickup' },
  { milestone: 'departed', label: 'departure' },
  { milestone: 'arrived', label: 'arrival' },
  { milestone: 'delivered', label: 'delivery' },
];
const TOP = 3;

interface GroupFigures {
  shipments: number;
  onTime: Record<string, { onTime: number; measured: number }>;
  otif: { hits: number; measured: number };
  delaysH: number[];
  transitVsPlanH: number[];
  exceptions: number;
  /** Shipments with actuals left out as out of sequence. */
  outOfSequence: number;
  caseKinds: Map<string, number>;
  eventReasons: Map<string, number>;
}

function newFigures(): GroupFigures {
  return {
    shipments: 0,
    onTime: Object.fromEntries(MEASURED.map(({ label }) => [label, { onTime: 0, measured: 0 }])),
    otif: { hits: 0, measured: 0 },
    delaysH: [],
    transitVsPlanH: [],
    exceptions: 0,
    outOfSequence: 0,
    caseKinds: new Map(),
    eventReasons: new Map(),
  };
}

function addShipment(figures: GroupFigures, scope: ReportScope, quantities: Map<string, number>, shipment: ShipmentFacts): void {
  figures.shipments++;
  if (shipment.outOfSequence.length > 0) figures.outOfSequence++;
  for (const { milestone, label } of MEASURED) {
    const onTime = scope.onTime(shipment, milestone);
    if (onTime === undefined) continue;
    figures.onTime[label]!.measured++;
    if (onTime) figures.onTime[label]!.onTime++;
  }
  const deliveredQuantity = quantities.get(shipment.shipmentId);
  const deliveredOnTime = scope.onTime(shipment, 'delivered');
  if (deliveredOnTime !== undefined && deliveredQuantity !== undefined && shipment.quantity !== undefined) {
    figures.otif.measured++;
    if (deliveredOnTime && deliveredQuantity >= shipment.quantity) figures.otif.hits++;
  }
  const delay = scope.deviation(shipment, 'delivered');
  if (delay !== undefined) figures.delaysH.push(hours(delay));
  const { planned, actual } = shipment;
  if (planned.departed !== undefined && planned.arrived !== undefined && actual.departed !== undefined && actual.arrived !== undefined) {
    figures.transitVsPlanH.push(hours(actual.arrived - actual.departed - (planned.arrived - planned.departed)));
  }
  const cases = scope.casesOf(shipment.shipmentId);
  figures.exceptions += cases.length;
  for (const record of cases) countInto(figures.caseKinds, record.kind);
  for (const reason of shipment.eventReasons) countInto(figures.eventReasons, reason);
}

function groupKey(shipment: ShipmentFacts): string {
  return joinKey(shipment.carrier, shipment.mode);
}

const perHundred = (f: GroupFigures) => percent(f.exceptions, f.shipments);
const onTimePct = (f: GroupFigures, label: string) => percent(f.onTime[label]!.onTime, f.onTime[label]!.measured);
const change = (now: number | null, before: number | null) => (now === null || before === null ? null : round2(now - before));

/** Figures per carrier and mode, for this period and the one before, added to as shipments stream by. */
export function carriersReport(scope: ReportScope): ReportBuilder {
  const previous = previousWindow(scope.options.window);
  const quantities = scope.data.deliveredQuantities();
  const current = new Map<string, GroupFigures>();
  const before = new Map<string, GroupFigures>();
  const addTo = (groups: Map<string, GroupFigures>, shipment: ShipmentFacts) => {
    const key = groupKey(shipment);
    let figures = groups.get(key);
    if (!figures) groups.set(key, (figures = newFigures()));
    addShipment(figures, scope, quantities, shipment);
  };
  return {
    add(shipment) {
      if (scope.holds(shipment)) addTo(current, shipment);
      else if (scope.holds(shipment, previous)) addTo(before, shipment);
    },
    build: () => carriersFigures(scope, current, before),
  };
}

function carriersFigures(scope: ReportScope, currentGroups: Map<string, GroupFigures>, previousGroups: Map<string, GroupFigures>): Report {
  const { window } = scope.options;
  const previous = previousWindow(window);
  const keys = [...currentGroups.keys()].sort();

  const scorecard: Row[] = [];
  const delays: Row[] = [];
  const changes: Row[] = [];
  const top: Row[] = [];
  for (const key of keys) {
    const [carrier, mode] = splitKey(key) as [string, string];
    const now = currentGroups.get(key)!;
    const prior = previousGroups.get(key) ?? newFigures();
    const identity = { carrier, mode };
    scorecard.push({
      ...identity,
      shipments: now.shipments,
      ...Object.fromEntries(
        MEASURED.flatMap(({ label }) => [
          [`${label}_on_time_pct`, round2(onTimePct(now, label))],
          [`${label}_measured`, now.onTime[label]!.measured],
        ]),
      ),
      otif_pct: now.otif.measured ? round2(percent(now.otif.hits, now.otif.measured)) : null,
      otif_measured: now.otif.measured,
      exceptions: now.exceptions,
      exceptions_per_100: round2(perHundred(now)),
    });
    delays.push({
      ...identity,
      delivered: now.delaysH.length,
      delay_mean_h: round2(mean(now.delaysH)),
      delay_median_h: round2(median(now.delaysH)),
      delay_p90_h: round2(percentile(now.delaysH, 90)),
      transit_measured: now.transitVsPlanH.length,
      transit_vs_plan_mean_h: round2(mean(now.transitVsPlanH)),
      transit_vs_plan_sd_h: round2(standardDeviation(now.transitVsPlanH)),
    });
    changes.push({
      ...identity,
      shipments: now.shipments,
      previous_shipments: prior.shipments,
      delivery_on_time_pct: round2(onTimePct(now, 'delivery')),
      previous_delivery_on_time_pct: round2(onTimePct(prior, 'delivery')),
      delivery_on_time_change_pp: change(onTimePct(now, 'delivery'), onTimePct(prior, 'delivery')),
      exceptions_per_100: round2(perHundred(now)),
      previous_exceptions_per_100: round2(perHundred(prior)),
      exceptions_per_100_change: change(perHundred(now), perHundred(prior)),
      delay_mean_h: round2(mean(now.delaysH)),
      previous_delay_mean_h: round2(mean(prior.delaysH)),
      delay_mean_change_h: change(mean(now.delaysH), mean(prior.delaysH)),
    });
    top.push({
      ...identity,
      top_exception_kinds: topCounts(now.caseKinds, TOP),
      top_reasons: topCounts(now.eventReasons, TOP),
    });
  }

  const notes: string[] = [];
  if (scope.data.deliveredQuantities().size === 0) {
    notes.push('OTIF: no delivered event carries a quantity (the events\' quantity column), so "in full" is unknown.');
  }
  const outOfSequence = [...currentGroups.values()].reduce((sum, figures) => sum + figures.outOfSequence, 0);
  if (outOfSequence > 0) {
    notes.push(
      `Out of sequence: ${outOfSequence} shipment(s) have actuals that contradict their order (an arrival dated before its departure); ` +
        "those milestones are left out of on-time, delay and transit figures (the audit's sequence check flags them).",
    );
  }
  if (previousGroups.size === 0) notes.push(`Change: no shipments in the previous period (${periodText(previous)}), so there is nothing to compare with.`);

  const identityColumns = [column('carrier', 'carrier'), column('mode', 'mode')];
  return {
    name: 'carriers',
    title: 'Carrier scorecard',
    asOf: scope.asOf,
    window,
    parameters: { ...scope.commonParameters(), previous_period: periodText(previous) },
    definitions: [
      DEFINITIONS.period,
      DEFINITIONS.actuals,
      DEFINITIONS.onTime(scope.options.tolerances),
      'n: shipments measured for that milestone (both a planned and an actual time).',
      'OTIF: delivered on time and in full (delivered quantity ≥ planned quantity), over shipments with an actual delivery and both quantities known.',
      DEFINITIONS.delay,
      DEFINITIONS.median,
      DEFINITIONS.p90,
      'Transit vs plan: (actual arrived − actual departed) − (planned arrived − planned departed) in hours; mean and population standard deviation (σ, divides by n).',
      DEFINITIONS.exceptions,
      `Top kinds: the ${TOP} most frequent case kinds; top reasons: the ${TOP} most frequent reason texts on the shipments' actual events.`,
      'Change: this period minus the previous period of the same length (percentage points for %, hours for delay).',
    ],
    notes,
    primarySection: 'scorecard',
    sections: [
      {
        id: 'scorecard',
        title: 'On time and exceptions',
        columns: [
          ...identityColumns,
          column('shipments', 'shipments', 'count'),
          ...MEASURED.flatMap(({ label }) => [column(`${label}_on_time_pct`, `${label} on-time %`, 'pct'), column(`${label}_measured`, 'n', 'count')]),
          column('otif_pct', 'OTIF %', 'pct'),
          column('otif_measured', 'n', 'count'),
          column('exceptions', 'exceptions', 'count'),
          column('exceptions_per_100', 'per 100', 'number'),
        ],
        rows: scorecard,
        emptyMessage: 'No shipments in the period.',
      },
      {
        id: 'delays',
        title: 'Delivery delay and transit time against plan (hours)',
        columns: [
          ...identityColumns,
          column('delivered', 'delivered', 'count'),
          column('delay_mean_h', 'mean', 'hours'),
          column('delay_median_h', 'median', 'hours'),
          column('delay_p90_h', 'p90', 'hours'),
          column('transit_measured', 'transits', 'count'),
          column('transit_vs_plan_mean_h', 'transit vs plan mean', 'hours'),
          column('transit_vs_plan_sd_h', 'σ', 'hours'),
        ],
        rows: delays,
        emptyMessage: 'No shipments in the period.',
      },
      {
        id: 'change',
        title: `Change against the previous period (${periodText(previous)})`,
        columns: [
          ...identityColumns,
          column('shipments', 'shipments', 'count'),
          column('previous_shipments', 'before', 'count'),
          column('delivery_on_time_pct', 'delivery on-time %', 'pct'),
          column('previous_delivery_on_time_pct', 'before', 'pct'),
          column('delivery_on_time_change_pp', 'Δ pp', 'number'),
          column('exceptions_per_100', 'exc. per 100', 'number'),
          column('previous_exceptions_per_100', 'before', 'number'),
          column('exceptions_per_100_change', 'Δ', 'number'),
          column('delay_mean_h', 'mean delay h', 'hours'),
          column('previous_delay_mean_h', 'before', 'hours'),
          column('delay_mean_change_h', 'Δ h', 'hours'),
        ],
        rows: changes,
        emptyMessage: 'No shipments in the period.',
      },
      {
        id: 'top',
        title: 'Top exception kinds and reasons',
        columns: [...identityColumns, column('top_exception_kinds', 'top exception kinds'), column('top_reasons', 'top event reasons')],
        rows: top,
        emptyMessage: 'No shipments in the period.',
      },
    ],
    charts:
      scorecard.length === 0
        ? []
        : [
            {
              id: 'carrier-on-time',
              title: 'On-time % by carrier and milestone',
              spec: groupedBars({
                values: scorecard.flatMap((row) =>
                  MEASURED.map(({ label }) => ({
                    carrier: `${row.carrier} (${row.mode})`,
                    milestone: label,
                    on_time_pct: row[`${label}_on_time_pct`] ?? null,
                  })),
                ),
                x: 'carrier',
                group: 'milestone',
                groupOrder: MEASURED.map((m) => m.label),
                y: 'on_time_pct',
                yTitle: 'on-time %',
                yMax: 100,
              }),
            },
          ],
  };
}
