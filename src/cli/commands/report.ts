/** `logex report NAME`: analytics read from the store (opened read-only; a report never writes). */
import type { CliRun } from '../io.js';
import type { Command } from 'commander';
import { isoUtc } from '../../model/time.js';
import { isMode, MODES, type Mode } from '../../model/vocabulary.js';
import type { Report } from '../../report/model.js';
import { buildReports, REPORTS, type ReportDefinition, type ReportSettings } from '../../report/registry.js';
import { REPORT_FORMATS } from '../../report/render/formats.js';
import { DEFAULT_ETA_SETTINGS, ETA_GROUPINGS, ETA_MILESTONES } from '../../report/eta.js';
import { DEFAULT_LANE_THRESHOLD } from '../../report/routes.js';
import { DEFAULT_TOLERANCES, resolveWindow, type ReportFilters, type Tolerances } from '../../report/scope.js';
import { parseDuration } from '../../rules/duration.js';
import { openReadOnlyStore } from '../../store/read-only.js';
import { latestRunAsOf } from '../../store/report-reads.js';
import { ExitCode, UsageError } from '../exit-codes.js';
import { choice, defaultDbPath, flagNumber, parseInstantFlag } from '../options.js';
import { addFormatOption, chooseFormat, outputOptions, printFormatted } from '../formatters.js';
import { ProgressLine } from '../progress.js';

interface ReportFlags {
  db: string;
  asOf?: string;
  from?: string;
  to?: string;
  carrier?: string[];
  mode?: string[];
  lane?: string[];
  customer?: string[];
  team?: string[];
  tolerance?: string[];
  threshold?: string;
  via?: boolean;
  milestone?: string;
  by?: string;
  format: string;
  section?: string;
  out?: string;
  excel?: boolean;
  raw?: boolean;
  delimiter?: string;
}

export function registerReport(program: Command, run: CliRun): void {
  const report = program
    .command('report')
    .description('performance reports from the store: exceptions, carriers, routes, customs, eta, seasonal, root-causes, all');
  for (const definition of REPORTS) {
    const command = withCommonOptions(run, report.command(definition.name).description(definition.description), definition.defaultDays);
    if (definition.name === 'routes') {
      command
        .option('--threshold <n>', 'flag lanes with more exceptions per 100 shipments than this', String(DEFAULT_LANE_THRESHOLD))
        .option('--via', 'lanes by the full planned route (origin>via>destination)');
    }
    if (definition.name === 'eta') {
      command
        .option('--milestone <milestone>', `the milestone whose estimates are scored: ${ETA_MILESTONES.join(', ')}`, DEFAULT_ETA_SETTINGS.milestone)
        .option('--by <grouping>', 'carrier: per carrier and mode; lane: per carrier, mode and lane', DEFAULT_ETA_SETTINGS.by);
    }
    command.action(async (flags: ReportFlags) => {
      run.exitCode = await runReports(run, [definition], flags);
    });
  }
  withCommonOptions(run, report.command('all').description('every report in one document (any --format but csv)'), undefined).action(
    async (flags: ReportFlags) => {
      run.exitCode = await runReports(run, REPORTS, flags);
    },
  );
}

function withCommonOptions(run: CliRun, command: Command, defaultDays: number | undefined): Command {
  const window = defaultDays === undefined ? "each report's default" : `${defaultDays} days before --to`;
  command
    .option('--db <file>', 'SQLite store (default ./logex.db or $LOGEX_DB)', defaultDbPath(run.env))
    .option('--as-of <time>', "report as of this instant (default: the latest audit's as-of in the store)")
    .option('--from <time>', `period start, inclusive: ISO date or date-time, UTC unless an offset is given (default: ${window})`)
    .option('--to <time>', 'period end, exclusive; a bare date includes that whole day (default: the end of the UTC day of --as-of)')
    .option('--carrier <code...>', 'only these carriers')
    .option('--mode <mode...>', `only these modes (${MODES.join(', ')})`)
    .option('--lane <glob...>', 'only lanes matching ORIGIN>DESTINATION globs, e.g. "CN*>US*"')
    .option('--customer <name...>', 'only these customers')
    .option('--team <team...>', 'only cases owned by these teams')
    .option(
      '--tolerance <[mode=]duration...>',
      'on-time tolerance, for all modes ("6h") or one ("ocean=1d"); defaults: ocean 1d, air 6h, rail 12h, road 2h, parcel 2h, multimodal 1d',
    );
  return addFormatOption(command, REPORT_FORMATS)
    .option('--section <id>', "only this section (csv: which table to write; default the report's main one)")
    .option('--out <file>', 'write the report to a file instead of stdout')
    .option('--excel', 'CSV for Excel: UTF-8 BOM first')
    .option('--raw', "CSV cells as stored: no ' guard before text starting with = + - @ (for programs, not spreadsheets)")
    .option('--delimiter <char>', 'CSV separator: , (default), ; (European Excel: decimals with a comma too) or tab');
}

