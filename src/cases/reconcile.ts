/**
 * Turning one audit's exceptions into case changes: open new cases, reopen cleared ones, refresh
 * those still holding, clear those that stopped. Same inputs twice → no new rows of any kind.
 */
import type { Exception } from '../engine/evaluate.js';
import type { Db } from '../store/database.js';
import { SCOPE_TABLE } from '../store/records.js';
import { CHECK_KINDS } from '../rules/kinds/index.js';
import { severityRank, type Severity } from '../model/vocabulary.js';
import { agedScore, type ScoreWeights } from '../engine/score.js';
import { ACTIVE_STATUSES, SETTLED_STATUSES, type CaseStatus } from './lifecycle.js';

export interface CaseOutcome {
  exception: Exception;
  caseId: number;
  status: CaseStatus;
  /** Opened or reopened by this run. */
  isNew: boolean;
  /** Still open, but worse than ever before: a higher deviation band or severity. */
  escalated: boolean;
}

export interface ReconcileResult {
  outcomes: CaseOutcome[];
  opened: number;
  reopened: number;
  stillOpen: number;
  cleared: number;
}

export interface ReconcileScope {
  runId: number;
  asOf: number;
  /** Wall-clock time of the run, for history rows (`at`). */
  now: string;
  actor: string;
  /** Only cases of these rules can be cleared: a run with other rule files leaves other cases alone. */
  ruleIds: readonly string[];
  /** Score weights, for the growth of an unresolved case's score with its age. */
  weights?: ScoreWeights;
  /**
   * An incremental run evaluated only the shipments in SCOPE_TABLE: a shipment case elsewhere was not
   * looked at, so it must not be cleared (src/pipeline/incremental.ts carries it over).
   */
  partial?: boolean;
}

interface CaseRow {
  id: number;
  team: string | null;
  status: CaseStatus;
  band: number;
  opened_as_of_ms: number;
  severity: string;
  score: number;
  deviation_minutes: number;
  message: string;
  planned_ms: number | null;
  actual_ms: number | null;
}

/**
 * Kinds whose re-sent findings inside the same band are churn: the case keeps what people saw (and
 * its stored score), while the run reports the finding's current score.
 */
export const CHURNING_KINDS: readonly string[] = ['predicted_late'];

/** Kinds whose cases belong to one planned shipment (not stock records or unmatched events). */
const SHIPMENT_KIND_IDS = [...CHECK_KINDS.values()].filter((kind) => kind.scope === 'shipment').map((kind) => kind.id);

