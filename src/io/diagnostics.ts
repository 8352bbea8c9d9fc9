/**
 * The codes of problems in rule, configuration and mapping files: stable and greppable, what CI logs
 * and `rules check --format json` carry (docs/rules.md lists them).
 */
export const PROBLEM_CODES = [
  // Reading the file
  'unreadable',
  'yaml-syntax',
  'schema',
  // Rules
  'duplicate-id',
  'unknown-kind',
  'invalid-option',
  'invalid-duration',
  'invalid-glob',
  'tolerance-unused',
  'selector-ignored',
  // Configuration sections
  'invalid-name',
  'duplicate-sla',
  'unknown-sla',
  'duplicate-scoring',
  'duplicate-team',
  'unknown-team',
  'unknown-rule',
  'ownership-unused',
  'duplicate-root-cause',
  'duplicate-requirement',
  'duplicate-route',
  'duplicate-setting',
  'duplicate-channel',
  'unknown-channel',
  'not-for-channel-type',
  'missing-setting',
  'invalid-timeout',
  'invalid-url',
  'invalid-header',
  'invalid-address',
  'invalid-secret-reference',
  'secret-in-file',
  'env-unset',
  'no-recipients',
  // Mapping files
  'duplicate-profile',
  'invalid-zone',
  'invalid-date-format',
  'constant-and-column',
  'status-values',
  'missing-column',
] as const;
export type ProblemCode = (typeof PROBLEM_CODES)[number];

/** A problem found in a rule or mapping file, with its position: what `rules check` prints and `audit` refuses on. */
export interface Diagnostic {
  file: string;
  line: number;
  column: number;
  severity: 'error' | 'warning';
  code: ProblemCode;
  message: string;
  ruleId?: string;
}

export function formatDiagnostic(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.column} ${d.severity} ${d.code} ${d.message}`;
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}
