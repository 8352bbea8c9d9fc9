/**
 * `logex report eta`: how right the carriers' estimates of a milestone (arrival or delivery) were, per
 * carrier and mode (or lane): error by how long before the actual each estimate was received, the last
 * estimate's error, and how early the estimates showed a delay that came.
 */
import type { TimelineEvent } from '../model/records.js';
import { knownFrom } from '../model/timeline.js';
import { groupedBars } from './charts.js';
import type { ShipmentFacts } from './facts.js';
import { column, type Column, type Report, type Row } from './model.js';
import { DEFINITIONS, type ReportBuilder, type ReportScope } from './scope.js';
import { DAY_MS, hours, joinKey, median, percent, round2, splitKey } from './stats.js';

export const ETA_MILESTONES = ['arrived', 'delivered'] as const;
export type EtaMilestone = (typeof ETA_MILESTONES)[number];
export const ETA_GROUPINGS = ['carrier', 'lane'] as const;
export type EtaGrouping = (typeof ETA_GROUPINGS)[number];

export interface EtaSettings {
  milestone: EtaMilestone;
  /** `carrier`: per carrier and mode; `lane`: per carrier, mode and lane. */
  by: EtaGrouping;
}

export const DEFAULT_ETA_SETTINGS: EtaSettings = { milestone: 'arrived', by: 'carrier' };

/** How long before the actual an estimate was received; each bucket includes its lower bound. */
const HORIZONS = [
  { label: '≥ 7 d', from: 7 * DAY_MS },
  { label: '3–7 d', from: 3 * DAY_MS },
  { label: '1–3 d', from: DAY_MS },
  { label: '< 1 d', from: 0 },
] as const;

/** The liner industry's schedule-reliability convention: within a day either side counts as right. */
const WITHIN_MS = DAY_MS;

/** One estimate as received once: what it said and when it was received. */
interface Observation {
  estimateAt: number;
  receivedAt: number;
  /** The estimate's stored row: ties between receipts at the same instant go to the later stored one. */
  row: number;
}

/** Sums of observed errors, so a million shipments add up without being kept. */
interface ErrorTally {
  count: number;
  absoluteErrorH: number;
  signedErrorH: number;
  within: number;
}

interface GroupFigures {
  /** Shipments with an actual of the milestone. */
  actuals: number;
  /** Of those, with at least one estimate received by the actual. */
  estimated: number;
  byHorizon: ErrorTally[];
  last: ErrorTally;
  late: number;
  /** Hours between the first receipt of an estimate showing the delay and the actual, per late milestone announced. */
  leadTimesH: number[];
}

const newTally = (): ErrorTally => ({ count: 0, absoluteErrorH: 0, signedErrorH: 0, within: 0 });

function newFigures(): GroupFigures {
  return { actuals: 0, estimated: 0, byHorizon: HORIZONS.map(newTally), last: newTally(), late: 0, leadTimesH: [] };
}

function tallyError(tally: ErrorTally, errorMs: number): void {
  tally.count++;
  tally.absoluteErrorH += hours(Math.abs(errorMs));
  tally.signedErrorH += hours(errorMs);
  if (Math.abs(errorMs) <= WITHIN_MS) tally.within++;
}

function horizonIndex(horizonMs: number): number {
  return HORIZONS.findIndex((bucket) => horizonMs >= bucket.from);
}

/** Each receipt of each estimate of the milestone that came by the actual, in receipt order. */
function observations(estimates: readonly TimelineEvent[], milestone: EtaMilestone, actual: number, receipts: Map<number, number[]>): Observation[] {
  const observed: Observation[] = [];
  for (const estimate of estimates) {
    if (estimate.status !== milestone) continue;
    const received = new Set(receipts.get(estimate.id));
    received.add(knownFrom(estimate));
    for (const receivedAt of received) {
      if (receivedAt <= actual) observed.push({ estimateAt: estimate.time.epochMs, receivedAt, row: estimate.id });
    }
  }
  return observed.sort((a, b) => a.receivedAt - b.receivedAt || a.row - b.row);
}

