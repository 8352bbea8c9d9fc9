/**
 * Incremental audits. A nightly audit re-evaluates only the shipments whose findings can have changed
 * since the last audit: those touched by records stored since (events, plans, documents, retractions),
 * those whose cases a person changed, and those whose next due time (a planned time plus tolerance,
 * see `auditShipment`) passed. Every other shipment's findings are the ones the last audit found: its
 * cases are carried over, their scores aged in place from the stored score before aging, so an
 * incremental run leaves the same cases as a full one (test/pipeline/incremental.test.ts).
 *
 * It runs only from a baseline it can trust: the previous audit on this store, with the same rules and
 * configuration (a fingerprint), an as-of not later than this one, and no cases purged since. Anything
 * else, or `--full`, evaluates every shipment.
 */
import { createHash } from 'node:crypto';
import { auditShipment, evaluate, shipmentSubject, stamp, type EvaluationConfig, type Exception } from '../engine/evaluate.js';
import { agedScore, DEFAULT_WEIGHTS, type ScoreWeights } from '../model/score.js';
import { ACTIVE_STATUSES, type CaseStatus } from '../model/case-lifecycle.js';
import { CHURNING_KINDS, type OutcomeSink } from '../cases/reconcile.js';
import type { CheckKindId, Mode, Priority, Severity } from '../model/vocabulary.js';
import type { CompiledRule } from '../rules/rule.js';
import type { Finding, KeptFinding } from '../rules/kinds/check-kind.js';
import type { ProgressSink } from './stages.js';
import type { OwnershipEntry } from '../rules/sections/ownership.js';
import { selectSpec } from '../store/columns.js';
import type { Db } from '../store/database.js';
import { clearScope, readLatestInventory, readTimelines, readUnmatchedEvents, SCOPE_TABLE } from '../store/timeline-reads.js';

export interface AuditBaseline {
  runId: number;
  asOfMs: number;
  fingerprint: string;
  /** The highest event row id when that audit finished: later rows are new records. */
  lastEventId: number;
  /** The highest case history row id when it finished: later rows are people's case changes. */
  lastHistoryId: number;
  /** Cases only leave the store by `cases purge`; a different count means some did. */
  casesCount: number;
}

export type EvaluationPlan = { mode: 'full'; reason: string } | { mode: 'incremental'; baseline: AuditBaseline; reason: string };

/** Everything besides the records that decides an audit's cases: rules, SLAs, score weights, ownership. */
export function auditFingerprint(rules: readonly CompiledRule[], evaluation: EvaluationConfig, ownership: readonly OwnershipEntry[]): string {
  const described = {
    rules: rules.map((rule) => ({
      id: rule.id,
      kind: rule.kind.id,
      options: rule.options,
      selectors: rule.selectors ?? null,
      tolerance: rule.tolerance,
      sla: rule.sla ?? null,
      severity: rule.severity,
      team: rule.team ?? null,
    })),
    slas: evaluation.slas ? [...evaluation.slas] : [],
    weights: evaluation.weights ?? null,
    ownership,
  };
  return createHash('sha256').update(JSON.stringify(described)).digest('hex');
}

/** Full or incremental, and why: the run summary says which, so a slow night can be explained. */
export function planEvaluation(db: Db, runId: number, fingerprint: string, asOf: number, forceFull: boolean): EvaluationPlan {
  if (forceFull) return { mode: 'full', reason: '--full' };
  const previous = db
    .prepare(`SELECT id, as_of_ms, audit_baseline FROM runs WHERE command = 'audit' AND id < ? AND finished_at IS NOT NULL ORDER BY id DESC LIMIT 1`)
    .get(runId) as { id: number; as_of_ms: number; audit_baseline: string | null } | undefined;
  if (!previous) return { mode: 'full', reason: 'first audit of this store' };
  if (!previous.audit_baseline) return { mode: 'full', reason: `run ${previous.id} left no baseline` };
  const stored = JSON.parse(previous.audit_baseline) as Omit<AuditBaseline, 'runId' | 'asOfMs'>;
  const baseline: AuditBaseline = { ...stored, runId: previous.id, asOfMs: previous.as_of_ms };
  if (baseline.fingerprint !== fingerprint) return { mode: 'full', reason: `rules or configuration differ from run ${previous.id}` };
  if (asOf < baseline.asOfMs) return { mode: 'full', reason: `as-of is earlier than run ${previous.id}'s` };
  if (countCases(db) !== baseline.casesCount) return { mode: 'full', reason: `cases were purged since run ${previous.id}` };
  return { mode: 'incremental', baseline, reason: `since run ${previous.id}` };
}

