/**
 * Reading a foreign CSV layout through a mapping profile. Each row is seen through canonical column
 * names (renamed, joined, translated, constants filled in) and then built into a record by the same
 * code as canonical files, so a mapped export and a canonical file cannot disagree on what a plan or
 * an event is. Problems name the export's own column and the row's line.
 */
import { luxon } from '../../model/luxon.js';
import { inZone, fromWallClock, offsetName, parseIsoTime, whyInvalid, withDeclaredZone, type TimeContext, type TimeParse } from '../../model/time.js';
import { STATUSES } from '../../model/vocabulary.js';
import type { CodeMapping } from '../../model/codes/resolver.js';
import type { CsvRow } from '../csv/rows.js';
import { EVENT_REF_COLUMNS, EVENT_REQUIRED_COLUMNS, eventFromRow, PLAN_REQUIRED_COLUMNS, planFromRow, readRows, RowReader } from '../csv/canonical.js';
import { parseEnum } from '../csv/fields.js';
import { InputError } from '../errors.js';
import type { InputStream, ReadItem, Reader } from '../reader.js';
import type { MappingProfile } from './profile.js';
import { REF_COLUMN_PATTERN } from './schema.js';

const NUMERIC_COLUMNS = ['quantity', 'value'];

/** The reader for files of `profile`: yields the same items as the canonical CSV readers. */
export function readMappedCsv(profile: MappingProfile): Reader {
  return (input, options) => {
    const layout = {
      csv: { delimiter: profile.delimiter },
      rowReader: (row: CsvRow) => new MappedRow(row, options.file, profile),
    };
    const onHeader = (columns: string[]) => checkHeader(profile, columns, options.file);
    const decoded = decode(input, profile.encoding);
    if (profile.records === 'plans') {
      return readRows(decoded, options, onHeader, (row: MappedRow): ReadItem => ({ type: 'plan', record: planFromRow(row, options.time) }), layout);
    }
    return readRows(
      decoded,
      options,
      onHeader,
      (row: MappedRow): ReadItem => {
        // References are all gathered into the mapped "refs", so no separate reference columns.
        const record = eventFromRow(row, [], options.time);
        const code = row.statusCode();
        return { type: 'event', record: code ? { ...record, rawCode: code.raw, ...(code.known ? {} : { unknownCode: true }) } : record };
      },
      layout,
    );
  };
}

/** The source column names a profile needs in a file's header to read it (lower-cased, as csvRows gives them). */
export function requiredSourceColumns(profile: MappingProfile): string[] {
  const required: readonly string[] = profile.records === 'plans' ? PLAN_REQUIRED_COLUMNS : EVENT_REQUIRED_COLUMNS;
  return required.flatMap((column) => profile.columns[column] ?? []).map((name) => name.toLowerCase());
}

function checkHeader(profile: MappingProfile, columns: string[], file: string): ReadItem[] {
  const header = new Set(columns);
  const missing = requiredSourceColumns(profile).filter((name) => !header.has(name));
  if (missing.length > 0) {
    throw new InputError(
      { file, line: 1 },
      `profile "${profile.name}" reads column${missing.length > 1 ? 's' : ''} ${missing.map((m) => `"${m}"`).join(', ')}, ` +
        `not in the header; the header has: ${columns.join(', ')}`,
    );
  }
  // An optional column the export left out reads as empty; say so once, not on every row.
  return Object.entries(profile.columns).flatMap(([canonical, sources]) =>
    sources
      .filter((source) => !header.has(source.toLowerCase()))
      .map((source) => ({
        type: 'warning' as const,
        warning: {
          position: { file, line: 1 },
          message: `profile "${profile.name}" maps column "${source}" to ${canonical}, but the header has no such column; read as empty`,
        },
      })),
  );
}

/** Exports in a single-byte encoding are decoded here; UTF-8 (and UTF-16 by its BOM) is decoded by csvRows. */
async function* decode(input: InputStream, encoding: MappingProfile['encoding']): AsyncGenerator<Buffer | string> {
  if (encoding === 'utf-8') {
    yield* input;
    return;
  }
  const decoder = new TextDecoder(encoding);
  for await (const chunk of input) yield decoder.decode(typeof chunk === 'string' ? Buffer.from(chunk) : chunk, { stream: true });
  const rest = decoder.decode();
  if (rest) yield rest;
}

function isRefColumn(column: string): boolean {
  return (EVENT_REF_COLUMNS as readonly string[]).includes(column) || new RegExp(REF_COLUMN_PATTERN).test(column);
}

/** A row of a foreign export, answering in canonical column names. */
class MappedRow extends RowReader {
  constructor(
    row: CsvRow,
    file: string,
    private readonly profile: MappingProfile,
  ) {
    super(row, file);
  }

