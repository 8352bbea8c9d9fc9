/** Output of `logex rules test`: one line per case, or JUnit with one test case per rule test. */
import type { ChalkInstance } from 'chalk';
import { makeColors } from '../../io/colors.js';
import type { FormatRegistry } from '../../io/output-format.js';
import { escapeXml } from './index.js';

/** One case of a rule test file as run (pipeline/rule-tests.ts) and reported. */
export interface RuleTestCase {
  file: string;
  line: number;
  name: string;
  passed: boolean;
  /** Expected `rule shipment` pairs that did not fire, and ones that fired unexpectedly. */
  missing: string[];
  unexpected: string[];
  /** Set when the case could not run (bad inline CSV, bad as_of): counts as a failure. */
  error?: string;
}

function ruleTestsStylish(cases: readonly RuleTestCase[], colors: ChalkInstance): string {
  const lines = cases.map((c) => {
    const where = colors.dim(`${c.file}:${c.line}`);
    if (c.passed) return `${colors.green('✓')} ${c.name} ${where}`;
    return `${colors.red('✗')} ${c.name} ${where}\n${failureText(c)
      .split('\n')
      .map((line) => `    ${line}`)
      .join('\n')}`;
  });
  const failed = cases.filter((c) => !c.passed).length;
  const summary = `${cases.length - failed} passed, ${failed} failed`;
  lines.push(failed ? colors.red.bold(summary) : colors.green.bold(summary));
  return `${lines.join('\n')}\n`;
}

function failureText(c: RuleTestCase): string {
  if (c.error) return c.error;
  return [
    c.missing.length ? `expected but did not fire: ${c.missing.join(', ')}` : '',
    c.unexpected.length ? `fired but not expected: ${c.unexpected.join(', ')}` : '',
  ]
    .filter(Boolean)
    .join('\n');
}

function ruleTestsJunit(cases: readonly RuleTestCase[]): string {
  const files = [...new Set(cases.map((c) => c.file))];
  const suites = files.map((file) => {
    const own = cases.filter((c) => c.file === file);
    const body = own
      .map((c) => {
        const open = `    <testcase classname="${escapeXml(file)}" name="${escapeXml(c.name)}"`;
        if (c.passed) return `${open}/>`;
        const text = failureText(c);
        return `${open}>\n      <failure message="${escapeXml(text.split('\n')[0]!)}">${escapeXml(`${file}:${c.line}\n${text}`)}</failure>\n    </testcase>`;
      })
      .join('\n');
    return `  <testsuite name="${escapeXml(file)}" tests="${own.length}" failures="${own.filter((c) => !c.passed).length}" errors="0">\n${body}\n  </testsuite>`;
  });
  const failures = cases.filter((c) => !c.passed).length;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="logex rules test" tests="${cases.length}" failures="${failures}">\n${suites.join('\n')}\n</testsuites>\n`;
}

export const RULE_TEST_FORMATS: FormatRegistry<readonly RuleTestCase[]> = [
  { name: 'stylish', description: 'one line per case', render: (cases, { color }) => ruleTestsStylish(cases, makeColors(color)) },
  { name: 'junit', description: 'JUnit XML for CI', render: ruleTestsJunit },
];