/** Recorded on the run when it finishes, for the next audit to start from. */
export function recordBaseline(db: Db, runId: number, fingerprint: string): void {
  const baseline = {
    fingerprint,
    lastEventId: db.prepare('SELECT coalesce(max(id), 0) FROM events').pluck().get() as number,
    lastHistoryId: db.prepare('SELECT coalesce(max(id), 0) FROM case_history').pluck().get() as number,
    casesCount: countCases(db),
  };
  db.prepare('UPDATE runs SET audit_baseline = ? WHERE id = ?').run(JSON.stringify(baseline), runId);
}

function countCases(db: Db): number {
  return db.prepare('SELECT count(*) FROM cases').pluck().get() as number;
}

/**
 * Fills the scope table with the shipments an incremental run re-evaluates. Besides changed and due
 * shipments: a holding case of a churning kind (reconcile.ts) keeps an older finding than the one a
 * full run reports, and a holding case without a stored score before aging cannot be aged in place.
 */
function markScope(db: Db, baseline: AuditBaseline, asOf: number): void {
  clearScope(db);
  const parameters = {
    lastEventId: baseline.lastEventId,
    lastHistoryId: baseline.lastHistoryId,
    runId: baseline.runId,
    asOf,
    churning: JSON.stringify(CHURNING_KINDS),
  };
  // One statement per reason, not one UNION: SQLite merges a UNION's arms in shipment order, so it read
  // every event through the shipment index instead of the new ones by row id (2 s of a 1M-shipment night).
  const reasons = [
    'SELECT shipment_id FROM events WHERE id > @lastEventId AND shipment_id IS NOT NULL',
    'SELECT shipment_id FROM shipments WHERE updated_run > @runId',
    'SELECT shipment_id FROM shipments WHERE next_due_ms <= @asOf',
    'SELECT shipment_id FROM documents WHERE run_id > @runId',
    // CROSS JOIN keeps the (few) new retractions as the outer loop.
    `SELECT e.shipment_id FROM retractions r CROSS JOIN events e ON e.event_id = r.event_id
     WHERE r.run_id > @runId AND e.shipment_id IS NOT NULL AND (r.publisher = '' OR coalesce(e.publisher, '') IN ('', r.publisher))`,
    'SELECT c.shipment_id FROM case_history h JOIN cases c ON c.id = h.case_id WHERE h.id > @lastHistoryId',
    `SELECT shipment_id FROM cases
     WHERE last_seen_run = @runId AND (base_score IS NULL OR kind IN (SELECT value FROM json_each(@churning)))`,
  ];
  for (const reason of reasons) db.prepare(`INSERT OR IGNORE INTO ${SCOPE_TABLE} (shipment_id) ${reason}`).run(parameters);
}

/** Exceptions are handed on in batches of about this many: few lookups per batch, little held at once. */
const EXCEPTION_BATCH = 1000;
/**
 * Shipments read per query. Small: what a batch holds is live while V8 sizes its heap as a multiple of
 * what is live (measured at 100k shipments: cold peak RSS 407 MiB with 2,000, 276 with 200; evaluation no slower).
 */
export const TIMELINE_BATCH = 200;

/**
 * Evaluates the stored shipments in scope (all of them in a full run) batch by batch, writing each
 * one's next due time as it goes, then the stock records and unmatched events when rules look at them.
 * The exceptions go to `onExceptions` as they are found, in that order; returns how many shipments
 * were evaluated.
 */
export function evaluateStore(
  db: Db,
  plan: EvaluationPlan,
  rules: readonly CompiledRule[],
  asOf: number,
  config: EvaluationConfig,
  onExceptions: (exceptions: readonly Exception[]) => void,
  onProgress?: ProgressSink,
): number {
  const scoped = plan.mode === 'incremental';
  if (plan.mode === 'incremental') markScope(db, plan.baseline, asOf);
  const total = onProgress
    ? (db
        .prepare(`SELECT count(*) FROM ${scoped ? SCOPE_TABLE : 'shipments'}`)
        .pluck()
        .get() as number)
    : 0;
  const writeDue = db.prepare('UPDATE shipments SET next_due_ms = ? WHERE shipment_id = ?');
  let pending: Exception[] = [];
  const handOn = (exception: Exception) => {
    pending.push(exception);
    if (pending.length < EXCEPTION_BATCH) return;
    onExceptions(pending);
    pending = [];
  };
  let shipmentsEvaluated = 0;
  for (const timeline of readTimelines(db, { asOf, scoped, batchSize: TIMELINE_BATCH })) {
    if (shipmentsEvaluated % TIMELINE_BATCH === 0) onProgress?.({ stage: 'evaluate', shipments: shipmentsEvaluated, of: total });
    shipmentsEvaluated++;
    const audited = auditShipment(timeline, rules, asOf, config);
    audited.exceptions.forEach(handOn);
    const due = audited.nextDueMs ?? null;
    if (due !== timeline.nextDueMs) writeDue.run(due, timeline.plan.shipmentId);
  }
  if (plan.mode === 'incremental') {
    for (const exception of regrownExceptions(db, plan.baseline, rules, asOf, config)) handOn(exception);
  }
  const others = evaluate(
    {
      shipments: [],
      inventory: rules.some((rule) => rule.kind.scope === 'inventory') ? readLatestInventory(db, asOf) : [],
      unmatched: rules.some((rule) => rule.kind.scope === 'event') ? readUnmatchedEvents(db) : [],
    },
    rules,
    asOf,
    config,
  );
  for (const exception of others) pending.push(exception);
  if (pending.length > 0) onExceptions(pending);
  return shipmentsEvaluated;
}

