import { formatDiagnostic, hasErrors } from '../../rules/diagnostics.js';
import { loadRules } from '../../rules/load.js';
import type { CompiledRule } from '../../rules/rule.js';
import { UsageError } from '../exit-codes.js';
import { note } from '../output.js';

/** Rules for a run: any error stops it before anything is read or written (exit 2). */
export function loadRulesOrFail(paths: string[], showWarnings: boolean): CompiledRule[] {
  const { rules, diagnostics } = loadRules(paths);
  if (hasErrors(diagnostics)) {
    for (const diagnostic of diagnostics) note(formatDiagnostic(diagnostic));
    throw new UsageError(`invalid rules: ${diagnostics.filter((d) => d.severity === 'error').length} error(s); run "logex rules check" for details`);
  }
  if (showWarnings) for (const diagnostic of diagnostics) note(formatDiagnostic(diagnostic));
  if (rules.length === 0) throw new UsageError(`no rules in ${paths.join(', ')}: nothing to audit`);
  return rules;
}
