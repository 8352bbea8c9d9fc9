/** Reading X12 the way the CLI does, for the X12 reader tests (on the shared reader-kit). */
import { readX12 } from '../../src/io/x12/index.js';
import type { CarrierEvent } from '../../src/model/records.js';
import { isoUtc } from '../../src/model/time.js';
import { collectBytes, collectFixture, type ReadOptions, type ReadResult } from './reader-kit.js';

export { fixtureText, refs } from './reader-kit.js';

/** A fixture file as the CLI streams it; small chunks make chunk boundaries fall inside segments. */
export function readFixture(relative: string, options: ReadOptions = {}): Promise<ReadResult> {
  return collectFixture(readX12, relative, options);
}

/** In-memory input (a sample changed for one test), delivered in byte chunks of the given size. */
export function readText(text: string, file = 'inline.edi', options: ReadOptions = {}): Promise<ReadResult> {
  return collectBytes(readX12, Buffer.from(text, 'utf8'), file, options);
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
