/**
 * Loading a `--mapping` file: YAML with positions, the JSON Schema (every error collected), then the
 * checks a schema cannot express (zones, date formats, required columns). Any error stops the run
 * before anything is read or written, like an invalid rule file.
 */
import { readFileSync, statSync } from 'node:fs';
import type { CodeMapping, CodeOverrides } from '../../model/codes/resolver.js';
import { isValidZone } from '../../model/time.js';
import type { Diagnostic, ProblemCode } from '../diagnostics.js';
import { lazyValidator, parsePositionedYaml, relevantErrors, schemaDiagnostic, type Locate, type SchemaWording } from '../positioned-yaml.js';
import { EVENT_REF_COLUMNS, EVENT_REQUIRED_COLUMNS, PLAN_REQUIRED_COLUMNS } from '../csv/canonical.js';
import { EMPTY_MAPPING, type Mapping, type MappingProfile, type ProfileEncoding, type ProfileRecords } from './profile.js';
import { mappingFileSchema, REF_COLUMN_PATTERN } from './schema.js';

/** Mapping files are small; a bigger one is the wrong file, refused before parsing. */
export const MAX_MAPPING_FILE_BYTES = 2 * 1024 * 1024;
const MAX_ALIAS_COUNT = 100;

export interface LoadedMapping {
  mapping: Mapping;
  diagnostics: Diagnostic[];
}

type RawStatus = string | { status: string; classifier?: string; label?: string };
type TextOrList = string | string[];

interface RawProfile {
  name: string;
  records: ProfileRecords;
  files?: TextOrList;
  delimiter?: string;
  encoding?: ProfileEncoding;
  decimal_separator?: '.' | ',';
  date_format?: TextOrList;
  zone?: string;
  columns: Record<string, TextOrList>;
  statuses?: Record<string, RawStatus>;
  values?: Record<string, Record<string, string>>;
  constants?: Record<string, string>;
}

interface RawMapping {
  codes?: Record<string, Record<string, Record<string, RawStatus>>>;
  profiles?: RawProfile[];
  sender_zones?: Record<string, string>;
}

const validateFile = lazyValidator('mapping', () => mappingFileSchema());

export function loadMapping(file: string): LoadedMapping {
  const failed = (message: string): LoadedMapping => ({
    mapping: EMPTY_MAPPING,
    diagnostics: [{ file, line: 1, column: 1, severity: 'error', code: 'unreadable', message }],
  });
  let text: string;
  try {
    if (statSync(file).size > MAX_MAPPING_FILE_BYTES) {
      return failed(`the file is larger than ${MAX_MAPPING_FILE_BYTES / 1024 / 1024} MiB; mapping files are refused above that`);
    }
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return failed(code === 'ENOENT' ? 'no such file' : (error as Error).message);
  }
  return loadMappingText(text, file);
}

