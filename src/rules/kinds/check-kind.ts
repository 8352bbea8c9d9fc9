/**
 * The shape every check kind module exports (after ESLint's `meta` + `create`): an id, an options
 * schema the rule loader validates against, and a pure evaluation. Severity, team and rule id are
 * stamped on by the engine: a check only describes what is wrong.
 */
import type { TimelineView } from '../../engine/timeline.js';
import { MILESTONES, STATUSES } from '../../model/vocabulary.js';
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
   * Width of one deviation band (default: the rule's tolerance, else an hour). A case escalates when
   * its deviation enters a higher band, and an ETA that moves within its band changes nothing.
   */
  bandWidthMs?: number;
  message: string;
}

export interface CheckContext {
  view: TimelineView;
  asOf: number;
  /** The rule's tolerance in ms (0 when the rule gives none). */
  toleranceMs: number;
}

export interface JsonSchemaObject {
  type: 'object';
  properties: Record<string, unknown>;
  required?: string[];
  additionalProperties: false;
}

export interface CheckKind<Options = Record<string, unknown>> {
  id: string;
  meta: {
    description: string;
    /** Schema of the `check:` mapping without `kind`. */
    optionsSchema: JsonSchemaObject;
    /** Whether the rule's `tolerance` means anything to this check (a warning otherwise). */
    usesTolerance: boolean;
    /** Turns validated YAML options into what `evaluate` takes (parsed durations etc.). */
    compileOptions(raw: Record<string, unknown>): Options;
  };
  evaluate(context: CheckContext, options: Options): Finding[];
}

export const milestoneOption = { type: 'string', enum: [...MILESTONES], description: 'A milestone, e.g. departed' };
export const statusOption = { type: 'string', enum: [...STATUSES], description: 'A milestone or status, e.g. customs_hold' };
export const durationOption = { type: 'string', pattern: DURATION_PATTERN, description: 'A duration: 90m, 6h, 2d, 1w, 1d12h' };

/** For compileOptions: the schema has already checked the pattern, so a parse cannot fail here. */
export function durationMs(text: unknown): number {
  return parseDuration(String(text)) ?? 0;
}

export function minutes(ms: number): number {
  return Math.round(ms / 60_000);
}
