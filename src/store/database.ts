/** Opening the store: pragmas, migrations, and refusing databases this program cannot safely use. */
import { existsSync, rmSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { MIGRATIONS } from './migrations.js';
import { compactEventKey, migratedEventKey, migratedIdentifiedKey } from './event-key.js';
import { storedTimeText } from './time-text.js';
import { encodeRefs } from './refs-column.js';
import { decodePlanned, encodePlanned } from './planned-column.js';
import type { Reference } from '../model/records.js';

export type Db = Database.Database;

export class StoreError extends Error {}

/** SQLite's codes for a file that is not a sound database: the file is damaged, not the run. */
export function isDamagedStore(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code ?? (error as { cause?: { code?: unknown } })?.cause?.code;
  return code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB';
}

export const SCHEMA_VERSION = MIGRATIONS.length;

export interface OpenOptions {
  readonly?: boolean;
  /** How long to wait for another process's write lock before giving up (ms). */
  busyTimeoutMs?: number;
  /** Told before an existing store is upgraded to this version's schema, which can take a while. */
  onUpgrade?: (note: string) => void;
  /** The caller compacts the store right after opening it (`db compact`): the upgrade note need not suggest it. */
  compacting?: boolean;
}

/**
 * Migrations that rewrite every stored event, with their cost in seconds per million events as measured
 * (docs/performance.md): 8 re-keys them, 12 copies them with numeric keys and source file ids, 15 leaves out
 * the texts that their instants write back and shortens their references.
 */
const EVENT_REWRITES: readonly { migration: number; secondsPerMillion: number }[] = [
  { migration: 8, secondsPerMillion: 10 },
  { migration: 12, secondsPerMillion: 12 },
  { migration: 15, secondsPerMillion: 8 },
];
/** The migration that shortens every event row: the file keeps its size until compacted. */
const SHORTENING_MIGRATION = 15;

export function openStore(path: string, options: OpenOptions = {}): Db {
  if (options.readonly && path !== ':memory:' && !existsSync(path)) {
    throw new StoreError(`${path}: no such database; run "logex audit" or "logex ingest" first, or pass --db`);
  }
  if (options.readonly && path !== ':memory:') rollBackInterruptedFirstRun(path);
  let db: Db;
  try {
    db = new Database(path, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
  } catch (error) {
    throw new StoreError(`${path}: cannot open the database: ${(error as Error).message}`);
  }
  try {
    // Other processes (a second audit, `cases update`) wait this long for the write lock, then fail clearly.
    db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
    // A 256 MiB page cache (the default is 2 MiB): events land at random places in the two event
    // indexes, and a cache smaller than them re-reads index pages from the OS on most inserts (the
    // sizes tried, at 100k and 1M: docs/performance.md). Pages are only taken as needed, so a small
    // store stays small in memory.
    db.pragma('cache_size = -262144');
    // Sorts and the incremental audit's scope table stay in memory instead of temporary files.
    db.pragma('temp_store = MEMORY');
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > SCHEMA_VERSION) {
      throw new StoreError(`${path}: the database has schema version ${version}, newer than this logex knows (${SCHEMA_VERSION}); upgrade logex`);
    }
    if (!options.readonly) {
      // WAL: readers (reports, cases list) never block the nightly writer, and a crash never tears a commit.
      db.pragma('journal_mode = WAL');
      // NORMAL is durable across application crashes in WAL mode; only an OS crash may lose the last commit.
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
      if (version > 0 && version < SCHEMA_VERSION) options.onUpgrade?.(upgradeNote(db, version, options.compacting ?? false));
      migrate(db, version);
    } else if (version < SCHEMA_VERSION) {
      throw new StoreError(`${path}: the database has schema version ${version}; run an audit or ingest once to upgrade it`);
    }
    return db;
  } catch (error) {
    db.close();
    if (error instanceof StoreError) throw error;
    throw new StoreError(`${path}: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * A first run (written through the rollback journal, see journalForRun) stopped after SQLite spilled
 * pages into the file leaves a hot journal, which only a writer can roll back: a read-only open then
 * fails with "attempt to write a readonly database" until the next audit. Rolling it back is what that
 * audit would do first; SQLite does it only when no live run holds the journal. Without write access
 * this leaves the journal, and the read-only open says why.
 */
function rollBackInterruptedFirstRun(path: string): void {
  if (!statSync(`${path}-journal`, { throwIfNoEntry: false })?.size) return;
  try {
    const writer = new Database(path, { fileMustExist: true });
    try {
      writer.pragma('busy_timeout = 5000');
      writer.prepare('SELECT count(*) FROM sqlite_schema').get();
    } finally {
      writer.close();
    }
  } catch {
    // Read-only file or folder, or a run still writing: the read-only open reports it.
  }
}

/** Whether no run was ever stored: a store made by a first run that failed. */
export function hasNoRuns(db: Db): boolean {
  return db.prepare('SELECT NOT EXISTS (SELECT 1 FROM runs)').pluck().get() === 1;
}

/** A closed store's file and SQLite's files beside it. */
export function removeStoreFiles(path: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${path}${suffix}`, { force: true });
}

/**
 * One writing run (an audit, an ingest) as one transaction: all of it is stored or none of it.
 * better-sqlite3's transaction() cannot span awaits (inputs stream in), so this holds an explicit
 * IMMEDIATE transaction: it takes the write lock up front, which also serialises overlapping runs.
 */
export async function inRunTransaction<T>(db: Db, work: () => Promise<T>): Promise<T> {
  const restoreJournal = journalForRun(db);
  db.exec('BEGIN IMMEDIATE');
  try {
    const result = await work();
    db.exec('COMMIT');
    return result;
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw error;
  } finally {
    restoreJournal();
  }
}

/**
 * The journal for one writing run's transaction. A store that has no runs yet is loaded with SQLite's
 * rollback journal: the pages of a new database are then written once, straight into the file, instead
 * of into the write-ahead log and again at its checkpoint (a first load is the largest write a store
 * sees: 3 GB for the 1M-shipment bench). It is as atomic: a killed first run is rolled back from the
 * journal at the next open. Other runs keep WAL, so reports read while the nightly audit writes.
 * Returns what to call after the transaction, to go back to WAL.
 */
function journalForRun(db: Db): () => void {
  const firstRun = hasNoRuns(db);
  // Leaving WAL needs the only connection; with another one open the run just stays in WAL.
  if (!firstRun || db.pragma('journal_mode = DELETE', { simple: true }) !== 'delete') return () => {};
  return () => db.pragma('journal_mode = WAL');
}

function upgradeNote(db: Db, from: number, compacting: boolean): string {
  const secondsPerMillion = EVENT_REWRITES.filter((rewrite) => from < rewrite.migration).reduce((sum, rewrite) => sum + rewrite.secondsPerMillion, 0);
  const events = secondsPerMillion > 0 ? (db.prepare('SELECT count(*) FROM events').pluck().get() as number) : 0;
  return (
    `upgrading the store from schema version ${from} to ${SCHEMA_VERSION}` +
    (events > 0 ? `: rewriting ${events.toLocaleString('en-US')} stored event${events === 1 ? '' : 's'} (about ${secondsPerMillion} s per million)` : '') +
    (events > 0 && from < SHORTENING_MIGRATION && !compacting ? '; "logex db compact" afterwards gives the space this frees back to the disk' : '')
  );
}

function migrate(db: Db, from: number): void {
  if (from >= MIGRATIONS.length) return;
  db.function('logex_migrated_event_key', { deterministic: true }, migratedEventKey);
  db.function('logex_migrated_identified_key', { deterministic: true }, migratedIdentifiedKey);
  db.function('logex_compact_event_key', { deterministic: true }, compactEventKey);
  db.function('logex_stored_time_text', { deterministic: true }, (text: string | null, epochMs: number | null, zone: string) =>
    text === null || epochMs === null ? text : storedTimeText({ epochMs, text, zone }),
  );
  db.function('logex_compact_refs', { deterministic: true }, (refs: string) => encodeRefs(JSON.parse(refs) as Reference[]));
  db.function('logex_compact_planned', { deterministic: true }, (planned: string) => encodePlanned(decodePlanned(planned)));
  // A migration that copies a table into a new one drops the old while other tables still point at its
  // rows (SQLite's own procedure for it): foreign keys are checked once the migration is done instead,
  // and a violation rolls it back. The pragma only takes effect outside a transaction.
  db.pragma('foreign_keys = OFF');
  try {
    for (let version = from; version < MIGRATIONS.length; version++) {
      db.transaction(() => {
        db.exec(MIGRATIONS[version]!);
        const violation = db.pragma('foreign_key_check') as { table: string; parent: string }[];
        if (violation.length > 0) throw new StoreError(`migration ${version + 1} left ${violation[0]!.table} rows pointing at no ${violation[0]!.parent} row`);
        db.pragma(`user_version = ${version + 1}`);
      }).immediate();
    }
  } finally {
    db.pragma('foreign_keys = ON');
  }
}
