/**
 * Turning one audit's exceptions into case changes: open new cases, reopen cleared ones, refresh
 * those still holding, clear those that stopped. Same inputs twice → no new rows of any kind.
 */
import type { Exception } from '../engine/evaluate.js';
import type { Db } from '../store/database.js';
import { SCOPE_TABLE } from '../store/timeline-reads.js';
import { CHECK_KINDS } from '../rules/kinds/index.js';
import { severityRank, type Severity } from '../model/vocabulary.js';
import { agedScore, type ScoreWeights } from '../model/score.js';
import { ACTIVE_STATUSES, SETTLED_STATUSES, type CaseStatus } from '../model/case-lifecycle.js';

export interface CaseOutcome {
  exception: Exception;
  caseId: number;
  status: CaseStatus;
  /** Opened or reopened by this run. */
  isNew: boolean;
  /** Still open, but worse than ever before: a higher deviation band or severity. */
  escalated: boolean;
}

export interface ReconcileCounts {
  opened: number;
  reopened: number;
  stillOpen: number;
  cleared: number;
}

/** Receives each exception of the run with its case, as it is reconciled. */
export type OutcomeSink = (outcome: CaseOutcome) => void;

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
  case_key: string;
  team: string | null;
  status: CaseStatus;
  band: number;
  opened_as_of_ms: number;
  severity: Severity;
  score: number;
  deviation_minutes: number;
  message: string;
  planned_ms: number | null;
  actual_ms: number | null;
}

const CASE_COLUMNS = [
  'id',
  'case_key',
  'team',
  'status',
  'band',
  'opened_as_of_ms',
  'severity',
  'score',
  'deviation_minutes',
  'message',
  'planned_ms',
  'actual_ms',
];

/**
 * Cases are read as arrays and made into objects here: better-sqlite3's row objects get slower per
 * column (320k cases of these 12 columns: 1.5 s as objects, 0.9 s as arrays).
 */
function caseRow(values: unknown[]): CaseRow {
  const [id, case_key, team, status, band, opened_as_of_ms, severity, score, deviation_minutes, message, planned_ms, actual_ms] = values as [
    number,
    string,
    string | null,
    CaseStatus,
    number,
    number,
    Severity,
    number,
    number,
    string,
    number | null,
    number | null,
  ];
  return { id, case_key, team, status, band, opened_as_of_ms, severity, score, deviation_minutes, message, planned_ms, actual_ms };
}

/**
 * Kinds whose re-sent findings inside the same band are churn: the case keeps what people saw (and
 * its stored score), while the run reports the finding's current score.
 */
export const CHURNING_KINDS: readonly string[] = ['predicted_late'];

/** Kinds whose cases belong to one planned shipment (not stock records or unmatched events). */
const SHIPMENT_KIND_IDS = [...CHECK_KINDS.values()].filter((kind) => kind.scope === 'shipment').map((kind) => kind.id);

/**
 * Reconciles a run's exceptions batch by batch as they are found, handing each outcome to a sink, so
 * a run never holds all its exceptions (hundreds of thousands in a million-shipment audit).
 */
export class CaseReconciler {
  readonly counts: ReconcileCounts = { opened: 0, reopened: 0, stillOpen: 0, cleared: 0 };
  private readonly find;
  private readonly findMany;
  private readonly insert;
  private readonly refresh;
  private readonly resevere;
  private readonly touch;
  private readonly reopen;
  private readonly history;

