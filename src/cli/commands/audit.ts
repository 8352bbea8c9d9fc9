import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { formatWarning } from '../../io/errors.js';
import { CodeResolver } from '../../model/codes/resolver.js';
import { CODE_TABLES } from '../../model/codes/index.js';
import { formatPosition } from '../../io/errors.js';
import { RejectedInput, runAudit, runSummary } from '../../pipeline/audit.js';
import type { InputRole } from '../../pipeline/ingest.js';
import { auditCsv, auditJson, auditTable, sortOutcomes, toAuditException } from '../../report/audit-exceptions.js';
import { colorWanted } from '../../report/render/table.js';
import { rejectsCsv } from '../../report/rejects.js';
import { isoUtc } from '../../model/time.js';
import { openStore } from '../../store/database.js';
import { auditExitCode, ExitCode, FAIL_ON_CHOICES, UsageError } from '../exit-codes.js';
import { emit, note } from '../output.js';
import { checkZone, choice, defaultDbPath, loadLocations, osUser, parseAsOf } from '../options.js';
import { loadRulesOrFail } from './rules-loading.js';
import { sectionValue } from '../../rules/sections/section.js';
import { slasSection } from '../../rules/sections/slas.js';
import { scoringSection } from '../../rules/sections/scoring.js';
import { EVENT_FORMATS } from '../../io/detect.js';

interface AuditFlags {
  plans?: string[];
  events?: string[];
  documents?: string[];
  inventory?: string[];
  rules: string[];
  db: string;
  asOf?: string;
  tz: string;
  locations?: string[];
  inputFormat?: string;
  format: string;
  out?: string;
  excel?: boolean;
  failOn: string;
  rejects?: string;
  quiet?: boolean;
  by: string;
}

const FORMATS = ['table', 'json', 'csv'] as const;
/** The most bad rows printed before "and N more": enough to see the pattern, not a flood. */
const MAX_ERRORS_SHOWN = 20;

export function registerAudit(program: Command): void {
  program
    .command('audit')
    .description('read plans and carrier events, check them against the rules as of a time, and update the cases')
    .option('--plans <file...>', 'shipment plan CSV files ("-" for stdin)')
    .option('--events <file...>', 'carrier event files: CSV, X12 214/315, EDIFACT IFTSTA, DCSA JSON ("-" for stdin)')
    .option('--documents <file...>', 'shipment document CSV files (shipment_id, doc_type, received_at, status)')
    .option('--inventory <file...>', 'stock count CSV files (sku, location, on_hand, min_level, expected_qty, counted_qty, as_of)')
    .requiredOption('--rules <path...>', 'rule files or directories of *.yaml')
    .option('--db <file>', 'SQLite store (default ./logex.db or $LOGEX_DB)', defaultDbPath())
    .option('--as-of <time>', 'evaluate as of this instant (ISO 8601; default now)')
    .option('--tz <zone>', 'IANA zone for local times with no offset and no known location', 'UTC')
    .option('--locations <file...>', 'extra UN/LOCODE → IANA zone CSV (locode,zone)')
    .option('--input-format <format>', `event format instead of detecting it: ${EVENT_FORMATS.join(', ')}`)
    .option('--format <format>', 'table, json or csv', 'table')
    .option('--out <file>', 'write the report to a file instead of stdout')
    .option('--excel', 'CSV for Excel: UTF-8 BOM, formula-like cells neutralised')
    .option('--fail-on <severity>', `exit 1 when an exception at or above this severity holds (${FAIL_ON_CHOICES.join(', ')})`, 'low')
    .option('--rejects <file>', 'write bad input rows here and go on, instead of failing the run')
    .option('--quiet', 'print nothing when the run exits 0; no summary or warnings on stderr')
    .option('--by <name>', 'actor recorded in case history', osUser())
    .action(async (flags: AuditFlags) => {
      process.exitCode = await audit(flags);
    });
}

