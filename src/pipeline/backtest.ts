/**
 * `logex backtest`: the nightly audit replayed at each night of a period over the store's history,
 * under a rule set (and a baseline one), counting the alerts it would have opened. Nothing is written:
 * cases are replayed in memory by their keys, as reconcile.ts would open, keep and clear them.
 *
 * Any past night is replayable because an audit as of T sees only what was known by T (the engine's
 * visibility rule). A night re-evaluates only the shipments whose findings may have changed since the
 * night before: auditShipment says when each one's are next due (a planned time plus tolerance, an
 * event becoming known), as it does for incremental audits. The first evaluation is the night before
 * the period, so that the first night counts only what is new that night.
 */
import { auditShipment, evaluate, type EvaluationConfig, type Exception } from '../engine/evaluate.js';
import type { CompiledRule } from '../rules/rule.js';
import type { Db } from '../store/database.js';
import {
  clearScope,
  countEstimatesStoredAfter,
  countPlansChangedAfterWithoutVersions,
  readLatestInventory,
  readTimelines,
  readUnmatchedEvents,
  SCOPE_TABLE,
  type StoredTimeline,
} from '../store/timeline-reads.js';
import { TIMELINE_BATCH } from './incremental.js';
import type { ProgressSink } from './stages.js';
import { crashPoint } from './test-hooks.js';

/** Rules with the configuration that decides their findings (SLAs, score weights). */
export interface RuleSet {
  rules: readonly CompiledRule[];
  evaluation: EvaluationConfig;
}

export interface BacktestRequest {
  candidate: RuleSet;
  baseline?: RuleSet;
  /** The as-of instant of each night, ascending. */
  nights: readonly number[];
  /** The night before the first: its findings are the starting state, not counted as opened. */
  before: number;
  /** The night after the last: an alert still open at the end is counted as closing then (a lower bound). */
  after: number;
  /** Told the case keys holding after each night (index −1: `before`), per rule set; for tests. */
  onNight?: (night: { index: number; asOf: number; candidate: Set<string>; baseline?: Set<string> }) => void;
  onProgress?: ProgressSink;
}

/** What one rule did over the nights. */
export interface RuleTally {
  ruleId: string;
  kind: string;
  /** The rule file it is written in. */
  file: string;
  /** Alerts opened each night: findings holding that night and not the night before. */
  openedPerNight: number[];
  /** Each case (by key) that held on at least one night, with its shipment (or stock item, or event reference). */
  cases: Map<string, string>;
  /** How long each alert opened in the period stayed open, in ms (still open at the end: until `after`). */
  openMs: number[];
  /** Holding at the night before the period, and at its last night. */
  openAtStart: number;
  openAtEnd: number;
}

export interface BacktestResult {
  nights: readonly number[];
  candidate: RuleTally[];
  baseline?: RuleTally[];
  /** Shipments evaluated at the night before the period (all of them), then each night. */
  shipmentsEvaluated: { before: number; nights: number[] };
  /**
   * Stored estimates without a receipt time (reported_at) that a run as of after the night before the
   * period stored: they count from that run's as-of (model/timeline.ts knownFrom), so the nights before
   * it miss them. A replay of the past is only as good as its receipt times.
   */
  estimatesStoredLater: number;
  /** Plans changed by a run as of after the night before the period, before the store kept plan versions: every night replays their latest. */
  plansChangedLater: number;
}

/** A finding holding on a subject, and the night (index) its alert opened. */
interface Held {
  caseKey: string;
  ruleId: string;
  subject: string;
  opened: number;
}

/** The findings of shipment-less subjects (stock items, unmatched events) are kept under this subject. */
const OTHERS = '';

/** One rule set's findings replayed night by night as cases. */
class CaseReplay {
  private readonly holding = new Map<string, Map<string, Held>>();
  private readonly tallies = new Map<string, RuleTally>();
  readonly needsOthers: boolean;

  constructor(
    readonly set: RuleSet,
    private readonly nights: readonly number[],
  ) {
    for (const rule of set.rules) {
      this.tallies.set(rule.id, {
        ruleId: rule.id,
        kind: rule.kind.id,
        file: rule.source.file,
        openedPerNight: nights.map(() => 0),
        cases: new Map(),
        openMs: [],
        openAtStart: 0,
        openAtEnd: 0,
      });
    }
    this.needsOthers = set.rules.some((rule) => rule.kind.scope !== 'shipment');
  }

  /** A subject's findings at night `index`: new keys open alerts, missing ones close them. */
  see(subject: string, exceptions: readonly Exception[], index: number): void {
    const before = this.holding.get(subject);
    const now = new Map<string, Held>();
    for (const exception of exceptions) {
      if (now.has(exception.caseKey)) continue;
      const kept = before?.get(exception.caseKey);
      if (kept) {
        now.set(exception.caseKey, kept);
        continue;
      }
      now.set(exception.caseKey, { caseKey: exception.caseKey, ruleId: exception.ruleId, subject: exception.shipmentId, opened: index });
      if (index >= 0) this.tallies.get(exception.ruleId)!.openedPerNight[index]!++;
    }
    for (const [key, held] of before ?? []) if (!now.has(key)) this.close(held, index);
    if (now.size > 0) this.holding.set(subject, now);
    else this.holding.delete(subject);
  }

