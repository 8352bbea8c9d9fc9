/**
 * Runs the built CLI and captures what a user or cron would see: in this process (logexInProcess,
 * for most tests), or spawned (logex, for what only a real process shows: exit through bin/logex.js,
 * stdin, signals, a closed pipe, locks between processes).
 */
import { spawn, spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import type { CliStream } from '../../src/cli/io.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export const SCENARIO = 'fixtures/scenarios/basic';

export function logex(args: string[], options: { env?: NodeJS.ProcessEnv; input?: string | Buffer } = {}): CliResult {
  const result = spawnSync(process.execPath, [join('bin', 'logex.js'), ...args], {
    encoding: 'utf8',
    // Audits of the demo print several MiB of JSON: far over spawnSync's 1 MiB default.
    maxBuffer: 512 * 1024 * 1024,
    input: options.input,
    env: { ...process.env, NO_COLOR: '1', ...options.env },
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** Like logex(), without blocking this process: an in-process run can go on beside it. */
export function logexSpawned(args: string[], options: { env?: NodeJS.ProcessEnv; input?: string | Buffer } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join('bin', 'logex.js'), ...args], { env: { ...process.env, NO_COLOR: '1', ...options.env } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(options.input);
  });
}

type Main = typeof import('../../src/cli/main.js').main;
let loadedMain: Promise<Main> | undefined;

/**
 * The built main(), as bin/logex.js runs it: the audit's parse thread starts a worker from a path
 * beside its module, which exists under dist/ only (`npm test` builds it first).
 */
function builtMain(): Promise<Main> {
  loadedMain ??= (import(pathToFileURL(resolve('dist/cli/main.js')).href) as Promise<{ main: Main }>).then((module) => module.main);
  return loadedMain;
}

/** Output collected as it is written, like the pipe a spawned run writes to (not a terminal). */
function collector(terminal?: { columns: number }): CliStream & { text(): string } {
  const chunks: string[] = [];
  return { isTTY: terminal !== undefined, columns: terminal?.columns, write: (text: string) => chunks.push(text), text: () => chunks.join('') };
}

/**
 * Runs logex in this process: the same command line, environment and result as logex(), without
 * starting a node process. Input from stdin needs a real process: use logex() for it.
 */
export async function logexInProcess(args: string[], options: { env?: NodeJS.ProcessEnv; terminal?: { columns: number } } = {}): Promise<CliResult> {
  const main = await builtMain();
  // With `terminal`, stdout is a terminal of that width (colour stays off: NO_COLOR).
  const stdout = collector(options.terminal);
  const stderr = collector();
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', ...options.env };
  // spawn leaves out variables set to undefined; so does this.
  for (const [name, value] of Object.entries(env)) if (value === undefined) delete env[name];
  const code = await main([process.execPath, join('bin', 'logex.js'), ...args], { stdout, stderr, env });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

export function auditArgs(db: string, asOf: string, events: string[] = ['events.csv'], extra: string[] = []): string[] {
  return [
    'audit',
    '--plans',
    `${SCENARIO}/plans.csv`,
    '--events',
    ...events.map((file) => `${SCENARIO}/${file}`),
    '--rules',
    `${SCENARIO}/rules.yaml`,
    '--db',
    db,
    '--as-of',
    asOf,
    ...extra,
  ];
}

/** Row counts of the tables a user relies on; comparing two snapshots shows what a run wrote. */
export function counts(db: string): Record<string, number> {
  const connection = new Database(db, { readonly: true });
  try {
    const count = (table: string) => (connection.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    return {
      runs: count('runs'),
      shipments: count('shipments'),
      events: count('events'),
      cases: count('cases'),
      history: count('case_history'),
    };
  } finally {
    connection.close();
  }
}
