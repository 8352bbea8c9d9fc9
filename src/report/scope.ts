/**
 * What every report shares: the data it reads, the period window, the filters, the on-time tolerance,
 * and the sentences that define them (printed in each report's footer and in docs/reports.md).
 */
import picomatch from 'picomatch';
import { MODES, type Milestone, type Mode } from '../model/vocabulary.js';
import { formatDuration } from '../rules/duration.js';
import type { CaseRecord, DocumentRow } from '../store/report-reads.js';
import type { ShipmentFacts } from './facts.js';
import type { Report } from './model.js';
import { DAY_MS, groupBy, HOUR_MS } from './stats.js';

export interface ReportData {
  asOf: number;
  /** The periods whose shipments are read for the reports (registry.ts `shipmentWindows`). */
  shipmentWindows: readonly ReportWindow[];
  cases: CaseRecord[];
  documents: () => DocumentRow[];
  /** Empty when the store keeps no delivered quantities (then OTIF cannot be computed). */
  deliveredQuantities: () => Map<string, number>;
  /** Recorded re-receipts of estimates, besides the receipt their event gives (model/timeline.ts knownFrom), by event row id (store/estimate-receipts.ts). */
  estimateReceipts: () => Map<number, number[]>;
}

/**
 * A report being built. Reports over shipments see each shipment read for them once, as the timelines
 * stream by (dataset.ts), and keep figures, not shipments: a million shipments' facts held at once took
 * gigabytes and most of the time in garbage collection.
 */
export interface ReportBuilder {
  add(shipment: ShipmentFacts): void;
  build(): Report;
}

/** Half-open: from ≤ t < to. */
export interface ReportWindow {
  from: number;
  to: number;
}

export interface ReportFilters {
  carrier?: string[];
  mode?: string[];
  /** Globs on ORIGIN>DESTINATION, as in rule selectors (`CN*>US*`). */
  lane?: string[];
  customer?: string[];
  /** Cases only: the team that owns them. */
  team?: string[];
}

export type Tolerances = Record<Mode, number>;

/**
 * How late a milestone may be and still be on time, per mode: a day at sea is normal, on a truck it
 * is not. One stated table instead of the rules' per-rule tolerances, so any figure can be checked.
 */
export const DEFAULT_TOLERANCES: Tolerances = {
  ocean: 24 * HOUR_MS,
  air: 6 * HOUR_MS,
  rail: 12 * HOUR_MS,
  road: 2 * HOUR_MS,
  parcel: 2 * HOUR_MS,
  multimodal: 24 * HOUR_MS,
};

export interface ReportOptions {
  window: ReportWindow;
  filters: ReportFilters;
  tolerances: Tolerances;
}

/**
 * `--to` defaults to the end of the as-of's UTC day, so the window holds whole days and includes what
 * the audit at as-of opened; `--from` to `--to` minus the report's default length.
 */
export function resolveWindow(from: number | undefined, to: number | undefined, asOf: number, defaultDays: number): ReportWindow {
  const end = to ?? (Math.floor(asOf / DAY_MS) + 1) * DAY_MS;
  return { from: from ?? end - defaultDays * DAY_MS, to: end };
}

/** The period of the same length just before the window. */
export function previousWindow(window: ReportWindow): ReportWindow {
  return { from: 2 * window.from - window.to, to: window.from };
}

/** "2026-02-20T00:00:00.000Z" → "2026-02-20 00:00Z" (seconds kept only when not zero): as a person reads it. */
export function shortInstant(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/:00Z$/, 'Z');
}

export function periodText(window: ReportWindow): string {
  return `${shortInstant(window.from)} ≤ t < ${shortInstant(window.to)}`;
}

export function inWindow(at: number | undefined, window: ReportWindow): boolean {
  return at !== undefined && at >= window.from && at < window.to;
}

/** What the shipment filters look at, on a shipment's facts or on a case's plan. */
type Filterable = Pick<ShipmentFacts, 'carrier' | 'mode' | 'customer' | 'lane'>;

export class ReportScope {
  private readonly matchesShipment: (shipment: Filterable) => boolean;
  private readonly matchesCase: (record: CaseRecord) => boolean;
  private casesByShipment: Map<string, CaseRecord[]> | undefined;

