import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers.js';
import { formatDiagnostic } from '../../src/io/diagnostics.js';
import { loadRules, loadRuleText } from '../../src/rules/load.js';

describe('loading rule files', () => {
  it('reports every mistake in a folder of broken files with file:line:col, code and a suggestion', () => {
    const { diagnostics, rules } = loadRules(['fixtures/rules-broken']);
    expect(diagnostics.map(formatDiagnostic)).toEqual([
      'fixtures/rules-broken/mistakes.yaml:4:20 error schema rules.0.when.mode.0: "ocaen" is unknown; did you mean "ocean"?',
      'fixtures/rules-broken/mistakes.yaml:5:47 error invalid-option rules.0.check.milestone: "departd" is unknown; did you mean "departed"?',
      'fixtures/rules-broken/mistakes.yaml:6:16 error invalid-duration rules.0.tolerance: "6 hours" is not a duration (use 90m, 6h, 2d, 1w or 1d12h — or sla)',
      'fixtures/rules-broken/mistakes.yaml:7:15 error schema rules.0.severity: "hgh" is unknown; did you mean "high"?',
      'fixtures/rules-broken/mistakes.yaml:10:20 error unknown-kind rules.1.check.kind: "milestone_overdu" is unknown; did you mean "milestone_overdue"?',
      'fixtures/rules-broken/mistakes.yaml:12:5 error schema rules.1: unknown property "colour" (allowed: id, description, when, unless, check, tolerance, sla, severity, team)',
      'fixtures/rules-broken/mistakes.yaml:14:12 error invalid-option rules.2.check: missing required property "max"',
      'fixtures/rules-broken/mistakes.yaml:15:5 warning tolerance-unused check transit_time does not use tolerance; set its limit in the check options',
      'fixtures/rules-broken/mistakes.yaml:17:9 error duplicate-id rule id "late-dep" is already used at fixtures/rules-broken/mistakes.yaml:3:9',
      'fixtures/rules-broken/yaml-syntax.yaml:8:1 error yaml-syntax Flow sequence in block collection must be sufficiently indented and end with a ]',
    ]);
    // The valid rules of the folder still compile; `audit` refuses to run on the errors regardless.
    expect(rules.map((r) => r.id)).toEqual(['dup', 'late-dep']);
  });

  it('rules that would load and never fire are errors: a missing SLA, a broken glob, an absurd duration', () => {
    const text = [
      'version: 1',
      'rules:',
      '  - { id: a, check: { kind: milestone_late, milestone: departed }, tolerance: sla, severity: high }',
      '  - { id: b, check: { kind: milestone_late, milestone: departed }, sla: nonexistent, severity: high }',
      '  - { id: c, when: { lane: "CN*>US[" }, check: { kind: milestone_late, milestone: departed }, severity: high }',
      '  - { id: d, when: { lane: ["CN{*>US*", "CN*>>US*"] }, unless: { origin: "" }, check: { kind: milestone_late, milestone: departed }, severity: high }',
      '  - { id: e, when: { destination: "US*>MX*", lane: "" }, check: { kind: milestone_late, milestone: departed }, severity: high }',
      '  - { id: f, check: { kind: milestone_late, milestone: departed }, tolerance: 99999999999999999999999999999d, severity: high }',
      '  - { id: g, when: { lane: ["{CN,HK}*>US*", "CN[A-Z]*>!(USLAX)", "*"] }, check: { kind: milestone_late, milestone: departed }, tolerance: 99999m, severity: high }',
    ].join('\n');
    const { diagnostics, rules } = loadRuleText(text, 'r.yaml');
    expect(diagnostics.map(formatDiagnostic)).toEqual([
      'r.yaml:3:11 error unknown-sla rule "a" uses "sla" but no SLA is defined (add a slas: section)',
      'r.yaml:4:73 error unknown-sla rule "b": SLA "nonexistent" is not defined',
      'r.yaml:5:28 error invalid-glob when: lane "CN*>US[" has an unclosed "["',
      'r.yaml:6:29 error invalid-glob when: lane "CN{*>US*" has an unclosed "{"',
      'r.yaml:6:41 error invalid-glob when: lane "CN*>>US*" has 2 ">": a lane is ORIGIN>DESTINATION, e.g. CN*>US*',
      'r.yaml:6:74 error invalid-glob unless: origin "" is empty: leave the field out to match every shipment',
      'r.yaml:7:35 error invalid-glob when: destination "US*>MX*" has a ">": origin and destination are one place each (use lane: for ORIGIN>DESTINATION)',
      'r.yaml:7:52 error invalid-glob when: lane "" is empty: leave the field out to match every shipment',
      'r.yaml:8:79 error invalid-duration rules.5.tolerance: "99999999999999999999999999999d" is too long a duration (at most 5 digits per unit, e.g. 9999h or 400d)',
    ]);
    expect(rules.map((rule) => rule.id)).toEqual(['a', 'b', 'g']);
  });

  it('the starter rules load cleanly', () => {
    const { diagnostics, rules } = loadRules(['rules']);
    expect(diagnostics).toEqual([]);
    expect(rules.length).toBeGreaterThanOrEqual(8);
  });

  it('a missing path is "unreadable"', () => {
    expect(loadRules(['no/such/rules.yaml']).diagnostics).toMatchObject([{ code: 'unreadable', severity: 'error' }]);
  });

  it('refuses a YAML alias bomb instead of expanding it', () => {
    const bomb = [
      'version: 1',
      'a: &a ["x","x","x","x","x","x","x","x","x","x"]',
      'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]',
      'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]',
      'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]',
      'e: [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]',
      'rules: []',
    ].join('\n');
    const { diagnostics } = loadRuleText(bomb, 'bomb.yaml');
    expect(diagnostics[0]).toMatchObject({ code: 'yaml-syntax', severity: 'error' });
    expect(diagnostics[0]!.message).toMatch(/alias/i);
  });

  it('parses durations and selectors into a working rule', () => {
    const { rules, diagnostics } = loadRuleText(
      'version: 1\nrules:\n  - id: x\n    when: { lane: "CN*>US*", mode: ocean }\n    check: { kind: milestone_late, milestone: arrived }\n    tolerance: 1d12h\n    severity: medium\n    team: desk\n',
      'x.yaml',
    );
    expect(diagnostics).toEqual([]);
    expect(rules[0]).toMatchObject({ id: 'x', tolerance: 36 * 3_600_000, severity: 'medium', team: 'desk', source: { file: 'x.yaml', line: 3 } });
  });

  it('words pattern errors by what the field means: a name, a due time', () => {
    const { diagnostics } = loadRuleText(
      'version: 1\nteams:\n  - name: "bad name"\nrules:\n  - id: x\n    check: { kind: documents_missing, due: "2 days before departed" }\n    severity: low\n',
      'p.yaml',
    );
    expect(diagnostics.map(formatDiagnostic)).toEqual([
      'p.yaml:3:11 error schema teams.0.name: "bad name" is not a valid name (letters, digits, "-", "_", ".")',
      'p.yaml:6:44 error invalid-option rules.0.check.due: "2 days before departed" is not a due time (e.g. "48h before departed", "2d after arrived", "departed")',
    ]);
  });

  it('refuses very deep nesting with a message instead of overflowing the stack', () => {
    const deep = `version: 1\nrules: ${'['.repeat(20_000)}${']'.repeat(20_000)}\n`;
    const { diagnostics } = loadRuleText(deep, 'deep.yaml');
    expect(diagnostics[0]).toMatchObject({
      file: 'deep.yaml',
      severity: 'error',
      code: 'yaml-syntax',
      message: 'the YAML nests too deeply to be a configuration file; refused',
    });
  });

  it('refuses a rule file over 2 MiB before parsing it', () => {
    const file = join(tempDir(), 'huge.yaml');
    writeFileSync(file, `version: 1\n# ${'x'.repeat(3 * 1024 * 1024)}\nrules: []\n`);
    expect(loadRules([file]).diagnostics).toEqual([
      { file, line: 1, column: 1, severity: 'error', code: 'unreadable', message: 'the file is larger than 2 MiB; rule files are refused above that' },
    ]);
  });

  it('warns that a selector on a stock check selects nothing', () => {
    const { diagnostics, rules } = loadRuleText(
      'version: 1\nrules:\n  - id: stock\n    when: { mode: [ocean] }\n    check: { kind: inventory_below_min }\n    severity: low\n',
      's.yaml',
    );
    expect(diagnostics.map(formatDiagnostic)).toEqual([
      's.yaml:4:5 warning selector-ignored check inventory_below_min looks at stock records, not shipments: "when" selects nothing here',
    ]);
    expect(rules).toHaveLength(1);
  });
});
