/**
 * Reading input files into the store inside the caller's transaction. Collects what a run summary
 * needs (counts, warnings, rejected rows) and leaves the decision to fail or go on to the caller.
 */
import { displayName, STDIN } from '../io/open.js';
import type { LinkedByReference } from '../store/feed-reads.js';
import { InputError, type InputWarning } from '../io/errors.js';
import type { SourcePosition } from '../model/records.js';
import type { ReadItem } from '../io/reader.js';
import type { RecordWriter } from '../store/records.js';
import { eventValue, type PreparedEvent } from '../store/prepared-records.js';
import { reachedStage } from './test-hooks.js';
import type { ProgressSink } from './stages.js';
import { ParseThread } from './parse-thread.js';
import { openItems, prepareItem, type IngestOptions, type InputRole, type OpenedInput, type WriteItem } from './read-input.js';

/** The "ingest" test stage is reached part-way into a file, with records written and more to come. */
const ITEMS_BEFORE_INGEST_STAGE = 1000;

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
  /** Each file read, with the events of it that were already stored (re-sent, or twice in the file). */
  readonly files: { role: InputRole; file: string; format: string; eventsDuplicate: number }[] = [];
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
  const read = { role, file: displayName(path), format, eventsDuplicate: 0 };
  log.files.push(read);
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
          else if (outcome === 'duplicate') {
            log.counts.eventsDuplicate++;
            read.eventsDuplicate++;
          } else log.counts.eventsRetracted++;
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
          if (writer.writeInventory(item.record, (message) => log.warnings.push({ position: item.record.source, message })) === 'stored') {
            log.counts.inventoryStored++;
          }
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
  const line = eventValue(event.values, 'source_line');
  const segment = eventValue(event.values, 'source_segment');
  const segmentId = eventValue(event.values, 'source_segment_id');
  return {
    file: eventValue(event.values, 'source_file_id'),
    ...(line !== null ? { line } : {}),
    ...(segment !== null ? { segment } : {}),
    ...(segmentId !== null ? { segmentId } : {}),
  };
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
  /** This run's events matched to a plan by a reference, by input file and reference kind (the feed summary). */
  linkedByReference: LinkedByReference;
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
  return { log, eventsLinked: writer.linkEventsByReference(), linkedByReference: writer.linkedByReference() };
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
