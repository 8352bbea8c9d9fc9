/** Reading X12 fixtures the way the CLI does (as a byte stream), collecting what the reader yields. */
import { createReadStream, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readX12, X12_CODE_TABLES } from '../../src/io/x12/index.js';
import { CodeResolver, type CodeOverrides } from '../../src/model/codes/resolver.js';
import type { CarrierEvent } from '../../src/model/records.js';
import { LocationTable } from '../../src/model/locations.js';
import { isoUtc } from '../../src/model/time.js';
import type { InputError, InputWarning } from '../../src/io/errors.js';
import type { InputStream } from '../../src/io/reader.js';

export function fixture(relative: string): string {
  return fileURLToPath(new URL(`../../fixtures/${relative}`, import.meta.url));
}

export function fixtureText(relative: string): string {
  return readFileSync(fixture(relative), 'utf8');
}

export interface ReadResult {
  events: CarrierEvent[];
  warnings: InputWarning[];
  rejects: InputError[];
}

export interface ReadOptions {
  /** --tz: the zone for local times the reader cannot place. */
  defaultZone?: string;
  overrides?: CodeOverrides;
}

export async function readStream(input: InputStream, file: string, options: ReadOptions = {}): Promise<ReadResult> {
  const result: ReadResult = { events: [], warnings: [], rejects: [] };
  const readerOptions = {
    file,
    time: new LocationTable().timeContext(options.defaultZone ?? 'UTC'),
    codes: new CodeResolver(X12_CODE_TABLES, options.overrides),
  };
  for await (const item of readX12(input, readerOptions)) {
    if (item.type === 'event') result.events.push(item.record);
    else if (item.type === 'warning') result.warnings.push(item.warning);
    else if (item.type === 'reject') result.rejects.push(item.error);
  }
  return result;
}

/** A fixture file as the CLI streams it; small chunks make chunk boundaries fall inside segments. */
export function readFixture(relative: string, options: ReadOptions & { chunkBytes?: number } = {}): Promise<ReadResult> {
  return readStream(createReadStream(fixture(relative), { highWaterMark: options.chunkBytes ?? 64 }), relative, options);
}

/** In-memory input (a sample changed for one test), delivered in byte chunks of the given size. */
export function readText(text: string, file = 'inline.edi', options: ReadOptions & { chunkBytes?: number } = {}): Promise<ReadResult> {
  const bytes = Buffer.from(text, 'utf8');
  const size = options.chunkBytes ?? bytes.length;
  async function* chunks(): AsyncGenerator<Buffer> {
    for (let offset = 0; offset < bytes.length; offset += size) yield bytes.subarray(offset, offset + size);
  }
  return readStream(chunks(), file, options);
}

/** What a user sees of an event in a report, in one comparable line. */
export function brief(event: CarrierEvent) {
  return {
    status: event.status,
    classifier: event.classifier,
    at: isoUtc(event.time.epochMs),
    location: event.location,
    code: event.rawCode,
    reason: event.reason,
  };
}

export function refs(event: CarrierEvent | undefined): string[] {
  return (event?.refs ?? []).map((ref) => `${ref.kind}:${ref.value}`);
}
