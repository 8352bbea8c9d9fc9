/** A problem found in a rule or mapping file, with its position: what `rules check` prints and `audit` refuses on. */
export interface Diagnostic {
  file: string;
  line: number;
  column: number;
  severity: 'error' | 'warning';
  /** Stable, greppable: yaml-syntax, schema, unknown-kind, invalid-option, duplicate-id, never-matches… */
  code: string;
  message: string;
  ruleId?: string;
}

export function formatDiagnostic(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.column} ${d.severity} ${d.code} ${d.message}`;
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}
