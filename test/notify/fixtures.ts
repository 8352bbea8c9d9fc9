/** A store with real cases for notification tests: exceptions written out, reconciled, then queued. */
import { join } from 'node:path';
import type { CaseOutcome } from '../../src/cases/reconcile.js';
import { reconcileAll } from '../cases/fixture.js';
import type { Exception } from '../../src/engine/evaluate.js';
import { enqueueNotifications } from '../../src/notify/outbox.js';
import { notificationSettings, type NotificationSettings } from '../../src/notify/settings.js';
import { loadRuleText } from '../../src/rules/load.js';
import { openStore, type Db } from '../../src/store/database.js';
import { tempDir } from '../helpers.js';

export const AS_OF = Date.parse('2026-05-16T00:00:00Z');

export function lateArrival(overrides: Partial<Exception> = {}): Exception {
  const shipmentId = overrides.shipmentId ?? 'S1';
  const ruleId = overrides.ruleId ?? 'arrival-late';
  return {
    caseKey: `${ruleId}|${shipmentId}|arrived`,
    ruleId,
    kind: 'milestone_late',
    subject: 'shipment',
    shipmentId,
    carrier: 'MAEU',
    lane: 'CNSHA>USLAX',
    mode: 'ocean',
    milestone: 'arrived',
    severity: 'medium',
    score: 3,
    team: 'ocean-desk',
    planned: Date.parse('2026-05-14T00:00:00Z'),
    actual: Date.parse('2026-05-14T05:00:00Z'),
    deviationMinutes: 300,
    band: 1,
    message: 'arrived 5h late (tolerance 4h)',
    ...overrides,
  };
}

/** Notification settings from configuration YAML (teams, channels, notifications), as `audit` loads them. */
export function settingsFrom(yaml: string): NotificationSettings {
  const loaded = loadRuleText(`version: 1\n${yaml}`, 'notify.yaml');
  const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) throw new Error(`bad test configuration: ${errors.map((d) => d.message).join('; ')}`);
  return notificationSettings(loaded.sections, (caseId) => `logex cases show ${caseId}`);
}

export class NotifyStore {
  readonly db: Db = openStore(join(tempDir(), 'notify.db'));
  private runs = 0;

  /** One audit's worth: reconcile these exceptions, queue what they call for; returns the outcomes. */
  audit(exceptions: Exception[], settings: NotificationSettings): { outcomes: CaseOutcome[]; queued: number } {
    this.runs++;
    const now = new Date(AS_OF + this.runs * 60_000).toISOString();
    const runId = Number(
      this.db.prepare(`INSERT INTO runs (command, started_at, as_of_ms, inputs) VALUES ('test', ?, ?, '[]')`).run(now, AS_OF).lastInsertRowid,
    );
    const { outcomes } = reconcileAll(this.db, exceptions, { runId, asOf: AS_OF, now, actor: 'test', ruleIds: ['arrival-late', 'transit', 'eta'] });
    return { outcomes, queued: enqueueNotifications(this.db, outcomes, settings, { runId, asOf: AS_OF, now }) };
  }

  setStatus(status: string): void {
    this.db.prepare('UPDATE cases SET status = ?').run(status);
  }

  messages(): { idempotency_key: string; team: string; channel: string; mode: string; recipients: string; subject: string; body: string }[] {
    return this.db.prepare('SELECT idempotency_key, team, channel, mode, recipients, subject, body FROM outbox ORDER BY id').all() as never;
  }
}
