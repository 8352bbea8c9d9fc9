import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers.js';
import { logexInProcess } from './run-cli.js';

/** `DB` stands for a database path that must not come to exist. */
const DB = '<db>';

// Every command that prints takes --format the same way: its formats, its default, one error line.
const COMMANDS: { command: string; args: string[]; formats: string }[] = [
  { command: 'audit', args: ['audit', '--plans', 'fixtures/scenarios/basic/plans.csv', '--rules', 'rules', '--db', DB], formats: 'table, json, csv' },
  { command: 'report carriers', args: ['report', 'carriers', '--db', DB], formats: 'table, json, csv, md, html' },
  { command: 'report all', args: ['report', 'all', '--db', DB], formats: 'table, json, csv, md, html' },
  { command: 'cases list', args: ['cases', 'list', '--db', DB], formats: 'table, json, csv' },
  { command: 'cases show', args: ['cases', 'show', '1', '--db', DB], formats: 'table, json' },
  { command: 'rules check', args: ['rules', 'check', 'rules'], formats: 'stylish, json, junit' },
  { command: 'rules test', args: ['rules', 'test', 'fixtures/rules-tests'], formats: 'stylish, junit' },
  { command: 'db check', args: ['db', 'check', '--db', DB], formats: 'text, json' },
  { command: 'locations', args: ['locations', 'fixtures/scenarios/basic/events.csv'], formats: 'table, json, csv' },
  { command: 'backtest', args: ['backtest', '--rules', 'rules', '--from', '2026-03-01', '--to', '2026-03-02', '--db', DB], formats: 'table, json, md, junit' },
];

describe('--format', () => {
  it.each(COMMANDS)('$command: an unknown format is one line naming the formats, exit 2, nothing written', async ({ args, formats }) => {
    const db = join(tempDir(), 'none.db');
    const result = await logexInProcess([...args.map((arg) => (arg === DB ? db : arg)), '--format', 'pdf']);
    expect(result).toMatchObject({ code: 2, stdout: '', stderr: `logex: --format: "pdf" is not one of ${formats}\n` });
    expect(existsSync(db)).toBe(false);
  });

  it.each(COMMANDS)('$command: --help lists the formats and the default, the first of them', async ({ args, formats }) => {
    const { code, stdout } = await logexInProcess([...args.filter((arg) => arg !== DB && arg !== '--db'), '--help']);
    expect(code).toBe(0);
    const help = stdout.replace(/\s+/g, ' ');
    const names = formats.split(', ');
    expect(help).toMatch(new RegExp(`--format <format> output format: ${names.map((name) => `${name} \\([^)]+\\)`).join(', ')} \\(default: "${names[0]}"\\)`));
  });
});
