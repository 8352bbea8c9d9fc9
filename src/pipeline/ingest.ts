/**
 * Reading input files into the store inside the caller's transaction. Collects what a run summary
 * needs (counts, warnings, rejected rows) and leaves the decision to fail or go on to the caller.
 */
import { displayName, openInput, STDIN } from '../io/open.js';
import { detectEventFormat, eventReader, peek, type EventFormat } from '../io/detect.js';
import { readDocumentsCsv, readInventoryCsv, readPlansCsv } from '../io/csv/canonical.js';
import { InputError, type InputWarning } from '../io/errors.js';
import type { SourcePosition } from '../model/records.js';
import type { ReadItem, Reader, ReaderOptions } from '../io/reader.js';
import { prepareEvent, preparePlan, type PreparedEvent, type PreparedPlan, type RecordWriter } from '../store/records.js';
import { reachedStage } from './test-hooks.js';
import type { ProgressSink } from './stages.js';
import type { MappingProfile } from '../io/mapping/profile.js';
import { readMappedCsv } from '../io/mapping/reader.js';
import { selectProfile } from '../io/mapping/select.js';
import { ParseThread } from './parse-thread.js';
import type { ReaderRecipe } from './reader-recipe.js';

/** The "ingest" test stage is reached part-way into a file, with records written and more to come. */
const ITEMS_BEFORE_INGEST_STAGE = 1000;

export type InputRole = 'plans' | 'events' | 'documents' | 'inventory';

export interface Rejection {
  error: InputError;
  raw?: Record<string, string>;
}

export interface IngestCounts {
  plansInserted: number;
  plansUpdated: number;
  plansUnchanged: number;
  eventsStored: number;
  eventsDuplicate: number;
  eventsRetracted: number;
  documentsStored: number;
  inventoryStored: number;
  rejected: number;
  /** Carrier codes no table knows, each once with how often it came: kept as carrier_exception. */
  unknownCodes: Record<string, number>;
}

export class IngestLog {
  readonly counts: IngestCounts = {
    plansInserted: 0,
    plansUpdated: 0,
    plansUnchanged: 0,
    eventsStored: 0,
    eventsDuplicate: 0,
    eventsRetracted: 0,
    documentsStored: 0,
    inventoryStored: 0,
    rejected: 0,
    unknownCodes: {},
  };
  readonly warnings: InputWarning[] = [];
  readonly rejections: Rejection[] = [];
  readonly files: { role: InputRole; file: string; format: string }[] = [];
}

const CSV_READERS: Record<Exclude<InputRole, 'events'>, Reader> = {
  plans: readPlansCsv,
  documents: readDocumentsCsv,
  inventory: readInventoryCsv,
};

export interface IngestOptions extends Omit<ReaderOptions, 'file'> {
  /** Forces the event reader instead of detecting the format from content. */
  eventFormat?: EventFormat;
  /** Mapping profiles (`--mapping`) for plan and event CSV files in a foreign layout. */
  profiles?: readonly MappingProfile[];
  /**
   * Read files (not stdin) in a worker thread that rebuilds these options from the recipe, so parsing
   * and building records overlap the main thread's writes (the CLI's runs; see ./parse-thread.ts).
   */
  parseThread?: ReaderRecipe;
}

/** What the writer takes: plans and events prepared for their inserts (store/records.ts), the rest as read. */
export type WriteItem =
  | Exclude<ReadItem, { type: 'plan' | 'event' }>
  | { type: 'plan'; plan: PreparedPlan }
  | { type: 'event'; event: PreparedEvent };

export function prepareItem(item: ReadItem): WriteItem {
  if (item.type === 'plan') return { type: 'plan', plan: preparePlan(item.record) };
  if (item.type === 'event') return { type: 'event', event: prepareEvent(item.record) };
  return item;
}

/**
 * Whatever the format, an event that names no shipment and carries no reference can never be matched:
 * refused at its position, as a CSV row without shipment_id or any reference column is.
 */
async function* refusingUnmatchable(items: AsyncIterable<ReadItem>): AsyncGenerator<ReadItem> {
  for await (const item of items) {
    if (item.type === 'event' && !item.record.shipmentId && item.record.refs.length === 0 && !item.record.retracts) {
      yield { type: 'reject', error: new InputError(item.record.source, UNMATCHABLE) };
    } else {
      yield item;
    }
  }
}

const UNMATCHABLE =
  'the event names no shipment and carries no reference to match one by (a B10, L11 or N9, an RFF, an equipment or document reference); it cannot be used';

/** An input opened for reading: the format it was read as ("csv/<profile>" for a mapped file) and its items. */
export interface OpenedInput {
  format: string;
  /** The items in batches, as the reading thread hands them over. */
  batches: AsyncIterable<WriteItem[]>;
}

/** Detects an input's format (or takes the forced one), picks its reader and starts it, in this thread. */
export async function openItems(path: string, role: InputRole, options: IngestOptions): Promise<{ format: string; items: AsyncIterable<ReadItem> }> {
  const { head, stream } = await peek(openInput(path));
  const detected = role === 'events' ? (options.eventFormat ?? detectEventFormat(head.toString('utf8'))) : 'csv';
  const profile =
    detected === 'csv' && (role === 'plans' || role === 'events') ? selectProfile(options.profiles ?? [], role, path, head) : undefined;
  const reader = profile ? readMappedCsv(profile) : role === 'events' ? eventReader(detected) : CSV_READERS[role];
  // A mapped file is named by its profile, so its unknown codes show as "csv/<profile>:<code>".
  const format = profile ? `csv/${profile.name}` : detected;
  return { format, items: refusingUnmatchable(reader(stream, { ...options, file: displayName(path) })) };
}