export function reconcileCases(db: Db, exceptions: readonly Exception[], scope: ReconcileScope): ReconcileResult {
  const find = db.prepare('SELECT id, team, status, band, opened_as_of_ms, severity, score, deviation_minutes, message, planned_ms, actual_ms FROM cases WHERE case_key = ?');
  const insert = db.prepare(`
    INSERT INTO cases (case_key, rule_id, kind, shipment_id, milestone, carrier, lane, mode, status, severity, score, team,
      planned_ms, actual_ms, deviation_minutes, band, message, opened_as_of_ms, opened_run, last_seen_run, updated_at, base_score)
    VALUES (@caseKey, @ruleId, @kind, @shipmentId, @milestone, @carrier, @lane, @mode, 'open', @severity, @score, @team,
      @planned, @actual, @deviationMinutes, @band, @message, @asOf, @runId, @runId, @now, @baseScore)`);
  const refresh = db.prepare(`
    UPDATE cases SET severity = @severity, score = @score, planned_ms = @planned, actual_ms = @actual,
      deviation_minutes = @deviationMinutes, band = @peakBand, message = @message, last_seen_run = @runId, updated_at = @now,
      base_score = @baseScore
    WHERE id = @id`);
  // The score before aging is kept current even when nothing shown changes (src/pipeline/incremental.ts ages from it).
  const touch = db.prepare('UPDATE cases SET last_seen_run = ?, base_score = ? WHERE id = ?');
  const reopen = db.prepare(`UPDATE cases SET status = 'open', opened_as_of_ms = ?, updated_at = ? WHERE id = ?`);
  const history = db.prepare(`
    INSERT INTO case_history (case_id, run_id, at, actor, action, from_value, to_value, note)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);

  const result: ReconcileResult = { outcomes: [], opened: 0, reopened: 0, stillOpen: 0, cleared: 0 };
  const seenKeys = new Set<string>();
  for (const found of exceptions) {
    seenKeys.add(found.caseKey);
    const existing = find.get(found.caseKey) as CaseRow | undefined;
    // Unresolved cases grow in score with age (escalation); a new or reopened one starts fresh.
    const ageMs = existing && ACTIVE_STATUSES.includes(existing.status) ? scope.asOf - existing.opened_as_of_ms : 0;
    const exception = { ...found, score: agedScore(found.score, ageMs, scope.weights) };
    const values = {
      ...exception,
      peakBand: exception.band,
      baseScore: found.score,
      milestone: exception.milestone ?? null,
      team: exception.team ?? null,
      planned: exception.planned ?? null,
      actual: exception.actual ?? null,
      asOf: scope.asOf,
      runId: scope.runId,
      now: scope.now,
    };
    if (!existing) {
      const id = Number(insert.run(values).lastInsertRowid);
      history.run(id, scope.runId, scope.now, scope.actor, 'opened', null, 'open', exception.message);
      result.opened++;
      result.outcomes.push({ exception, caseId: id, status: 'open', isNew: true, escalated: false });
      continue;
    }
    // The band kept on a case is the worst seen, so a deviation that wobbles across a band edge escalates once.
    const worseBand = exception.band > existing.band;
    const worseSeverity = severityRank(exception.severity) > severityRank(existing.severity as Severity);
    let status = existing.status;
    let isNew = false;
    let escalated = false;
    if (existing.status === 'cleared' || (SETTLED_STATUSES.includes(existing.status) && worseBand)) {
      reopen.run(scope.asOf, scope.now, existing.id);
      const note = existing.status === 'cleared' ? exception.message : `worse than when it was ${existing.status}: ${exception.message}`;
      history.run(existing.id, scope.runId, scope.now, scope.actor, 'reopened', existing.status, 'open', note);
      status = 'open';
      isNew = true;
      result.reopened++;
    } else {
      result.stillOpen++;
      if (ACTIVE_STATUSES.includes(existing.status) && (worseBand || worseSeverity)) {
        escalated = true;
        if (worseBand) history.run(existing.id, scope.runId, scope.now, scope.actor, 'escalated', `band ${existing.band}`, `band ${exception.band}`, exception.message);
      }
    }
    if (existing.severity !== exception.severity) {
      history.run(existing.id, scope.runId, scope.now, scope.actor, 'severity', existing.severity, exception.severity, null);
    }
    // A re-sent ETA that stays in its band is churn, not news: the case keeps what people already saw.
    const etaChurn = CHURNING_KINDS.includes(exception.kind) && !worseBand && existing.severity === exception.severity && !isNew;
    if (!etaChurn && changed(existing, exception)) refresh.run({ ...values, id: existing.id, peakBand: Math.max(existing.band, exception.band) });
    else touch.run(scope.runId, found.score, existing.id);
    // The case's team may have been changed by a person (cases update); that is who owns it now.
    result.outcomes.push({ exception: { ...exception, team: existing.team ?? exception.team }, caseId: existing.id, status, isNew, escalated });
  }

  const candidates = db
    .prepare(
      `SELECT id, case_key, status FROM cases
       WHERE status IN (${ACTIVE_STATUSES.map(() => '?').join(',')})
         AND rule_id IN (SELECT value FROM json_each(?))
         ${scope.partial ? `AND (kind NOT IN (SELECT value FROM json_each(?)) OR shipment_id IN (SELECT shipment_id FROM ${SCOPE_TABLE}))` : ''}`,
    )
    .all(...ACTIVE_STATUSES, JSON.stringify(scope.ruleIds), ...(scope.partial ? [JSON.stringify(SHIPMENT_KIND_IDS)] : [])) as { id: number; case_key: string; status: CaseStatus }[];
  const clear = db.prepare(`UPDATE cases SET status = 'cleared', updated_at = ? WHERE id = ?`);
  for (const candidate of candidates) {
    if (seenKeys.has(candidate.case_key)) continue;
    clear.run(scope.now, candidate.id);
    history.run(candidate.id, scope.runId, scope.now, scope.actor, 'cleared', candidate.status, 'cleared', 'the condition no longer holds');
    result.cleared++;
  }
  return result;
}

function changed(row: CaseRow, exception: Exception): boolean {
  return (
    row.severity !== exception.severity ||
    row.score !== exception.score ||
    row.deviation_minutes !== exception.deviationMinutes ||
    row.message !== exception.message ||
    row.planned_ms !== (exception.planned ?? null) ||
    row.actual_ms !== (exception.actual ?? null)
  );
}
