/**
 * DCSA Track & Trace reader (v2.2 and v3): a page of events from GET /events, or a pushed
 * notification, → carrier events.
 *
 * Reads the document whole: T&T arrives as API pages and push bodies of kilobytes to a few
 * megabytes, JSON must be complete to be valid, and a streaming JSON parser would cost a dependency
 * for no gain at that size. MAX_DOCUMENT_BYTES keeps a wrong file (a database dump) from exhausting
 * memory.
 */
import type { SourcePosition } from '../../model/records.js';
import { InputError, type InputWarning } from '../errors.js';
import type { InputStream, ReadItem, Reader } from '../reader.js';
import { readDcsaEvent, type SkipKind } from './events.js';
import { JsonSyntaxError, LineIndex, scanJson } from './json-scan.js';
import { locateEvents } from './shape.js';

const MAX_DOCUMENT_BYTES = 64 * 1024 * 1024;

const SKIPPED_WHAT: Readonly<Record<SkipKind, [one: string, many: string]>> = {
  document: ['SHIPMENT event', 'SHIPMENT events'],
  IOT: ['IOT event', 'IOT events'],
  REEFER: ['REEFER event', 'REEFER events'],
};

const SKIPPED_WHY: Readonly<Record<SkipKind, string>> = {
  document: 'document workflow, not shipment milestones; to keep one, map its DOCUMENT:CODE key (e.g. BKG:APPR) with --mapping',
  IOT: 'sensor readings, not shipment milestones',
  REEFER: 'reefer measurements and setting changes, not shipment milestones',
};

interface Skipped {
  count: number;
  first: SourcePosition;
  details: Map<string, number>;
}

export const readDcsa: Reader = async function* (input, options): AsyncGenerator<ReadItem> {
  const file = options.file;
  const text = await readDocument(input, file);
  if (text.trim() === '') throw new InputError({ file }, 'is empty; expected DCSA T&T events (a JSON array or {"events": […]})');
  const lines = new LineIndex(text);
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch (error) {
    throw syntaxError(text, lines, file, error);
  }
  const page = locateEvents(root, file);
  const offsets = page.single ? [text.search(/\S/)] : eventOffsets(text, page.arrayPath, lines, file);
  const located = offsets.length === page.events.length;
  const skipped = new Map<SkipKind, Skipped>();

  for (const [index, raw] of page.events.entries()) {
    const offset = located ? offsets[index] : undefined;
    const source: SourcePosition = offset === undefined ? { file } : { file, ...lines.position(offset) };
    const outcome = readDcsaEvent(raw, index + 1, source, options);
    if (outcome.kind === 'skip') {
      const entry = skipped.get(outcome.skip) ?? { count: 0, first: source, details: new Map<string, number>() };
      entry.count += 1;
      entry.details.set(outcome.detail, (entry.details.get(outcome.detail) ?? 0) + 1);
      skipped.set(outcome.skip, entry);
      continue;
    }
    for (const message of outcome.warnings) yield warning(source, message);
    if (outcome.kind === 'reject') yield { type: 'reject', error: new InputError(source, outcome.message) };
    else yield { type: 'event', record: outcome.record };
  }

  for (const [kind, entry] of skipped) {
    const details = [...entry.details].map(([detail, count]) => `${detail} ×${count}`).join(', ');
    const [one, many] = SKIPPED_WHAT[kind];
    yield warning(entry.first, `skipped ${entry.count} ${entry.count === 1 ? one : many} (${details}): ${SKIPPED_WHY[kind]}`);
  }
};

function warning(position: SourcePosition, message: string): ReadItem {
  const item: InputWarning = { position, message };
  return { type: 'warning', warning: item };
}

async function readDocument(input: InputStream, file: string): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of input) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    size += bytes.length;
    if (size > MAX_DOCUMENT_BYTES) {
      throw new InputError({ file }, `larger than ${MAX_DOCUMENT_BYTES / (1024 * 1024)} MiB; a DCSA T&T page is read whole, so split the export into pages`);
    }
    chunks.push(bytes);
  }
  const bytes = Buffer.concat(chunks);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\ufeff/, '');
  } catch {
    // Where: the first character the lenient decoder had to replace.
    const lenient = new TextDecoder('utf-8').decode(bytes);
    const position = new LineIndex(lenient).position(Math.max(0, lenient.indexOf('\ufffd')));
    throw new InputError({ file, ...position }, 'is not UTF-8 text here; JSON (and DCSA) must be UTF-8: save or export it as UTF-8');
  }
}

/** Where each event starts; valid JSON the scanner still refuses (nested too deep) is refused with its position. */
function eventOffsets(text: string, arrayPath: Parameters<typeof scanJson>[1], lines: LineIndex, file: string): number[] {
  try {
    return scanJson(text, arrayPath);
  } catch (error) {
    if (error instanceof JsonSyntaxError) throw new InputError({ file, ...lines.position(error.offset) }, `not readable as DCSA events: ${error.message}`);
    throw error;
  }
}

function syntaxError(text: string, lines: LineIndex, file: string, cause: unknown): InputError {
  try {
    scanJson(text, []);
  } catch (error) {
    if (error instanceof JsonSyntaxError) {
      return new InputError({ file, ...lines.position(error.offset) }, `invalid JSON: ${error.message}`);
    }
    throw error;
  }
  return new InputError({ file }, `invalid JSON: ${cause instanceof Error ? cause.message : String(cause)}`);
}