async function* oneByOne(items: AsyncIterable<ReadItem>): AsyncGenerator<WriteItem[]> {
  for await (const item of items) yield [prepareItem(item)];
}

async function ingestFile(
  path: string,
  role: InputRole,
  writer: RecordWriter,
  log: IngestLog,
  options: IngestOptions,
  onProgress: ProgressSink | undefined,
  thread: ParseThread | undefined,
): Promise<void> {
  let opened: OpenedInput;
  if (thread && path !== STDIN) {
    opened = await thread.open(path, role);
  } else {
    const { format, items } = await openItems(path, role, options);
    opened = { format, batches: oneByOne(items) };
  }
  const { format } = opened;
  log.files.push({ role, file: displayName(path), format });
  let itemsRead = 0;
  for await (const items of opened.batches) {
    for (const item of items) {
      if (++itemsRead === ITEMS_BEFORE_INGEST_STAGE) await reachedStage('ingest');
      switch (item.type) {
        case 'plan': {
          const outcome = writer.writePreparedPlan(item.plan);
          if (outcome === 'inserted') log.counts.plansInserted++;
          else if (outcome === 'updated') log.counts.plansUpdated++;
          else log.counts.plansUnchanged++;
          break;
        }
        case 'event': {
          const prepared = item.event;
          const outcome = writer.writePreparedEvent(prepared, (message) => log.warnings.push({ position: positionOf(prepared), message }));
          if (outcome === 'stored') log.counts.eventsStored++;
          else if (outcome === 'duplicate') log.counts.eventsDuplicate++;
          else log.counts.eventsRetracted++;
          if ('unknownCode' in item.event && item.event.unknownCode !== undefined && outcome === 'stored') {
            const code = `${format}:${item.event.unknownCode}`;
            log.counts.unknownCodes[code] = (log.counts.unknownCodes[code] ?? 0) + 1;
          }
          break;
        }
        case 'document':
          if (writer.writeDocument(item.record) === 'stored') log.counts.documentsStored++;
          break;
        case 'inventory':
          if (writer.writeInventory(item.record) === 'stored') log.counts.inventoryStored++;
          break;
        case 'warning':
          log.warnings.push(item.warning);
          break;
        case 'reject':
          log.counts.rejected++;
          log.rejections.push({ error: item.error, raw: item.raw });
          break;
      }
    }
    onProgress?.({ stage: 'ingest', file: displayName(path), rows: itemsRead });
  }
}

/** Where a prepared event was read (its values carry the source position, see PreparedEventValues). */
function positionOf(event: PreparedEvent): SourcePosition {
  if ('retracts' in event) return { file: event.file };
  const [, , , , , , , , , , , , , , , , file, line, segment, segmentId] = event.values;
  return { file, ...(line !== null ? { line } : {}), ...(segment !== null ? { segment } : {}), ...(segmentId !== null ? { segmentId } : {}) };
}

/** Thrown when rows were rejected and the run may not go on: nothing was written. */
export class RejectedInput extends Error {
  constructor(readonly log: IngestLog) {
    super(`${log.rejections.length} input row(s) rejected`);
  }
}

export interface IngestedInputs {
  log: IngestLog;
  /** Events that named no shipment and were matched to a plan by a reference in this run. */
  eventsLinked: number;
}

/**
 * The input half of an audit or ingest run, inside the caller's transaction: every file into the
 * store (plans first, so events in the same run match them by reference), then the events waiting
 * for a plan matched. Rejected rows stop the run unless the caller goes on past them.
 */
export async function ingestInputs(
  writer: RecordWriter,
  inputs: readonly { role: InputRole; path: string }[],
  options: IngestOptions,
  continueOnRejects: boolean,
  /** Told, a batch at a time, how many rows of each file were read. */
  onProgress?: ProgressSink,
): Promise<IngestedInputs> {
  const log = new IngestLog();
  const ordered = [...inputs].sort((a, b) => Number(a.role !== 'plans') - Number(b.role !== 'plans'));
  const thread = options.parseThread && inputs.some((input) => input.path !== STDIN) ? new ParseThread(options.parseThread) : undefined;
  try {
    for (const input of ordered) await ingestFile(input.path, input.role, writer, log, options, onProgress, thread);
  } finally {
    await thread?.close();
  }
  if (log.rejections.length > 0 && !continueOnRejects) throw new RejectedInput(log);
  return { log, eventsLinked: writer.linkEventsByReference() };
}

/** What a run read and stored, for its summary line, the run row and `--format json`. */
export function ingestCounts({ log, eventsLinked }: IngestedInputs) {
  const { counts } = log;
  return {
    plans_inserted: counts.plansInserted,
    plans_updated: counts.plansUpdated,
    plans_unchanged: counts.plansUnchanged,
    events_stored: counts.eventsStored,
    events_duplicate: counts.eventsDuplicate,
    events_retracted: counts.eventsRetracted,
    events_linked_by_reference: eventsLinked,
    documents_stored: counts.documentsStored,
    inventory_stored: counts.inventoryStored,
    rows_rejected: counts.rejected,
    warnings: log.warnings.length,
    unknown_codes: counts.unknownCodes,
  };
}
