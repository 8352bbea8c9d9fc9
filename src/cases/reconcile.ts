/**
 * Turning one audit's exceptions into case changes: open new cases, reopen cleared ones, refresh
 * those still holding, clear those that stopped. Same inputs twice → no new rows of any kind.
 */
import type { Exception } from '../engine/evaluate.js';
import type { Db } from '../store/database.js';
import { ACTIVE_STATUSES, type CaseStatus } from './lifecycle.js';

export interface CaseOutcome {
  exception: Exception;
  caseId: number;
  status: CaseStatus;
  /** Opened or reopened by this run. */
  isNew: boolean;
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
}

interface CaseRow {
  id: number;
  status: CaseStatus;
  severity: string;
  score: number;
  deviation_minutes: number;
  message: string;
  planned_ms: number | null;
  actual_ms: number | null;
}

export function reconcileCases(db: Db, exceptions: readonly Exception[], scope: ReconcileScope): ReconcileResult {
  const find = db.prepare('SELECT id, status, severity, score, deviation_minutes, message, planned_ms, actual_ms FROM cases WHERE case_key = ?');
  const insert = db.prepare(`
    INSERT INTO cases (case_key, rule_id, kind, shipment_id, milestone, carrier, lane, mode, status, severity, score, team,
      planned_ms, actual_ms, deviation_minutes, message, opened_as_of_ms, opened_run, last_seen_run, updated_at)
    VALUES (@caseKey, @ruleId, @kind, @shipmentId, @milestone, @carrier, @lane, @mode, 'open', @severity, @score, @team,
      @planned, @actual, @deviationMinutes, @message, @asOf, @runId, @runId, @now)`);
  const refresh = db.prepare(`
    UPDATE cases SET severity = @severity, score = @score, planned_ms = @planned, actual_ms = @actual,
      deviation_minutes = @deviationMinutes, message = @message, last_seen_run = @runId, updated_at = @now
    WHERE id = @id`);
  const touch = db.prepare('UPDATE cases SET last_seen_run = ? WHERE id = ?');
  const reopen = db.prepare(`UPDATE cases SET status = 'open', opened_as_of_ms = ?, updated_at = ? WHERE id = ?`);
  const history = db.prepare(`
    INSERT INTO case_history (case_id, run_id, at, actor, action, from_value, to_value, note)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);

  const result: ReconcileResult = { outcomes: [], opened: 0, reopened: 0, stillOpen: 0, cleared: 0 };
  const seenKeys = new Set<string>();
  for (const exception of exceptions) {
    seenKeys.add(exception.caseKey);
    const values = {
      ...exception,
      milestone: exception.milestone ?? null,
      team: exception.team ?? null,
      planned: exception.planned ?? null,
      actual: exception.actual ?? null,
      asOf: scope.asOf,
      runId: scope.runId,
      now: scope.now,
    };
    const existing = find.get(exception.caseKey) as CaseRow | undefined;
    if (!existing) {
      const id = Number(insert.run(values).lastInsertRowid);
      history.run(id, scope.runId, scope.now, scope.actor, 'opened', null, 'open', exception.message);
      result.opened++;
      result.outcomes.push({ exception, caseId: id, status: 'open', isNew: true });
      continue;
    }
    let status = existing.status;
    let isNew = false;
    if (existing.status === 'cleared') {
      reopen.run(scope.asOf, scope.now, existing.id);
      history.run(existing.id, scope.runId, scope.now, scope.actor, 'reopened', 'cleared', 'open', exception.message);
      status = 'open';
      isNew = true;
      result.reopened++;
    } else {
      result.stillOpen++;
    }
    if (existing.severity !== exception.severity) {
      history.run(existing.id, scope.runId, scope.now, scope.actor, 'severity', existing.severity, exception.severity, null);
    }
    if (changed(existing, exception)) refresh.run({ ...values, id: existing.id });
    else touch.run(scope.runId, existing.id);
    result.outcomes.push({ exception, caseId: existing.id, status, isNew });
  }

  const candidates = db
    .prepare(
      `SELECT id, case_key, status FROM cases
       WHERE status IN (${ACTIVE_STATUSES.map(() => '?').join(',')})
         AND rule_id IN (SELECT value FROM json_each(?))`,
    )
    .all(...ACTIVE_STATUSES, JSON.stringify(scope.ruleIds)) as { id: number; case_key: string; status: CaseStatus }[];
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
