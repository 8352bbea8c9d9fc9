/**
 * Risk score: how urgently an exception deserves attention, so tables and reports can put the worst
 * first. severity weight × customer priority factor × (1 + log2(1 + hours late) / 4), plus a value
 * term; then × an age factor while the case stays unresolved (agedScore). The log keeps a 10-day delay
 * from drowning a critical one-hour miss. Weights come from the `scoring:` section.
 */
import type { Priority, Severity } from './vocabulary.js';

export interface ScoreWeights {
  severity: Record<Severity, number>;
  priority: Record<Priority, number>;
  /** Points per order of magnitude of shipment value (log10). */
  valuePerDecade: number;
  /** Escalation: an unresolved case's score × (1 + agePerDay × days open), at most × ageCap. */
  agePerDay: number;
  ageCap: number;
}

export const DEFAULT_WEIGHTS: ScoreWeights = {
  severity: { low: 1, medium: 3, high: 6, critical: 10 },
  priority: { low: 0.8, normal: 1, high: 1.3, critical: 1.6 },
  valuePerDecade: 0.5,
  agePerDay: 0.1,
  ageCap: 3,
};

export function riskScore(
  input: { severity: Severity; priority: Priority; deviationMinutes: number; value?: number },
  weights: ScoreWeights = DEFAULT_WEIGHTS,
): number {
  const hoursLate = Math.max(0, input.deviationMinutes) / 60;
  const base = weights.severity[input.severity] * weights.priority[input.priority] * (1 + Math.log2(1 + hoursLate) / 4);
  const valueTerm = input.value && input.value > 0 ? weights.valuePerDecade * Math.log10(input.value) : 0;
  return Math.round((base + valueTerm) * 10) / 10;
}

/** The score of a case open for `ageMs`: it grows with age so old unresolved cases rise to the top. */
export function agedScore(score: number, ageMs: number, weights: ScoreWeights = DEFAULT_WEIGHTS): number {
  const days = Math.max(0, ageMs) / 86_400_000;
  const factor = Math.min(weights.ageCap, 1 + weights.agePerDay * days);
  return Math.round(score * factor * 10) / 10;
}
