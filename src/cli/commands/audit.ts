import type { CliRun } from '../io.js';
import { appendFileSync } from 'node:fs';
import type { Command } from 'commander';
import { eventsFilesOf, feedSummaries, feedSummaryJson, feedSummaryText } from '../../report/feed-summary.js';
import { readFeedFigures } from '../../store/feed-reads.js';
import { runAudit, runSummary } from '../../pipeline/audit.js';
import { RejectedInput } from '../../pipeline/ingest.js';
import { reachedStage } from '../../pipeline/test-hooks.js';
import { AUDIT_FORMATS, AuditReport } from '../../report/audit-exceptions.js';
import { isoUtc } from '../../model/time.js';
import { auditExitCode, ExitCode, FAIL_ON_CHOICES, UsageError } from '../exit-codes.js';
import { addInputOptions, noteInputFindings, noteRejected, openStoreForRun, prepareInputs, writeRejects, type InputFlags } from '../inputs.js';
import { afterRunCommitted, checkOutputFile } from '../output.js';
import { choice, defaultRulePaths, osUser, parseAsOf } from '../options.js';
import { addFormatOption, chooseFormat, emitRendered, outputOptions } from '../formatters.js';
import { loadRulesOrFail } from './rules-loading.js';
import { deliverAfterAudit, notificationSettingsFor } from './notify.js';
import { sectionValue } from '../../rules/sections/section.js';
import { slasSection } from '../../rules/sections/slas.js';
import { scoringSection } from '../../rules/sections/scoring.js';
import { ownershipSection } from '../../rules/sections/ownership.js';
import { ProgressLine } from '../progress.js';

interface AuditFlags extends InputFlags {
  rules: string[];
  asOf?: string;
  format: string;
  out?: string;
  excel?: boolean;
  raw?: boolean;
  delimiter?: string;
  failOn: string;
  notify?: boolean;
  dryRun?: boolean;
  full?: boolean;
  newsOnly?: boolean;
  scope: string;
  wide?: boolean;
  failOnRejects?: boolean;
  log?: string;
  by: string;
}

const SCOPES = ['all', 'events'] as const;

export function registerAudit(program: Command, run: CliRun): void {
  const command = addInputOptions(
    run,
    program.command('audit').description('read plans and carrier events, check them against the rules as of a time, and update the cases'),
  )
    .requiredOption('--rules <path...>', 'rule files or directories of *.yaml (default $LOGEX_RULES)', defaultRulePaths(run.env))
    .option('--as-of <time>', 'evaluate as of this instant (ISO 8601; default now)');
  addFormatOption(command, AUDIT_FORMATS)
    .option('--out <file>', 'write the report to a file instead of stdout')
    .option('--excel', 'CSV for Excel: UTF-8 BOM first')
    .option('--raw', "CSV cells as stored: no ' guard before text starting with = + - @ (for programs, not spreadsheets)")
    .option('--delimiter <char>', 'CSV separator: , (default), ; (European Excel: decimals with a comma too) or tab')
    .option('--fail-on <severity>', `exit 1 when an exception at or above this severity holds (${FAIL_ON_CHOICES.join(', ')})`, 'low')
    .option('--notify', 'after the run, deliver queued notifications (see "logex notify")')
    .option('--dry-run', 'after the run, print the queued notifications on stderr instead of sending them')
    .option('--by <name>', 'actor recorded in case history', osUser())
    .option('--full', 'evaluate every stored shipment, not only those that may have changed since the last audit')
    .option('--news-only', 'report, and count for --fail-on, only the exceptions that are news in this run: opened, reopened or escalated')
    .option(
      '--scope <scope>',
      "all, or events: report (and count for --fail-on) only the exceptions of shipments this run's events touch, and unmatched events",
      'all',
    )
    .option('--wide', 'on a terminal, every column of the table even if it is wider than the terminal')
    .option('--fail-on-rejects', 'exit 1 when rows were set aside with --rejects, even if no exception is at --fail-on')
    .option('--log <file>', 'append one dated line per run to this file: its exit code and counts (for cron)')
    .action(async (flags: AuditFlags) => {
      try {
        run.exitCode = await audit(run, flags);
      } catch (error) {
        try {
          if (flags.log) appendRunLog(flags.log, `audit failed, exit 2: ${(error as Error).message.split('\n')[0]}`);
        } catch {
          // The run's own error is the one to report.
        }
        throw error;
      }
    });
}

