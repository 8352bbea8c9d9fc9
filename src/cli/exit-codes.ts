/** Every exit code logex uses, in one place (DESIGN.md "CLI contract"). */
import { SEVERITIES, severityRank, type Severity } from '../model/vocabulary.js';

export const ExitCode = {
  /** Ran; nothing at or above --fail-on (or no errors in rule files). */
  Ok: 0,
  /** Ran and found exceptions at or above --fail-on, or `rules check` found errors. */
  Findings: 1,
  /** Bad usage, unreadable input, invalid rules, unusable database: nothing was written. */
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
