/**
 * The audit itself: (shipments with their events, stock records, unmatched events, compiled rules,
 * as-of instant) → exceptions. Pure: no clock, no I/O, so any past night can be replayed and every
 * check tested as a table.
 */
import { laneOf, type InventoryRecord, type ShipmentPlan, type ShipmentTimeline, type StoredEvent } from '../model/records.js';
import type { CheckKindId, Milestone, Priority, Severity } from '../model/vocabulary.js';
import type { Finding } from '../rules/kinds/check-kind.js';
import type { CompiledRule } from '../rules/rule.js';
import { slaFor, type Sla } from '../rules/sections/slas.js';
import { noteGuessedTime } from './guessed-time.js';
import { riskScore, type ScoreWeights, DEFAULT_WEIGHTS } from '../model/score.js';
import { TimelineView } from '../model/timeline.js';

export type Subject = 'shipment' | 'inventory' | 'event';

export interface Exception {
  /** One case per (rule, subject, key): the case store upserts on this. */
  caseKey: string;
  ruleId: string;
  kind: CheckKindId;
  subject: Subject;
  /** The shipment id; for stock `SKU@LOCATION`; for unmatched events the reference they carry. */
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
  /**
   * The band width used (Finding.bandWidthMs, or an hour), kept on the case so an incremental audit can
   * grow the finding from it; unknown on a case carried over unchanged since before it was kept.
   */
  bandWidthMs?: number;
  message: string;
}

export interface EvaluationConfig {
  slas?: ReadonlyMap<string, Sla>;
  weights?: ScoreWeights;
}

export interface AuditSubjects {
  shipments: Iterable<ShipmentTimeline>;
  inventory?: Iterable<InventoryRecord>;
  unmatched?: Iterable<{ identity: string; events: StoredEvent[] }>;
}

const HOUR_MS = 3_600_000;

/** What a finding is about, as an exception names it and its score weighs it. */
export interface ExceptionSubject {
  type: Subject;
  id: string;
  carrier: string;
  lane: string;
  mode: string;
  priority: Priority;
  value?: number;
}

/** A planned shipment as the subject of its exceptions. */
export function shipmentSubject(
  plan: Pick<ShipmentPlan, 'shipmentId' | 'carrier' | 'origin' | 'destination' | 'mode' | 'priority' | 'value'>,
): ExceptionSubject {
  return {
    type: 'shipment',
    id: plan.shipmentId,
    carrier: plan.carrier,
    lane: laneOf(plan),
    mode: plan.mode,
    priority: plan.priority,
    value: plan.value,
  };
}

/** A rule's finding on a subject as an exception: the rule's severity and team, the subject's score. */
export function stamp(rule: CompiledRule, finding: Finding, subject: ExceptionSubject, weights: ScoreWeights): Exception {
  const bandWidthMs = finding.bandWidthMs || HOUR_MS;
  return {
    caseKey: `${rule.id}|${subject.id}|${finding.key}`,
    ruleId: rule.id,
    kind: rule.kind.id,
    subject: subject.type,
    shipmentId: subject.id,
    carrier: subject.carrier,
    lane: subject.lane,
    mode: subject.mode,
    milestone: finding.milestone,
    severity: rule.severity,
    score: riskScore({ severity: rule.severity, priority: subject.priority, deviationMinutes: finding.deviationMinutes, value: subject.value }, weights),
    team: rule.team,
    planned: finding.planned,
    actual: finding.actual,
    deviationMinutes: finding.deviationMinutes,
    band: Math.max(0, Math.floor((finding.deviationMinutes * 60_000) / bandWidthMs)),
    bandWidthMs,
    message: finding.message,
  };
}

/** One shipment's findings at as-of, and when they could next change without new records. */
export interface ShipmentAudit {
  exceptions: Exception[];
  /**
   * The earliest as-of after this one at which evaluating the same records may give other findings;
   * undefined when only new records can change them. Incremental audits skip the shipment until then.
   */
  nextDueMs: number | undefined;
}

export function auditShipment(timeline: ShipmentTimeline, rules: readonly CompiledRule[], asOf: number, config: EvaluationConfig = {}): ShipmentAudit {
  const weights = config.weights ?? DEFAULT_WEIGHTS;
  const slas = config.slas ?? NO_SLAS;
  const view = new TimelineView(timeline, asOf);
  const { plan } = timeline;
  const subject = shipmentSubject(plan);
  const exceptions: Exception[] = [];
  let nextDueMs = view.nextKnownAt();
  for (const rule of rules) {
    if (rule.kind.scope !== 'shipment' || !rule.applies(plan)) continue;
    const sla = slaFor(slas, plan, rule.sla);
    const { tolerance } = rule;
    const context = {
      view,
      asOf,
      sla,
      tolerance: (milestone: Milestone) => (tolerance === 'sla' ? sla?.tolerances[milestone] : tolerance),
    };
    for (const finding of rule.kind.evaluate(context, rule.options)) exceptions.push(stamp(rule, noteGuessedTime(finding, timeline.events), subject, weights));
    const ruleDue = rule.kind.dueAfter ? rule.kind.dueAfter(context, rule.options) : asOf + 1;
    if (ruleDue !== undefined && (nextDueMs === undefined || ruleDue < nextDueMs)) nextDueMs = ruleDue;
  }
  return { exceptions, nextDueMs };
}

const NO_SLAS: ReadonlyMap<string, Sla> = new Map();

export function evaluate(
  subjects: AuditSubjects | Iterable<ShipmentTimeline>,
  rules: readonly CompiledRule[],
  asOf: number,
  config: EvaluationConfig = {},
): Exception[] {
  const { shipments, inventory = [], unmatched = [] } = Symbol.iterator in subjects ? { shipments: subjects } : subjects;
  const weights = config.weights ?? DEFAULT_WEIGHTS;
  const exceptions: Exception[] = [];
  for (const timeline of shipments) exceptions.push(...auditShipment(timeline, rules, asOf, config).exceptions);
  const stockRules = rules.filter((rule) => rule.kind.scope === 'inventory');
  for (const record of stockRules.length ? inventory : []) {
    const subject = {
      type: 'inventory' as const,
      id: `${record.sku}@${record.location}`,
      carrier: '',
      lane: record.location,
      mode: '',
      priority: 'normal' as const,
    };
    for (const rule of stockRules) {
      if (rule.kind.scope !== 'inventory') continue;
      for (const finding of rule.kind.evaluate({ record, asOf }, rule.options)) exceptions.push(stamp(rule, finding, subject, weights));
    }
  }
  const eventRules = rules.filter((rule) => rule.kind.scope === 'event');
  for (const group of eventRules.length ? unmatched : []) {
    const first = group.events[0];
    const subject = {
      type: 'event' as const,
      id: group.identity,
      carrier: first?.carrier ?? '',
      lane: first?.location ?? '',
      mode: '',
      priority: 'normal' as const,
    };
    for (const rule of eventRules) {
      if (rule.kind.scope !== 'event') continue;
      for (const finding of rule.kind.evaluate({ identity: group.identity, events: group.events, asOf }, rule.options)) {
        exceptions.push(stamp(rule, finding, subject, weights));
      }
    }
  }
  return exceptions;
}
