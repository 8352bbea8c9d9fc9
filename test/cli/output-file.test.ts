import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeOutputFile } from '../../src/cli/output.js';
import { tempDir } from '../helpers.js';
import { auditArgs, logexInProcess } from './run-cli.js';

describe('--out files', () => {
  it('replace the previous file whole, and leave nothing else beside it', async () => {
    const dir = tempDir();
    const out = join(dir, 'exceptions.json');
    writeFileSync(out, 'yesterday');
    writeOutputFile(out, ['{"today":', ' true}\n']);
    expect(readFileSync(out, 'utf8')).toBe('{"today": true}\n');
    expect(readdirSync(dir)).toEqual(['exceptions.json']);
  });

  it('a write that fails part-way leaves the previous file as it was, and no temporary file', async () => {
    const dir = tempDir();
    const out = join(dir, 'exceptions.json');
    writeFileSync(out, 'yesterday');
    function* failingHalfWay() {
      yield 'x'.repeat(3 << 20);
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    }
    expect(() => writeOutputFile(out, failingHalfWay())).toThrow(
      `${out}: cannot write the output file: no space left (the previous file, if any, is unchanged)`,
    );
    expect(readFileSync(out, 'utf8')).toBe('yesterday');
    expect(readdirSync(dir)).toEqual(['exceptions.json']);
  });

  it('a short write (a file-size limit) fails with exit 2 and leaves the previous file, instead of a truncated report', async () => {
    const dir = tempDir();
    const out = join(dir, 'report.html');
    writeFileSync(out, 'yesterday');
    const script =
      `import('${join(process.cwd(), 'dist/cli/output.js')}').then((m) => m.writeOutputFile(process.argv[1], ['x'.repeat(200 * 1024)]))` +
      `.catch((error) => { console.error(error.message); process.exit(2); })`;
    // ulimit -f counts 1024-byte blocks: the write stops at 64 KiB of the 200.
    const run = spawnSync('bash', ['-c', 'ulimit -f 64 && exec node --input-type=module -e "$0" "$1"', script, out], { encoding: 'utf8' });
    expect(run.stderr.trim()).toBe(`${out}: cannot write the output file: no space left (the previous file, if any, is unchanged)`);
    expect(run.status).toBe(2);
    expect(readFileSync(out, 'utf8')).toBe('yesterday');
    expect(readdirSync(dir)).toEqual(['report.html']);
  });

  it('a file or link planted where the temporary file would go is never followed', async () => {
    const dir = tempDir();
    const victim = join(dir, 'victim.txt');
    writeFileSync(victim, 'precious');
    // The name an earlier version used (pid-based): predictable, so an attacker could plant a link there.
    symlinkSync(victim, join(dir, `.report.csv.${process.pid}.tmp`));
    writeOutputFile(join(dir, 'report.csv'), ['today\n']);
    expect(readFileSync(victim, 'utf8')).toBe('precious');
    expect(readFileSync(join(dir, 'report.csv'), 'utf8')).toBe('today\n');
  });

  it('a symbolic link is written through, not replaced', async () => {
    const dir = tempDir();
    const real = join(dir, 'shared', 'today.csv');
    mkdirSync(join(dir, 'shared'));
    writeFileSync(real, 'yesterday');
    symlinkSync(real, join(dir, 'today.csv'));
    writeOutputFile(join(dir, 'today.csv'), ['today\n']);
    expect(lstatSync(join(dir, 'today.csv')).isSymbolicLink()).toBe(true);
    expect(readFileSync(real, 'utf8')).toBe('today\n');
  });

  it('an audit whose --out or --rejects cannot be written is refused before anything is stored', async () => {
    const dir = tempDir();
    const db = join(dir, 'logex.db');
    const missingFolder = await logexInProcess(auditArgs(db, '2026-05-16T00:00:00Z', ['events.csv'], ['--out', join(dir, 'reports', 'today.json')]));
    expect(missingFolder.code).toBe(2);
    expect(missingFolder.stderr).toBe(`logex: --out ${join(dir, 'reports', 'today.json')}: the folder ${join(dir, 'reports')} does not exist\n`);
    mkdirSync(join(dir, 'rejects.csv'));
    const folder = await logexInProcess(auditArgs(db, '2026-05-16T00:00:00Z', ['events.csv'], ['--rejects', join(dir, 'rejects.csv')]));
    expect(folder.code).toBe(2);
    expect(folder.stderr).toBe(`logex: --rejects ${join(dir, 'rejects.csv')}: it is a folder\n`);
    expect(existsSync(db)).toBe(false);
  });

  it.runIf(existsSync('/dev/full'))('a report file that fails after the run committed says the run is stored', async () => {
    const db = join(tempDir(), 'logex.db');
    // /dev/full passes the check before the run (it is writable) and fails every write with ENOSPC.
    const result = await logexInProcess(auditArgs(db, '2026-05-16T00:00:00Z', ['events.csv'], ['--out', '/dev/full', '--quiet']));
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('logex: /dev/full: cannot write the output file: no space left; audit run 1 itself is stored\n');
    expect((await logexInProcess(['db', 'check', '--db', db])).stdout).toMatch(/runs 1, /);
  });
});
