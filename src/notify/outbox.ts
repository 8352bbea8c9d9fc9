/**
 * The outbox: messages are queued in the audit's own transaction (a rolled-back audit queues
 * nothing) and delivered after it commits. Each message has a stable idempotency key, and each
 * (case, trigger, channel) is queued at most once ever, so re-runs and retries never alert twice.
 * Times are the caller's clock as ISO 8601 UTC strings; nothing here reads the clock.
 */
import type { CaseOutcome } from '../cases/reconcile.js';
import type { Db } from '../store/database.js';
import { severityRank } from '../model/vocabulary.js';
import type { Channel } from '../rules/sections/channels.js';
import type { NotifyMode, RetryPolicy, Route } from '../rules/sections/notifications.js';
import { digestMessage, immediateMessage, notifiedCase, type MessageText, type NotifiedCase } from './message.js';
import type { NotificationSettings } from './settings.js';
import { triggerOf } from './triggers.js';

export const MESSAGE_STATUSES = ['pending', 'sent', 'dead'] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

export interface OutboxMessage {
  id: number;
  idempotencyKey: string;
  runId: number;
  channel: string;
  team: string;
  mode: NotifyMode;
  /** E-mail addresses; empty for webhooks (the channel's URL is resolved at send time). */
  recipients: string[];
  subject: string;
  body: string;
  cases: NotifiedCase[];
  status: MessageStatus;
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  createdAt: string;
}

export interface RunContext {
  runId: number;
  asOf: number;
  /** The run's wall-clock time (ISO 8601): queued messages are due from then. */
  now: string;
}

interface Recipient {
  route: Route;
  channel: Channel;
  addresses: string[];
}

/**
 * Queues the messages this run's outcomes call for; returns how many. Call inside the audit's
 * transaction, after the cases are reconciled.
 */
export function enqueueNotifications(db: Db, outcomes: readonly CaseOutcome[], settings: NotificationSettings, run: RunContext): number {
  if (settings.routes.length === 0) return 0;
  const openedRun = db.prepare('SELECT opened_run FROM cases WHERE id = ?').pluck();
  const alreadyTriggered = db.prepare('SELECT 1 FROM outbox_triggers WHERE trigger_key = ?').pluck();
  const insertMessage = db.prepare(`
    INSERT OR IGNORE INTO outbox (idempotency_key, run_id, channel, team, mode, recipients, subject, body, cases, next_attempt_at, created_at)
    VALUES (@key, @runId, @channel, @team, @mode, @recipients, @subject, @body, @cases, @now, @now)`);
  const insertTrigger = db.prepare('INSERT INTO outbox_triggers (trigger_key, message_id, case_id) VALUES (?, ?, ?)');

  let queued = 0;
  const queue = (key: string, recipient: Recipient, text: MessageText, items: { triggerKey: string; item: NotifiedCase }[]) => {
    const inserted = insertMessage.run({
      key,
      runId: run.runId,
      channel: recipient.channel.name,
      team: recipient.route.team,
      mode: recipient.route.mode,
      recipients: JSON.stringify(recipient.addresses),
      subject: text.subject,
      body: text.body,
      cases: JSON.stringify(items.map(({ item }) => item)),
      now: run.now,
    });
    if (inserted.changes === 0) return;
    for (const { triggerKey, item } of items) insertTrigger.run(triggerKey, inserted.lastInsertRowid, item.case_id);
    queued++;
  };

  const digests = new Map<string, { recipient: Recipient; items: { triggerKey: string; item: NotifiedCase }[] }>();
  // Worst first, so a backlog delivers the most urgent messages first.
  const ordered = [...outcomes].sort(
    (a, b) => severityRank(b.exception.severity) - severityRank(a.exception.severity) || b.exception.score - a.exception.score || a.caseId - b.caseId,
  );
  for (const outcome of ordered) {
    const team = outcome.exception.team;
    if (!team) continue;
    const trigger = triggerOf(outcome, run.runId, openedRun.get(outcome.caseId) as number);
    if (!trigger) continue;
    for (const recipient of recipientsFor(team, outcome, settings)) {
      const triggerKey = `logex:case-${outcome.caseId}:${trigger.key}:${recipient.channel.name}`;
      if (alreadyTriggered.get(triggerKey)) continue;
      const item = notifiedCase(outcome, trigger, settings.showCaseCommand(outcome.caseId));
      if (recipient.route.mode === 'immediate') {
        queue(triggerKey, recipient, immediateMessage(item), [{ triggerKey, item }]);
        continue;
      }
      const digestKey = `logex:digest:run-${run.runId}:${team}:${recipient.channel.name}`;
      const digest = digests.get(digestKey) ?? { recipient, items: [] };
      digest.items.push({ triggerKey, item });
      digests.set(digestKey, digest);
    }
  }
  for (const [key, { recipient, items }] of digests) {
    queue(
      key,
      recipient,
      digestMessage(
        recipient.route.team,
        items.map(({ item }) => item),
        { id: run.runId, asOf: run.asOf },
      ),
      items,
    );
  }
  return queued;
}

