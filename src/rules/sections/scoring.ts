/**
 * `scoring:` — the weights of the risk score (src/model/score.ts) and how fast an unresolved case's
 * score grows with its age, so a week-old open case climbs above yesterday's.
 */
import { PRIORITIES, SEVERITIES } from '../../model/vocabulary.js';
import { DEFAULT_WEIGHTS, type ScoreWeights } from '../../model/score.js';
import type { Diagnostic } from '../../io/diagnostics.js';
import type { ConfigSection } from './section.js';

const weightsOf = (keys: readonly string[]) => ({
  type: 'object',
  properties: Object.fromEntries(keys.map((key) => [key, { type: 'number', minimum: 0 }])),
  additionalProperties: false,
});

interface RawScoring {
  severity?: Partial<ScoreWeights['severity']>;
  priority?: Partial<ScoreWeights['priority']>;
  value_per_decade?: number;
  age_per_day?: number;
  age_cap?: number;
}

export const scoringSection: ConfigSection<ScoreWeights> = {
  key: 'scoring',
  schema: {
    type: 'object',
    description: 'Risk score weights; unset values keep their defaults.',
    properties: {
      severity: weightsOf(SEVERITIES),
      priority: weightsOf(PRIORITIES),
      value_per_decade: { type: 'number', minimum: 0, description: 'Points per order of magnitude of shipment value' },
      age_per_day: { type: 'number', minimum: 0, description: 'Score growth per day a case stays unresolved (0.1 = +10%/day)' },
      age_cap: { type: 'number', minimum: 1, description: 'The most the age can multiply a score by' },
    },
    additionalProperties: false,
  },
  empty: DEFAULT_WEIGHTS,
  merge(parts) {
    const diagnostics: Diagnostic[] = parts.slice(1).map((part) => ({
      file: part.file,
      ...part.locate([]),
      severity: 'error' as const,
      code: 'duplicate-scoring',
      message: `scoring is already set in ${parts[0]!.file}; keep one scoring section`,
    }));
    const raw = parts[0]!.value as RawScoring;
    return {
      value: {
        severity: { ...DEFAULT_WEIGHTS.severity, ...raw.severity },
        priority: { ...DEFAULT_WEIGHTS.priority, ...raw.priority },
        valuePerDecade: raw.value_per_decade ?? DEFAULT_WEIGHTS.valuePerDecade,
        agePerDay: raw.age_per_day ?? DEFAULT_WEIGHTS.agePerDay,
        ageCap: raw.age_cap ?? DEFAULT_WEIGHTS.ageCap,
      },
      diagnostics,
    };
  },
};