  /** After the night before the period: what holds then is open at its start. */
  start(): void {
    for (const findings of this.holding.values()) for (const held of findings.values()) this.tallies.get(held.ruleId)!.openAtStart++;
  }

  private close(held: Held, index: number): void {
    const tally = this.tallies.get(held.ruleId)!;
    // Open before the period and gone on its first night: it never held on a night of the period.
    if (held.opened >= 0 || index > 0) tally.cases.set(held.caseKey, held.subject);
    if (held.opened >= 0) tally.openMs.push(this.nights[index]! - this.nights[held.opened]!);
  }

  holdingKeys(): Set<string> {
    const keys = new Set<string>();
    for (const findings of this.holding.values()) for (const key of findings.keys()) keys.add(key);
    return keys;
  }

  /** After the last night: alerts still open count as closing at `after`, the earliest they could. */
  finish(after: number): RuleTally[] {
    for (const findings of this.holding.values()) {
      for (const held of findings.values()) {
        const tally = this.tallies.get(held.ruleId)!;
        tally.cases.set(held.caseKey, held.subject);
        tally.openAtEnd++;
        if (held.opened >= 0) tally.openMs.push(after - this.nights[held.opened]!);
      }
    }
    return [...this.tallies.values()];
  }
}

/**
 * Runs the backtest in one read transaction, so the whole period is replayed from one snapshot of the
 * store even while an audit writes. The connection should be read-only; only its temporary scope
 * table is written.
 */
export function runBacktest(db: Db, request: BacktestRequest): BacktestResult {
  db.exec('BEGIN');
  try {
    return replayNights(db, request);
  } finally {
    db.exec('ROLLBACK');
  }
}

function replayNights(db: Db, request: BacktestRequest): BacktestResult {
  const { nights, onProgress } = request;
  const replays = [new CaseReplay(request.candidate, nights), ...(request.baseline ? [new CaseReplay(request.baseline, nights)] : [])];
  /** When each shipment's findings may next change under either rule set; absent: only new records could. */
  const nextDue = new Map<string, number>();
  const unmatched = replays.some((replay) => replay.set.rules.some((rule) => rule.kind.scope === 'event')) ? readUnmatchedEvents(db) : [];
  const total = db.prepare('SELECT count(*) FROM shipments').pluck().get() as number;

  const evaluateNight = (index: number, asOf: number, timelines: Iterable<StoredTimeline>): number => {
    let evaluated = 0;
    for (const timeline of timelines) {
      if (index < 0 && evaluated % TIMELINE_BATCH === 0) onProgress?.({ stage: 'evaluate', shipments: evaluated, of: total });
      evaluated++;
      let due: number | undefined;
      for (const replay of replays) {
        const audited = auditShipment(timeline, replay.set.rules, asOf, replay.set.evaluation);
        replay.see(timeline.plan.shipmentId, audited.exceptions, index);
        if (audited.nextDueMs !== undefined && (due === undefined || audited.nextDueMs < due)) due = audited.nextDueMs;
      }
      if (due === undefined) nextDue.delete(timeline.plan.shipmentId);
      else nextDue.set(timeline.plan.shipmentId, due);
    }
    for (const replay of replays) {
      if (!replay.needsOthers) continue;
      const subjects = {
        shipments: [],
        inventory: replay.set.rules.some((rule) => rule.kind.scope === 'inventory') ? readLatestInventory(db, asOf) : [],
        unmatched,
      };
      replay.see(OTHERS, evaluate(subjects, replay.set.rules, asOf, replay.set.evaluation), index);
    }
    request.onNight?.({ index, asOf, candidate: replays[0]!.holdingKeys(), baseline: replays[1]?.holdingKeys() });
    return evaluated;
  };

  const before = evaluateNight(-1, request.before, readTimelines(db, { asOf: request.before, batchSize: TIMELINE_BATCH }));
  for (const replay of replays) replay.start();
  const evaluatedPerNight: number[] = [];
  clearScope(db);
  const addToScope = db.prepare(`INSERT INTO ${SCOPE_TABLE} (shipment_id) VALUES (?)`);
  nights.forEach((asOf, index) => {
    onProgress?.({ stage: 'backtest', night: index + 1, of: nights.length });
    clearScope(db);
    for (const [shipmentId, due] of nextDue) if (due <= asOf) addToScope.run(shipmentId);
    evaluatedPerNight.push(evaluateNight(index, asOf, readTimelines(db, { asOf, scoped: true, batchSize: TIMELINE_BATCH })));
    if (index === 0) crashPoint('backtest');
  });
  const [candidate, baseline] = replays.map((replay) => replay.finish(request.after));
  const estimatesStoredLater = countEstimatesStoredAfter(db, request.before);
  const plansChangedLater = countPlansChangedAfterWithoutVersions(db, request.before);
  return { nights, candidate: candidate!, baseline, shipmentsEvaluated: { before, nights: evaluatedPerNight }, estimatesStoredLater, plansChangedLater };
}
