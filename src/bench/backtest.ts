/**
 * The bench's backtest row (issue 19): `logex backtest` of the bench rules over the nights before the
 * last audited one, on the store the audits left, as the real CLI in its own process, against the
 * issue's target of at most five cold audits of the same store. CPU time is compared as well as wall
 * time: on a shared machine it moves far less between runs.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runMeasuredCli } from './measured-cli.js';

/** The target: a backtest of this many nights costs at most this many cold audits. */
export const BACKTEST_NIGHTS = 30;
export const BACKTEST_TARGET_RATIO = 5;

export interface BacktestTimes {
  nights: number;
  from: string;
  to: string;
  seconds: number;
  cpuSeconds: number;
  peakRssBytes: number;
  /** Shipments re-evaluated on the nights together (after the evaluation of every one the night before the first). */
  shipmentsEvaluated: number;
}

const DAY_MS = 86_400_000;

/** Backtests `nights` nights ending at `lastNight` (an ISO instant), every day, in a child process. */
export function backtestTimes(root: string, db: string, rules: string, lastNight: string, workDir: string, nights = BACKTEST_NIGHTS): BacktestTimes {
  const to = new Date(Date.parse(lastNight)).toISOString();
  const from = new Date(Date.parse(lastNight) - (nights - 1) * DAY_MS).toISOString();
  const out = join(workDir, 'logex-backtest.json');
  const { seconds, report } = runMeasuredCli(
    root,
    ['backtest', '--rules', rules, '--db', db, '--from', from, '--to', to, '--format', 'json', '--out', out],
    workDir,
  );
  const result = JSON.parse(readFileSync(out, 'utf8')) as { sections: { nights: { shipments_evaluated: number }[] } };
  const shipmentsEvaluated = result.sections.nights.reduce((sum, night) => sum + night.shipments_evaluated, 0);
  return { nights: result.sections.nights.length, from, to, seconds, cpuSeconds: report.cpuSeconds, peakRssBytes: report.peakRssBytes, shipmentsEvaluated };
}

/** The row for the bench's table of measures (measure, seconds, ratio, target, met), by CPU time. */
export function backtestRow(backtest: BacktestTimes, coldAudit: { seconds: number; cpuSeconds: number }): string[] {
  const cpuRatio = backtest.cpuSeconds / coldAudit.cpuSeconds;
  return [
    `backtest, ${backtest.nights} nights (${backtest.shipmentsEvaluated.toLocaleString('en-US')} shipments re-evaluated), CPU s (wall s)`,
    `${backtest.cpuSeconds.toFixed(2)} (${backtest.seconds.toFixed(2)})`,
    `backtest/cold audit ${cpuRatio.toFixed(2)} CPU (${(backtest.seconds / coldAudit.seconds).toFixed(2)} wall)`,
    `≤ ${BACKTEST_TARGET_RATIO}`,
    cpuRatio <= BACKTEST_TARGET_RATIO ? 'yes' : 'no',
  ];
}
