/**
 * Formats of `logex rules check` results (after ESLint's and Spectral's): pure functions from the
 * diagnostics to text. Colour is decided by the caller.
 */
import type { ChalkInstance } from 'chalk';
import { makeColors } from '../../io/colors.js';
import type { Diagnostic } from '../../io/diagnostics.js';
import type { FormatRegistry } from '../../io/output-format.js';

export interface CheckResult {
  files: readonly string[];
  diagnostics: readonly Diagnostic[];
}

/** One line per problem, `file:line:col severity code message`: clickable in editors and greppable in CI logs. */
function stylish(result: CheckResult, colors: ChalkInstance): string {
  const lines = result.diagnostics.map((d) => {
    const severity = d.severity === 'error' ? colors.red('error') : colors.yellow('warning');
    return `${colors.bold(`${d.file}:${d.line}:${d.column}`)} ${severity} ${colors.dim(d.code)} ${d.message}`;
  });
  const errors = result.diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = result.diagnostics.length - errors;
  const summary = `${result.files.length} file(s) checked: ${errors} error(s), ${warnings} warning(s)`;
  lines.push(errors ? colors.red.bold(summary) : warnings ? colors.yellow.bold(summary) : colors.green(summary));
  return `${lines.join('\n')}\n`;
}

function json(result: CheckResult): string {
  return `${JSON.stringify(
    result.diagnostics.map((d) => ({
      file: d.file,
      line: d.line,
      column: d.column,
      severity: d.severity,
      code: d.code,
      message: d.message,
      rule: d.ruleId ?? null,
    })),
    null,
    2,
  )}\n`;
}

export const escapeXml = (text: string) =>
  text.replace(/[<>&"']/g, (char) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[char]!);

/** One suite per file; one failing test case per error, so CI systems list each with its position. */
function junit(result: CheckResult): string {
  const suites = result.files.map((file) => {
    const own = result.diagnostics.filter((d) => d.file === file);
    const errors = own.filter((d) => d.severity === 'error');
    const warnings = own.filter((d) => d.severity === 'warning');
    const cases = errors.map(
      (d) =>
        `    <testcase classname="${escapeXml(file)}" name="${escapeXml(`${d.line}:${d.column} ${d.code}`)}">\n` +
        `      <failure type="${escapeXml(d.code)}" message="${escapeXml(d.message)}">${escapeXml(`${file}:${d.line}:${d.column} ${d.message}`)}</failure>\n` +
        '    </testcase>',
    );
    if (errors.length === 0) {
      const out = warnings.map((d) => `${file}:${d.line}:${d.column} warning ${d.code} ${d.message}`).join('\n');
      cases.push(
        `    <testcase classname="${escapeXml(file)}" name="valid">${out ? `\n      <system-out>${escapeXml(out)}</system-out>\n    ` : ''}</testcase>`,
      );
    }
    return `  <testsuite name="${escapeXml(file)}" tests="${cases.length}" failures="${errors.length}" errors="0">\n${cases.join('\n')}\n  </testsuite>`;
  });
  const tests = result.files.reduce((sum, file) => sum + Math.max(1, result.diagnostics.filter((d) => d.file === file && d.severity === 'error').length), 0);
  const failures = result.diagnostics.filter((d) => d.severity === 'error').length;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="logex rules check" tests="${tests}" failures="${failures}">\n${suites.join('\n')}\n</testsuites>\n`;
}

export const CHECK_FORMATS: FormatRegistry<CheckResult> = [
  { name: 'stylish', description: 'one line per problem', render: (result, { color }) => stylish(result, makeColors(color)) },
  { name: 'json', description: 'a list of problems', render: json },
  { name: 'junit', description: 'JUnit XML for CI', render: junit },
];
