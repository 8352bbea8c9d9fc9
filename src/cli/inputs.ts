/**
 * The input side that `audit` and `ingest` share: their flags (declared once), checking them and
 * loading what reading needs before the store is opened, and reporting what reading found.
 */
import type { CliRun } from './io.js';
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { EVENT_FORMATS } from '../io/detect.js';
import { formatPosition, formatWarning } from '../io/errors.js';
import { loadMapping } from '../io/mapping/load.js';
import { EMPTY_MAPPING, type Mapping } from '../io/mapping/profile.js';
import type { IngestLog } from '../pipeline/ingest.js';
import { rejectsCsv } from '../report/rejects.js';
import { formatDiagnostic, hasErrors } from '../io/diagnostics.js';
import { hasNoRuns, openStore, removeStoreFiles, type Db } from '../store/database.js';
import { acquireRunLock } from '../store/lock.js';
import { ExitCode, UsageError } from './exit-codes.js';
import { checkOutputFile, writeOutputFile } from './output.js';
import { readerOptionsFrom, type IngestOptions, type InputRole, type ReaderRecipe } from '../pipeline/read-input.js';
import { checkZone, choice, defaultDbPath, flagNumber } from './options.js';

export interface InputFlags {
  plans?: string[];
  events?: string[];
  documents?: string[];
  inventory?: string[];
  db: string;
  tz: string;
  locations?: string[];
  inputFormat?: string;
  mapping?: string;
  rejects?: string;
  quiet?: boolean;
  wait: string;
  requireInput?: boolean;
}

/** The most bad rows printed before "and N more": enough to see the pattern, not a flood. */
const MAX_ERRORS_SHOWN = 20;

export function addInputOptions(run: CliRun, command: Command): Command {
  return command
    .option('--plans <file...>', 'shipment plan CSV files ("-" for stdin)')
    .option('--events <file...>', 'carrier event files: CSV, X12 214/315, EDIFACT IFTSTA, DCSA JSON ("-" for stdin)')
    .option('--documents <file...>', 'shipment document CSV files (shipment_id, doc_type, received_at, status)')
    .option('--inventory <file...>', 'stock count CSV files (sku, location, on_hand, min_level, expected_qty, counted_qty, as_of)')
    .option('--db <file>', 'SQLite store (default ./logex.db or $LOGEX_DB)', defaultDbPath(run.env))
    .option('--tz <zone>', 'IANA zone for local times with no offset and no known location', 'UTC')
    .option('--locations <file...>', 'extra UN/LOCODE → IANA zone CSV (locode,zone)')
    .option('--input-format <format>', `event format instead of detecting it: ${EVENT_FORMATS.join(', ')}`)
    .option('--mapping <file>', 'YAML with per-partner code overrides and profiles for foreign CSV layouts')
    .option('--rejects <file>', 'write bad input rows here and go on, instead of failing the run')
    .option('--quiet', 'print nothing when the run exits 0; no summary or warnings on stderr')
    .option('--wait <seconds>', 'if another audit or ingest holds the database, wait this long before giving up', '0')
    .option('--require-input', 'an input pattern that matches no file (inbox/*.edi on a night without a drop) fails the run instead of being skipped');
}

/**
 * The store for a writing run: the run lock first (waiting up to --wait), then SQLite, which waits as
 * long. `compacting`: the run is `db compact`, so the upgrade note need not suggest it.
 */
export async function openStoreForRun(
  run: CliRun,
  flags: Pick<InputFlags, 'db' | 'wait' | 'quiet'>,
  command: string,
  now: Date,
  { compacting = false } = {},
): Promise<{ db: Db; close(): void }> {
  const waitSeconds = flagNumber('--wait', flags.wait, { unit: 'seconds' });
  const lock = await acquireRunLock(flags.db, command, now.toISOString(), waitSeconds * 1000);
  if (lock.tookOverFrom && !flags.quiet) {
    run.note(
      `warning: took over the lock of ${lock.tookOverFrom.command} pid ${lock.tookOverFrom.pid} (since ${lock.tookOverFrom.since}), which is no longer running`,
    );
  }
  // A store this run creates and then fails to fill is removed again: left behind, it would make the
  // next `cases list` say "No cases." instead of "no such database".
  const creating = flags.db !== ':memory:' && !existsSync(flags.db);
  try {
    const db = openStore(flags.db, {
      busyTimeoutMs: Math.max(5000, waitSeconds * 1000),
      onUpgrade: flags.quiet ? undefined : run.noteUpgrade,
      compacting,
    });
    return {
      db,
      close() {
        const unused = creating && hasNoRuns(db);
        db.close();
        if (unused) removeStoreFiles(flags.db);
        lock.release();
      },
    };
  } catch (error) {
    lock.release();
    throw error;
  }
}

