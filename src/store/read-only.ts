/** A read-only store that leaves its folder as it found it, for commands that promise not to touch it. */
import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { openStore, type Db } from './database.js';

/**
 * Opens the store read-only. A read-only connection to a WAL store creates the `-wal` and `-shm` files
 * SQLite needs beside it and, unable to checkpoint, leaves them when it closes; the closing call then
 * opens and closes the store once more for writing, which (as the last connection, with nothing in
 * the log) removes them the way any last writer does. Only when this open created them: a log that
 * was there before may hold another run's commits, which are that run's to fold in.
 */
export function openReadOnlyStore(path: string): { db: Db; close(): void } {
  const hadLog = path === ':memory:' || existsSync(`${path}-wal`);
  const db = openStore(path, { readonly: true });
  return {
    db,
    close() {
      db.close();
      if (hadLog || !existsSync(`${path}-wal`)) return;
      try {
        const tidier = new Database(path, { fileMustExist: true });
        try {
          tidier.prepare('SELECT count(*) FROM sqlite_schema').get();
        } finally {
          tidier.close();
        }
      } catch {
        // A read-only folder or file: the empty log stays, as after any reader.
      }
    },
  };
}
