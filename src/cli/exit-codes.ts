/**
 * Every exit code logex uses, in one place (DESIGN.md "CLI contract").
 *
 * Notifications: the audit committed whatever the channels do, so `audit --notify` keeps 0/1 by
 * findings and says on stderr, even with --quiet, how many messages stayed queued. `logex notify`
 * is the one that fails for delivery: 2 while any message is still undelivered (waiting for a retry,
 * or dead and not acknowledged), so a cron job sees the channel problem until it is dealt with.
 */
import { SEVERITIES, severityRank, type Severity } from '../model/vocabulary.js';

export const ExitCode = {
  /** Ran; nothing at or above --fail-on (or no errors in rule files; `notify`: nothing left undelivered). */
  Ok: 0,
  /** Ran and found exceptions at or above --fail-on, or `rules check` found errors. */
  Findings: 1,
  /**
   * Bad usage, unreadable input, invalid rules, unusable database: nothing was written.
   * `logex notify`: a message is still undelivered, or a `--test` message failed.
   */
  Failure: 2,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** `--fail-on none` never fails on findings; the default `low` fails on any exception. */
export const FAIL_ON_CHOICES = [...SEVERITIES, 'none'] as const;
export type FailOn = (typeof FAIL_ON_CHOICES)[number];

export function auditExitCode(severities: Iterable<Severity>, failOn: FailOn): ExitCode {
  if (failOn === 'none') return ExitCode.Ok;
  const threshold = severityRank(failOn);
  for (const severity of severities) if (severityRank(severity) >= threshold) return ExitCode.Findings;
  return ExitCode.Ok;
}

/** A mistake in how logex was called or configured, reported as one line and exit 2. */
export class UsageError extends Error {}
