/**
 * The audit itself: (shipments with their events, compiled rules, as-of instant) → exceptions.
 * Pure: no clock, no I/O, so any past night can be replayed and every check tested as a table.
 */
import type { Severity } from '../model/vocabulary.js';
import type { CompiledRule } from '../rules/rule.js';
import { riskScore, type ScoreWeights, DEFAULT_WEIGHTS } from './score.js';
import { TimelineView, type ShipmentTimeline } from './timeline.js';

export interface Exception {
  /** One case per (rule, shipment, key): the case store upserts on this. */
  caseKey: string;
  ruleId: string;
  kind: string;
  shipmentId: string;
  carrier: string;
  lane: string;
  mode: string;
  milestone?: string;
  severity: Severity;
  score: number;
  team?: string;
  planned?: number;
  actual?: number;
  deviationMinutes: number;
  /** floor(deviation / band width): 0 inside the first band; escalation is a move to a higher band. */
  band: number;
  message: string;
}

const HOUR_MS = 3_600_000;

export function evaluate(
  shipments: Iterable<ShipmentTimeline>,
  rules: readonly CompiledRule[],
  asOf: number,
  weights: ScoreWeights = DEFAULT_WEIGHTS,
): Exception[] {
  const exceptions: Exception[] = [];
  for (const timeline of shipments) {
    const view = new TimelineView(timeline, asOf);
    const { plan } = timeline;
    for (const rule of rules) {
      if (!rule.applies(plan)) continue;
      for (const finding of rule.kind.evaluate({ view, asOf, toleranceMs: rule.toleranceMs }, rule.options)) {
        exceptions.push({
          caseKey: `${rule.id}|${plan.shipmentId}|${finding.key}`,
          ruleId: rule.id,
          kind: rule.kind.id,
          shipmentId: plan.shipmentId,
          carrier: plan.carrier,
          lane: `${plan.origin}>${plan.destination}`,
          mode: plan.mode,
          milestone: finding.milestone,
          severity: rule.severity,
          score: riskScore(
            { severity: rule.severity, priority: plan.priority, deviationMinutes: finding.deviationMinutes, value: plan.value },
            weights,
          ),
          team: rule.team,
          planned: finding.planned,
          actual: finding.actual,
          deviationMinutes: finding.deviationMinutes,
          band: Math.max(0, Math.floor((finding.deviationMinutes * 60_000) / (finding.bandWidthMs || rule.toleranceMs || HOUR_MS))),
          message: finding.message,
        });
      }
    }
  }
  return exceptions;
}
