/** A sizeable generated data set and helpers to run the real CLI on it, for the reliability tests. */
import { spawn, spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { generate } from '../../src/generator/generate.js';
import { tempDir } from '../helpers.js';
import { logexInProcess } from '../cli/run-cli.js';

export const AS_OF = '2026-03-20T00:00:00Z';

export async function generatedInputs(shipments = 3000): Promise<{ plans: string; events: string }> {
  const dir = tempDir('logex-reliability-');
  const { plans, events } = await generate({ shipments, seed: 7, asOf: AS_OF, start: '2026-01-20T00:00:00Z', spreadDays: 60, outDir: dir });
  return { plans, events };
}

export function auditArgs(inputs: { plans: string; events: string }, db: string, extra: string[] = []): string[] {
  return [
    'bin/logex.js',
    'audit',
    '--plans',
    inputs.plans,
    '--events',
    inputs.events,
    '--rules',
    'rules/',
    '--db',
    db,
    '--as-of',
    AS_OF,
    '--fail-on',
    'none',
    '--format',
    'json',
    ...extra,
  ];
}

export function runCli(args: string[], env: NodeJS.ProcessEnv = {}, options: SpawnSyncOptions = {}) {
  // A JSON audit of thousands of shipments is several MiB: far over spawnSync's 1 MiB default.
  const result = spawnSync(process.execPath, args, {
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024,
    env: { ...process.env, NO_COLOR: '1', ...env },
    ...options,
  });
  return { code: result.status, signal: result.signal, stdout: String(result.stdout), stderr: String(result.stderr) };
}

/** runCli without blocking this process, so other runs can go on beside it. */
export function runCliAsync(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  const { child, done } = startCli(args, env);
  return new Promise((resolve) => {
    child.on('close', (code, signal) => void done.then((result) => resolve({ ...result, code, signal })));
  });
}

/** runCli's command line run in this process, for what needs no process of its own (no signal, limit or second process). */
export async function runInProcess(args: string[], env: NodeJS.ProcessEnv = {}) {
  const [script, ...rest] = args;
  if (script !== 'bin/logex.js') throw new Error(`runInProcess runs bin/logex.js, not ${script}`);
  const result = await logexInProcess(rest, { env });
  return { ...result, signal: null };
}

export function startCli(args: string[], env: NodeJS.ProcessEnv = {}) {
  const child = spawn(process.execPath, args, { env: { ...process.env, NO_COLOR: '1', ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, stdout, stderr })),
  );
  return { child, done };
}

/** What a user would compare: every case with its status, and the row counts. */
export function snapshot(db: string) {
  const connection = new Database(db, { readonly: true });
  try {
    const count = (table: string) => (connection.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    return {
      integrity: connection.pragma('integrity_check', { simple: true }),
      // A first run writes through the rollback journal; every store is left in WAL for the next ones.
      journal: connection.pragma('journal_mode', { simple: true }),
      counts: { runs: count('runs'), shipments: count('shipments'), events: count('events'), cases: count('cases'), history: count('case_history') },
      cases: connection.prepare('SELECT case_key, status, severity, deviation_minutes FROM cases ORDER BY case_key').all(),
    };
  } finally {
    connection.close();
  }
}

export const dbIn = (dir = tempDir()) => join(dir, 'logex.db');
