/**
 * Which reader an input needs, from its first bytes: `ISA` → X12, `UNA`/`UNB` → EDIFACT,
 * JSON → DCSA, anything else → CSV with a header. `--input-format` overrides.
 */
import type { InputStream, Reader } from './reader.js';
import { readEventsCsv } from './csv/canonical.js';
import { looksLikeX12, readX12 } from './x12/index.js';
import { looksLikeEdifact, readEdifact } from './edifact/index.js';
import { readDcsa } from './dcsa/index.js';

export const EVENT_FORMATS = ['csv', 'x12', 'edifact', 'dcsa'] as const;
export type EventFormat = (typeof EVENT_FORMATS)[number];

const READERS: Record<EventFormat, Reader> = {
  csv: readEventsCsv,
  x12: readX12,
  edifact: readEdifact,
  dcsa: readDcsa,
};

export function detectEventFormat(head: string): EventFormat {
  if (looksLikeX12(head)) return 'x12';
  if (looksLikeEdifact(head)) return 'edifact';
  // Any JSON goes to the DCSA reader: it names what other JSON is instead of a confusing CSV error.
  if (/^(\ufeff)?\s*[[{]/.test(head)) return 'dcsa';
  return 'csv';
}

export function eventReader(format: EventFormat): Reader {
  return READERS[format];
}

/**
 * Reads enough of a stream to detect its format, then hands back a stream that replays those bytes
 * followed by the rest, so detection never loses input and never reads a whole file.
 */
export async function peek(input: InputStream, bytes = 4096): Promise<{ head: Buffer; stream: InputStream }> {
  const iterator = input[Symbol.asyncIterator]();
  const chunks: Buffer[] = [];
  let length = 0;
  let done = false;
  while (length < bytes) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    const chunk = typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
    chunks.push(chunk);
    length += chunk.length;
  }
  const head = Buffer.concat(chunks);
  async function* replay(): AsyncGenerator<Buffer> {
    if (head.length) yield head;
    if (done) return;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
    }
  }
  return { head, stream: replay() };
}
