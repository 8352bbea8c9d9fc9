/**
 * Two processes updating the same cases at once lose nothing: each update reads the case inside its
 * own write transaction, so every assignee change starts from the value the previous one left.
 */
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/database.js';
import { storeWithCases } from './fixture.js';

const ROUNDS = 120;

/** Both workers start their rounds at `startAt`, so their updates overlap however long each takes to boot. */
function worker(db: string, name: string, startAt: number): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['test/cases/update-worker.mjs', db, name, String(ROUNDS), String(startAt), '1', '2', '3']);
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('concurrent updates', () => {
  it('two processes hammering the same three cases: every change is kept, in an unbroken chain', async () => {
    const store = storeWithCases(3);
    const path = store.name;
    store.close();

    const startAt = Date.now() + 1500;
    const results = await Promise.all([worker(path, 'ana', startAt), worker(path, 'bo', startAt)]);
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
