/**
 * `cases purge`: the only way rows leave the store. It removes finished cases (closed, or cleared and
 * never settled) whose last change is older than a date, with their history, and nothing else.
 */
import type { Db } from '../store/database.js';
import type { CaseStatus } from '../model/case-lifecycle.js';

export const PURGEABLE_STATUSES: readonly CaseStatus[] = ['closed', 'cleared'];

export interface PurgeCount {
  cases: number;
  history: number;
}

/** Counts what would go; deletes it only with `apply`. */
export function purgeCases(db: Db, before: number, apply: boolean): PurgeCount {
  return db
    .transaction((): PurgeCount => {
      // SQLite hands out max(id) + 1 again once the highest row is gone: keeping the newest case means a
      // case number (and the notification keys built from it) never names two cases.
      const candidates = db
        .prepare(
          `SELECT id, updated_at FROM cases
           WHERE status IN (SELECT value FROM json_each(?)) AND id < (SELECT max(id) FROM cases)`,
        )
        .all(JSON.stringify(PURGEABLE_STATUSES)) as { id: number; updated_at: string }[];
      // updated_at is ISO text; compared as an instant, not as a string.
      const purged = candidates.filter((row) => Date.parse(row.updated_at) < before).map((row) => row.id);
      const ids = JSON.stringify(purged);
      const history = db.prepare('SELECT count(*) FROM case_history WHERE case_id IN (SELECT value FROM json_each(?))').pluck().get(ids) as number;
      if (apply) {
        // The outbox's once-per-trigger rows name the case; the messages themselves stay.
        for (const table of ['case_history', 'outbox_triggers']) {
          db.prepare(`DELETE FROM ${table} WHERE case_id IN (SELECT value FROM json_each(?))`).run(ids);
        }
        db.prepare('DELETE FROM cases WHERE id IN (SELECT value FROM json_each(?))').run(ids);
      }
      return { cases: purged.length, history };
    })
    .immediate();
}
