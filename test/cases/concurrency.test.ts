/**
 * Two processes updating the same cases at once lose nothing: each update reads the case inside its
 * own write transaction, so every assignee change starts from the value the previous one left.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/database.js';
import { storeWithCases } from './fixture.js';

const ROUNDS = 120;

/**
 * A worker process; `ready` settles once it has opened the store. Both start their rounds when the
 * `go` file appears, so their updates overlap however long each took to boot.
 */
function worker(db: string, name: string, go: string) {
  const child = spawn(process.execPath, ['test/cases/update-worker.mjs', db, name, String(ROUNDS), go, '1', '2', '3']);
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const ready = new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
  const done = new Promise<{ code: number | null; stderr: string }>((resolve) => child.on('close', (code) => resolve({ code, stderr })));
  return { ready, done };
}

describe('concurrent updates', () => {
  it('two processes hammering the same three cases: every change is kept, in an unbroken chain', async () => {
    const store = storeWithCases(3);
    const path = store.name;
    store.close();

    const go = join(dirname(path), 'go');
    const workers = [worker(path, 'ana', go), worker(path, 'bo', go)];
    // Either both are ready, or one ended early (its exit code shows below): go either way.
    await Promise.race([Promise.all(workers.map((w) => w.ready)), ...workers.map((w) => w.done)]);
    writeFileSync(go, '');
    const results = await Promise.all(workers.map((w) => w.done));
    expect(results).toEqual([
      { code: 0, stderr: '' },
      { code: 0, stderr: '' },
    ]);

    const db = openStore(path, { readonly: true });
    for (const caseId of [1, 2, 3]) {
      const assignments = db
        .prepare(`SELECT from_value AS "from", to_value AS "to" FROM case_history WHERE case_id = ? AND action = 'assignee' ORDER BY id`)
        .all(caseId) as { from: string | null; to: string }[];
      expect(assignments).toHaveLength(2 * ROUNDS);
      // A lost update shows as a change whose "from" is not what the previous change set.
      const broken = assignments.filter((change, index) => change.from !== (index === 0 ? null : assignments[index - 1]!.to));
      expect(broken).toEqual([]);
      const notes = db.prepare(`SELECT count(*) FROM case_history WHERE case_id = ? AND action = 'note'`).pluck().get(caseId);
      expect(notes).toBe(2 * ROUNDS);
      expect(db.prepare('SELECT assignee FROM cases WHERE id = ?').pluck().get(caseId)).toBe(assignments.at(-1)!.to);
      // The workers took turns (not one after the other), or the test proved nothing.
      const turns = assignments.filter((change, index) => index > 0 && change.to.split('-')[0] !== assignments[index - 1]!.to.split('-')[0]);
      expect(turns.length).toBeGreaterThan(1);
    }
  });
});