/** Growing cases are read a page at a time, by id, with what their shipment's score needs. */
const REGROW_PAGE = 2000;

/**
 * The findings of holding cases that only grow with the as-of (ShipmentCheckKind.regrow), on shipments
 * nothing else put in scope: grown from the case and its plan row instead of reading the shipment's
 * events. Their rules' dueAfter leaves such shipments out of the scope while the finding holds. At 1M
 * shipments they were 90k of the 208k a night re-evaluated, each read back at random from the store.
 */
function* regrownExceptions(db: Db, baseline: AuditBaseline, rules: readonly CompiledRule[], asOf: number, config: EvaluationConfig): Generator<Exception> {
  const growing = new Map<string, { rule: CompiledRule; grow: (kept: KeptFinding) => Finding }>();
  for (const rule of rules) {
    if (rule.kind.scope !== 'shipment') continue;
    const { regrow } = rule.kind;
    if (regrow) growing.set(rule.id, { rule, grow: (kept) => regrow(kept, asOf, rule.options) });
  }
  if (growing.size === 0) return;
  const weights = config.weights ?? DEFAULT_WEIGHTS;
  const page = db.prepare(
    `SELECT c.id, c.rule_id, c.planned_ms, c.band_width_ms, s.shipment_id, s.carrier, s.mode, s.origin, s.destination, s.priority, s.value
     FROM cases c JOIN shipments s ON s.shipment_id = c.shipment_id
     WHERE c.last_seen_run = @baselineRun AND c.rule_id IN (SELECT value FROM json_each(@growingRules))
       AND c.planned_ms IS NOT NULL AND c.actual_ms IS NULL AND c.band_width_ms IS NOT NULL
       AND c.shipment_id NOT IN (SELECT shipment_id FROM ${SCOPE_TABLE})
       AND c.id > @after
     ORDER BY c.id LIMIT ${REGROW_PAGE}`,
  );
  const parameters = { baselineRun: baseline.runId, growingRules: JSON.stringify([...growing.keys()]) };
  for (let after = 0; ;) {
    const rows = page.all({ ...parameters, after }) as GrowingCase[];
    if (rows.length === 0) return;
    for (const row of rows) {
      const { rule, grow } = growing.get(row.rule_id)!;
      const finding = grow({ planned: row.planned_ms, bandWidthMs: row.band_width_ms });
      const subject = shipmentSubject({
        shipmentId: row.shipment_id,
        carrier: row.carrier,
        origin: row.origin,
        destination: row.destination,
        mode: row.mode,
        priority: row.priority,
        value: row.value ?? undefined,
      });
      yield stamp(rule, finding, subject, weights);
    }
    after = rows[rows.length - 1]!.id;
  }
}

interface GrowingCase {
  id: number;
  rule_id: string;
  planned_ms: number;
  band_width_ms: number;
  shipment_id: string;
  carrier: string;
  mode: Mode;
  origin: string;
  destination: string;
  priority: Priority;
  value: number | null;
}

/** What a carried case's exception and its aging need. */
interface CarriedCase {
  id: number;
  caseKey: string;
  ruleId: string;
  kind: CheckKindId;
  shipmentId: string;
  milestone: string | null;
  carrier: string | null;
  lane: string | null;
  mode: string | null;
  status: CaseStatus;
  severity: Severity;
  score: number;
  team: string | null;
  planned: number | null;
  actual: number | null;
  deviationMinutes: number;
  band: number;
  message: string;
  openedAsOfMs: number;
  baseScore: number;
  bandWidthMs: number | null;
}

/** The cases columns a carried case is read from, under CarriedCase's names: positions come from here. */
const CARRIED = selectSpec<keyof CarriedCase>({
  id: 'id',
  caseKey: 'case_key',
  ruleId: 'rule_id',
  kind: 'kind',
  shipmentId: 'shipment_id',
  milestone: 'milestone',
  carrier: 'carrier',
  lane: 'lane',
  mode: 'mode',
  status: 'status',
  severity: 'severity',
  score: 'score',
  team: 'team',
  planned: 'planned_ms',
  actual: 'actual_ms',
  deviationMinutes: 'deviation_minutes',
  band: 'band',
  message: 'message',
  openedAsOfMs: 'opened_as_of_ms',
  baseScore: 'base_score',
  bandWidthMs: 'band_width_ms',
});

