import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers.js';
import { logexInProcess } from './run-cli.js';

const DEMO = 'fixtures/demo';

/** Runs the CLI with its output read by a reader that goes away after the first chunk, like `| head -1`. */
function logexIntoClosedPipe(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join('bin', 'logex.js'), ...args], { env: { ...process.env, NO_COLOR: '1' } });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.once('data', () => child.stdout.destroy());
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('output piped into a reader that stops early (| head)', () => {
  it('an audit finishes its work and keeps its exit code, without a stack trace', async () => {
    const db = join(tempDir(), 'logex.db');
    const audit = await logexIntoClosedPipe([
      'audit',
      '--plans',
      `${DEMO}/plans.csv`,
      '--events',
      `${DEMO}/events.csv`,
      '--rules',
      'rules/',
      '--db',
      db,
      '--as-of',
      '2026-03-20T00:00:00Z',
      '--format',
      'json',
    ]);
    expect(audit.stderr).not.toMatch(/EPIPE|Error|\n\s+at /);
    expect(audit.stderr).toMatch(/^audit run 1 as of .*: (\d+) exception\(s\)/m);
    // Exceptions at or above the default --fail-on low: exit 1, as without the pipe.
    expect(audit.code).toBe(1);
    const found = Number(/: (\d+) exception\(s\)/.exec(audit.stderr)![1]);
    const cases = await logexInProcess(['cases', 'list', '--db', db, '--status', 'all', '--format', 'csv']);
    expect(cases.stdout.trim().split('\n')).toHaveLength(found + 1);
  });

  it('a report stops quietly with exit 0', async () => {
    const db = join(tempDir(), 'logex.db');
    await logexInProcess([
      'audit',
      '--plans',
      `${DEMO}/plans.csv`,
      '--events',
      `${DEMO}/events.csv`,
      '--rules',
      'rules/',
      '--db',
      db,
      '--as-of',
      '2026-03-20T00:00:00Z',
      '--fail-on',
      'none',
    ]);
    const report = await logexIntoClosedPipe(['report', 'all', '--db', db, '--format', 'json']);
    expect(report).toEqual({ code: 0, stderr: '' });
  });
});
