/**
 * Readers for the canonical CSV layouts of DESIGN.md: plans, events, documents, inventory.
 * Each row becomes a record or a rejection naming `file:line: column "x": what is wrong`.
 */
import type { CarrierEvent, DocumentRecord, InventoryRecord, Reference, ShipmentPlan, SourcePosition, TimeValue } from '../../model/records.js';
import { CLASSIFIERS, MILESTONES, MODES, PRIORITIES, STATUSES, isMilestone, type Milestone } from '../../model/vocabulary.js';
import { parseIsoTime, type TimeContext, type TimeParse } from '../../model/time.js';
import { InputError } from '../errors.js';
import type { InputStream, ReadItem, Reader, ReaderOptions } from '../reader.js';
import { csvRows, type CsvOptions, type CsvRow } from './rows.js';
import { makeRef, parseEnum, parseList, parseNumber, parseRefs, type FieldResult } from './fields.js';
import { closestName } from '../../model/suggest.js';
import { whyUnplaced } from '../../model/locations.js';

/** Places whose local times were read in --tz, per run (its time context): warned about once each, not per row. */
const guessedPlaces = new WeakMap<TimeContext, Set<string>>();

function firstGuessAt(context: TimeContext, place: string): boolean {
  let seen = guessedPlaces.get(context);
  if (!seen) {
    seen = new Set();
    guessedPlaces.set(context, seen);
  }
  if (seen.has(place)) return false;
  seen.add(place);
  return true;
}

/** Columns of an event file that carry a reference of that kind. Any `ref_<kind>` column works too. */
export const EVENT_REF_COLUMNS = ['bol', 'booking', 'container', 'pro', 'awb', 'po'] as const;

export const PLAN_REQUIRED_COLUMNS = ['shipment_id', 'carrier', 'mode', 'origin', 'destination'] as const;
/** Every column a plan file may have (a mapping profile maps foreign columns onto these). */
export const PLAN_COLUMNS = [
  ...PLAN_REQUIRED_COLUMNS,
  'customer',
  'priority',
  'service_level',
  ...MILESTONES.map((m) => `planned_${m}`),
  'route',
  'refs',
  'required_docs',
  'quantity',
  'value',
] as const;

export const EVENT_REQUIRED_COLUMNS = ['status', 'event_time'] as const;
/** Every column an event file may have, besides `ref_<kind>`. */
export const EVENT_COLUMNS = [
  'shipment_id',
  ...EVENT_REF_COLUMNS,
  'refs',
  ...EVENT_REQUIRED_COLUMNS,
  'classifier',
  'location',
  'reason',
  'carrier',
  'reported_at',
  'event_id',
  'quantity',
] as const;

/** Milestones planned at the origin are read in the origin's zone; the rest in the destination's. */
const ORIGIN_SIDE: readonly Milestone[] = ['booked', 'pickup', 'departed'];

class RowProblem extends Error {}

/**
 * One row seen through canonical column names; collects field problems, the first one rejects the row.
 * A mapping profile subclasses it to translate a foreign layout (src/io/mapping/).
 */
export class RowReader {
  readonly warnings: string[] = [];
  constructor(
    readonly row: CsvRow,
    private readonly file: string,
  ) {}

  text(column: string): string {
    return this.row.values[column] ?? '';
  }

  required(column: string): string {
    const value = this.text(column);
    if (value === '') this.fail(column, 'is empty; a value is required');
    return value;
  }

  take<T>(column: string, result: FieldResult<T>): T {
    if (!result.ok) this.fail(column, result.error);
    return (result as { value: T }).value;
  }

  time(column: string, context: TimeContext, locode?: string): TimeValue | undefined {
    const text = this.text(column);
    if (text === '') return undefined;
    const parsed = this.parseTime(text, context, locode);
    if (!parsed.ok) this.fail(column, parsed.error);
    const { value, warning } = parsed as { value: TimeValue; warning?: string };
    if (warning) this.warnings.push(`${this.columnLabel(column)}: ${warning}`);
    // A location the data cannot place: its local times are a guess (said once per place; without a
    // location, --tz is the file's declared zone and nothing is guessed).
    if (value.zoneSource === 'default' && locode && firstGuessAt(context, locode)) {
      this.warnings.push(
        `${this.columnLabel(column)}: local time ${value.text} read in ${value.zone} (--tz): ${whyUnplaced(locode)}; said once for ${locode}, for all its rows`,
      );
    }
    return value;
  }