  constructor(
    readonly data: ReportData,
    readonly options: ReportOptions,
  ) {
    const { filters } = options;
    const carrier = anyOf(filters.carrier);
    const mode = anyOf(filters.mode);
    const customer = anyOf(filters.customer);
    const team = anyOf(filters.team);
    const lane = filters.lane
      ? picomatch(
          filters.lane.map((glob) => glob.toUpperCase()),
          { nocase: true },
        )
      : undefined;
    this.matchesShipment = (s) => carrier(s.carrier) && mode(s.mode) && customer(s.customer) && (!lane || lane(s.lane));
    this.matchesCase = (record) => {
      if (!team(record.team)) return false;
      if (record.plan) return this.matchesShipment(record.plan);
      // Stock and unmatched-event cases have no plan: judge them by what the case itself carries.
      if (filters.customer) return false;
      return carrier(record.carrier) && mode(record.mode) && (!lane || (record.lane !== null && lane(record.lane)));
    };
  }

  get asOf(): number {
    return this.data.asOf;
  }

  /**
   * Whether a shipment counts in the window (the report's by default): its period instant falls in it
   * and it passes the filters. The window must be one the shipments were read for.
   */
  holds(shipment: ShipmentFacts, window: ReportWindow = this.options.window): boolean {
    if (!this.data.shipmentWindows.some((read) => read.from <= window.from && window.to <= read.to)) {
      throw new Error(`internal: the shipments of ${periodText(window)} were not read; add the window to the report's shipmentWindows`);
    }
    return inWindow(shipment.periodAt, window) && this.matchesShipment(shipment);
  }

  /** Every case passing the filters, including those of no planned shipment. */
  cases(): CaseRecord[] {
    return this.data.cases.filter(this.matchesCase);
  }

  /** The cases of one shipment that pass the filters. */
  casesOf(shipmentId: string): readonly CaseRecord[] {
    this.casesByShipment ??= groupBy(this.cases(), (record) => record.shipmentId);
    return this.casesByShipment.get(shipmentId) ?? [];
  }

  tolerance(shipment: ShipmentFacts): number {
    return this.options.tolerances[shipment.mode as Mode] ?? 0;
  }

  /** actual − planned in ms, or undefined when either is missing. */
  deviation(shipment: ShipmentFacts, milestone: Milestone): number | undefined {
    const planned = shipment.planned[milestone];
    const actual = shipment.actual[milestone];
    return planned === undefined || actual === undefined ? undefined : actual - planned;
  }

  /** On time when actual − planned ≤ the mode's tolerance; undefined without both times. */
  onTime(shipment: ShipmentFacts, milestone: Milestone): boolean | undefined {
    const deviation = this.deviation(shipment, milestone);
    return deviation === undefined ? undefined : deviation <= this.tolerance(shipment);
  }

  /** The footer lines every report shares. */
  commonParameters(): Record<string, string> {
    const { filters } = this.options;
    const parameters: Record<string, string> = {};
    for (const [name, values] of Object.entries(filters)) if (values) parameters[name] = (values as string[]).join(', ');
    return parameters;
  }
}

function anyOf(values: string[] | undefined): (value: string | null) => boolean {
  if (!values) return () => true;
  const wanted = new Set(values.map((v) => v.toUpperCase()));
  return (value) => value !== null && wanted.has(value.toUpperCase());
}

export function tolerancesText(tolerances: Tolerances): string {
  return MODES.map((mode) => `${mode} ${formatDuration(tolerances[mode])}`).join(', ');
}

export const DEFINITIONS = {
  period:
    'A shipment belongs to the period of its planned departure (else its earliest planned milestone); the window is from ≤ t < to, in UTC. Shipments with no planned time are in no period.',
  actuals: 'Actuals are actual events dated up to as-of (estimates never count); the first actual of a milestone counts.',
  onTime: (tolerances: Tolerances) =>
    `On time: actual − planned ≤ the tolerance of the shipment's mode (${tolerancesText(tolerances)}); equal to the tolerance is on time. ` +
    "A shipment with no actual (or no plan) for a milestone is left out of that milestone's on-time %.",
  late: 'Late %: share of shipments with an actual delivery that were delivered later than the tolerance (100 − on-time delivery %).',
  delay: 'Delay: actual − planned delivery in hours, signed (early is negative), over shipments with both.',
  median: 'Median: the middle value of the sorted delays, the mean of the two middle ones for an even count.',
  p90: 'p90: nearest rank, the value at position ⌈0.9 × n⌉ of the n delays sorted ascending.',
  exceptions: 'Exceptions: cases (any status, cleared ones included) on the shipments counted; per 100 = cases ÷ shipments × 100.',
} as const;