  override text(column: string): string {
    if (column === 'refs') return this.references();
    const raw = this.raw(column);
    if (column === 'status') return this.status(raw);
    if (column === 'classifier') return this.statusMapping()?.classifier ?? this.translated(column, raw);
    const value = this.translated(column, raw);
    return NUMERIC_COLUMNS.includes(column) ? this.number(value) : value;
  }

  /** The export's status value and whether the profile's statuses know it; undefined without a statuses table. */
  statusCode(): { raw: string; known: boolean } | undefined {
    if (!this.profile.statuses) return undefined;
    const raw = this.raw('status');
    return { raw, known: this.statusMapping() !== undefined || parseEnum(raw, STATUSES).ok };
  }

  protected override columnLabel(column: string): string {
    const sources = this.profile.columns[column];
    if (sources) return `${sources.length > 1 ? 'columns' : 'column'} ${sources.map((s) => `"${s}"`).join(' + ')} (${column})`;
    if (column in this.profile.constants) return `constant ${column} of profile "${this.profile.name}"`;
    return `${column} (profile "${this.profile.name}" maps no column to it)`;
  }

  protected override parseTime(text: string, context: TimeContext, locode?: string): TimeParse {
    const { dateFormats, zone } = this.profile;
    if (dateFormats.length === 0) {
      if (!zone) return parseIsoTime(text, context, locode);
      // The zone the profile declares stands for the export's every local time, wherever it happened.
      return parseIsoTime(text, withDeclaredZone({ defaultZone: zone, zoneFor: () => undefined }, zone));
    }
    let invalid: string | undefined;
    for (const format of dateFormats) {
      const tokens = format.replace(/'[^']*'/g, '');
      const hasOffset = /z/i.test(tokens);
      const parsed = luxon().DateTime.fromFormat(text, format, { zone: 'UTC', setZone: hasOffset });
      if (!parsed.isValid) {
        if (parsed.invalidReason === 'unit out of range') invalid ??= whyInvalid(parsed);
        continue;
      }
      if (hasOffset) {
        const named = /z/.test(tokens) ? parsed.zoneName : offsetName(parsed.offset);
        return { ok: true, value: { epochMs: parsed.toMillis(), text, zone: named, zoneSource: 'offset' } };
      }
      const wall = { year: parsed.year, month: parsed.month, day: parsed.day, hour: parsed.hour, minute: parsed.minute, second: parsed.second };
      // The export's own zone wins over the event's location: a TMS writes every time in its zone.
      return zone ? inZone(wall, text, zone, 'profile') : fromWallClock(wall, text, context, locode);
    }
    if (invalid) return { ok: false, error: `"${text}" is not a valid date-time (${invalid})` };
    return { ok: false, error: `"${text}" does not match the date format ${dateFormats.map((f) => `"${f}"`).join(' or ')}` };
  }

  /** The value as the export has it: its source columns joined by a space, or the profile's constant. */
  private raw(column: string): string {
    const sources = this.profile.columns[column];
    if (!sources) return this.profile.constants[column] ?? '';
    return sources
      .map((source) => this.row.values[source.toLowerCase()] ?? '')
      .filter((value) => value !== '')
      .join(' ');
  }

  private translated(column: string, raw: string): string {
    return this.profile.values[column]?.[raw.toLowerCase()] ?? raw;
  }

  private statusMapping(): CodeMapping | undefined {
    return this.profile.statuses?.[this.raw('status').toLowerCase()];
  }

  /** With a statuses table, a value it does not know (and that is no canonical status) is kept as a carrier exception. */
  private status(raw: string): string {
    if (!this.profile.statuses || raw === '') return raw;
    const mapped = this.statusMapping();
    if (mapped) return mapped.status;
    return parseEnum(raw, STATUSES).ok ? raw : 'carrier_exception';
  }

  /** Every reference the profile reads, as one canonical `kind:value;…` list. */
  private references(): string {
    const parts = [this.raw('refs')];
    const columns = new Set([...Object.keys(this.profile.columns), ...Object.keys(this.profile.constants)]);
    for (const column of [...columns].filter(isRefColumn)) {
      const value = this.translated(column, this.raw(column));
      if (value === '') continue;
      if (value.includes(';')) this.fail(column, `"${value}" contains ";", which cannot be part of a reference`);
      parts.push(`${column.replace(/^ref_/, '')}:${value}`);
    }
    return parts.filter((part) => part !== '').join(';');
  }

  private number(value: string): string {
    if (this.profile.decimalSeparator === '.') return value;
    // "1.234,56" → "1234.56"; spaces (also non-breaking) group thousands in some exports.
    return value.replace(/[.\s\u00a0]/g, '').replace(',', '.');
  }
}
