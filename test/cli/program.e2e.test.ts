import { describe, expect, it } from 'vitest';
import { logex } from './run-cli.js';

const COMMANDS = ['audit', 'backtest', 'cases', 'db', 'ingest', 'init', 'locations', 'rules', 'report', 'notify'];

// The CLI imports only the command a run names: what a user sees must not depend on which were loaded.
describe('logex with no command, or one it does not know', () => {
  it('prints the version', () => {
    expect(logex(['--version'])).toMatchObject({ code: 0, stdout: '0.1.0\n' });
    expect(logex(['-V'])).toMatchObject({ code: 0, stdout: '0.1.0\n' });
  });

  it('lists every command in --help, in order', () => {
    const { code, stdout } = logex(['--help']);
    expect(code).toBe(0);
    const listed = stdout
      .split('Commands:')[1]!
      .split('\n')
      .map((line) => /^ {2}(\w+)/.exec(line)?.[1])
      .filter(Boolean);
    expect(listed).toEqual([...COMMANDS, 'help']);
  });

  it('shows a command\'s help through "logex help <command>"', () => {
    const { code, stdout } = logex(['help', 'cases']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage: logex cases/);
  });

  it('suggests the command meant by a mistyped one', () => {
    const { code, stderr } = logex(['cses']);
    expect(code).toBe(2);
    expect(stderr).toContain("unknown command 'cses'");
    expect(stderr).toContain('Did you mean cases?');
  });
});