async function audit(flags: AuditFlags): Promise<number> {
  const format = choice('--format', flags.format, FORMATS);
  const failOn = choice('--fail-on', flags.failOn, FAIL_ON_CHOICES);
  const eventFormat = flags.inputFormat ? choice('--input-format', flags.inputFormat, EVENT_FORMATS) : undefined;
  const zone = checkZone(flags.tz);
  const now = new Date();
  const asOf = parseAsOf(flags.asOf, zone, now);
  const inputs: { role: InputRole; path: string }[] = [
    ...(flags.plans ?? []).map((path) => ({ role: 'plans' as const, path })),
    ...(flags.events ?? []).map((path) => ({ role: 'events' as const, path })),
    ...(flags.documents ?? []).map((path) => ({ role: 'documents' as const, path })),
    ...(flags.inventory ?? []).map((path) => ({ role: 'inventory' as const, path })),
  ];
  if (inputs.filter((input) => input.path === '-').length > 1) throw new UsageError('only one input can be read from stdin ("-")');
  const { rules, sections } = loadRulesOrFail(flags.rules, !flags.quiet);
  const locations = loadLocations(flags.locations);

  const db = openStore(flags.db);
  try {
    const result = await runAudit(db, {
      inputs,
      rules,
      evaluation: { slas: sectionValue(sections, slasSection), weights: sectionValue(sections, scoringSection) },
      asOf,
      now: now.toISOString(),
      actor: flags.by,
      readerOptions: { time: locations.timeContext(zone), codes: new CodeResolver(CODE_TABLES), eventFormat },
      continueOnRejects: flags.rejects !== undefined,
    });
    if (flags.rejects && result.log.rejections.length > 0) writeFileSync(flags.rejects, rejectsCsv(result.log.rejections));
    const exceptions = sortOutcomes(result.cases.outcomes).map(toAuditException);
    const exitCode = auditExitCode(result.cases.outcomes.map((o) => o.exception.severity), failOn);
    const summary = runSummary(result);
    if (!flags.quiet) {
      for (const warning of result.log.warnings) note(formatWarning(warning));
      for (const [code, count] of Object.entries(summary.unknown_codes)) {
        note(`warning: unknown carrier code ${code} (${count} event${count > 1 ? 's' : ''}) stored as carrier_exception`);
      }
      note(
        `audit run ${result.runId} as of ${isoUtc(asOf)}: ${summary.exceptions} exception(s) ` +
          `(${summary.new} new, ${summary.still_open} still open), ${summary.cleared} cleared; ` +
          `${summary.shipments_evaluated} shipments, ${summary.events_stored} events stored, ` +
          `${summary.events_duplicate} duplicate(s), ${summary.rows_rejected} row(s) rejected`,
      );
    }
    if (flags.quiet && exitCode === ExitCode.Ok) return exitCode;
    const run = { id: result.runId, as_of: isoUtc(asOf), started_at: now.toISOString(), db: flags.db, ...summary };
    if (format === 'json') emit(auditJson(run, exceptions), flags.out);
    else if (format === 'csv') emit(auditCsv(exceptions, { excel: flags.excel }), flags.out);
    else emit(auditTable(exceptions, !flags.out && colorWanted(process.stdout)), flags.out);
    return exitCode;
  } catch (error) {
    if (!(error instanceof RejectedInput)) throw error;
    const { rejections } = error.log;
    for (const rejection of rejections.slice(0, MAX_ERRORS_SHOWN)) note(`${formatPosition(rejection.error.position)}: ${rejection.error.detail}`);
    if (rejections.length > MAX_ERRORS_SHOWN) note(`… and ${rejections.length - MAX_ERRORS_SHOWN} more`);
    note(`audit failed: ${rejections.length} bad row(s), nothing written; fix them or pass --rejects FILE to set them aside`);
    return ExitCode.Failure;
  } finally {
    db.close();
  }
}
