import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers.js';
import { logexInProcess } from './run-cli.js';

describe('logex rules check', () => {
  it('prints file:line:col severity code message per problem and exits 1 on errors', async () => {
    const result = await logexInProcess(['rules', 'check', 'fixtures/rules-broken']);
    expect(result.code).toBe(1);
    const lines = result.stdout.trim().split('\n');
    expect(lines[0]).toBe('fixtures/rules-broken/mistakes.yaml:4:20 error schema rules.0.when.mode.0: "ocaen" is unknown; did you mean "ocean"?');
    expect(lines).toContain(
      'fixtures/rules-broken/mistakes.yaml:15:5 warning tolerance-unused check transit_time does not use tolerance; set its limit in the check options',
    );
    expect(lines.at(-1)).toBe('3 file(s) checked: 9 error(s), 1 warning(s)');
  });

  it('exits 0 on the starter rules', async () => {
    expect(await logexInProcess(['rules', 'check', 'rules/'])).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/^\d+ file\(s\) checked: 0 error\(s\), 0 warning\(s\)\n$/),
    });
  });

  it('warnings alone exit 0, unless over --max-warnings', async () => {
    const dir = tempDir();
    const file = join(dir, 'warn.yaml');
    writeFileSync(
      file,
      'version: 1\nrules:\n  - id: t\n    check: { kind: transit_time, from: departed, to: arrived, max: 1d }\n    tolerance: 2h\n    severity: low\n',
    );
    expect((await logexInProcess(['rules', 'check', file])).code).toBe(0);
    expect((await logexInProcess(['rules', 'check', file, '--max-warnings', '0'])).code).toBe(1);
  });

  it('exits 2 when a file cannot be read', async () => {
    const result = await logexInProcess(['rules', 'check', 'no/such.yaml']);
    expect(result.code).toBe(2);
    expect(result.stdout).toContain('no/such.yaml:1:1 error unreadable no such file or directory');
  });

  it('JSON lists each problem with its position', async () => {
    const result = await logexInProcess(['rules', 'check', 'fixtures/rules-broken/mistakes.yaml', '--format', 'json']);
    const problems = JSON.parse(result.stdout) as { line: number; column: number; code: string; severity: string }[];
    expect(problems).toHaveLength(9);
    expect(problems[0]).toMatchObject({ file: 'fixtures/rules-broken/mistakes.yaml', line: 4, column: 20, severity: 'error', code: 'schema' });
  });

  it('JUnit is valid XML with one failing test case per error', async () => {
    const out = join(tempDir(), 'junit.xml');
    const result = await logexInProcess(['rules', 'check', 'fixtures/rules-broken', 'rules/milestones.yaml', '--format', 'junit', '--out', out]);
    expect(result.code).toBe(1);
    const xml = readFileSync(out, 'utf8');
    expect(XMLValidator.validate(xml)).toBe(true);
    const parsed = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === 'testsuite' || name === 'testcase' }).parse(xml);
    const suites = parsed.testsuites.testsuite as { '@_name': string; '@_failures': string; testcase: { failure?: { '@_message': string } }[] }[];
    expect(suites.map((s) => [s['@_name'], s['@_failures']])).toEqual([
      ['fixtures/rules-broken/dup-a.yaml', '0'],
      ['fixtures/rules-broken/mistakes.yaml', '8'],
      ['fixtures/rules-broken/yaml-syntax.yaml', '1'],
      ['rules/milestones.yaml', '0'],
    ]);
    expect(suites[1]!.testcase[0]!.failure!['@_message']).toBe('rules.0.when.mode.0: "ocaen" is unknown; did you mean "ocean"?');
  });

  it('--mapping checks mapping files the way audit --mapping reads them, in the same formats', async () => {
    const broken = await logexInProcess([
      'rules',
      'check',
      'rules/',
      '--mapping',
      'fixtures/mapping/broken/mapping.yaml',
      'fixtures/mapping/eu-tms/mapping.yaml',
    ]);
    expect(broken.code).toBe(1);
    const lines = broken.stdout.trim().split('\n');
    expect(lines).toContain(
      'fixtures/mapping/broken/mapping.yaml:9:11 error schema codes.x12-214.ODFL.OO: "out_for_delivry" is unknown; did you mean "out_for_delivery"?',
    );
    expect(lines.filter((line) => line.includes('eu-tms'))).toEqual([]);
    expect(lines.at(-1)).toMatch(/^\d+ file\(s\) checked: 8 error\(s\), 0 warning\(s\)$/);

    const out = join(tempDir(), 'junit.xml');
    expect(
      (
        await logexInProcess([
          'rules',
          'check',
          '--mapping',
          'fixtures/mapping/broken/mapping.yaml',
          'fixtures/mapping/carrier-csv/mapping.yaml',
          '--format',
          'junit',
          '--out',
          out,
        ])
      ).code,
    ).toBe(1);
    const parsed = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === 'testsuite' }).parse(readFileSync(out, 'utf8'));
    expect((parsed.testsuites.testsuite as { '@_name': string; '@_failures': string }[]).map((s) => [s['@_name'], s['@_failures']])).toEqual([
      ['fixtures/mapping/broken/mapping.yaml', '8'],
      ['fixtures/mapping/carrier-csv/mapping.yaml', '0'],
    ]);

    expect((await logexInProcess(['rules', 'check', '--mapping', 'fixtures/mapping/partner-214/mapping.yaml'])).code).toBe(0);
    expect(await logexInProcess(['rules', 'check', '--mapping', 'missing.yaml'])).toMatchObject({
      code: 2,
      stdout: expect.stringContaining('missing.yaml:1:1 error unreadable no such file'),
    });
    expect(await logexInProcess(['rules', 'check'])).toMatchObject({
      code: 2,
      stderr: 'logex: nothing to check: pass rule files or directories, or --mapping files\n',
    });
  });

  it('the schema command prints the editor schema with every check kind', async () => {
    const schema = JSON.parse((await logexInProcess(['rules', 'schema'])).stdout);
    const kinds = schema.definitions.rule.properties.check.allOf.map(
      (branch: { if: { properties: { kind: { const: string } } } }) => branch.if.properties.kind.const,
    );
    expect(kinds).toContain('dwell');
    expect(kinds).toContain('milestone_unreported');
    expect(kinds).toHaveLength(14);
  });
});