/**
 * Read as arrays and made into objects here: as objects of every column, better-sqlite3 made each case
 * a slow many-property object (the 320k cases of the 1M bench store: 6.3 s as objects, 2.0 s as arrays).
 */
function carriedCase(row: unknown[]): CarriedCase {
  const at = CARRIED.at;
  return {
    id: row[at.id] as number,
    caseKey: row[at.caseKey] as string,
    ruleId: row[at.ruleId] as string,
    kind: row[at.kind] as CheckKindId,
    shipmentId: row[at.shipmentId] as string,
    milestone: row[at.milestone] as string | null,
    carrier: row[at.carrier] as string | null,
    lane: row[at.lane] as string | null,
    mode: row[at.mode] as string | null,
    status: row[at.status] as CaseStatus,
    severity: row[at.severity] as Severity,
    score: row[at.score] as number,
    team: row[at.team] as string | null,
    planned: row[at.planned] as number | null,
    actual: row[at.actual] as number | null,
    deviationMinutes: row[at.deviationMinutes] as number,
    band: row[at.band] as number,
    message: row[at.message] as string,
    openedAsOfMs: row[at.openedAsOfMs] as number,
    baseScore: row[at.baseScore] as number,
    bandWidthMs: row[at.bandWidthMs] as number | null,
  };
}

export interface CarryOverScope {
  runId: number;
  asOf: number;
  now: string;
  weights?: ScoreWeights;
}

/** Carried cases are read a page at a time, by id, so a run never holds them all. */
const CARRY_PAGE = 2000;

/**
 * The cases of shipments an incremental run did not re-evaluate: their findings still hold exactly as
 * the baseline run saw them (that run touched every holding case), so they are seen again by this run
 * and reported as still open, with the score aged as reconcileCases ages it, as a full run would.
 * Each goes to `onOutcome`; returns how many were carried.
 */
export function carryOverCases(db: Db, plan: EvaluationPlan, rules: readonly CompiledRule[], scope: CarryOverScope, onOutcome: OutcomeSink): number {
  if (plan.mode !== 'incremental') return 0;
  const { runId } = scope;
  const shipmentRules = JSON.stringify(rules.filter((rule) => rule.kind.scope === 'shipment').map((rule) => rule.id));
  const where = `last_seen_run = @baselineRun AND rule_id IN (SELECT value FROM json_each(@shipmentRules))
    AND shipment_id NOT IN (SELECT shipment_id FROM ${SCOPE_TABLE})`;
  const parameters = { baselineRun: plan.baseline.runId, shipmentRules };
  const page = db.prepare(`SELECT ${CARRIED.select} FROM cases WHERE ${where} AND id > @after ORDER BY id LIMIT ${CARRY_PAGE}`).raw();
  // Each case is written once, seen and (when its aged score moved) rescored: the pages go by id, so
  // marking a page's cases seen does not move the next page.
  const rescore = db.prepare('UPDATE cases SET score = ?, updated_at = ?, last_seen_run = ? WHERE id = ?');
  const see = db.prepare('UPDATE cases SET last_seen_run = ? WHERE id = ?');
  let carried = 0;
  for (let after = 0; ;) {
    const rows = (page.all({ ...parameters, after }) as unknown[][]).map(carriedCase);
    if (rows.length === 0) break;
    for (const row of rows) {
      const ageMs = ACTIVE_STATUSES.includes(row.status) ? scope.asOf - row.openedAsOfMs : 0;
      const score = agedScore(row.baseScore, ageMs, scope.weights);
      // A full run refreshes a case whose score moved, and only then (reconcile.ts `changed`).
      if (score !== row.score) rescore.run(score, scope.now, runId, row.id);
      else see.run(runId, row.id);
      onOutcome({ exception: carriedException(row, score), caseId: row.id, status: row.status, isNew: false, escalated: false });
    }
    carried += rows.length;
    after = rows[rows.length - 1]!.id;
  }
  return carried;
}

function carriedException(row: CarriedCase, score: number): Exception {
  return {
    caseKey: row.caseKey,
    ruleId: row.ruleId,
    kind: row.kind,
    subject: 'shipment',
    shipmentId: row.shipmentId,
    carrier: row.carrier ?? '',
    lane: row.lane ?? '',
    mode: row.mode ?? '',
    milestone: row.milestone ?? undefined,
    severity: row.severity,
    score,
    team: row.team ?? undefined,
    planned: row.planned ?? undefined,
    actual: row.actual ?? undefined,
    deviationMinutes: row.deviationMinutes,
    band: row.band,
    bandWidthMs: row.bandWidthMs ?? undefined,
    message: row.message,
  };
}
