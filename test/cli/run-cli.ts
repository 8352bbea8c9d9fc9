/** Spawns the built CLI the way a user or cron does, and captures what they would see. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import Database from 'better-sqlite3';

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

export function auditArgs(db: string, asOf: string, events: string[] = ['events.csv'], extra: string[] = []): string[] {
  return [
    'audit',
    '--plans', `${SCENARIO}/plans.csv`,
    '--events', ...events.map((file) => `${SCENARIO}/${file}`),
    '--rules', `${SCENARIO}/rules.yaml`,
    '--db', db,
    '--as-of', asOf,
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
