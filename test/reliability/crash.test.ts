/**
 * Crash safety: a real `logex audit` is killed with SIGKILL at each stage of its run. Afterwards the
 * database passes integrity_check, holds all of the earlier runs and none of the killed one, and the
 * next run (taking over the dead process's lock) gives the same result as an uninterrupted run.
 */
import { existsSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditArgs, dbIn, generatedInputs, runCli, snapshot } from './scenario.js';

let inputs: { plans: string; events: string };
let reference: ReturnType<typeof snapshot>;

beforeAll(async () => {
  inputs = await generatedInputs();
  const db = dbIn();
  expect(runCli(auditArgs(inputs, db)).code).toBe(0);
  reference = snapshot(db);
  expect(reference.cases.length).toBeGreaterThan(100);
  expect(reference.journal).toBe('wal');
}, 120_000);

describe.each(['ingest', 'evaluate', 'cases', 'commit'])('killed during %s', (stage) => {
  it('leaves an intact store without the run, and the next run completes as if nothing happened', () => {
    const db = dbIn();
    const killed = runCli(auditArgs(inputs, db), { LOGEX_CRASH_AT: stage });
    expect(killed.signal).toBe('SIGKILL');
    const after = snapshot(db);
    expect(after.integrity).toBe('ok');
    expect(after.counts).toEqual({ runs: 0, shipments: 0, events: 0, cases: 0, history: 0 });
    expect(existsSync(`${db}.lock`)).toBe(true);

    const next = runCli(auditArgs(inputs, db));
    expect(next.code).toBe(0);
    expect(next.stderr).toMatch(/took over the lock of audit pid \d+/);
    expect(existsSync(`${db}.lock`)).toBe(false);
    expect(snapshot(db)).toEqual(reference);
  }, 60_000);
});

describe('killed on a store with history', () => {
  it('keeps the earlier runs exactly as they were', () => {
    const db = dbIn();
    expect(runCli(auditArgs(inputs, db)).code).toBe(0);
    const before = snapshot(db);
    expect(runCli(auditArgs(inputs, db, ['--as-of', '2026-03-27T00:00:00Z']), { LOGEX_CRASH_AT: 'cases' }).signal).toBe('SIGKILL');
    expect(snapshot(db)).toEqual(before);
  }, 60_000);
});
