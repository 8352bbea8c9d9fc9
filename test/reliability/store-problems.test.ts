/**
 * A store the run cannot use — read-only, full, from a newer logex, locked — is a one-line message
 * and exit 2, and the file is left exactly as it was.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditArgs, dbIn, generatedInputs, runInProcess } from './scenario.js';

let inputs: { plans: string; events: string };
const digest = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

beforeAll(async () => {
  inputs = await generatedInputs(400);
});

describe('store problems', () => {
  it('a read-only database: exit 2, one line, file unchanged', async (context) => {
    const db = dbIn();
    expect((await runInProcess(auditArgs(inputs, db))).code).toBe(0);
    const before = digest(db);
    const release = makeReadOnly(db);
    if (!release) return context.skip('running as root on a filesystem without chattr: cannot make a file read-only for root');
    try {
      const result = await runInProcess(auditArgs(inputs, db, ['--as-of', '2026-03-27T00:00:00Z']));
      expect(result.code).toBe(2);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toMatch(/^logex: .*(readonly|read-only|permission|unable to open)/i);
    } finally {
      release();
    }
    expect(digest(db)).toBe(before);
  });

  it('a full disk: exit 2, one line, nothing written', async () => {
    const db = dbIn();
    expect((await runInProcess(auditArgs(inputs, db))).code).toBe(0);
    const before = digest(db);
    const result = runWithFileSizeLimit(auditArgs(inputs, db, ['--as-of', '2026-04-20T00:00:00Z']), 64);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^logex: the database could not be written \((SQLITE_FULL|SQLITE_IOERR\w*)/);
    expect(digest(db)).toBe(before);
  });

  it('a database from a newer logex: exit 2, told to upgrade, file unchanged', async () => {
    const db = dbIn();
    const future = new Database(db);
    future.pragma('user_version = 999');
    future.close();
    const before = digest(db);
    const result = await runInProcess(auditArgs(inputs, db));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/schema version 999, newer than this logex knows .*; upgrade logex\n$/);
    expect(digest(db)).toBe(before);
  });

  it('a damaged file: db check reports it as its finding (exit 1), an audit says it is damaged, not that the disk is full', async () => {
    const db = dbIn();
    expect((await runInProcess(auditArgs(inputs, db))).code).toBe(0);
    expect((await runInProcess(['bin/logex.js', 'db', 'check', '--db', db])).code).toBe(0);
    const bytes = readFileSync(db);
    bytes.fill(0, 100, 4096 * 3);
    writeFileSync(db, bytes);
    const check = await runInProcess(['bin/logex.js', 'db', 'check', '--db', db]);
    expect(check.code).toBe(1);
    expect(check.stdout).toBe(`${db}: 1 problem(s)\nintegrity: database disk image is malformed; restore the last good backup (logex db backup makes them)\n`);
    const audit = await runInProcess(auditArgs(inputs, db, ['--as-of', '2026-04-20T00:00:00Z']));
    expect(audit.code).toBe(2);
    expect(audit.stderr).not.toMatch(/free space/);
    expect(audit.stderr).toMatch(/malformed/);
  });

  it('db backup into a folder that does not exist: exit 2 naming the folder', async () => {
    const db = dbIn();
    expect((await runInProcess(auditArgs(inputs, db))).code).toBe(0);
    const target = join(dirname(db), 'no-such-folder', 'backup.db');
    const result = await runInProcess(['bin/logex.js', 'db', 'backup', '--db', db, target]);
    expect(result).toMatchObject({ code: 2, stderr: `logex: ${target}: the folder ${dirname(target)} does not exist; create it first\n` });
  });

  it('db backup --if-missing: one backup per name, a re-run keeps it with exit 0; without it a re-run is exit 2', async () => {
    const db = dbIn();
    expect((await runInProcess(auditArgs(inputs, db))).code).toBe(0);
    const target = join(dirname(db), 'nightly.db');
    const first = await runInProcess(['bin/logex.js', 'db', 'backup', '--if-missing', '--db', db, target]);
    expect(first).toMatchObject({ code: 0, stdout: expect.stringMatching(/^backed up .* to .*nightly\.db \(\d+ pages\)\n$/) });
    const backup = digest(target);
    expect((await runInProcess(auditArgs(inputs, db, ['--as-of', '2026-04-20T00:00:00Z']))).code).toBe(0);
    const again = await runInProcess(['bin/logex.js', 'db', 'backup', '--if-missing', '--db', db, target]);
    expect(again).toMatchObject({ code: 0, stdout: `kept ${target}: a backup of that name exists\n`, stderr: '' });
    expect(digest(target)).toBe(backup);
    const plain = await runInProcess(['bin/logex.js', 'db', 'backup', '--db', db, target]);
    expect(plain).toMatchObject({ code: 2, stderr: expect.stringContaining('the file exists; backups never overwrite') });
    expect(readdirSync(dirname(target)).filter((name) => name.endsWith('.partial'))).toEqual([]);
  });

  it('a backup cut short by a full disk leaves no file of its name, so the next --if-missing writes a whole one', async () => {
    const db = dbIn();
    expect((await runInProcess(auditArgs(inputs, db))).code).toBe(0);
    const target = join(dirname(db), 'cut-short.db');
    expect(statSync(db).size).toBeGreaterThan(256 * 1024);
    const cut = runWithFileSizeLimit(['bin/logex.js', 'db', 'backup', '--if-missing', '--db', db, target], 128);
    expect(cut.code).toBe(2);
    expect(cut.stderr).toMatch(/^logex: .*cut-short\.db: the backup could not be written/);
    expect(readdirSync(dirname(target)).filter((name) => name.includes('cut-short'))).toEqual([]);
    const whole = await runInProcess(['bin/logex.js', 'db', 'backup', '--if-missing', '--db', db, target]);
    expect(whole.code).toBe(0);
    const copy = new Database(target, { readonly: true });
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    copy.close();
  });
});

/** RLIMIT_FSIZE stands in for a full disk: writes past it fail with EFBIG (SIGXFSZ ignored). */
function runWithFileSizeLimit(args: string[], blocks: number) {
  const script = `trap '' XFSZ; ulimit -f ${blocks}; exec "$0" "$@"`;
  const result = spawnSync('sh', ['-c', script, process.execPath, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: result.status, stderr: result.stderr };
}

/**
 * Root ignores permission bits, so for root the file is made immutable (chattr +i), which even root
 * cannot write; anyone else gets the plain read-only mode a cron account would meet.
 */
function makeReadOnly(file: string): (() => void) | undefined {
  if (process.getuid?.() !== 0) {
    chmodSync(file, 0o444);
    return () => chmodSync(file, 0o644);
  }
  const set = spawnSync('chattr', ['+i', file]);
  if (set.status !== 0) return undefined;
  return () => spawnSync('chattr', ['-i', file]);
}
