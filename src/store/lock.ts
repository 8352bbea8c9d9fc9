/**
 * One writer run at a time per database: a lock file beside it (`<db>.lock`) naming who holds it,
 * so a second cron run can say "another audit is running since …, pid N" instead of a bare
 * "database is locked". A lock left by a killed process (its pid is gone) is taken over. SQLite's own
 * write lock (BEGIN IMMEDIATE) stays the last line of defence.
 */
import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { StoreError } from './database.js';

export interface LockHolder {
  pid: number;
  host: string;
  since: string;
  command: string;
}

export class LockBusy extends Error {
  constructor(
    readonly holder: LockHolder,
    waitedSeconds: number,
  ) {
    super(
      `another ${holder.command} is running on this database since ${holder.since}, pid ${holder.pid}${holder.host !== hostname() ? ` on ${holder.host}` : ''}` +
        `${waitedSeconds > 0 ? ` (waited ${waitedSeconds}s)` : ''}; try again later or pass --wait SECONDS`,
    );
  }
}

export interface RunLock {
  release(): void;
  /** Set when a stale lock of a dead process was taken over: worth a warning. */
  tookOverFrom?: LockHolder;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Why the lock file beside the store cannot be made: said about the folder the user chose. */
function lockFileProblem(path: string, code: string): string {
  const folder = dirname(path);
  return code === 'ENOENT'
    ? `${folder}: the folder for the database does not exist; create it or pass another --db`
    : `${folder}: cannot create files in the database's folder (${code === 'EROFS' ? 'read-only file system' : 'permission denied'}); a run needs to write its lock file ${basename(path)} and the store there`;
}

function readHolder(path: string): LockHolder | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as LockHolder;
  } catch {
    // Unreadable or half-written by a process killed mid-write: treat as held by nobody alive.
    return undefined;
  }
}

/**
 * Takes the lock for `dbPath`, waiting up to `waitMs` for a live holder. `since` is the caller's
 * clock (only the CLI reads it). In-memory databases need no lock.
 */
export async function acquireRunLock(dbPath: string, command: string, since: string, waitMs: number): Promise<RunLock> {
  if (dbPath === ':memory:') return { release: () => {} };
  const path = `${dbPath}.lock`;
  const me: LockHolder = { pid: process.pid, host: hostname(), since, command };
  const started = Date.now();
  let tookOverFrom: LockHolder | undefined;
  for (;;) {
    try {
      writeFileSync(path, JSON.stringify(me), { flag: 'wx' });
      const release = () => {
        if (readHolder(path)?.pid === me.pid) unlinkSync(path);
      };
      return { release, tookOverFrom };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS' || code === 'ENOENT') throw new StoreError(lockFileProblem(path, code));
      if (code !== 'EEXIST') throw error;
    }
    const holder = readHolder(path);
    if (!holder || (holder.host === me.host && !isAlive(holder.pid))) {
      tookOverFrom = holder;
      try {
        unlinkSync(path);
      } catch {
        // Another process took it over first; the next attempt sees its lock.
      }
      continue;
    }
    const waited = Date.now() - started;
    if (waited >= waitMs) throw new LockBusy(holder, Math.round(waited / 1000));
    await sleep(Math.min(250, waitMs - waited));
  }
}
