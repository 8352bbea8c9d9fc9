/**
 * The shape every check kind module exports (after ESLint's `meta` + `create`): an id, an options
 * schema the rule loader validates against, and a pure evaluation. Severity, team and rule id are
 * stamped on by the engine: a check only describes what is wrong.
 */
import type { StoredEvent } from '../../model/records.js';
import type { TimelineView } from '../../model/timeline.js';
import type { InventoryRecord } from '../../model/records.js';
import type { Sla } from '../sections/slas.js';
import { MILESTONES, STATUSES, type CheckKindId, type Milestone } from '../../model/vocabulary.js';
import { DURATION_PATTERN, parseDuration } from '../duration.js';

export interface Finding {
  /** Distinguishes several findings of one rule on one shipment (a milestone, `departed>arrived`, a doc type). */
  key: string;
  milestone?: string;
  planned?: number;
  actual?: number;
  /** How far past plan or limit, in minutes (positive = late). */
  deviationMinutes: number;
  /**
   * Width of one deviation band (the tolerance or limit used; an hour when that is 0). A case escalates when
   * its deviation enters a higher band, and an ETA that moves within its band changes nothing.
   */
  bandWidthMs?: number;
  message: string;
}

export interface CheckContext {
  view: TimelineView;
  asOf: number;
  /**
   * The tolerance for a milestone in ms: the rule's own (0 when it gives none), or with
   * `tolerance: sla` the shipment's SLA's; undefined when that SLA says nothing about the milestone.
   */
  tolerance(milestone: Milestone): number | undefined;
  /** The SLA that applies to this shipment, for options set to `sla`. */
  sla?: Sla;
}

export interface InventoryContext {
  /** The latest stock record of one SKU at one location, as of the audit. */
  record: InventoryRecord;
  asOf: number;
}

export interface EventContext {
  /** Events that match no planned shipment, grouped by what identifies them (a reference or shipment id). */
  identity: string;
  events: StoredEvent[];
  asOf: number;
}

export interface JsonSchemaObject {
  type: 'object';
  properties: Record<string, unknown>;
  required?: string[];
  additionalProperties: false;
}

interface KindMeta<Options> {
  description: string;
  /** Schema of the `check:` mapping without `kind`. */
  optionsSchema: JsonSchemaObject;
  /** Whether the rule's `tolerance` means anything to this check (a warning otherwise). */
  usesTolerance: boolean;
  /** Turns validated YAML options into what `evaluate` takes (parsed durations etc.). */
  compileOptions(raw: Record<string, unknown>): Options;
}

/** Checks a planned shipment's timeline: most kinds. */
export interface ShipmentCheckKind<Options = Record<string, unknown>, Id extends CheckKindId = CheckKindId> {
  id: Id;
  scope: 'shipment';
  meta: KindMeta<Options>;
  evaluate(context: CheckContext, options: Options): Finding[];
  /**
   * For incremental audits: the earliest as-of after `context.asOf` at which this check's findings on the
   * shipment could change while its records stay as they are (a planned time plus tolerance passing);
   * `asOf + 1` while a finding grows with the as-of, unless the kind can `regrow` it; undefined when only
   * new records can change them. Changes of the view itself (future-dated events becoming known) are the engine's
   * concern. A kind without this method is re-evaluated on every run, which is always correct.
   */
  dueAfter?(context: CheckContext, options: Options): number | undefined;
  /**
   * For findings that, once found, only grow with the as-of until new records come (an overdue
   * milestone, a transit still open): the same finding at a later as-of, from what its case keeps.
   * An incremental audit grows such a case without reading the shipment's events (its dueAfter is then
   * undefined while the finding holds); it must equal what `evaluate` finds at that as-of.
   */
  regrow?(kept: KeptFinding, asOf: number, options: Options): Finding;
}

/** What a case keeps of a growing finding: its planned (or limit) time and its band width. */
export interface KeptFinding {
  planned: number;
  bandWidthMs: number;
}

/** Checks stock records (per SKU and location). */
export interface InventoryCheckKind<Options = Record<string, unknown>, Id extends CheckKindId = CheckKindId> {
  id: Id;
  scope: 'inventory';
  meta: KindMeta<Options>;
  evaluate(context: InventoryContext, options: Options): Finding[];
}

/** Checks carrier events that belong to no planned shipment. */
export interface EventCheckKind<Options = Record<string, unknown>, Id extends CheckKindId = CheckKindId> {
  id: Id;
  scope: 'event';
  meta: KindMeta<Options>;
  evaluate(context: EventContext, options: Options): Finding[];
}

// Each module is typed by its own options; the registry only hands them back to their own evaluate.
export type CheckKind = ShipmentCheckKind<any> | InventoryCheckKind<any> | EventCheckKind<any>;

const milestoneOption = { type: 'string', enum: [...MILESTONES], description: 'A milestone, e.g. departed' };
/** The options of the kinds that check one milestone: `milestone`, and the rule's tolerance applies. */
export const SINGLE_MILESTONE_OPTIONS = {
  optionsSchema: {
    type: 'object' as const,
    properties: { milestone: milestoneOption },
    required: ['milestone'],
    additionalProperties: false as const,
  },
  usesTolerance: true,
  compileOptions: (raw: Record<string, unknown>) => ({ milestone: raw.milestone as Milestone }),
};
export const statusOption = { type: 'string', enum: [...STATUSES], description: 'A milestone or status, e.g. customs_hold' };
export const durationOption = { type: 'string', pattern: DURATION_PATTERN, description: 'A duration: 90m, 6h, 2d, 1w, 1d12h' };
/** A duration, or `sla` for the limit of the shipment's SLA. */
export const durationOrSlaOption = {
  type: 'string',
  pattern: `${DURATION_PATTERN}|^sla$`,
  description: 'A duration (90m, 6h, 2d, 1w, 1d12h) or "sla"',
};

/** For compileOptions: the schema has already checked the pattern, so a parse cannot fail here. */
export function durationMs(text: unknown): number {
  return parseDuration(String(text)) ?? 0;
}

export function minutes(ms: number): number {
  return Math.round(ms / 60_000);
}