export interface PreparedInputs {
  inputs: { role: InputRole; path: string }[];
  readerOptions: IngestOptions;
  /** The checked --tz. */
  zone: string;
}

/** Every mistake in the input flags or the mapping file is exit 2 here, before the store is opened. */
export function prepareInputs(run: CliRun, flags: InputFlags): PreparedInputs {
  const eventFormat = flags.inputFormat ? choice('--input-format', flags.inputFormat, EVENT_FORMATS) : undefined;
  const zone = checkZone(flags.tz);
  const inputs: { role: InputRole; path: string }[] = [
    ...(flags.plans ?? []).map((path) => ({ role: 'plans' as const, path })),
    ...(flags.events ?? []).map((path) => ({ role: 'events' as const, path })),
    ...(flags.documents ?? []).map((path) => ({ role: 'documents' as const, path })),
    ...(flags.inventory ?? []).map((path) => ({ role: 'inventory' as const, path })),
  ];
  if (inputs.filter((input) => input.path === '-').length > 1) throw new UsageError('only one input can be read from stdin ("-")');
  const present = inputs.filter((input) => {
    if (!isUnmatchedPattern(input.path)) return true;
    const message = `--${input.role} ${input.path} matches no file`;
    if (flags.requireInput) throw new UsageError(`${message} (--require-input)`);
    if (!flags.quiet) run.note(`warning: ${message}; skipped (--require-input makes this an error)`);
    return false;
  });
  checkOutputFile('--rejects', flags.rejects);
  const mapping = flags.mapping ? mappingOrFail(run, flags.mapping, !flags.quiet) : EMPTY_MAPPING;
  // Loaded here, where a bad locations file is exit 2 before anything is read; the parse thread loads it again.
  const recipe: ReaderRecipe = { zone, locationFiles: flags.locations ?? [], mapping, eventFormat };
  return { inputs: present, zone, readerOptions: { ...readerOptionsFrom(recipe), parseThread: recipe } };
}

/**
 * A shell passes a glob that matches nothing on as it is (`inbox/*.edi`): no file by that name, and
 * a pattern in the name. That is a night without a drop, not a missing file.
 */
function isUnmatchedPattern(path: string): boolean {
  return /[*?[]/.test(path) && !existsSync(path);
}

/** A mapping file, or exit 2 with each of its errors: nothing is read with a broken mapping. */
export function mappingOrFail(run: CliRun, file: string, showWarnings: boolean): Mapping {
  const { mapping, diagnostics } = loadMapping(file);
  if (hasErrors(diagnostics)) {
    for (const diagnostic of diagnostics) run.note(formatDiagnostic(diagnostic));
    throw new UsageError(`invalid mapping file ${file}: ${diagnostics.filter((d) => d.severity === 'error').length} error(s); nothing was read or written`);
  }
  if (showWarnings) for (const diagnostic of diagnostics) run.note(formatDiagnostic(diagnostic));
  return mapping;
}

const SAME_WARNING_SHOWN = 3;

/** Warnings with their positions (the same one at most three times), then each unknown carrier code once with how often it came. */
export function noteInputFindings(run: CliRun, log: IngestLog): void {
  // A feed can repeat one warning on every event: a few show where, the count says how often.
  const seen = new Map<string, number>();
  for (const warning of log.warnings) {
    const times = (seen.get(warning.message) ?? 0) + 1;
    seen.set(warning.message, times);
    if (times <= SAME_WARNING_SHOWN) run.note(formatWarning(warning));
  }
  for (const [message, times] of seen) {
    if (times > SAME_WARNING_SHOWN) run.note(`warning: … and ${times - SAME_WARNING_SHOWN} more of: ${message}`);
  }
  for (const [code, count] of Object.entries(log.counts.unknownCodes)) {
    run.note(`warning: unknown carrier code ${code} (${count} event${count > 1 ? 's' : ''}) stored as carrier_exception`);
  }
}

export function writeRejects(file: string | undefined, log: IngestLog): void {
  if (file && log.rejections.length > 0) writeOutputFile(file, [rejectsCsv(log.rejections)]);
}

/** A run refused for bad rows: each one with its position, then what to do. */
export function noteRejected(run: CliRun, command: string, log: IngestLog): ExitCode {
  const { rejections } = log;
  // The warnings first: one may say why a row was refused (a DCSA reference of the wrong type).
  noteInputFindings(run, log);
  for (const rejection of rejections.slice(0, MAX_ERRORS_SHOWN)) run.note(`${formatPosition(rejection.error.position)}: ${rejection.error.detail}`);
  if (rejections.length > MAX_ERRORS_SHOWN) run.note(`… and ${rejections.length - MAX_ERRORS_SHOWN} more`);
  run.note(`${command} failed: ${rejections.length} bad row(s), nothing written; fix them or pass --rejects FILE to set them aside`);
  return ExitCode.Failure;
}
