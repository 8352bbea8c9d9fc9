/**
 * The real CLI in a child process with the bench's preload (./child-report.ts): the wall time the parent
 * saw and what the preload reported (peak RSS, stage times, CPU time).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { ChildReport } from './child-report.js';

/** Runs `logex ...logexArgs` from `root`; the preload's report goes through `workDir`. Fails unless it exits 0. */
export function runMeasuredCli(root: string, logexArgs: readonly string[], workDir: string): { seconds: number; report: ChildReport } {
  const reportPath = join(workDir, 'child-report.json');
  rmSync(reportPath, { force: true });
  const args = ['--import', join(root, 'dist/bench/child-report.js'), join(root, 'bin/logex.js'), ...logexArgs];
  const started = performance.now();
  const child = spawnSync(process.execPath, args, { env: { ...process.env, LOGEX_BENCH_REPORT: reportPath }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const seconds = (performance.now() - started) / 1000;
  if (child.status !== 0) throw new Error(`logex ${logexArgs[0]} exited ${child.status}: ${child.stderr}`);
  return { seconds, report: JSON.parse(readFileSync(reportPath, 'utf8')) as ChildReport };
}
