/**
 * `logex notify`: deliver the outbox (retrying what failed before), preview it, send a test
 * message, or deal with dead messages. Also the delivery step of `logex audit --notify`.
 */
import type { CliRun } from '../io.js';
import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { channelSender, deliverOutbox, undeliveredCount, type DeliveryReport } from '../../notify/deliver.js';
import { describeEmail } from '../../notify/email.js';
import { acknowledgeDead, deadMessages, pendingMessages, requeueDead, type OutboxMessage } from '../../notify/outbox.js';
import { DeliveryFailure, type OutgoingMessage } from '../../notify/outgoing.js';
import { notificationSettings, type NotificationSettings } from '../../notify/settings.js';
import { describeWebhook } from '../../notify/webhook.js';
import { closestName } from '../../model/suggest.js';
import type { Channel } from '../../rules/sections/channels.js';
import type { Db } from '../../store/database.js';
import { acquireRunLock } from '../../store/lock.js';
import { openStore } from '../../store/database.js';
import { ExitCode, UsageError } from '../exit-codes.js';
import { defaultDbPath, defaultRulePaths } from '../options.js';
import { loadRulesOrFail } from './rules-loading.js';

interface NotifyFlags {
  rules: string[];
  db: string;
  test?: string;
  dryRun?: boolean;
  requeueDead?: boolean;
  ackDead?: boolean;
  quiet?: boolean;
}

export function registerNotify(program: Command, run: CliRun): void {
  program
    .command('notify')
    .description('deliver queued notifications, retrying failed ones; exit 2 while any stays undelivered')
    .requiredOption('--rules <path...>', 'configuration files or directories with channels and notifications (default $LOGEX_RULES)', defaultRulePaths(run.env))
    .option('--db <file>', 'SQLite store (default ./logex.db or $LOGEX_DB)', defaultDbPath(run.env))
    .option('--test <channel>', 'send a test message on this channel (nothing queued is sent)')
    .option('--dry-run', 'print what would be sent, to whom, with secrets as ***; send nothing')
    .option('--requeue-dead', 'give dead messages fresh attempts (after fixing their channel), then deliver')
    .option('--ack-dead', 'stop reporting the dead messages (they stay in the store)')
    .option('--quiet', 'print nothing when nothing is left undelivered')
    .action(async (flags: NotifyFlags) => {
      run.exitCode = await notify(run, flags);
    });
}

/** The notification settings of a configuration, with the `cases show` command for this store. */
export function notificationSettingsFor(run: CliRun, sections: ReadonlyMap<string, unknown>, db: string): NotificationSettings {
  // Absolute, so the command works from wherever the reader's shell is.
  const path = resolve(db);
  const dbFlag = db === defaultDbPath(run.env) ? '' : ` --db ${/^[\w./-]+$/.test(path) ? path : `'${path.replace(/'/g, `'\\''`)}'`}`;
  return notificationSettings(sections, (caseId) => `logex cases show ${caseId}${dbFlag}`);
}

async function notify(run: CliRun, flags: NotifyFlags): Promise<number> {
  const { sections } = loadRulesOrFail(run, flags.rules, !flags.quiet, { requireRules: false });
  const settings = notificationSettingsFor(run, sections, flags.db);
  const now = new Date().toISOString();
  if (flags.test !== undefined) return sendTest(run, flags.test, settings, now, flags.dryRun ?? false);

  if (!existsSync(flags.db)) throw new UsageError(`${flags.db}: no such database; notifications are queued by "logex audit"`);
  // Delivery takes the run lock like audit and ingest, so it never overlaps an `audit --notify`.
  const lock = await acquireRunLock(flags.db, 'notify', now, 0);
  let db: Db;
  try {
    db = openStore(flags.db, { onUpgrade: flags.quiet ? undefined : run.noteUpgrade });
  } catch (error) {
    lock.release();
    throw error;
  }
  try {
    if (flags.dryRun) {
      printQueue(db, settings, now, (text) => run.io.stdout.write(text));
      return ExitCode.Ok;
    }
    if (flags.ackDead) run.note(`notify: ${acknowledgeDead(db, now)} dead message(s) acknowledged`);
    if (flags.requeueDead) run.note(`notify: ${requeueDead(db, now)} dead message(s) queued again`);
    const report = await deliverOutbox(db, settings, now, channelSender(run.env));
    const undelivered = undeliveredCount(report);
    if (!flags.quiet || undelivered > 0) reportDelivery(run, report, settings);
    return undelivered > 0 ? ExitCode.Failure : ExitCode.Ok;
  } finally {
    db.close();
    lock.release();
  }
}

/**
 * Delivery after an audit committed (`audit --notify`, or `--dry-run` to preview). The audit's
 * exit code stays about findings; what could not be delivered is said on stderr even with
 * --quiet, so cron mails it, and stays queued for `logex notify`.
 */
