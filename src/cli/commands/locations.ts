/**
 * `logex locations FILE...`: which places a feed uses and how each one's time zone is found, before
 * (or instead of) an audit. Reads like `ingest` (same readers, --tz, --locations, --mapping) and
 * stores nothing. Exit 0 when it read the files, 2 when it could not (docs/locations.md).
 */
import type { CliRun } from '../io.js';
import type { Command } from 'commander';
import { EVENT_FORMATS } from '../../io/detect.js';
import { EMPTY_MAPPING } from '../../io/mapping/profile.js';
import { surveyLocations } from '../../pipeline/locations-survey.js';
import { LOCATIONS_FORMATS } from '../../report/locations.js';
import { ExitCode, UsageError } from '../exit-codes.js';
import { checkZone, choice } from '../options.js';
import { checkOutputFile } from '../output.js';
import { addFormatOption, chooseFormat, outputOptions, printFormatted } from '../formatters.js';
import { mappingOrFail } from '../inputs.js';

interface LocationsFlags {
  plans?: string[];
  tz: string;
  locations?: string[];
  inputFormat?: string;
  mapping?: string;
  format: string;
  out?: string;
  excel?: boolean;
  quiet?: boolean;
}

export function registerLocations(program: Command, run: CliRun): void {
  const command = program
    .command('locations')
    .description("list the places event files use and how each one's time zone is found (nothing is stored)")
    .argument('[files...]', 'carrier event files: CSV, X12 214/315, EDIFACT IFTSTA, DCSA JSON ("-" for stdin)')
    .option('--plans <file...>', 'shipment plan CSV files: their origins and destinations too')
    .option('--tz <zone>', 'IANA zone for local times with no offset and no known location', 'UTC')
    .option('--locations <file...>', 'UN/LOCODE → IANA zone CSV (locode,zone) that wins over the datasets')
    .option('--input-format <format>', `event format instead of detecting it: ${EVENT_FORMATS.join(', ')}`)
    .option('--mapping <file>', 'YAML with per-partner code overrides and profiles for foreign CSV layouts');
  addFormatOption(command, LOCATIONS_FORMATS)
    .option('--out <file>', 'write the list here instead of stdout')
    .option('--excel', 'CSV for Excel: UTF-8 BOM first')
    .option('--quiet', 'no summary on stderr')
    .action(async (files: string[], flags: LocationsFlags) => {
      run.exitCode = await locations(run, files, flags);
    });
}

async function locations(run: CliRun, files: string[], flags: LocationsFlags): Promise<number> {
  const format = chooseFormat(LOCATIONS_FORMATS, flags.format);
  const zone = checkZone(flags.tz);
  const eventFormat = flags.inputFormat ? choice('--input-format', flags.inputFormat, EVENT_FORMATS) : undefined;
  const inputs = [...(flags.plans ?? []).map((path) => ({ role: 'plans' as const, path })), ...files.map((path) => ({ role: 'events' as const, path }))];
  if (inputs.length === 0) throw new UsageError('nothing to list: name event files (or --plans files)');
  if (inputs.filter((input) => input.path === '-').length > 1) throw new UsageError('only one input can be read from stdin ("-")');
  checkOutputFile('--out', flags.out);
  const mapping = flags.mapping ? mappingOrFail(run, flags.mapping, !flags.quiet) : EMPTY_MAPPING;
  const survey = await surveyLocations({ inputs, zone, locationFiles: flags.locations ?? [], mapping, eventFormat });
  const rows = survey.places;
  await printFormatted(run, format, { places: rows, tz: zone }, await outputOptions(run, flags), flags.out);
  if (!flags.quiet) {
    const guessed = rows.filter((row) => row.guessed);
    const unknown = rows.filter((row) => row.source === 'unknown' && !row.guessed);
    run.note(
      `${rows.length} place(s); ${guessed.length} whose local times were read in ${zone} (--tz) because their zone is unknown` +
        `${unknown.length ? `; ${unknown.length} more without a known zone (their times carry offsets)` : ''}` +
        `${survey.rowsRejected ? `; ${survey.rowsRejected} record(s) could not be read` : ''}`,
    );
  }
  return ExitCode.Ok;
}