function parseTolerances(values: string[] | undefined): Tolerances {
  const tolerances = { ...DEFAULT_TOLERANCES };
  for (const value of values ?? []) {
    const [mode, text] = value.includes('=') ? (value.split('=', 2) as [string, string]) : [undefined, value];
    const ms = parseDuration(text);
    if (ms === undefined) throw new UsageError(`--tolerance: "${text}" is not a duration (use 90m, 6h, 2d, 1w or 1d12h, optionally after MODE=)`);
    if (mode === undefined) for (const each of MODES) tolerances[each] = ms;
    else if (isMode(mode)) tolerances[mode as Mode] = ms;
    else throw new UsageError(`--tolerance: "${mode}" is not one of ${MODES.join(', ')}`);
  }
  return tolerances;
}

function parseThreshold(text: string | undefined): number {
  if (text === undefined) return DEFAULT_LANE_THRESHOLD;
  return flagNumber('--threshold', text);
}

async function runReports(run: CliRun, definitions: readonly ReportDefinition[], flags: ReportFlags): Promise<number> {
  const format = chooseFormat(REPORT_FORMATS, flags.format);
  if (format.name === 'csv' && definitions.length > 1) throw new UsageError('--format csv writes one table: name one report (and --section), not "all"');
  for (const mode of flags.mode ?? []) choice('--mode', mode, MODES);
  const filters: ReportFilters = { carrier: flags.carrier, mode: flags.mode, lane: flags.lane, customer: flags.customer, team: flags.team };
  const tolerances = parseTolerances(flags.tolerance);
  const output = await outputOptions(run, flags);
  const settings: ReportSettings = {
    routes: { threshold: parseThreshold(flags.threshold), viaStops: flags.via === true },
    eta: {
      milestone: flags.milestone === undefined ? DEFAULT_ETA_SETTINGS.milestone : choice('--milestone', flags.milestone, ETA_MILESTONES),
      by: flags.by === undefined ? DEFAULT_ETA_SETTINGS.by : choice('--by', flags.by, ETA_GROUPINGS),
    },
  };
  const from = flags.from === undefined ? undefined : parseInstantFlag('--from', flags.from, 'UTC');
  const to = flags.to === undefined ? undefined : parseInstantFlag('--to', flags.to, 'UTC', { endOfDay: true });

  const store = openReadOnlyStore(flags.db);
  const { db } = store;
  // Reports have no --quiet: they are asked for, and show progress only on a terminal.
  const progress = ProgressLine.forRun(false, run.io.stderr);
  let reports: Report[];
  try {
    const asOf = flags.asOf === undefined ? (latestRunAsOf(db) ?? Date.now()) : parseInstantFlag('--as-of', flags.asOf, 'UTC');
    const requests = definitions.map((definition) => {
      const window = resolveWindow(from, to, asOf, definition.defaultDays);
      if (window.from >= window.to) throw new UsageError(`--from must be before --to (period ${isoUtc(window.from)} – ${isoUtc(window.to)})`);
      return { definition, window };
    });
    reports = buildReports(db, asOf, requests, { filters, tolerances, settings, onProgress: progress?.report });
  } finally {
    progress?.clear();
    store.close();
  }

  if (flags.section !== undefined) reports = reports.map((report) => onlySection(report, flags.section!));
  await printFormatted(run, format, { reports, section: flags.section }, output, flags.out);
  return ExitCode.Ok;
}

function onlySection(report: Report, id: string): Report {
  const section = report.sections.find((s) => s.id === id);
  if (!section) throw new UsageError(`--section: report ${report.name} has no section "${id}" (it has ${report.sections.map((s) => s.id).join(', ')})`);
  // Charts are drawn from the whole report; with one table asked for, they would show data not printed.
  return { ...report, sections: [section], charts: [] };
}
