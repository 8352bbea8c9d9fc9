import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers.js';
import { logexInProcess } from './run-cli.js';

describe('logex init', () => {
  it('writes a starter configuration that passes rules check and rules test', async () => {
    const dir = join(tempDir(), 'ops');
    const result = await logexInProcess(['init', dir]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`created ${join(dir, 'rules', 'milestones.yaml')}`);
    expect(existsSync(join(dir, 'mapping', 'example-tms.yaml'))).toBe(true);
    const check = await logexInProcess(['rules', 'check', join(dir, 'rules')]);
    expect(check.code).toBe(0);
    expect(check.stdout).toMatch(/0 error\(s\), 0 warning\(s\)/);
    expect((await logexInProcess(['rules', 'test', join(dir, 'rules')])).code).toBe(0);
  });

  it('writes the JSON Schemas its files point editors at, where they point', async () => {
    const dir = join(tempDir(), 'ops');
    await logexInProcess(['init', dir]);
    for (const file of [join('rules', 'milestones.yaml'), join('rules', 'slas.yaml'), join('mapping', 'example-tms.yaml')]) {
      const schemaPath = /^# yaml-language-server: \$schema=(\S+)$/m.exec(readFileSync(join(dir, file), 'utf8'))![1]!;
      const schema = readFileSync(join(dir, dirname(file), schemaPath), 'utf8');
      expect(schema).toBe((await logexInProcess(['rules', 'schema', file.startsWith('mapping') ? 'mapping' : 'rules'])).stdout);
    }
  });

  it('uses every check kind in the starter rules (milestone_unreported as a commented example: off unless a rule asks)', async () => {
    const dir = join(tempDir(), 'ops');
    await logexInProcess(['init', dir]);
    const schema = JSON.parse((await logexInProcess(['rules', 'schema'])).stdout);
    const kinds: string[] = schema.definitions.rule.properties.check.allOf.map(
      (b: { if: { properties: { kind: { const: string } } } }) => b.if.properties.kind.const,
    );
    const text = readdirSync(join(dir, 'rules'))
      .map((name) => readFileSync(join(dir, 'rules', name), 'utf8'))
      .join('\n');
    expect(kinds.filter((kind) => !text.includes(`kind: ${kind}`))).toEqual([]);
    expect(text).toMatch(/^ {2}# {3}check: \{ kind: milestone_unreported\b/m);
    expect(text).not.toMatch(/^ {4}check: \{ kind: milestone_unreported\b/m);
  });

  it('never overwrites: an existing file stops it before anything is written', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'rules'));
    writeFileSync(join(dir, 'rules', 'slas.yaml'), 'mine');
    const result = await logexInProcess(['init', dir]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('slas.yaml already exists');
    expect(readdirSync(join(dir, 'rules'))).toEqual(['slas.yaml']);
  });
});
