/**
 * `logex backtest`: what a rule change would have done, measured on the store's history. Reads the
 * store only (src/store/read-only.ts); the nights are replayed by src/pipeline/backtest.ts.
 */
import type { Command } from 'commander';
import type { CliRun } from '../io.js';
import { runBacktest, type RuleSet } from '../../pipeline/backtest.js';
import { BACKTEST_FORMATS, changeText, volumeChanges } from '../../report/backtest.js';
import { parseDuration } from '../../rules/duration.js';
import { sectionValue } from '../../rules/sections/section.js';
import { scoringSection } from '../../rules/sections/scoring.js';
import { slasSection } from '../../rules/sections/slas.js';
import { openReadOnlyStore } from '../../store/read-only.js';
import { ExitCode, UsageError } from '../exit-codes.js';
import { addFormatOption, chooseFormat, outputOptions, printFormatted } from '../formatters.js';
import { defaultDbPath, defaultRulePaths, flagNumber, parseInstantFlag } from '../options.js';
import { checkOutputFile } from '../output.js';
import { ProgressLine } from '../progress.js';
import { loadRulesOrFail } from './rules-loading.js';

/** More nights than this is a mistyped --every (`1m` is a minute) rather than a backtest anyone waits for. */
const MAX_NIGHTS = 1000;

interface BacktestFlags {
  rules: string[];
  baseline?: string[];
  from: string;
  to: string;
  every: string;
  db: string;
  format: string;
  out?: string;
  failOnChange?: string;
}

export function registerBacktest(program: Command, run: CliRun): void {
  const command = program
    .command('backtest')
    .description("replay the nightly audit over the store's history under rule files (and a baseline): the alerts each rule would have opened; writes nothing")
    .requiredOption('--rules <path...>', 'the rule files to measure (default $LOGEX_RULES)', defaultRulePaths(run.env))
    .option('--baseline <path...>', "the rule files to compare with, e.g. the main branch's")
    .requiredOption('--from <time>', 'the first night: ISO date (its UTC midnight) or date-time')
    .requiredOption('--to <time>', 'the last night, included: ISO date (its UTC midnight) or date-time')
    .option('--every <duration>', 'time between nights: 1d, 12h, 1w', '1d')
    .option('--db <file>', 'SQLite store (default ./logex.db or $LOGEX_DB); opened read-only', defaultDbPath(run.env));
  addFormatOption(command, BACKTEST_FORMATS)
    .option('--out <file>', 'write the result to a file instead of stdout')
    .option('--fail-on-change <pct>', "with --baseline: exit 1 when a rule's alerts opened change by more than this percentage")
    .action(async (flags: BacktestFlags) => {
      run.exitCode = await backtest(run, flags);
    });
}

function ruleSet(run: CliRun, paths: string[]): RuleSet {
  const { rules, sections } = loadRulesOrFail(run, paths, false);
  return { rules, evaluation: { slas: sectionValue(sections, slasSection), weights: sectionValue(sections, scoringSection) } };
}

async function backtest(run: CliRun, flags: BacktestFlags): Promise<number> {
  const format = chooseFormat(BACKTEST_FORMATS, flags.format);
  const from = parseInstantFlag('--from', flags.from, 'UTC');
  const to = parseInstantFlag('--to', flags.to, 'UTC');
  if (from > to) throw new UsageError(`--from ${flags.from} is after --to ${flags.to}`);
  const every = parseDuration(flags.every);
  if (!every) throw new UsageError(`--every: "${flags.every}" is not a duration over zero (use 1d, 12h, 1w)`);
  const count = Math.floor((to - from) / every) + 1;
  if (count > MAX_NIGHTS)
    throw new UsageError(
      `--from ${flags.from} to --to ${flags.to} every ${flags.every} is ${count} nights, over ${MAX_NIGHTS}: use a longer --every or a shorter period`,
    );
  if (flags.failOnChange !== undefined && !flags.baseline) throw new UsageError('--fail-on-change compares with a baseline: add --baseline OLD_RULES');
  const failOnChangePct = flags.failOnChange === undefined ? undefined : flagNumber('--fail-on-change', flags.failOnChange, { unit: 'percent' });
  checkOutputFile('--out', flags.out);
  const output = await outputOptions(run, flags);
  const candidate = ruleSet(run, flags.rules);
  const baseline = flags.baseline ? ruleSet(run, flags.baseline) : undefined;

  const nights = Array.from({ length: count }, (_, index) => from + index * every);
  const store = openReadOnlyStore(flags.db);
  const progress = ProgressLine.forRun(false, run.io.stderr);
  let result;
  try {
    result = runBacktest(store.db, { candidate, baseline, nights, before: from - every, after: nights.at(-1)! + every, onProgress: progress?.report });
  } finally {
    progress?.clear();
    store.close();
  }

  const labels = { rules: flags.rules.join(' '), baseline: flags.baseline?.join(' '), every: flags.every, failOnChangePct };
  const exceeding = baseline ? volumeChanges(result, failOnChangePct).filter((change) => change.exceeds) : [];
  await printFormatted(run, format, { result, labels }, output, flags.out);
  for (const change of exceeding) run.note(changeText(change, failOnChangePct!));
  return exceeding.length > 0 ? ExitCode.Findings : ExitCode.Ok;
}
