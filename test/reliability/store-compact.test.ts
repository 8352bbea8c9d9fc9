/**
 * `logex db compact`: the space an upgrade or deleted rows left inside the file goes back to the disk,
 * and nothing the store says changes. It needs the store to itself, as audit and ingest do.
 */
import { copyFileSync, statSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { openStore } from '../../src/store/database.js';
import { AS_OF, auditArgs, dbIn, generatedInputs, runInProcess } from './scenario.js';
import { asSchema14 } from './schema-14.js';

/** An audited store of 300 generated shipments, turned back into what schema 14 stored. */
async function schema14Store(): Promise<string> {
  const db = dbIn();
  expect((await runInProcess(auditArgs(await generatedInputs(300), db, ['--quiet', '--out', `${db}.json`]))).code).toBe(0);
  const old = openStore(db);
  asSchema14(old);
  old.close();
  return db;
}

describe('logex db compact', () => {
  it('after the upgrade that shortens every event, gives the space back; cases, timelines and the check stay as they were', async () => {
    const db = await schema14Store();
    // The same store upgraded without compacting, to compare what both say.
    const upgradedOnly = db.replace(/\.db$/, '-upgraded.db');
    copyFileSync(db, upgradedOnly);
    openStore(upgradedOnly).close();

    const compacted = await runInProcess(['bin/logex.js', 'db', 'compact', '--db', db]);
    expect(compacted.code).toBe(0);
    expect(compacted.stderr).toMatch(/^note: upgrading the store from schema version 14 to \d+: rewriting [\d,]+ stored events \(about 8 s per million\)\n/);
    const [, before, after] = /^compacted \S+: ([\d.]+) MB -> ([\d.]+) MB\n$/.exec(compacted.stdout) ?? [];
    expect(Number(after)).toBeLessThan(Number(before) * 0.9);
    expect(statSync(db).size).toBeLessThan(statSync(upgradedOnly).size * 0.9);

    for (const args of [
      ['cases', 'list', '--format', 'json', '--as-of', AS_OF],
      ['cases', 'show', '1', '--format', 'json', '--as-of', AS_OF],
      ['report', 'carriers', '--format', 'json', '--as-of', AS_OF],
    ]) {
      const here = await runInProcess(['bin/logex.js', ...args, '--db', db]);
      const there = await runInProcess(['bin/logex.js', ...args, '--db', upgradedOnly]);
      expect(here.code).toBe(0);
      expect(here.stdout.replaceAll(db, '')).toBe(there.stdout.replaceAll(upgradedOnly, ''));
    }
    expect((await runInProcess(['bin/logex.js', 'db', 'check', '--db', db])).code).toBe(0);
  });

  it('while a report still reads the store: done, says the file shrinks after that reader, and the next compact shrinks it', async () => {
    const db = await schema14Store();
    openStore(db).close();
    const size = statSync(db).size;
    const reader = new Database(db, { readonly: true });
    const reading = reader.prepare('SELECT id FROM events').iterate();
    reading.next();
    const first = await runInProcess(['bin/logex.js', 'db', 'compact', '--db', db]);
    expect(first.code).toBe(0);
    expect(first.stderr).toContain('note: another process is reading the store');
    expect(statSync(db).size).toBe(size);
    reading.return?.();
    reader.close();
    const second = await runInProcess(['bin/logex.js', 'db', 'compact', '--db', db]);
    expect(second).toMatchObject({ code: 0, stderr: '' });
    expect(statSync(db).size).toBeLessThan(size * 0.9);
  });

  it('waits for no running audit: exit 2 naming it; a store that does not exist is exit 2 too', async () => {
    const inputs = await generatedInputs(20);
    const db = dbIn();
    expect((await runInProcess(auditArgs(inputs, db, ['--quiet', '--out', `${db}.json`]))).code).toBe(0);
    writeFileSync(`${db}.lock`, JSON.stringify({ pid: process.pid, host: hostname(), since: '2026-03-20T00:00:00Z', command: 'audit' }));
    const busy = await runInProcess(['bin/logex.js', 'db', 'compact', '--db', db]);
    expect(busy.code).toBe(2);
    expect(busy.stderr).toMatch(/^logex: another audit is running on this database since 2026-03-20T00:00:00Z/);
    const missing = await runInProcess(['bin/logex.js', 'db', 'compact', '--db', `${db}-none`]);
    expect(missing).toMatchObject({ code: 2, stderr: `logex: ${db}-none: no such database; nothing to compact\n` });
  });
});