export function loadMappingText(text: string, file: string): LoadedMapping {
  const { data, diagnostics, position } = parsePositionedYaml(text, file, { maxAliasCount: MAX_ALIAS_COUNT, schema: 'failsafe' });
  if (data === undefined) return { mapping: EMPTY_MAPPING, diagnostics };
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    diagnostics.push({
      file,
      line: 1,
      column: 1,
      severity: 'error',
      code: 'schema',
      message: 'a mapping file is a mapping with "version: 1", "codes:", "profiles:" and/or "sender_zones:"',
    });
    return { mapping: EMPTY_MAPPING, diagnostics };
  }

  const brokenProfiles = new Set<number>();
  let codesBroken = false;
  let senderZonesBroken = false;
  const validate = validateFile();
  if (!validate(data)) {
    // An "if" error only says that a "then" failed; the errors inside it say what is wrong.
    for (const error of relevantErrors(validate.errors ?? []).filter((e) => e.keyword !== 'if')) {
      diagnostics.push(schemaDiagnostic(error, data, file, position, { wording: mappingWording }));
      const [, top, index] = /^\/([^/]+)(?:\/(\d+))?/.exec(error.instancePath) ?? [];
      if (top === 'profiles' && index !== undefined) brokenProfiles.add(Number(index));
      else if (top === 'codes') codesBroken = true;
      else if (top === 'sender_zones') senderZonesBroken = true;
    }
  }

  // The parts without schema errors are checked further, so one run shows every mistake.
  const raw = data as RawMapping;
  const profiles: MappingProfile[] = [];
  const declared = new Map<string, string>();
  (Array.isArray(raw.profiles) ? raw.profiles : []).forEach((profile, index) => {
    if (brokenProfiles.has(index)) return;
    const problems = checkProfile(profile, index, file, position, declared);
    diagnostics.push(...problems);
    if (problems.length === 0) profiles.push(toProfile(profile, file, position(['profiles', index])));
  });
  const codes = codesBroken ? {} : toOverrides(raw.codes ?? {});
  const senderZones: Record<string, string> = {};
  for (const [sender, zone] of Object.entries(senderZonesBroken ? {} : (raw.sender_zones ?? {}))) {
    if (isValidZone(zone)) senderZones[sender.trim().toUpperCase()] = zone;
    else {
      diagnostics.push({
        file,
        ...position(['sender_zones', sender]),
        severity: 'error',
        code: 'invalid-zone',
        message: `sender_zones.${sender}: "${zone}" is not an IANA time zone (e.g. America/Toronto, Europe/Berlin)`,
      });
    }
  }
  return { mapping: { codes, profiles, senderZones }, diagnostics: sortByPosition(diagnostics) };
}

function sortByPosition(diagnostics: Diagnostic[]): Diagnostic[] {
  return diagnostics.sort((a, b) => a.line - b.line || a.column - b.column);
}

const mappingWording: SchemaWording = (error, { path, value, where }) => {
  if (error.keyword === 'pattern' && path.at(-1) === 'name') {
    return { message: `${where}: "${String(value)}" is not a valid profile name (letters, digits, "-", "_", ".")` };
  }
  if (error.keyword === 'maxLength' && path.at(-1) === 'delimiter') {
    return { message: `${where}: "${String(value)}" is not one character (use ";" or "\\t" in quotes)` };
  }
  if (error.keyword === 'type' && error.params.type === 'object' && typeof value === 'string') {
    return { message: `${where}: expected a mapping (key: value lines under it), found the text "${value}"` };
  }
  return undefined;
};

function checkProfile(profile: RawProfile, index: number, file: string, position: Locate, declared: Map<string, string>): Diagnostic[] {
  const problems: Diagnostic[] = [];
  const base = ['profiles', index];
  const where = `profiles.${index}`;
  const problem = (path: (string | number)[], code: ProblemCode, message: string, keyOf?: string) =>
    problems.push({ file, ...position([...base, ...path], keyOf), severity: 'error', code, message });

  const at = position([...base, 'name']);
  const earlier = declared.get(profile.name);
  if (earlier) problem(['name'], 'duplicate-profile', `${where}.name: profile "${profile.name}" is already declared at ${earlier}`);
  else declared.set(profile.name, `${file}:${at.line}:${at.column}`);

  if (profile.zone !== undefined && !isValidZone(profile.zone)) {
    problem(['zone'], 'invalid-zone', `${where}.zone: "${profile.zone}" is not an IANA time zone (e.g. Europe/Berlin, America/Chicago)`);
  }
  listOf(profile.date_format).forEach((format, formatIndex) => {
    const mistake = dateFormatMistake(format);
    const path = Array.isArray(profile.date_format) ? ['date_format', formatIndex] : ['date_format'];
    if (mistake) problem(path, 'invalid-date-format', `${where}.${path.join('.')}: "${format}" ${mistake}`);
  });
  for (const column of Object.keys(profile.constants ?? {})) {
    if (column in profile.columns) {
      problem(['constants'], 'constant-and-column', `${where}.constants: "${column}" is also read from a column; keep one of the two`, column);
    }
  }
  if (profile.values && 'status' in profile.values) {
    problem(['values'], 'status-values', `${where}.values: translate statuses under "statuses:" (an entry there can also set the classifier)`, 'status');
  }
  const provided = new Set([...Object.keys(profile.columns), ...Object.keys(profile.constants ?? {})]);
  const required: readonly string[] = profile.records === 'plans' ? PLAN_REQUIRED_COLUMNS : EVENT_REQUIRED_COLUMNS;
  const missing = required.filter((column) => !provided.has(column));
  if (missing.length > 0) {
    problem(
      [],
      'missing-column',
      `${where}.columns: nothing gives ${missing.map((c) => `"${c}"`).join(', ')}; ${profile.records} need ${required.join(', ')} (a column or a constant)`,
      'columns',
    );
  }
  const identifies = [...provided].some(
    (column) =>
      column === 'shipment_id' || column === 'refs' || (EVENT_REF_COLUMNS as readonly string[]).includes(column) || new RegExp(REF_COLUMN_PATTERN).test(column),
  );
  if (profile.records === 'events' && !identifies) {
    problem(
      [],
      'missing-column',
      `${where}.columns: no column identifies the shipment: map "shipment_id" or a reference (${EVENT_REF_COLUMNS.join(', ')}, refs, ref_<kind>)`,
      'columns',
    );
  }
  return problems;
}

