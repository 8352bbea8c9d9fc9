import type { CliRun } from '../io.js';
import { formatDiagnostic, hasErrors } from '../../io/diagnostics.js';
import { loadRules, type LoadedRules } from '../../rules/load.js';
import { UsageError } from '../exit-codes.js';

/**
 * Rules and configuration for a run: any error stops it before anything is read or written (exit 2).
 * `logex notify` needs only the configuration sections, so it may load files without rules.
 */
export function loadRulesOrFail(run: CliRun, paths: string[], showWarnings: boolean, options: { requireRules?: boolean } = {}): LoadedRules {
  const loaded = loadRules(paths);
  const { rules, diagnostics } = loaded;
  if (hasErrors(diagnostics)) {
    for (const diagnostic of diagnostics) run.note(formatDiagnostic(diagnostic));
    throw new UsageError(`invalid rules: ${diagnostics.filter((d) => d.severity === 'error').length} error(s); run "logex rules check" for details`);
  }
  if (showWarnings) for (const diagnostic of diagnostics) run.note(formatDiagnostic(diagnostic));
  if (rules.length === 0 && options.requireRules !== false) throw new UsageError(`no rules in ${paths.join(', ')}: nothing to audit`);
  return loaded;
}
