/**
 * Delivering the outbox after the audit committed: every due message once, each failure counted
 * with backoff, dead after the last attempt. Sent is recorded right after each send, so a crash
 * can at worst repeat one message, with the same idempotency key.
 */
import type { Db } from '../store/database.js';
import type { Channel } from '../rules/sections/channels.js';
import type { RetryPolicy } from '../rules/sections/notifications.js';
import { sendEmail } from './email.js';
import { claimMessage, deadMessages, markFailed, markSent, pendingMessages, type OutboxMessage } from './outbox.js';
import { DeliveryFailure, type OutgoingMessage } from './outgoing.js';
import { sendWebhook } from './webhook.js';

export type Send = (message: OutgoingMessage, channel: Channel) => Promise<void>;

/** Sends on the channel's own transport, reading secrets from `env`. */
export function channelSender(env: NodeJS.ProcessEnv): Send {
  return (message, channel) => (channel.type === 'webhook' ? sendWebhook(message, channel, env) : sendEmail(message, channel, env));
}

export interface FailedAttempt {
  message: OutboxMessage;
  error: string;
  /** Dead now: no more attempts. */
  dead: boolean;
}

export interface DeliveryReport {
  sent: OutboxMessage[];
  failed: FailedAttempt[];
  /** Not tried: their channel already failed in this run, so they wait for the next one uncounted. */
  deferred: OutboxMessage[];
  /** Still pending after the run (failed earlier or now, or deferred). */
  pending: OutboxMessage[];
  /** Dead and not yet acknowledged, this run's and earlier ones. */
  dead: OutboxMessage[];
}

export interface DeliverySettings {
  channels: ReadonlyMap<string, Channel>;
  retry: RetryPolicy;
}

export function toOutgoing(message: OutboxMessage): OutgoingMessage {
  const { idempotencyKey, team, mode, recipients, subject, body, cases } = message;
  return { idempotencyKey, team, mode, recipients, subject, body, cases };
}

/** Delivers every message due by `now` (the caller's clock, ISO 8601). */
export async function deliverOutbox(db: Db, settings: DeliverySettings, now: string, send: Send): Promise<DeliveryReport> {
  const report: DeliveryReport = { sent: [], failed: [], deferred: [], pending: [], dead: [] };
  // A channel that is down fails every message the same way, each after its own timeout: one try per run is enough.
  const failedChannels = new Set<string>();
  for (const message of pendingMessages(db, now)) {
    if (failedChannels.has(message.channel)) {
      report.deferred.push(message);
      continue;
    }
    if (!claimMessage(db, message, settings.retry, now)) continue;
    try {
      const channel = settings.channels.get(message.channel);
      if (!channel) throw new DeliveryFailure(`channel "${message.channel}" is no longer in the configuration`);
      await send(toOutgoing(message), channel);
      markSent(db, message.id, now);
      report.sent.push(message);
    } catch (error) {
      // Anything but a DeliveryFailure may carry a secret in its text; say only what kind of failure it was.
      const text = error instanceof DeliveryFailure ? error.message : `unexpected ${(error as Error)?.name ?? 'error'} while sending`;
      failedChannels.add(message.channel);
      const dead = markFailed(db, message.id, text, settings.retry, now) === 'dead';
      report.failed.push({ message, error: text, dead });
    }
  }
  report.pending = pendingMessages(db);
  report.dead = deadMessages(db);
  return report;
}

/** Pending messages and unacknowledged dead ones after a pass: what keeps `logex notify` from exiting 0. */
export function undeliveredCount(report: DeliveryReport): number {
  return report.pending.length + report.dead.length;
}
