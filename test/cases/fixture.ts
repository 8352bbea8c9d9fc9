/**
 * A store with cases opened by a real evaluation: shipments S1…Sn, each departed 4h after its plan
 * against a 1h tolerance, so rule `departure-late` opens case n for shipment Sn.
 */
import { join } from 'node:path';
import { caseConfig, type CaseConfig } from '../../src/cases/config.js';
import { CaseReconciler, type CaseOutcome, type ReconcileScope } from '../../src/cases/reconcile.js';
import type { Exception } from '../../src/engine/evaluate.js';
import { evaluate } from '../../src/engine/evaluate.js';
import type { StoredEvent } from '../../src/model/records.js';
import { loadRuleText } from '../../src/rules/load.js';
import { openStore, type Db } from '../../src/store/database.js';
import { event, plan, tempDir, timeline } from '../helpers.js';

export const RULES = `version: 1
rules:
  - id: departure-late
    check: { kind: milestone_late, milestone: departed }
    tolerance: 1h
    severity: high
    team: ocean-desk
`;

export const AS_OF = Date.parse('2026-05-10T00:00:00Z');

export function shipments(count: number, departed = '2026-05-04T12:00:00Z') {
  return Array.from({ length: count }, (_, index) => {
    const shipmentId = `S${index + 1}`;
    const departure: StoredEvent = { ...event('departed', departed), shipmentId };
    return timeline(plan({ shipmentId, planned: { departed: '2026-05-04T08:00:00Z' } }), [departure]);
  });
}

/** A run's exceptions reconciled in one batch: the outcomes, with the counts. */
export function reconcileAll(db: Db, exceptions: readonly Exception[], scope: ReconcileScope) {
  const outcomes: CaseOutcome[] = [];
  const reconciler = new CaseReconciler(db, scope, (outcome) => outcomes.push(outcome));
  reconciler.add(exceptions);
  return { outcomes, ...reconciler.clearUnseen() };
}

/** One audit run over the shipments, as the pipeline does it: a run row, then reconciliation. */
export function audit(db: Db, timelines: ReturnType<typeof shipments>, now: string, asOf = AS_OF) {
  const rules = loadRuleText(RULES, 'rules.yaml').rules;
  const runId = Number(db.prepare(`INSERT INTO runs (command, started_at, as_of_ms, inputs) VALUES ('audit', ?, ?, '[]')`).run(now, asOf).lastInsertRowid);
  return reconcileAll(db, evaluate(timelines, rules, asOf), { runId, asOf, now, actor: 'cron', ruleIds: ['departure-late'] });
}

export function storeWithCases(count = 3): Db {
  const db = openStore(join(tempDir(), 'cases.db'));
  audit(db, shipments(count), '2026-05-10T01:00:00.000Z');
  return db;
}

/** The configuration of a YAML text, as `--rules` would load it. */
export function configOf(yaml: string): CaseConfig {
  const loaded = loadRuleText(yaml, 'config.yaml');
  const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) throw new Error(`bad test config: ${errors.map((d) => d.message).join('; ')}`);
  return caseConfig(loaded.sections);
}

export const DEFAULTS: CaseConfig = caseConfig(new Map());

export function statusOf(db: Db, id: number): string {
  return db.prepare('SELECT status FROM cases WHERE id = ?').pluck().get(id) as string;
}

export function historyOf(db: Db, id: number) {
  return db.prepare('SELECT actor, at, action, from_value, to_value, note FROM case_history WHERE case_id = ? ORDER BY id').all(id);
}
