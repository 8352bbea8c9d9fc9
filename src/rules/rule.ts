import type { Severity } from '../model/vocabulary.js';
import type { CheckKind } from './kinds/check-kind.js';
import type { PlanPredicate, SelectorSpec } from './selectors.js';

/** A rule ready for the engine: selectors compiled, durations parsed, options validated. */
export interface CompiledRule {
  id: string;
  description?: string;
  kind: CheckKind;
  options: unknown;
  applies: PlanPredicate;
  /** The `when`/`unless` that `applies` was compiled from: what an incremental audit compares across runs. */
  selectors?: { when?: SelectorSpec; unless?: SelectorSpec };
  /** A fixed tolerance, or `sla` for the shipment's SLA's tolerance per milestone. */
  tolerance: number | 'sla';
  /** Pins the SLA by name instead of the shipment's service level. */
  sla?: string;
  severity: Severity;
  team?: string;
  source: { file: string; line: number };
}
