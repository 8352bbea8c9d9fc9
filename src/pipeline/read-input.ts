/**
 * Opening one input and reading its items, in this thread or in the parse worker (./parse-thread.ts),
 * and the options reading needs. Those options hold functions (zone lookups, code resolution) that
 * cannot cross to a worker thread, so the worker rebuilds them from a recipe of plain data (the zone,
 * the location files and the mapping), as the main thread does.
 */
import { readDocumentsCsv, readInventoryCsv, readPlansCsv } from '../io/csv/canonical.js';
import { detectEventFormat, eventReader, peek, type EventFormat } from '../io/detect.js';
import { InputError } from '../io/errors.js';
import { readLocationsCsv } from '../io/locations-file.js';
import type { Mapping, MappingProfile } from '../io/mapping/profile.js';
import { readMappedCsv } from '../io/mapping/reader.js';
import { selectProfile } from '../io/mapping/select.js';
import { displayName, openInput } from '../io/open.js';
import type { ReadItem, Reader, ReaderOptions } from '../io/reader.js';
import { CODE_TABLES } from '../model/codes/index.js';
import { CodeResolver } from '../model/codes/resolver.js';
import { LocationTable } from '../model/locations.js';
import { prepareEvent, preparePlan, type PreparedEvent, type PreparedPlan } from '../store/prepared-records.js';

export type InputRole = 'plans' | 'events' | 'documents' | 'inventory';

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

export interface ReaderRecipe {
  /** IANA zone for local times with no offset and no known location (`--tz`). */
  zone: string;
  /** Extra `locode,zone` files (`--locations`), already checked by the main thread. */
  locationFiles: readonly string[];
  mapping: Mapping;
  eventFormat?: EventFormat;
}

export function readerOptionsFrom(recipe: ReaderRecipe): IngestOptions {
  const locations = new LocationTable();
  for (const file of recipe.locationFiles) locations.addZones(readLocationsCsv(file));
  return {
    time: locations.timeContext(recipe.zone),
    codes: new CodeResolver(CODE_TABLES, recipe.mapping.codes),
    senderZones: recipe.mapping.senderZones,
    eventFormat: recipe.eventFormat,
    profiles: recipe.mapping.profiles,
  };
}

/** What the writer takes: plans and events prepared for their inserts (store/records.ts), the rest as read. */
export type WriteItem = Exclude<ReadItem, { type: 'plan' | 'event' }> | { type: 'plan'; plan: PreparedPlan } | { type: 'event'; event: PreparedEvent };

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
  const profile = detected === 'csv' && (role === 'plans' || role === 'events') ? selectProfile(options.profiles ?? [], role, path, head) : undefined;
  const reader = profile ? readMappedCsv(profile) : role === 'events' ? eventReader(detected) : CSV_READERS[role];
  // A mapped file is named by its profile, so its unknown codes show as "csv/<profile>:<code>".
  const format = profile ? `csv/${profile.name}` : detected;
  return { format, items: refusingUnmatchable(reader(stream, { ...options, file: displayName(path) })) };
}
