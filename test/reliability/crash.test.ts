/**
 * Crash safety: a real `logex audit` is killed with SIGKILL at each stage of its run. Afterwards the
 * database passes integrity_check, holds all of the earlier runs and none of the killed one, and the
 * next run (taking over the dead process's lock) gives the same result as an uninterrupted run.
 * Only the killed runs are spawned; the runs around them need no process of their own.
 */
import { copyFileSync, existsSync, statSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditArgs, dbIn, generatedInputs, runCli, runCliAsync, runInProcess, snapshot } from './scenario.js';

let inputs: { plans: string; events: string };
let reference: ReturnType<typeof snapshot>;
/** The store of one completed audit of the inputs, closed (its write-ahead log checkpointed away). */
let referenceDb: string;

beforeAll(async () => {
  inputs = await generatedInputs();
  referenceDb = dbIn();
  expect((await runInProcess(auditArgs(inputs, referenceDb))).code).toBe(0);
  expect(existsSync(`${referenceDb}-wal`)).toBe(false);
  reference = snapshot(referenceDb);
  expect(reference.cases.length).toBeGreaterThan(100);
  expect(reference.journal).toBe('wal');
});

// Concurrent: each stage has its own store, and the killed processes run beside this one.
describe.concurrent.each(['ingest', 'evaluate', 'cases', 'commit'])('killed during %s', (stage) => {
  it('leaves an intact store without the run, and the next run completes as if nothing happened', async () => {
    const db = dbIn();
    const killed = await runCliAsync(auditArgs(inputs, db), { LOGEX_CRASH_AT: stage });
    expect(killed.signal).toBe('SIGKILL');
    const after = snapshot(db);
    expect(after.integrity).toBe('ok');
    expect(after.counts).toEqual({ runs: 0, shipments: 0, events: 0, cases: 0, history: 0 });
    expect(existsSync(`${db}.lock`)).toBe(true);

    const next = await runInProcess(auditArgs(inputs, db));
    expect(next.code).toBe(0);
    expect(next.stderr).toMatch(/took over the lock of audit pid \d+/);
    expect(existsSync(`${db}.lock`)).toBe(false);
    expect(snapshot(db)).toEqual(reference);
  });
});

describe('killed on a store with history', () => {
  it('keeps the earlier runs exactly as they were', async () => {
    const db = dbIn();
    // A copy of the reference store: the same first run, without auditing the inputs again.
    copyFileSync(referenceDb, db);
    const before = snapshot(db);
    expect(before).toEqual(reference);
    expect(runCli(auditArgs(inputs, db, ['--as-of', '2026-03-27T00:00:00Z']), { LOGEX_CRASH_AT: 'cases' }).signal).toBe('SIGKILL');
    expect(snapshot(db)).toEqual(before);
  });
});

describe('a first run killed after SQLite spilled pages into the file', () => {
  it('leaves a journal that read-only commands roll back instead of failing on', async () => {
    const db = dbIn();
    // A first run killed early leaves the migrated, empty store such a run starts from.
    expect(runCli(auditArgs(inputs, db), { LOGEX_CRASH_AT: 'ingest' }).signal).toBe('SIGKILL');
    // The first run of a large load, as SQLite writes it (journalForRun): rollback journal, and more
    // pages than the cache holds, so some go into the file before the commit. Killed there.
    const firstRun = `
      const Database = require('better-sqlite3');
      const db = new Database(process.argv[1]);
      db.pragma('journal_mode = DELETE');
      db.pragma('cache_size = 8');
      db.exec('BEGIN IMMEDIATE');
      db.exec('CREATE TABLE spill (b BLOB)');
      db.prepare('WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 500) INSERT INTO spill SELECT randomblob(4000) FROM n').run();
      process.kill(process.pid, 'SIGKILL');`;
    expect(runCli(['-e', firstRun, db]).signal).toBe('SIGKILL');
    expect(statSync(`${db}-journal`).size).toBeGreaterThan(0);

    const check = await runInProcess(['bin/logex.js', 'db', 'check', '--db', db]);
    expect(check.stderr).toBe('');
    expect(check.code).toBe(0);
    expect(check.stdout).toMatch(/: ok\n[\s\S]*runs 0, shipments 0, events 0, cases 0/);
    expect(existsSync(`${db}-journal`)).toBe(false);
    expect((await runInProcess(['bin/logex.js', 'report', 'exceptions', '--db', db])).code).toBe(0);
    const next = await runInProcess(auditArgs(inputs, db));
    expect(next.code).toBe(0);
    expect(snapshot(db)).toEqual(reference);
  });
});