  fail(column: string, message: string): never {
    throw new RowProblem(`${this.columnLabel(column)}: ${message}`);
  }

  position(): SourcePosition {
    return { file: this.file, line: this.row.line };
  }

  /** How messages name a column: canonical files by its own name. */
  protected columnLabel(column: string): string {
    return `column "${column}"`;
  }

  protected parseTime(text: string, context: TimeContext, locode?: string): TimeParse {
    return parseIsoTime(text, context, locode);
  }
}

function checkRequiredColumns(columns: string[], required: string[], file: string): void {
  const missing = required.filter((name) => !columns.includes(name));
  if (missing.length === 0) return;
  const hints = missing.map((name) => {
    const near = closestName(name, columns);
    return near ? `"${name}" (found "${near}")` : `"${name}"`;
  });
  throw new InputError({ file, line: 1 }, `missing required column${missing.length > 1 ? 's' : ''} ${hints.join(', ')}; the header has: ${columns.join(', ')}`);
}

/**
 * Shared loop: header check, then each row through `toItem`, a row problem becoming a rejection.
 * `rowReader` gives the view of a row the record is built from (a mapping profile translates it).
 */
export async function* readRows<R extends RowReader = RowReader>(
  input: InputStream,
  options: ReaderOptions,
  onHeader: (columns: string[]) => ReadItem[],
  toItem: (reader: R) => ReadItem,
  layout: { csv?: CsvOptions; rowReader?: (row: CsvRow) => R } = {},
): AsyncGenerator<ReadItem> {
  const rowReader = layout.rowReader ?? ((row: CsvRow) => new RowReader(row, options.file) as R);
  for await (const item of csvRows(input, options.file, layout.csv)) {
    if ('header' in item) {
      yield* onHeader(item.header.columns);
      continue;
    }
    const reader = rowReader(item.row);
    try {
      const result = toItem(reader);
      for (const message of reader.warnings) yield { type: 'warning', warning: { position: reader.position(), message } };
      yield result;
    } catch (error) {
      if (!(error instanceof RowProblem)) throw error;
      yield { type: 'reject', error: new InputError(reader.position(), error.message), raw: item.row.values };
    }
  }
}

export const readPlansCsv: Reader = (input, options) =>
  readRows(
    input,
    options,
    (columns) => {
      checkRequiredColumns(columns, [...PLAN_REQUIRED_COLUMNS], options.file);
      return columns
        .filter((name) => name.startsWith('planned_') && !isMilestone(name.slice('planned_'.length)))
        .map((name) => {
          const near = closestName(
            name,
            MILESTONES.map((m) => `planned_${m}`),
          );
          return {
            type: 'warning' as const,
            warning: {
              position: { file: options.file, line: 1, column: columns.indexOf(name) + 1 },
              message: `column "${name}" is not a planned milestone and is ignored${near ? `; did you mean "${near}"?` : ''}`,
            },
          };
        });
    },
    (row) => ({ type: 'plan', record: planFromRow(row, options.time) }),
  );

/** A plan from a row in canonical terms; throws the row's first field problem. */
export function planFromRow(row: RowReader, time: TimeContext): ShipmentPlan {
  const origin = row.required('origin').toUpperCase();
  const destination = row.required('destination').toUpperCase();
  const planned: ShipmentPlan['planned'] = {};
  for (const milestone of MILESTONES) {
    const locode = ORIGIN_SIDE.includes(milestone) ? origin : destination;
    const value = row.time(`planned_${milestone}`, time, locode);
    if (value) planned[milestone] = value;
  }
  return {
    shipmentId: row.required('shipment_id'),
    carrier: row.required('carrier').toUpperCase(),
    mode: row.take('mode', parseEnum(row.text('mode'), MODES)),
    origin,
    destination,
    customer: row.text('customer'),
    priority: row.take('priority', parseEnum(row.text('priority'), PRIORITIES, 'normal')),
    serviceLevel: row.text('service_level'),
    planned,
    route: parseList(row.text('route').toUpperCase(), />/),
    refs: row.take('refs', parseRefs(row.text('refs'))),
    requiredDocs: parseList(row.text('required_docs'), /;/),
    quantity: row.take('quantity', parseNumber(row.text('quantity'))),
    value: row.take('value', parseNumber(row.text('value'))),
    source: row.position(),
  };
}

