/** Backups and health checks of the store, for `logex db backup` and `logex db check`. */
import { existsSync, linkSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { SCHEMA_VERSION, StoreError, type Db } from './database.js';

/**
 * SQLite's online backup: consistent even while another process writes; never overwrites a file. It
 * is written under a temporary name and linked to its name once complete, so a file of that name is
 * always a whole backup: a run that kept an existing one (`--if-missing`) never keeps half of one.
 */
export async function backupStore(db: Db, target: string, options: { ifMissing?: boolean } = {}): Promise<{ written: boolean; pages: number }> {
  const kept = { written: false, pages: 0 };
  const exists = () => new StoreError(`${target}: the file exists; backups never overwrite — choose a new name (e.g. with the date)`);
  if (existsSync(target)) {
    if (options.ifMissing) return kept;
    throw exists();
  }
  if (!statSync(dirname(target), { throwIfNoEntry: false })?.isDirectory()) {
    throw new StoreError(`${target}: the folder ${dirname(target)} does not exist; create it first`);
  }
  const partial = join(dirname(target), `.${basename(target)}.${process.pid}.partial`);
  try {
    const result = await db.backup(partial);
    // link() fails when the name exists, where rename() would replace a backup made meanwhile.
    linkSync(partial, target);
    return { written: true, pages: result.totalPages };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      if (options.ifMissing) return kept;
      throw exists();
    }
    throw new StoreError(`${target}: the backup could not be written: ${(error as Error).message}`, { cause: error });
  } finally {
    rmSync(partial, { force: true });
  }
}

export interface StoreHealth {
  ok: boolean;
  schemaVersion: number;
  knownSchemaVersion: number;
  problems: string[];
  counts: Record<string, number>;
  lastRun?: { id: number; command: string; started_at: string; finished_at: string | null };
}

export function checkStore(db: Db): StoreHealth {
  const problems: string[] = [];
  const integrity = db.pragma('integrity_check') as { integrity_check: string }[];
  for (const row of integrity) if (row.integrity_check !== 'ok') problems.push(`integrity: ${row.integrity_check}`);
  const foreignKeys = db.pragma('foreign_key_check') as { table: string; rowid: number; parent: string }[];
  for (const row of foreignKeys) problems.push(`foreign key: ${row.table} row ${row.rowid} points at a missing ${row.parent}`);
  const schemaVersion = db.pragma('user_version', { simple: true }) as number;
  const count = (table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  const counts = Object.fromEntries(['runs', 'shipments', 'events', 'cases', 'case_history'].map((table) => [table, count(table)]));
  const lastRun = db.prepare('SELECT id, command, started_at, finished_at FROM runs ORDER BY id DESC LIMIT 1').get() as StoreHealth['lastRun'];
  return { ok: problems.length === 0, schemaVersion, knownSchemaVersion: SCHEMA_VERSION, problems, counts, lastRun };
}

/**
 * Rewrites the store without its free pages and with every table and index packed (SQLite's VACUUM):
 * space that deleted or shortened rows left (an upgrade that rewrites the events, for one) is given
 * back to the file system, and the indexes that rows reached in no particular order shrink. The caller
 * holds the run lock, so no run writes meanwhile. A process still reading (a report) keeps the old pages
 * in use: the compacted store then waits in the write-ahead log, and the file shrinks at the first
 * checkpoint after that reader closes (`readerKeptOldFile`).
 */
export function compactStore(db: Db): { bytesBefore: number; bytesAfter: number; readerKeptOldFile: boolean } {
  const bytes = () => (db.pragma('page_count', { simple: true }) as number) * (db.pragma('page_size', { simple: true }) as number);
  const checkpointed = () => (db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[])[0]?.busy === 0;
  // The file's size is what the user sees: fold the write-ahead log in before measuring.
  checkpointed();
  const bytesBefore = bytes();
  db.exec('VACUUM');
  return { bytesBefore, bytesAfter: bytes(), readerKeptOldFile: !checkpointed() };
}