function addShipment(figures: GroupFigures, scope: ReportScope, settings: EtaSettings, shipment: ShipmentFacts): void {
  const { milestone } = settings;
  const actual = shipment.actual[milestone];
  if (actual === undefined) return;
  figures.actuals++;
  const observed = observations(shipment.estimates, milestone, actual, scope.data.estimateReceipts());
  if (observed.length > 0) {
    figures.estimated++;
    for (const observation of observed) {
      tallyError(figures.byHorizon[horizonIndex(actual - observation.receivedAt)]!, observation.estimateAt - actual);
    }
    tallyError(figures.last, observed.at(-1)!.estimateAt - actual);
  }
  if (scope.onTime(shipment, milestone) === false) {
    figures.late++;
    const planned = shipment.planned[milestone]!;
    const announced = observed.find((observation) => observation.estimateAt - planned > scope.tolerance(shipment));
    if (announced) figures.leadTimesH.push(hours(actual - announced.receivedAt));
  }
}

/** Figures per carrier and mode (and lane), added to as shipments stream by. */
export function etaReport(scope: ReportScope, settings: EtaSettings): ReportBuilder {
  const groups = new Map<string, GroupFigures>();
  return {
    add(shipment) {
      if (!scope.holds(shipment)) return;
      const key = joinKey(shipment.carrier, shipment.mode, ...(settings.by === 'lane' ? [shipment.lane] : []));
      let figures = groups.get(key);
      if (!figures) groups.set(key, (figures = newFigures()));
      addShipment(figures, scope, settings, shipment);
    },
    build: () => etaFigures(scope, settings, groups),
  };
}

const meanOf = (total: number, count: number) => (count === 0 ? null : round2(total / count));

function errorColumns(tally: ErrorTally, prefix = ''): Row {
  return {
    [`${prefix}mae_h`]: meanOf(tally.absoluteErrorH, tally.count),
    [`${prefix}bias_h`]: meanOf(tally.signedErrorH, tally.count),
    [`${prefix}within_1d_pct`]: round2(percent(tally.within, tally.count)),
  };
}

