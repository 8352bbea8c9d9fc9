/**
 * Start-up: the wall time of commands that do almost nothing, so what they measure is the CLI's own
 * loading (modules, schemas) — what every run, and every spawned CLI in the tests, pays first.
 * `logex --version`, and `logex cases list` on a small store (the demo fixtures' audit), each the
 * real CLI in its own process, alternating so that a busy moment on the machine hits both alike.
 */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';

export interface StartupTimes {
  /** Median wall seconds of each command, and every run's, in order. */
  version: { seconds: number; runsSeconds: number[] };
  casesList: { seconds: number; runsSeconds: number[] };
}

/** The target for both commands, in wall seconds. */
export const STARTUP_TARGET_SECONDS = 0.15;

export function startupTimes(root: string, dir: string, runs = 7): StartupTimes {
  const cli = join(root, 'bin/logex.js');
  const db = join(dir, 'startup.db');
  for (const file of [db, `${db}-wal`, `${db}-shm`]) rmSync(file, { force: true });
  const demo = (name: string) => join(root, 'fixtures/demo', name);
  logex(cli, [
    'audit',
    '--plans',
    demo('plans.csv'),
    '--events',
    demo('events.csv'),
    '--rules',
    join(root, 'rules'),
    '--as-of',
    '2026-03-20T00:00:00Z',
    '--db',
    db,
    '--fail-on',
    'none',
    '--quiet',
  ]);
  const version: number[] = [];
  const casesList: number[] = [];
  for (let run = 0; run < runs; run++) {
    version.push(logex(cli, ['--version']));
    casesList.push(logex(cli, ['cases', 'list', '--db', db]));
  }
  return { version: { seconds: median(version), runsSeconds: version }, casesList: { seconds: median(casesList), runsSeconds: casesList } };
}

function logex(cli: string, args: string[]): number {
  const started = performance.now();
  const child = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const seconds = (performance.now() - started) / 1000;
  if (child.status !== 0) throw new Error(`logex ${args.join(' ')} exited ${child.status}: ${child.stderr}`);
  return seconds;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** The two rows for the bench's table of measures: measure, seconds, ratio, target, met. */
export function startupRows(times: StartupTimes): string[][] {
  const row = (label: string, measured: { seconds: number; runsSeconds: number[] }) => [
    `start-up: ${label} (median of ${measured.runsSeconds.length}, range)`,
    `${measured.seconds.toFixed(2)} (${Math.min(...measured.runsSeconds).toFixed(2)}–${Math.max(...measured.runsSeconds).toFixed(2)})`,
    '',
    `≤ ${STARTUP_TARGET_SECONDS}`,
    measured.seconds <= STARTUP_TARGET_SECONDS ? 'yes' : 'no',
  ];
  return [row('logex --version', times.version), row('logex cases list, small store', times.casesList)];
}
