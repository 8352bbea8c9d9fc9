/**
 * One audit run, end to end: ingest the inputs, evaluate the stored shipments at the as-of time (all
 * of them, or incrementally those that may have changed: ./incremental.ts), reconcile cases — all in
 * one transaction, so a failure at any point leaves the store as it was.
 */
import type { EvaluationConfig } from '../engine/evaluate.js';
import { assignOwningTeams } from '../cases/ownership.js';
import { CaseReconciler, type CaseOutcome, type OutcomeSink, type ReconcileCounts } from '../cases/reconcile.js';
import type { CompiledRule } from '../rules/rule.js';
import type { OwnershipEntry } from '../rules/sections/ownership.js';
import { inRunTransaction, type Db } from '../store/database.js';
import { RecordWriter } from '../store/records.js';
import { countEstimatesStoredAfter } from '../store/timeline-reads.js';
import { lastEventId, shipmentsWithEventsOfRun, type RunEvents } from '../store/feed-reads.js';
import { ingestCounts, ingestInputs, type IngestedInputs } from './ingest.js';
import type { IngestOptions, InputRole } from './read-input.js';
import { enqueueNotifications } from '../notify/outbox.js';
import type { NotificationSettings } from '../notify/settings.js';
import { stageTimer, type ProgressSink } from './stages.js';
import { auditFingerprint, carryOverCases, evaluateStore, planEvaluation, recordBaseline, type EvaluationPlan } from './incremental.js';
import { reachedStage } from './test-hooks.js';

export interface AuditRequest {
  inputs: { role: InputRole; path: string }[];
  rules: readonly CompiledRule[];
  /** SLAs and score weights from the configuration files. */
  evaluation: EvaluationConfig;
  /** Who owns the cases of rules without a team (the `ownership:` section). */
  ownership?: readonly OwnershipEntry[];
  asOf: number;
  /** Wall-clock time of the run (the CLI's clock), for the run row and case history. */
  now: string;
  actor: string;
  readerOptions: IngestOptions;
  /** With a rejects file the run goes on past bad rows; without, the first bad row fails it. */
  continueOnRejects: boolean;
  /** Routes and channels: new and escalated cases are queued in the outbox in this run's transaction. */
  notifications?: NotificationSettings;
  /** Evaluate every shipment even when an incremental run is possible (`--full`). */
  full?: boolean;
  /**
   * Receives every exception holding at the as-of, with its case, as the run reconciles it (in no
   * report order): the run itself keeps none, so a large run's report need not be held in full.
   */
  onOutcome?: OutcomeSink;
  /**
   * `events`: onOutcome hears only of the exceptions of shipments this run's events touch, and of
   * unmatched events (a one-off check of a carrier file); cases are kept for every shipment either way.
   */
  scope?: 'all' | 'events';
  /** Told how far reading the inputs and evaluating the shipments are. */
  onProgress?: ProgressSink;
}

export interface AuditResult extends IngestedInputs {
  runId: number;
  /** The events this run stored, as a range of row ids (store/feed-reads.ts). */
  storedEvents: RunEvents;
  cases: ReconcileCounts;
  /** How many exceptions hold at the as-of (each went to `onOutcome`). */
  exceptions: number;
  shipmentsEvaluated: number;
  /** Full or incremental, and why. */
  evaluation: EvaluationPlan;
  /** Messages queued in the outbox by this run, for delivery after the commit. */
  notificationsQueued: number;
  /** Stored estimates without a receipt time that runs as of after this one stored: this run could not see them. */
  estimatesUnseen: number;
}

export async function runAudit(db: Db, request: AuditRequest): Promise<AuditResult> {
  const endStage = stageTimer();
  const audited = await inRunTransaction(db, async () => {
    const runId = Number(
      db
        .prepare('INSERT INTO runs (command, started_at, as_of_ms, inputs) VALUES (?, ?, ?, ?)')
        .run('audit', request.now, request.asOf, JSON.stringify(request.inputs)).lastInsertRowid,
    );
    const storedEvents: RunEvents = { runId, afterEventId: lastEventId(db) };
    const { log, eventsLinked, linkedByReference } = await ingestInputs(
      new RecordWriter(db, runId),
      request.inputs,
      request.readerOptions,
      request.continueOnRejects,
      request.onProgress,
    );
    endStage('ingest');
    await reachedStage('evaluate');

    const fingerprint = auditFingerprint(request.rules, request.evaluation, request.ownership ?? []);
    const evaluation = planEvaluation(db, runId, fingerprint, request.asOf, request.full ?? false);
    let exceptions = 0;
    // Only news notifies (notify/triggers.ts): a case opened, reopened or escalated, with a team.
    const notifiable: CaseOutcome[] = [];
    const routed = (request.notifications?.routes.length ?? 0) > 0;
    const touched = request.scope === 'events' ? shipmentsWithEventsOfRun(db, storedEvents) : undefined;
    const onOutcome: OutcomeSink = (outcome) => {
      exceptions++;
      const { kind, shipmentId } = outcome.exception;
      if (!touched || kind === 'unmatched_event' || touched.has(shipmentId)) request.onOutcome?.(outcome);
      if (routed && outcome.exception.team && (outcome.isNew || outcome.escalated)) notifiable.push(outcome);
    };
    const reconciler = new CaseReconciler(
      db,
      {
        runId,
        asOf: request.asOf,
        now: request.now,
        actor: request.actor,
        ruleIds: request.rules.map((rule) => rule.id),
        weights: request.evaluation.weights,
        partial: evaluation.mode === 'incremental',
      },
      onOutcome,
    );
    // Cases are reconciled as the exceptions are found, so this stage includes their reconciliation.
    const shipmentsEvaluated = evaluateStore(
      db,
      evaluation,
      request.rules,
      request.asOf,
      request.evaluation,
      (found) => reconciler.add(assignOwningTeams(found, request.ownership ?? [])),
      request.onProgress,
    );
    endStage('evaluate');
    const cases = reconciler.clearUnseen();
    cases.stillOpen += carryOverCases(
      db,
      evaluation,
      request.rules,
      { runId, asOf: request.asOf, now: request.now, weights: request.evaluation.weights },
      onOutcome,
    );
    await reachedStage('cases');
    const notificationsQueued = request.notifications
      ? enqueueNotifications(db, notifiable, request.notifications, { runId, asOf: request.asOf, now: request.now })
      : 0;
    endStage('reconcile');
    recordBaseline(db, runId, fingerprint);
    const result: AuditResult = {
      runId,
      storedEvents,
      linkedByReference,
      log,
      cases,
      exceptions,
      shipmentsEvaluated,
      evaluation,
      eventsLinked,
      notificationsQueued,
      estimatesUnseen: countEstimatesStoredAfter(db, request.asOf),
    };
    db.prepare('UPDATE runs SET finished_at = ?, summary = ? WHERE id = ?').run(request.now, JSON.stringify(runSummary(result)), runId);
    await reachedStage('commit');
    return result;
  });
  endStage('commit');
  return audited;
}

export function runSummary(result: AuditResult) {
  return {
    evaluation: result.evaluation.mode,
    evaluation_reason: result.evaluation.reason,
    shipments_evaluated: result.shipmentsEvaluated,
    ...ingestCounts(result),
    exceptions: result.exceptions,
    new: result.cases.opened + result.cases.reopened,
    opened: result.cases.opened,
    reopened: result.cases.reopened,
    still_open: result.cases.stillOpen,
    cleared: result.cases.cleared,
    notifications_queued: result.notificationsQueued,
  };
}
