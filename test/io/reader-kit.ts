/**
 * Reading a file with one reader the way the CLI does (a byte stream, here in small chunks so
 * boundaries fall inside segments and characters), collecting what it yields. Shared by the X12,
 * EDIFACT and DCSA reader tests.
 */
import { createReadStream, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { InputError, type InputWarning } from '../../src/io/errors.js';
import type { InputStream, Reader } from '../../src/io/reader.js';
import { CODE_TABLES } from '../../src/model/codes/index.js';
import { CodeResolver, type CodeOverrides } from '../../src/model/codes/resolver.js';
import { readLocationsCsv } from '../../src/io/locations-file.js';
import { LocationTable } from '../../src/model/locations.js';
import type { CarrierEvent } from '../../src/model/records.js';

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
  /** Small chunks put chunk boundaries inside segments, escapes and multi-byte characters. */
  chunkBytes?: number;
  /** --locations: `locode,zone` files that win over the datasets. */
  locationFiles?: string[];
  /** sender_zones of --mapping: EDI sender id (upper-case) or "*" → zone. */
  senderZones?: Record<string, string>;
}

export async function collect(reader: Reader, input: InputStream, file: string, options: ReadOptions = {}): Promise<ReadResult> {
  const result: ReadResult = { events: [], warnings: [], rejects: [] };
  const locations = new LocationTable();
  for (const locationFile of options.locationFiles ?? []) locations.addZones(readLocationsCsv(locationFile));
  const readerOptions = {
    file,
    time: locations.timeContext(options.defaultZone ?? 'UTC'),
    codes: new CodeResolver(CODE_TABLES, options.overrides),
    senderZones: options.senderZones,
  };
  for await (const item of reader(input, readerOptions)) {
    if (item.type === 'event') result.events.push(item.record);
    else if (item.type === 'warning') result.warnings.push(item.warning);
    else if (item.type === 'reject') result.rejects.push(item.error);
  }
  return result;
}

export function collectFixture(reader: Reader, relative: string, options: ReadOptions = {}, defaultChunk = 64): Promise<ReadResult> {
  return collect(reader, createReadStream(fixture(relative), { highWaterMark: options.chunkBytes ?? defaultChunk }), relative, options);
}

/** In-memory bytes (a sample changed for one test), delivered in chunks of the given size. */
export function collectBytes(reader: Reader, bytes: Buffer, file: string, options: ReadOptions = {}): Promise<ReadResult> {
  const size = options.chunkBytes ?? Math.max(1, bytes.length);
  async function* chunks(): AsyncGenerator<Buffer> {
    for (let offset = 0; offset < bytes.length; offset += size) yield bytes.subarray(offset, offset + size);
  }
  return collect(reader, chunks(), file, options);
}

/** The InputError a read stopped with (the test fails if it did not stop with one). */
export async function failure(promise: Promise<unknown>): Promise<InputError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(InputError);
  return error as InputError;
}

export function refs(event: CarrierEvent | undefined): string[] {
  return (event?.refs ?? []).map((ref) => `${ref.kind}:${ref.value}`);
}