async function audit(run: CliRun, flags: AuditFlags): Promise<number> {
  const format = chooseFormat(AUDIT_FORMATS, flags.format);
  const failOn = choice('--fail-on', flags.failOn, FAIL_ON_CHOICES);
  const output = await outputOptions(run, flags);
  const { inputs, readerOptions, zone } = prepareInputs(run, flags);
  checkOutputFile('--out', flags.out);
  checkOutputFile('--log', flags.log);
  const now = new Date();
  const asOf = parseAsOf(flags.asOf, zone, now);
  const { rules, sections } = loadRulesOrFail(run, flags.rules, !flags.quiet);
  const notifications = notificationSettingsFor(run, sections, flags.db);
  if ((flags.notify || flags.dryRun) && notifications.routes.length === 0) {
    throw new UsageError(
      `${flags.notify ? '--notify' : '--dry-run'}: no notification routes in ${flags.rules.join(', ')} (add "notifications: routes:" beside the rules)`,
    );
  }

  const scope = choice('--scope', flags.scope, SCOPES);
  const store = await openStoreForRun(run, flags, 'audit', now);
  const { db } = store;
  const progress = ProgressLine.forRun(flags.quiet, run.io.stderr);
  try {
    const report = new AuditReport();
    const result = await runAudit(db, {
      inputs,
      rules,
      evaluation: { slas: sectionValue(sections, slasSection), weights: sectionValue(sections, scoringSection) },
      ownership: sectionValue(sections, ownershipSection),
      asOf,
      now: now.toISOString(),
      actor: flags.by,
      readerOptions,
      continueOnRejects: flags.rejects !== undefined,
      notifications,
      full: flags.full,
      scope,
      // A nightly run reports what it changed: the cases still holding as they were are in "cases list".
      onOutcome: (outcome) => {
        if (!flags.newsOnly || outcome.isNew || outcome.escalated) report.add(outcome);
      },
      onProgress: progress?.report,
    }).finally(() => progress?.clear());
    const runName = `audit run ${result.runId}`;
    afterRunCommitted(runName, () => writeRejects(flags.rejects, result.log));
    const rejected = result.log.rejections.length;
    const exitCode = Math.max(auditExitCode(report.severities, failOn), flags.failOnRejects && rejected > 0 ? ExitCode.Findings : ExitCode.Ok);
    const summary = runSummary(result);
    const feeds =
      !flags.quiet || format.name === 'json'
        ? feedSummaries(readFeedFigures(db, result.storedEvents, asOf, eventsFilesOf(result.log), result.linkedByReference), result.log)
        : [];
    if (flags.log) {
      const logged =
        `${runName} as of ${isoUtc(asOf)}, exit ${exitCode}: ${summary.exceptions} exception(s) (${summary.new} new, ${report.size} listed), ${summary.cleared} cleared; ` +
        `${summary.events_stored} event(s) stored, ${summary.rows_rejected} row(s) rejected`;
      afterRunCommitted(runName, () => appendRunLog(flags.log!, logged));
    }
    // Even in a quiet run: findings this audit cannot see are worth a line (a nightly run never has any).
    if (result.estimatesUnseen > 0) {
      run.note(
        `warning: ${result.estimatesUnseen} estimate(s) without a receipt time (reported_at) were stored by runs as of after ${isoUtc(asOf)}: ` +
          'this audit does not see them (for inputs received in the past, give "logex ingest" their --as-of)',
      );
    }
    // Rows set aside leave a trace even in a quiet run: the rejects file alone is easy to miss.
    if (flags.quiet && rejected > 0) run.note(`${runName}: ${rejected} row(s) rejected, set aside in ${flags.rejects}`);
    if (!flags.quiet) {
      noteInputFindings(run, result.log);
      if (feeds.length > 0) run.io.stderr.write(feedSummaryText(feeds));
      run.note(
        `audit run ${result.runId} as of ${isoUtc(asOf)}: ${summary.exceptions} exception(s) ` +
          `(${summary.new} new, ${summary.still_open} still open), ${summary.cleared} cleared; ` +
          `${summary.shipments_evaluated} shipments evaluated (${summary.evaluation}, ${summary.evaluation_reason}), ${summary.events_stored} events stored, ` +
          `${summary.events_duplicate} duplicate(s), ${summary.rows_rejected} row(s) rejected` +
          (scope === 'events' ? `; ${report.size} listed: the shipments this run's events touch (--scope events)` : ''),
      );
    }
    // After the commit: the cases and the outbox are saved whatever the channels do now.
    if (flags.notify || flags.dryRun) {
      await reachedStage('notify', run.env);
      await deliverAfterAudit(run, db, notifications, new Date().toISOString(), { dryRun: flags.dryRun ?? false, quiet: flags.quiet ?? false });
    } else if (result.notificationsQueued > 0 && !flags.quiet) {
      run.note(`${result.notificationsQueued} notification(s) queued; --notify or "logex notify" delivers them`);
    }
    // Quiet keeps a clean night silent on stdout; a report file asked for with --out is still written.
    if (flags.quiet && exitCode === ExitCode.Ok && !flags.out) return exitCode;
    const runJson = {
      id: result.runId,
      as_of: isoUtc(asOf),
      started_at: now.toISOString(),
      db: flags.db,
      ...summary,
      listed: flags.newsOnly ? 'news' : 'all',
      scope,
      feeds: feedSummaryJson(feeds),
    };
    const empty = flags.newsOnly ? 'No new, reopened or escalated exceptions.\n' : 'No exceptions.\n';
    const rendered = await format.render({ run: runJson, report, empty }, output);
    afterRunCommitted(runName, () => emitRendered(run, rendered, flags.out));
    return exitCode;
  } catch (error) {
    if (!(error instanceof RejectedInput)) throw error;
    return noteRejected(run, 'audit', error.log);
  } finally {
    store.close();
  }
}

/** One line, with the time it was written, appended: a cron log that says when, and how it went. */
function appendRunLog(file: string, line: string): void {
  try {
    appendFileSync(file, `${new Date().toISOString().replace(/\.\d{3}Z$/, 'Z')} ${line}\n`);
  } catch (error) {
    throw new UsageError(`--log ${file}: cannot append to the log: ${(error as Error).message}`);
  }
}
