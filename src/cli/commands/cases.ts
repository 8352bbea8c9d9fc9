import type { CliRun } from '../io.js';
import { existsSync, readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { CaseConfig } from '../../cases/config.js';
import { ACTIVE_STATUSES, parseCaseStatus, type CaseStatus } from '../../model/case-lifecycle.js';
import { purgeCases, PURGEABLE_STATUSES } from '../../cases/purge.js';
import { CASE_SORTS, listCases, type CaseFilter } from '../../cases/query.js';
import type { CaseEdit, UpdateOutcome } from '../../cases/update.js';
import { closestName } from '../../model/suggest.js';
import { isoUtc } from '../../model/time.js';
import { SEVERITIES } from '../../model/vocabulary.js';
import { CASE_DETAIL_FORMATS, CASE_LIST_FORMATS, changeLines } from '../../report/cases.js';
import { parseDuration } from '../../rules/duration.js';
import { openStore, type Db } from '../../store/database.js';
import { ExitCode, UsageError } from '../exit-codes.js';
import { emit } from '../output.js';
import { csvDelimiter, checkZone, choice, defaultDbPath, osUser, parseAsOf } from '../options.js';
import { addFormatOption, chooseFormat, outputOptions, printFormatted } from '../formatters.js';

/** The list filters, shared by `list`, `export` and `update --where NAME=VALUE`. */
const FILTERS = ['status', 'severity', 'team', 'assignee', 'carrier', 'rule', 'lane', 'opened-since', 'updated-since', 'age-over'] as const;
type FilterName = (typeof FILTERS)[number];
type FilterText = Partial<Record<FilterName, string>>;

const FILTER_HELP: Record<FilterName, string> = {
  status: `statuses, comma-separated, or "all" (default: ${ACTIVE_STATUSES.join(', ')})`,
  severity: `severities, comma-separated (${SEVERITIES.join(', ')})`,
  team: 'teams, comma-separated; "none" for cases without a team',
  assignee: 'assignees, comma-separated; "none" for unassigned cases',
  carrier: 'carriers, comma-separated',
  rule: 'rule ids or globs, comma-separated (arrival-*)',
  lane: 'lane globs on ORIGIN>DESTINATION, comma-separated (CN*>US*)',
  'opened-since': 'opened (as of) at or after this time (ISO 8601, or a date meaning its midnight in --tz)',
  'updated-since': 'last changed at or after this time',
  'age-over': 'open for longer than this at --as-of (90m, 6h, 2d, 1w)',
};

interface CommonFlags {
  db: string;
  tz: string;
  asOf?: string;
}

/** commander's flags: the fixed ones, plus one per filter under its camel-cased name (`openedSince`). */
type ListFlags = CommonFlags & { sort: string; format: string; out?: string; excel?: boolean; raw?: boolean; delimiter?: string } & Record<string, unknown>;

const camel = (name: string) => name.replace(/-(\w)/g, (_, letter: string) => letter.toUpperCase());

/**
 * What a subcommand needs beyond listing (a case's timeline, the sheet, updates, root causes) is
 * imported by that subcommand when it runs: `cases list` loads the list's modules only.
 */
export function registerCases(program: Command, run: CliRun): void {
  const cases = program.command('cases').description('list, show, update, export and import exception cases');

  const withFilters = (command: Command) => {
    for (const name of FILTERS) command.option(`--${name} <value>`, FILTER_HELP[name]);
    return command
      .option('--sort <key>', `order: ${CASE_SORTS.join(', ')} (biggest first)`, 'score')
      .option('--as-of <time>', 'compute ages at this instant (default now)');
  };
  const common = (command: Command) =>
    command
      .option('--db <file>', 'SQLite store (default ./logex.db or $LOGEX_DB)', defaultDbPath(run.env))
      .option('--tz <zone>', 'IANA zone for times without an offset', 'UTC');

  addFormatOption(common(withFilters(cases.command('list').description('cases matching the filters, worst first'))), CASE_LIST_FORMATS)
    .option('--out <file>', 'write to a file instead of stdout')
    .option('--excel', 'CSV for Excel: UTF-8 BOM first')
    .option('--raw', "CSV cells as stored: no ' guard before text starting with = + - @ (for programs, not spreadsheets)")
    .option('--delimiter <char>', 'CSV separator: , (default), ; (European Excel: decimals with a comma too) or tab')
    .action(async (flags: ListFlags) => {
      run.exitCode = await list(run, flags);
    });

  addFormatOption(
    common(cases.command('show').description('one case: its details, the shipment timeline, its history').argument('<id>', 'case number')).option(
      '--as-of <time>',
      'the timeline as known at this instant (default now)',
    ),
    CASE_DETAIL_FORMATS,
  ).action(async (id: string, flags: CommonFlags & { format: string }) => {
    run.exitCode = await show(run, id, flags);
  });

  common(cases.command('update').description('change status, assignee, team, root cause, outcome, or add a note').argument('[ids...]', 'case numbers'))
    .option('--where <condition...>', `the cases matching NAME=VALUE filters instead of ids (${FILTERS.join(', ')})`)
    .option('--status <status>', 'move to this status')
    .option('--assignee <name>', 'assign ("none" to unassign)')
    .option('--team <team>', 'hand over to this team')
    .option('--root-cause <category/cause>', 'file under this root cause ("none" to clear)')
    .option('--outcome <text>', 'how it ended ("none" to clear)')
    .option('--note <text>', 'add a note to the history')
    .option('--by <name>', 'actor recorded in the history', osUser())
    .option('--rules <path...>', 'rule/config files with teams, root_causes, cases (default $LOGEX_RULES; else built-in root causes)')
    .action(async (ids: string[], flags: UpdateFlags) => {
      run.exitCode = await update(run, ids, flags);
    });

  common(withFilters(cases.command('export').description('the cases as CSV for a spreadsheet; edit and bring back with "cases import"')))
    .option('--out <file>', 'write to a file instead of stdout')
    .option('--excel', 'for Excel: UTF-8 BOM first')
    .option('--raw', "cells as stored: no ' guard before text starting with = + - @ (import undoes the guard)")
    .option('--delimiter <char>', 'CSV separator: , (default), ; (European Excel: decimals with a comma too) or tab')
    .action(async (flags: ListFlags) => {
      run.exitCode = await exportSheet(run, flags);
    });

  common(cases.command('import').description('apply the edits of an exported CSV: all rows valid, or nothing applied').argument('<file>', 'CSV file'))
    .option('--by <name>', 'actor recorded in the history', osUser())
    .option('--rules <path...>', 'rule/config files with teams, root_causes, cases (default $LOGEX_RULES)')
    .option('--dry-run', 'check and print the changes, apply nothing')
    .action(async (file: string, flags: ImportFlags) => {
      run.exitCode = await importCases(run, file, flags);
    });

  common(cases.command('purge').description(`delete ${PURGEABLE_STATUSES.join(' and ')} cases last changed before a date, with their history`))
    .requiredOption('--before <date>', 'last changed before this time (ISO 8601 or a date)')
    .option('--yes', 'really delete; without it, only say what would be deleted')
    .action((flags: CommonFlags & { before: string; yes?: boolean }) => {
      run.exitCode = purge(run, flags);
    });
}

/** Cases commands work on an existing store: a mistyped --db must not create an empty one. */
function withStore<T>(run: CliRun, path: string, work: (db: Db) => T): T {
  if (!existsSync(path)) throw new UsageError(`${path}: no such database; run "logex audit" first or pass --db FILE`);
  const db = openStore(path, { onUpgrade: run.noteUpgrade });
  try {
    return work(db);
  } finally {
    db.close();
  }
}

function listOf(text: string): string[] {
  return text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/** Filter texts → a CaseFilter; `label` names the flag in messages (`--status`, `--where status=`). */
function parseFilter(text: FilterText, label: (name: FilterName) => string, zone: string, now: Date): CaseFilter {
  const filter: CaseFilter = {};
  const noneAsNull = (items: string[]) => items.map((item) => (item.toLowerCase() === 'none' ? null : item));
  const statusText = text.status ?? ACTIVE_STATUSES.join(',');
  if (statusText.trim().toLowerCase() !== 'all') {
    filter.statuses = listOf(statusText).map((item): CaseStatus => {
      const parsed = parseCaseStatus(item);
      if ('problem' in parsed) throw new UsageError(`${label('status')}: ${parsed.problem}`);
      return parsed.status;
    });
  }
  if (text.severity) filter.severities = listOf(text.severity).map((item) => choice(label('severity'), item.toLowerCase(), SEVERITIES));
  if (text.team) filter.teams = noneAsNull(listOf(text.team));
  if (text.assignee) filter.assignees = noneAsNull(listOf(text.assignee));
  if (text.carrier) filter.carriers = listOf(text.carrier);
  if (text.rule) filter.rules = listOf(text.rule);
  if (text.lane) filter.lanes = listOf(text.lane);
  const time = (name: FilterName, value: string) => {
    try {
      return parseAsOf(value, zone, now);
    } catch (error) {
      throw new UsageError(`${label(name)}: ${(error as Error).message.replace(/^--as-of: /, '')}`);
    }
  };
  if (text['opened-since']) filter.openedSince = time('opened-since', text['opened-since']);
  if (text['updated-since']) filter.updatedSince = time('updated-since', text['updated-since']);
  if (text['age-over']) {
    filter.ageOverMs = parseDuration(text['age-over']);
    if (filter.ageOverMs === undefined) throw new UsageError(`${label('age-over')}: "${text['age-over']}" is not a duration (90m, 6h, 2d, 1w)`);
  }
  return filter;
}

function filterFlags(flags: Record<string, unknown>): FilterText {
  return Object.fromEntries(FILTERS.flatMap((name) => (typeof flags[camel(name)] === 'string' ? [[name, flags[camel(name)]]] : [])));
}

/** `--where status=open,acknowledged --where team=ocean-desk` → the same filter texts as the list flags. */
function whereConditions(conditions: string[]): FilterText {
  const text: FilterText = {};
  for (const condition of conditions) {
    const match = /^([\w-]+)=(.*)$/.exec(condition.trim());
    if (!match) throw new UsageError(`--where: "${condition}" is not NAME=VALUE (e.g. status=open, team=ocean-desk, age-over=2d)`);
    const name = match[1]!.toLowerCase().replace(/_/g, '-');
    if (!(FILTERS as readonly string[]).includes(name)) {
      const near = closestName(name, FILTERS);
      throw new UsageError(`--where: unknown filter "${match[1]}"${near ? `; did you mean "${near}"?` : ` (filters: ${FILTERS.join(', ')})`}`);
    }
    text[name as FilterName] = match[2]!;
  }
  return text;
}

async function list(run: CliRun, flags: ListFlags): Promise<number> {
  const format = chooseFormat(CASE_LIST_FORMATS, flags.format);
  const output = await outputOptions(run, flags);
  const sort = choice('--sort', flags.sort, CASE_SORTS);
  const zone = checkZone(flags.tz);
  const now = new Date();
  const asOf = parseAsOf(flags.asOf, zone, now);
  const filter = parseFilter(filterFlags(flags), (name) => `--${name}`, zone, now);
  const records = withStore(run, flags.db, (db) => listCases(db, filter, { sort, asOf }));
  await printFormatted(run, format, { records, asOf }, output, flags.out);
  return ExitCode.Ok;
}

function caseNumber(text: string): number {
  if (!/^\d+$/.test(text.trim()) || Number(text) === 0) throw new UsageError(`"${text}" is not a case number`);
  return Number(text);
}

async function show(run: CliRun, id: string, flags: CommonFlags & { format: string }): Promise<number> {
  const format = chooseFormat(CASE_DETAIL_FORMATS, flags.format);
  const caseId = caseNumber(id);
  const asOf = parseAsOf(flags.asOf, checkZone(flags.tz), new Date());
  const { caseDetail } = await import('../../cases/show.js');
  const detail = withStore(run, flags.db, (db) => caseDetail(db, caseId, asOf));
  if (!detail) throw new UsageError(`case ${caseId} does not exist in ${flags.db}`);
  await printFormatted(run, format, { detail, asOf }, await outputOptions(run, {}), undefined);
  return ExitCode.Ok;
}

interface UpdateFlags extends CommonFlags {
  where?: string[];
  status?: string;
  assignee?: string;
  team?: string;
  rootCause?: string;
  outcome?: string;
  note?: string;
  by: string;
  rules?: string[];
}

/** Root causes, teams and required fields from the rule/config files, or the built-in defaults. */
async function loadCaseConfig(run: CliRun, paths: string[] | undefined): Promise<CaseConfig> {
  const given = paths ?? (run.env.LOGEX_RULES ? [run.env.LOGEX_RULES] : undefined);
  const { caseConfig } = await import('../../cases/config.js');
  if (!given) return caseConfig(new Map());
  // The rule loader is imported only here: `cases list` and `show` never read rule files.
  const { loadRulesOrFail } = await import('./rules-loading.js');
  return caseConfig(loadRulesOrFail(run, given, false, { requireRules: false }).sections);
}

async function update(run: CliRun, ids: string[], flags: UpdateFlags): Promise<number> {
  const clearable = (value: string | undefined) => (value === undefined ? undefined : ['', 'none'].includes(value.trim().toLowerCase()) ? null : value);
  const edit: CaseEdit = {
    status: flags.status,
    assignee: clearable(flags.assignee),
    team: clearable(flags.team),
    root_cause: clearable(flags.rootCause),
    outcome: clearable(flags.outcome),
    note: flags.note,
  };
  if (Object.values(edit).every((value) => value === undefined)) {
    throw new UsageError('nothing to change: give --status, --assignee, --team, --root-cause, --outcome or --note');
  }
  if (ids.length > 0 === (flags.where !== undefined)) throw new UsageError('give either case numbers or --where NAME=VALUE…, not both or neither');
  const zone = checkZone(flags.tz);
  const now = new Date();
  const config = await loadCaseConfig(run, flags.rules);
  const { updateCases } = await import('../../cases/update.js');
  return withStore(run, flags.db, (db) => {
    const caseIds = flags.where
      ? listCases(
          db,
          parseFilter(whereConditions(flags.where), (name) => `--where ${name}=`, zone, now),
          { sort: 'score', asOf: now.getTime() },
        ).map((c) => c.id)
      : [...new Set(ids.map(caseNumber))];
    if (caseIds.length === 0) {
      run.note('no case matches --where: nothing to update');
      return ExitCode.Ok;
    }
    const outcome = updateCases(
      db,
      caseIds.map((caseId) => ({ caseId, edit })),
      { config, mode: 'command', actor: flags.by, now: now.toISOString() },
    );
    return report(run, outcome, 'updated');
  });
}

async function report(run: CliRun, outcome: UpdateOutcome, verb: string, dryRun = false): Promise<number> {
  if (outcome.problems.length > 0) {
    const { editProblemText } = await import('../../cases/update.js');
    for (const problem of outcome.problems) run.note(editProblemText(problem));
    run.note(`nothing ${verb}: ${outcome.problems.length} problem(s); fix them and run again`);
    return ExitCode.Failure;
  }
  emit(run, changeLines(outcome.changed), undefined);
  run.note(`${outcome.changed.length} case(s) ${dryRun ? `would be ${verb} (dry run, nothing written)` : verb}, ${outcome.unchanged.length} unchanged`);
  return ExitCode.Ok;
}

async function exportSheet(run: CliRun, flags: ListFlags): Promise<number> {
  const sort = choice('--sort', flags.sort, CASE_SORTS);
  const zone = checkZone(flags.tz);
  const now = new Date();
  const filter = parseFilter(filterFlags(flags), (name) => `--${name}`, zone, now);
  const records = withStore(run, flags.db, (db) => listCases(db, filter, { sort, asOf: parseAsOf(flags.asOf, zone, now) }));
  const { casesSheet } = await import('../../cases/sheet.js');
  emit(run, casesSheet(records, { excel: flags.excel, raw: flags.raw, delimiter: csvDelimiter(flags.delimiter) }), flags.out);
  if (flags.out)
    run.note(
      `${records.length} case(s) written to ${flags.out}; edit status, assignee, team, root_cause, outcome, note and run "logex cases import ${flags.out}"`,
    );
  return ExitCode.Ok;
}

interface ImportFlags extends CommonFlags {
  by: string;
  rules?: string[];
  dryRun?: boolean;
}

async function importCases(run: CliRun, file: string, flags: ImportFlags): Promise<number> {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw new UsageError(`${file}: cannot read the file: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
  const { importSheet, parseSheet } = await import('../../cases/sheet.js');
  const sheet = parseSheet(bytes, file);
  const config = await loadCaseConfig(run, flags.rules);
  return withStore(run, flags.db, (db) => {
    const imported = importSheet(db, sheet, { config, mode: 'sheet', actor: flags.by, now: new Date().toISOString(), dryRun: flags.dryRun });
    if ('applied' in imported) return report(run, imported.applied, 'imported', flags.dryRun);
    for (const problem of imported.problems) run.note(problem);
    run.note(`nothing imported: ${imported.problems.length} problem(s); fix them and run again`);
    return ExitCode.Failure;
  });
}

function purge(run: CliRun, flags: CommonFlags & { before: string; yes?: boolean }): number {
  const zone = checkZone(flags.tz);
  let before: number;
  try {
    before = parseAsOf(flags.before, zone, new Date());
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/^--as-of/, '--before'));
  }
  const count = withStore(run, flags.db, (db) => purgeCases(db, before, flags.yes === true));
  const what = `${count.cases} ${PURGEABLE_STATUSES.join('/')} case(s) last changed before ${isoUtc(before)}, with ${count.history} history row(s)`;
  if (!flags.yes) {
    run.note(`would delete ${what}; nothing deleted: run again with --yes to delete them`);
    return ExitCode.Failure;
  }
  run.note(`deleted ${what}`);
  return ExitCode.Ok;
}