/** The routes of the case's team that take its severity, with the addresses each message goes to. */
function recipientsFor(team: string, outcome: CaseOutcome, settings: NotificationSettings): Recipient[] {
  return settings.routes.flatMap((route) => {
    const channel = settings.channels.get(route.channel);
    if (route.team !== team || !channel || severityRank(outcome.exception.severity) < severityRank(route.minSeverity)) return [];
    const teamEmail = settings.teams.get(team)?.email;
    const addresses = channel.type === 'webhook' ? [] : channel.to.length ? channel.to : teamEmail ? [teamEmail] : [];
    return [{ route, channel, addresses }];
  });
}

interface OutboxRow {
  id: number;
  idempotency_key: string;
  run_id: number;
  channel: string;
  team: string;
  mode: NotifyMode;
  recipients: string;
  subject: string;
  body: string;
  cases: string;
  status: MessageStatus;
  attempts: number;
  next_attempt_at: string;
  last_error: string | null;
  created_at: string;
}

function fromRow(row: OutboxRow): OutboxMessage {
  return {
    id: row.id,
    idempotencyKey: row.idempotency_key,
    runId: row.run_id,
    channel: row.channel,
    team: row.team,
    mode: row.mode,
    recipients: JSON.parse(row.recipients) as string[],
    subject: row.subject,
    body: row.body,
    cases: JSON.parse(row.cases) as NotifiedCase[],
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    lastError: row.last_error,
    createdAt: row.created_at,
  };
}

/** Pending messages, oldest first; with `dueBy`, only those whose next attempt is due by then. */
export function pendingMessages(db: Db, dueBy?: string): OutboxMessage[] {
  const rows = db
    .prepare(`SELECT * FROM outbox WHERE status = 'pending' AND (@dueBy IS NULL OR next_attempt_at <= @dueBy) ORDER BY id`)
    .all({ dueBy: dueBy ?? null }) as OutboxRow[];
  return rows.map(fromRow);
}

/** Dead messages nobody has acknowledged yet: reported on every delivery run. */
export function deadMessages(db: Db): OutboxMessage[] {
  const rows = db.prepare(`SELECT * FROM outbox WHERE status = 'dead' AND dead_acknowledged_at IS NULL ORDER BY id`).all() as OutboxRow[];
  return rows.map(fromRow);
}

/** When to try again after `attempts` failures: base·2^(attempts−1), capped. */
export function nextAttemptAt(attempts: number, policy: RetryPolicy, now: string): string {
  const waitMs = Math.min(policy.backoffMs * 2 ** Math.max(0, attempts - 1), policy.maxBackoffMs);
  return new Date(Date.parse(now) + waitMs).toISOString();
}

/**
 * Takes a message for one attempt: counts the attempt and moves its next attempt out by the
 * backoff before sending, so a crash mid-send is a failed attempt (retried later with the same
 * key) and a second `logex notify` running at the same time skips it. False if someone else took it.
 */
export function claimMessage(db: Db, message: OutboxMessage, policy: RetryPolicy, now: string): boolean {
  const attempts = message.attempts + 1;
  return (
    db
      .prepare(`UPDATE outbox SET attempts = ?, next_attempt_at = ? WHERE id = ? AND status = 'pending' AND attempts = ?`)
      .run(attempts, nextAttemptAt(attempts, policy, now), message.id, message.attempts).changes === 1
  );
}

export function markSent(db: Db, id: number, now: string): void {
  db.prepare(`UPDATE outbox SET status = 'sent', sent_at = ?, last_error = NULL WHERE id = ?`).run(now, id);
}

/** Records a failed attempt (claimed before): the message waits for its backoff, or is dead after the last attempt. */
export function markFailed(db: Db, id: number, error: string, policy: RetryPolicy, now: string): 'retry' | 'dead' {
  const { attempts } = db.prepare('SELECT attempts FROM outbox WHERE id = ?').get(id) as { attempts: number };
  if (attempts >= policy.maxAttempts) {
    db.prepare(`UPDATE outbox SET status = 'dead', dead_at = ?, last_error = ? WHERE id = ?`).run(now, error, id);
    return 'dead';
  }
  db.prepare('UPDATE outbox SET last_error = ? WHERE id = ?').run(error, id);
  return 'retry';
}

/** Dead messages back to pending with fresh attempts, due now (after the channel was fixed). */
export function requeueDead(db: Db, now: string): number {
  return db
    .prepare(`UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = ?, dead_at = NULL WHERE status = 'dead' AND dead_acknowledged_at IS NULL`)
    .run(now).changes;
}

/** Someone has seen the dead messages and given up on them: stop reporting them. */
export function acknowledgeDead(db: Db, now: string): number {
  return db.prepare(`UPDATE outbox SET dead_acknowledged_at = ? WHERE status = 'dead' AND dead_acknowledged_at IS NULL`).run(now).changes;
}