/**
 * A date format that cannot give a date: luxon would read every row "successfully" into the wrong
 * day (`mm` is minutes, not the month), so the mistake is caught here, once.
 */
function dateFormatMistake(format: string): string | undefined {
  const tokens = format.replace(/'[^']*'/g, '');
  if (!/y/.test(tokens)) return 'has no year: use yyyy (or yy)';
  if (!/[ML]/.test(tokens)) return /m/.test(tokens) ? 'has no month: MM is the month, mm the minutes' : 'has no month: use MM';
  if (!/d/.test(tokens)) return 'has no day: use dd';
  return undefined;
}

function listOf(value: TextOrList | undefined): string[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).map((item) => item.trim());
}

function toMapping(raw: RawStatus): CodeMapping {
  if (typeof raw === 'string') return { status: raw as CodeMapping['status'] };
  return {
    status: raw.status as CodeMapping['status'],
    ...(raw.classifier ? { classifier: raw.classifier as CodeMapping['classifier'] } : {}),
    ...(raw.label ? { label: raw.label } : {}),
  };
}

/** Partner ids and codes are matched upper-cased, as the code resolver looks them up. */
function toOverrides(raw: NonNullable<RawMapping['codes']>): CodeOverrides {
  const overrides: CodeOverrides = {};
  for (const [table, partners] of Object.entries(raw)) {
    const byPartner: CodeOverrides[string] = {};
    for (const [partner, codes] of Object.entries(partners)) {
      const key = partner.trim().toUpperCase();
      byPartner[key] = { ...byPartner[key] };
      for (const [code, mapping] of Object.entries(codes)) byPartner[key][code.trim().toUpperCase()] = toMapping(mapping);
    }
    overrides[table] = byPartner;
  }
  return overrides;
}

function lowerKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key.trim().toLowerCase(), value]));
}

function toProfile(raw: RawProfile, file: string, at: { line: number; column: number }): MappingProfile {
  return {
    name: raw.name,
    records: raw.records,
    files: listOf(raw.files),
    delimiter: raw.delimiter ?? ',',
    encoding: raw.encoding ?? 'utf-8',
    decimalSeparator: raw.decimal_separator ?? '.',
    dateFormats: listOf(raw.date_format),
    ...(raw.zone ? { zone: raw.zone } : {}),
    columns: Object.fromEntries(Object.entries(raw.columns).map(([column, source]) => [column, listOf(source)])),
    ...(raw.statuses ? { statuses: Object.fromEntries(Object.entries(lowerKeys(raw.statuses)).map(([value, status]) => [value, toMapping(status)])) } : {}),
    values: Object.fromEntries(Object.entries(raw.values ?? {}).map(([column, table]) => [column, lowerKeys(table)])),
    constants: raw.constants ?? {},
    source: { file, ...at },
  };
}