function eventRefColumns(columns: string[]): string[] {
  return columns.filter((name) => (EVENT_REF_COLUMNS as readonly string[]).includes(name) || name.startsWith('ref_'));
}

export const readEventsCsv: Reader = (input, options) => {
  let refColumns: string[] = [];
  return readRows(
    input,
    options,
    (columns) => {
      checkRequiredColumns(columns, [...EVENT_REQUIRED_COLUMNS], options.file);
      refColumns = eventRefColumns(columns);
      if (!columns.includes('shipment_id') && !columns.includes('refs') && refColumns.length === 0) {
        throw new InputError(
          { file: options.file, line: 1 },
          `no column identifies the shipment: add "shipment_id" or a reference column (${EVENT_REF_COLUMNS.join(', ')}, refs, ref_<kind>)`,
        );
      }
      return [];
    },
    (row) => ({ type: 'event', record: eventFromRow(row, refColumns, options.time) }),
  );
};

/** An event from a row in canonical terms; `refColumns` are the reference columns besides `refs`. */
export function eventFromRow(row: RowReader, refColumns: readonly string[], time: TimeContext): CarrierEvent {
  const refs: Reference[] = row.take('refs', parseRefs(row.text('refs')));
  for (const column of refColumns) {
    const value = row.text(column);
    if (value !== '') refs.push(makeRef(column.replace(/^ref_/, ''), value));
  }
  const shipmentId = row.text('shipment_id') || undefined;
  if (!shipmentId && refs.length === 0) {
    row.fail('shipment_id', `is empty and so is every reference column; the event cannot be matched to a shipment`);
  }
  const location = row.text('location').toUpperCase() || undefined;
  return {
    shipmentId,
    refs,
    status: row.take('status', parseEnum(row.required('status'), STATUSES)),
    time: row.time('event_time', time, location) ?? row.fail('event_time', 'is empty; a value is required'),
    classifier: row.take('classifier', parseEnum(row.text('classifier'), CLASSIFIERS, 'actual')),
    location,
    reason: row.text('reason') || undefined,
    carrier: row.text('carrier').toUpperCase() || undefined,
    reportedAt: row.time('reported_at', time, location),
    eventId: row.text('event_id') || undefined,
    quantity: row.take('quantity', parseNumber(row.text('quantity'))),
    source: row.position(),
  };
}

export const readDocumentsCsv: Reader = (input, options) =>
  readRows(
    input,
    options,
    (columns) => {
      checkRequiredColumns(columns, ['shipment_id', 'doc_type'], options.file);
      return [];
    },
    (row) => {
      const document: DocumentRecord = {
        shipmentId: row.required('shipment_id'),
        docType: row.required('doc_type').toLowerCase(),
        receivedAt: row.time('received_at', options.time),
        status: row.take('status', parseEnum(row.text('status'), ['received', 'rejected'] as const, 'received')),
        source: row.position(),
      };
      return { type: 'document', record: document };
    },
  );

export const readInventoryCsv: Reader = (input, options) =>
  readRows(
    input,
    options,
    (columns) => {
      checkRequiredColumns(columns, ['sku', 'location', 'on_hand', 'as_of'], options.file);
      return [];
    },
    (row) => {
      const location = row.required('location').toUpperCase();
      const onHand = row.take('on_hand', parseNumber(row.required('on_hand')));
      const record: InventoryRecord = {
        sku: row.required('sku'),
        location,
        onHand: onHand as number,
        minLevel: row.take('min_level', parseNumber(row.text('min_level'))),
        expectedQty: row.take('expected_qty', parseNumber(row.text('expected_qty'))),
        countedQty: row.take('counted_qty', parseNumber(row.text('counted_qty'))),
        asOf: row.time('as_of', options.time, location) ?? row.fail('as_of', 'is empty; a value is required'),
        source: row.position(),
      };
      return { type: 'inventory', record };
    },
  );
