/**
 * Fault injection for the reliability tests, read from the environment so a test can stop a real
 * `logex` process at a known point of its run:
 *   LOGEX_CRASH_AT=<stage>         the process kills itself with SIGKILL on reaching the stage;
 *   LOGEX_HOLD_AT=<stage>:<ms>     the run waits that long at the stage (to overlap two runs);
 *   LOGEX_HOLD_AT=<stage>:<file>   the run waits at the stage until the file exists (the test says
 *                                  when, so the overlap does not depend on how fast the machine is).
 * Stages: ingest (after the first records are written), evaluate, cases, commit, notify; and
 * backtest (after a backtest's first night, inside its read transaction; crash only).
 * Unset in normal use; they never change what a run computes.
 */
import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

export type RunStage = 'ingest' | 'evaluate' | 'cases' | 'commit' | 'notify';

/** LOGEX_CRASH_AT for a stage of a synchronous run (a backtest's nights), which cannot wait. */
export function crashPoint(stage: 'backtest', env: NodeJS.ProcessEnv = process.env): void {
  if (env.LOGEX_CRASH_AT === stage) process.kill(process.pid, 'SIGKILL');
}

export async function reachedStage(stage: RunStage, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  if (env.LOGEX_CRASH_AT === stage) process.kill(process.pid, 'SIGKILL');
  const [holdStage, ...rest] = (env.LOGEX_HOLD_AT ?? '').split(':');
  if (holdStage !== stage) return;
  const hold = rest.join(':');
  if (/^\d*$/.test(hold)) await sleep(Number(hold) || 0);
  else while (!existsSync(hold)) await sleep(20);
}
