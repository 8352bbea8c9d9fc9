/**
 * `slas:` — named service levels: a tolerance per milestone and maximum transit times by mode/lane.
 * A rule with `tolerance: sla` (or a transit check with `max: sla`) uses the SLA named by its own
 * `sla:`, else the shipment's `service_level`, else the SLA named `default`.
 */
import picomatch from 'picomatch';
import { MILESTONES, MODES, type Milestone } from '../../model/vocabulary.js';
import { laneOf, type ShipmentPlan } from '../../model/records.js';
import { closestName } from '../../model/suggest.js';
import type { Diagnostic } from '../../io/diagnostics.js';
import { DURATION_PATTERN, parseDuration } from '../duration.js';
import type { ConfigSection } from './section.js';

export interface Sla {
  name: string;
  tolerances: Partial<Record<Milestone, number>>;
  maxTransit: { mode?: string; lane?: string; maxMs: number }[];
}

export const DEFAULT_SLA = 'default';

const duration = { type: 'string', pattern: DURATION_PATTERN };

export const slasSection: ConfigSection<Map<string, Sla>> = {
  key: 'slas',
  schema: {
    type: 'object',
    description: 'Service levels by name (a plan\'s service_level picks one; "default" is the fallback).',
    additionalProperties: {
      type: 'object',
      properties: {
        description: { type: 'string' },
        tolerance: {
          type: 'object',
          properties: Object.fromEntries(MILESTONES.map((milestone) => [milestone, duration])),
          additionalProperties: false,
        },
        max_transit: {
          type: 'array',
          items: {
            type: 'object',
            required: ['max'],
            properties: { mode: { type: 'string', enum: [...MODES] }, lane: { type: 'string' }, max: duration },
            additionalProperties: false,
          },
        },
      },
      additionalProperties: false,
    },
  },
  empty: new Map(),
  merge(parts) {
    const slas = new Map<string, Sla>();
    const diagnostics: Diagnostic[] = [];
    for (const part of parts) {
      for (const [name, raw] of Object.entries(part.value as Record<string, RawSla>)) {
        if (slas.has(name)) {
          diagnostics.push({ file: part.file, ...part.locate([], name), severity: 'error', code: 'duplicate-sla', message: `SLA "${name}" is defined twice` });
          continue;
        }
        slas.set(name, {
          name,
          tolerances: Object.fromEntries(Object.entries(raw.tolerance ?? {}).map(([milestone, text]) => [milestone, parseDuration(text) ?? 0])),
          maxTransit: (raw.max_transit ?? []).map((entry) => ({ mode: entry.mode, lane: entry.lane, maxMs: parseDuration(entry.max) ?? 0 })),
        });
      }
    }
    return { value: slas, diagnostics };
  },
  // Here rather than in merge, which runs only for files that have a slas: section: a rule that needs
  // an SLA when no file defines any would otherwise pass the check and never fire.
  crossCheck(slas, _sections, rules) {
    const diagnostics: Diagnostic[] = [];
    for (const rule of rules) {
      if (rule.sla && !slas.has(rule.sla.name)) {
        const near = closestName(rule.sla.name, [...slas.keys()]);
        diagnostics.push({
          file: rule.file,
          line: rule.sla.line,
          column: rule.sla.column,
          severity: 'error',
          code: 'unknown-sla',
          message: `rule "${rule.id}": SLA "${rule.sla.name}" is not defined${near ? `; did you mean "${near}"?` : ''}`,
          ruleId: rule.id,
        });
      } else if (rule.usesSla && slas.size === 0) {
        diagnostics.push({
          file: rule.file,
          line: rule.line,
          column: rule.column,
          severity: 'error',
          code: 'unknown-sla',
          message: `rule "${rule.id}" uses "sla" but no SLA is defined (add a slas: section)`,
          ruleId: rule.id,
        });
      }
    }
    return diagnostics;
  },
};

interface RawSla {
  tolerance?: Record<string, string>;
  max_transit?: { mode?: string; lane?: string; max: string }[];
}

/** The SLA for a shipment: the rule's own, else its service level's, else "default". */
export function slaFor(slas: ReadonlyMap<string, Sla>, plan: ShipmentPlan, ruleSla?: string): Sla | undefined {
  if (ruleSla) return slas.get(ruleSla);
  return slas.get(plan.serviceLevel) ?? slas.get(DEFAULT_SLA);
}

/** The first max_transit entry matching the shipment's mode and lane. */
export function maxTransitFor(sla: Sla, plan: ShipmentPlan): number | undefined {
  const lane = laneOf(plan);
  return sla.maxTransit.find((entry) => (!entry.mode || entry.mode === plan.mode) && (!entry.lane || picomatch.isMatch(lane, entry.lane, { nocase: true })))
    ?.maxMs;
}