  constructor(
    private readonly db: Db,
    private readonly scope: ReconcileScope,
    private readonly onOutcome: OutcomeSink,
  ) {
    this.find = db.prepare(`SELECT ${CASE_COLUMNS.join(', ')} FROM cases WHERE case_key = ?`).raw();
    // One query per batch instead of one per exception: json_each drives lookups in the case_key index.
    this.findMany = db
      .prepare(`SELECT ${CASE_COLUMNS.map((column) => `c.${column}`).join(', ')} FROM json_each(?) k JOIN cases c ON c.case_key = k.value`)
      .raw();
    this.insert = db.prepare(`
      INSERT INTO cases (case_key, rule_id, kind, shipment_id, milestone, carrier, lane, mode, status, severity, score, team,
        planned_ms, actual_ms, deviation_minutes, band, band_width_ms, message, opened_as_of_ms, opened_run, last_seen_run, updated_at,
        base_score)
      VALUES (@caseKey, @ruleId, @kind, @shipmentId, @milestone, @carrier, @lane, @mode, 'open', @severity, @score, @team,
        @planned, @actual, @deviationMinutes, @band, @bandWidthMs, @message, @asOf, @runId, @runId, @now, @baseScore)`);
    // Severity is indexed (cases_by_status), and SQLite rewrites an index entry whenever its column is
    // set, changed or not: set apart, and only when it changes (1M nightly: 200k refreshes, few changes).
    this.refresh = db.prepare(`
      UPDATE cases SET score = @score, planned_ms = @planned, actual_ms = @actual,
        deviation_minutes = @deviationMinutes, band = @peakBand, band_width_ms = @bandWidthMs, message = @message,
        last_seen_run = @runId, updated_at = @now, base_score = @baseScore
      WHERE id = @id`);
    this.resevere = db.prepare('UPDATE cases SET severity = ? WHERE id = ?');
    // The score before aging and the band width are kept current even when nothing shown changes
    // (src/pipeline/incremental.ts ages and grows cases from them).
    this.touch = db.prepare('UPDATE cases SET last_seen_run = ?, base_score = ?, band_width_ms = ? WHERE id = ?');
    this.reopen = db.prepare(`UPDATE cases SET status = 'open', opened_as_of_ms = ?, updated_at = ? WHERE id = ?`);
    this.history = db.prepare(`
      INSERT INTO case_history (case_id, run_id, at, actor, action, from_value, to_value, note)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
  }

  add(exceptions: readonly Exception[]): void {
    const { scope, counts, history } = this;
    const stored = new Map<string, CaseRow>();
    for (const values of this.findMany.all(JSON.stringify(exceptions.map((e) => e.caseKey))) as unknown[][]) {
      const row = caseRow(values);
      stored.set(row.case_key, row);
    }
    const seen = new Set<string>();
    for (const found of exceptions) {
      // A key found twice in one batch is read again: the first one changed the case since the batch's lookup.
      const existing = seen.has(found.caseKey) ? this.findAgain(found.caseKey) : stored.get(found.caseKey);
      seen.add(found.caseKey);
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
        bandWidthMs: exception.bandWidthMs ?? null,
        asOf: scope.asOf,
        runId: scope.runId,
        now: scope.now,
      };
      if (!existing) {
        const id = Number(this.insert.run(values).lastInsertRowid);
        history.run(id, scope.runId, scope.now, scope.actor, 'opened', null, 'open', exception.message);
        counts.opened++;
        this.onOutcome({ exception, caseId: id, status: 'open', isNew: true, escalated: false });
        continue;
      }
      // The band kept on a case is the worst seen, so a deviation that wobbles across a band edge escalates once.
      const worseBand = exception.band > existing.band;
      const worseSeverity = severityRank(exception.severity) > severityRank(existing.severity);
      let status = existing.status;
      let isNew = false;
      let escalated = false;
      if (existing.status === 'cleared' || (SETTLED_STATUSES.includes(existing.status) && worseBand)) {
        this.reopen.run(scope.asOf, scope.now, existing.id);
        const note = existing.status === 'cleared' ? exception.message : `worse than when it was ${existing.status}: ${exception.message}`;
        history.run(existing.id, scope.runId, scope.now, scope.actor, 'reopened', existing.status, 'open', note);
        status = 'open';
        isNew = true;
        counts.reopened++;
      } else {
        counts.stillOpen++;
        if (ACTIVE_STATUSES.includes(existing.status) && (worseBand || worseSeverity)) {
          escalated = true;
          if (worseBand)
            history.run(existing.id, scope.runId, scope.now, scope.actor, 'escalated', `band ${existing.band}`, `band ${exception.band}`, exception.message);
        }
      }
      if (existing.severity !== exception.severity) {
        this.resevere.run(exception.severity, existing.id);
        history.run(existing.id, scope.runId, scope.now, scope.actor, 'severity', existing.severity, exception.severity, null);
      }
      // A re-sent ETA that stays in its band is churn, not news: the case keeps what people already saw.
      const etaChurn = CHURNING_KINDS.includes(exception.kind) && !worseBand && existing.severity === exception.severity && !isNew;
      if (!etaChurn && changed(existing, exception)) this.refresh.run({ ...values, id: existing.id, peakBand: Math.max(existing.band, exception.band) });
      else this.touch.run(scope.runId, found.score, found.bandWidthMs ?? null, existing.id);
      // The case's team may have been changed by a person (cases update); that is who owns it now.
      this.onOutcome({ exception: { ...exception, team: existing.team ?? exception.team }, caseId: existing.id, status, isNew, escalated });
    }
  }

  private findAgain(caseKey: string): CaseRow | undefined {
    const values = this.find.get(caseKey) as unknown[] | undefined;
    return values && caseRow(values);
  }

  /**
   * After the last batch: clears the active cases of the scope's rules that this run did not see (every
   * case it saw was marked seen in this run).
   */
  clearUnseen(): ReconcileCounts {
    const { db, scope } = this;
    const candidates = db
      .prepare(
        `SELECT id, status FROM cases
         WHERE status IN (${ACTIVE_STATUSES.map(() => '?').join(',')})
           AND rule_id IN (SELECT value FROM json_each(?))
           AND last_seen_run <> ?
           ${scope.partial ? `AND (kind NOT IN (SELECT value FROM json_each(?)) OR shipment_id IN (SELECT shipment_id FROM ${SCOPE_TABLE}))` : ''}`,
      )
      .all(...ACTIVE_STATUSES, JSON.stringify(scope.ruleIds), scope.runId, ...(scope.partial ? [JSON.stringify(SHIPMENT_KIND_IDS)] : [])) as {
      id: number;
      status: CaseStatus;
    }[];
    const clear = db.prepare(`UPDATE cases SET status = 'cleared', updated_at = ? WHERE id = ?`);
    for (const candidate of candidates) {
      clear.run(scope.now, candidate.id);
      this.history.run(candidate.id, scope.runId, scope.now, scope.actor, 'cleared', candidate.status, 'cleared', 'the condition no longer holds');
      this.counts.cleared++;
    }
    return this.counts;
  }
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