function etaFigures(scope: ReportScope, settings: EtaSettings, groups: Map<string, GroupFigures>): Report {
  const { milestone, by } = settings;
  const keys = [...groups.keys()].filter((key) => groups.get(key)!.actuals > 0).sort();
  const identityOf = (key: string): Row => {
    const [carrier, mode, lane] = splitKey(key) as [string, string, string?];
    return by === 'lane' ? { carrier, mode, lane: lane! } : { carrier, mode };
  };

  const summary: Row[] = [];
  const accuracy: Row[] = [];
  const warning: Row[] = [];
  for (const key of keys) {
    const figures = groups.get(key)!;
    const identity = identityOf(key);
    summary.push({
      ...identity,
      actuals: figures.actuals,
      shipments: figures.estimated,
      estimates: figures.byHorizon.reduce((sum, tally) => sum + tally.count, 0),
      ...errorColumns(figures.last, 'last_'),
    });
    HORIZONS.forEach((bucket, index) => {
      const tally = figures.byHorizon[index]!;
      accuracy.push({ ...identity, horizon: bucket.label, estimates: tally.count, ...errorColumns(tally) });
    });
    const announced = figures.leadTimesH.length;
    warning.push({
      ...identity,
      late: figures.late,
      announced,
      never_announced: figures.late - announced,
      never_announced_pct: round2(percent(figures.late - announced, figures.late)),
      lead_median_h: round2(median(figures.leadTimesH)),
    });
  }

  const notes: string[] = [];
  if (keys.length > 0 && summary.every((row) => row.shipments === 0)) {
    notes.push(`No estimate of ${milestone} was received by its actual: the carriers sent none, or none before the milestone happened.`);
  }

  const identityColumns: Column[] = [column('carrier', 'carrier'), column('mode', 'mode'), ...(by === 'lane' ? [column('lane', 'lane')] : [])];
  const empty = `No shipment in the period has an actual ${milestone}.`;
  const groupTitle = by === 'lane' ? 'carrier, mode and lane' : 'carrier and mode';
  return {
    name: 'eta',
    title: `ETA reliability (${milestone})`,
    asOf: scope.asOf,
    window: scope.options.window,
    parameters: { ...scope.commonParameters(), milestone, by: groupTitle },
    definitions: [
      DEFINITIONS.period,
      DEFINITIONS.actuals,
      `Estimates: events of ${milestone} with classifier "estimated", each counted once per receipt: at its reported_at, else when the run that read it was as of; a carrier re-sending the same estimate later is another estimate at its new receipt time. Estimates received after the actual are left out.`,
      `Error: estimate − actual in hours; negative is optimistic (the estimate earlier than the truth), positive pessimistic. Horizon: actual − receipt, in buckets ${HORIZONS.map((b) => b.label).join(', ')}; each includes its lower bound (exactly 7 d is ≥ 7 d).`,
      'MAE: mean of |error| in hours; bias: mean of the signed error in hours; within ±1 d %: estimates with |error| ≤ 24 h ÷ estimates.',
      'Actuals: shipments with an actual of the milestone; shipments: those with at least one estimate received by the actual.',
      'Last estimate: per shipment, the estimate received last by the actual (ties: the later stored); its MAE, bias and within ±1 d % over those shipments.',
      DEFINITIONS.onTime(scope.options.tolerances),
      'Delay warning: over milestones that were late (actual − planned over the tolerance), announced when an estimate received by the actual said more than the tolerance after plan; lead time = actual − the first such receipt, in hours. Never announced % = late ones with no such estimate (none at all included) ÷ late ones.',
      'Median: the middle value of the sorted lead times, the mean of the two middle ones for an even count.',
    ],
    notes,
    primarySection: 'accuracy',
    sections: [
      {
        id: 'summary',
        title: `Estimates and last-estimate error per ${groupTitle}`,
        columns: [
          ...identityColumns,
          column('actuals', 'actuals', 'count'),
          column('shipments', 'with estimates', 'count'),
          column('estimates', 'estimates', 'count'),
          column('last_mae_h', 'last MAE', 'hours'),
          column('last_bias_h', 'last bias', 'hours'),
          column('last_within_1d_pct', 'last within ±1 d %', 'pct'),
        ],
        rows: summary,
        emptyMessage: empty,
      },
      {
        id: 'accuracy',
        title: 'Error by horizon (hours before the actual the estimate was received)',
        columns: [
          ...identityColumns,
          column('horizon', 'horizon'),
          column('estimates', 'estimates', 'count'),
          column('mae_h', 'MAE', 'hours'),
          column('bias_h', 'bias', 'hours'),
          column('within_1d_pct', 'within ±1 d %', 'pct'),
        ],
        rows: accuracy,
        emptyMessage: empty,
      },
      {
        id: 'warning',
        title: 'Delay warning: late milestones and how early the estimates showed it',
        columns: [
          ...identityColumns,
          column('late', 'late', 'count'),
          column('announced', 'announced', 'count'),
          column('never_announced', 'never', 'count'),
          column('never_announced_pct', 'never announced %', 'pct'),
          column('lead_median_h', 'median lead h', 'hours'),
        ],
        rows: warning,
        emptyMessage: empty,
      },
    ],
    charts: accuracy.every((row) => row.estimates === 0)
      ? []
      : [
          {
            id: 'eta-error-by-horizon',
            title: `Mean absolute ${milestone} estimate error (h) by horizon, per ${groupTitle}`,
            spec: groupedBars({
              values: accuracy.map((row) => ({
                group: [row.carrier, row.mode, ...(by === 'lane' ? [row.lane] : [])].join(' '),
                horizon: row.horizon,
                mae_h: row.mae_h ?? null,
              })),
              x: 'group',
              group: 'horizon',
              groupOrder: HORIZONS.map((bucket) => bucket.label),
              y: 'mae_h',
              yTitle: 'mean absolute error (h)',
            }),
          },
        ],
  };
}