export async function deliverAfterAudit(
  run: CliRun,
  db: Db,
  settings: NotificationSettings,
  now: string,
  options: { dryRun: boolean; quiet: boolean },
): Promise<void> {
  if (options.dryRun) {
    printQueue(db, settings, now, run.note);
    return;
  }
  const report = await deliverOutbox(db, settings, now, channelSender(run.env));
  const undelivered = undeliveredCount(report);
  if (!options.quiet) reportDelivery(run, report, settings);
  else if (undelivered > 0) {
    run.note(`logex: warning: ${undelivered} notification(s) not delivered and kept in the outbox; "logex notify" retries them and says why`);
  }
}

function reportDelivery(run: CliRun, report: DeliveryReport, settings: NotificationSettings): void {
  for (const { message, error, dead } of report.failed) {
    const attempt = `attempt ${message.attempts + 1} of ${settings.retry.maxAttempts}`;
    if (!dead) run.note(`notify: message ${message.id} (${describe(message)}) failed, ${attempt}: ${error}`);
  }
  for (const message of report.dead) {
    run.note(
      `notify: message ${message.id} (${describe(message)}) is dead after ${message.attempts} attempt(s): ${message.lastError}; ` +
        'fix the channel and run "logex notify --requeue-dead", or "logex notify --ack-dead" to stop this report',
    );
  }
  const waiting = report.pending.length ? `; ${report.pending.length} waiting for a retry (next: ${report.pending.map((m) => m.nextAttemptAt).sort()[0]})` : '';
  const deferred = report.deferred.length ? `, ${report.deferred.length} not tried (their channel had just failed)` : '';
  run.note(`notify: ${report.sent.length} sent, ${report.failed.length} failed${deferred}, ${report.dead.length} dead${waiting}`);
}

function describe(message: OutboxMessage): string {
  return `${message.mode} for ${message.team} on ${message.channel}`;
}

function printQueue(db: Db, settings: NotificationSettings, now: string, write: (text: string) => void): void {
  const pending = pendingMessages(db);
  const dead = deadMessages(db);
  for (const message of [...pending, ...dead]) {
    const when = message.status === 'dead' ? 'dead' : message.nextAttemptAt <= now ? 'due now' : `next attempt after ${message.nextAttemptAt}`;
    write(preview(message.id, message, settings.channels.get(message.channel), message.channel, `${when}, ${message.attempts} failed attempt(s)`));
  }
  write(`dry run: ${pending.length} message(s) would be sent, ${dead.length} dead; nothing was sent\n`);
}

function preview(id: number | undefined, message: OutgoingMessage, channel: Channel | undefined, channelName: string, state: string): string {
  const where = !channel
    ? `channel "${channelName}" is no longer in the configuration`
    : channel.type === 'webhook'
      ? `${channelName}: ${describeWebhook(channel)}`
      : `${channelName}: ${describeEmail(channel, message.recipients)}`;
  const indented = message.body
    .trimEnd()
    .split('\n')
    .map((line) => (line ? `    ${line}` : ''));
  return [
    `${id === undefined ? 'test message' : `message ${id}`} (${message.mode}, team ${message.team}; ${state})`,
    `  to:      ${where}`,
    `  key:     ${message.idempotencyKey}`,
    `  subject: ${message.subject}`,
    '',
    ...indented,
    '',
    '',
  ].join('\n');
}

async function sendTest(run: CliRun, name: string, settings: NotificationSettings, now: string, dryRun: boolean): Promise<number> {
  const channel = settings.channels.get(name);
  if (!channel) {
    const near = closestName(name, [...settings.channels.keys()]);
    const known = settings.channels.size ? `channels: ${[...settings.channels.keys()].join(', ')}` : 'no channels are configured';
    throw new UsageError(`--test: no channel "${name}"${near ? `; did you mean "${near}"?` : ` (${known})`}`);
  }
  const recipients = channel.type === 'webhook' ? [] : testRecipients(channel, settings);
  const message: OutgoingMessage = {
    idempotencyKey: `logex:test:${channel.name}:${now}`,
    team: '-',
    mode: 'test',
    recipients,
    subject: `[logex] test message on channel ${channel.name}`,
    body: `This is a test message from logex on ${hostname()} at ${now}.\nIf you can read it, channel "${channel.name}" works.\n`,
    cases: [],
  };
  if (dryRun) {
    run.io.stdout.write(preview(undefined, message, channel, channel.name, 'dry run, not sent'));
    return ExitCode.Ok;
  }
  try {
    await channelSender(run.env)(message, channel);
  } catch (error) {
    if (!(error instanceof DeliveryFailure)) throw error;
    run.note(`notify: test message on channel "${channel.name}" failed: ${error.message}`);
    return ExitCode.Failure;
  }
  run.note(`notify: test message sent on channel "${channel.name}"${recipients.length ? ` to ${recipients.join(', ')}` : ''}`);
  return ExitCode.Ok;
}

/** The channel's own `to:`, else the e-mail of every team routed to it. */
function testRecipients(channel: Extract<Channel, { type: 'email' }>, settings: NotificationSettings): string[] {
  if (channel.to.length) return channel.to;
  const teams = settings.routes.filter((route) => route.channel === channel.name).map((route) => settings.teams.get(route.team)?.email);
  const addresses = [...new Set(teams.filter((email): email is string => email !== undefined))];
  if (addresses.length === 0) throw new UsageError(`--test: channel "${channel.name}" has no "to:" and no routed team has an email`);
  return addresses;
}
