import type { Severity } from '../model/vocabulary.js';
import type { CheckKind } from './kinds/check-kind.js';
import type { PlanPredicate } from './selectors.js';

/** A rule ready for the engine: selectors compiled, durations parsed, options validated. */
export interface CompiledRule {
  id: string;
  description?: string;
  kind: CheckKind<any>;
  options: unknown;
  applies: PlanPredicate;
  toleranceMs: number;
  severity: Severity;
  team?: string;
  source: { file: string; line: number };
}
