/**
 * Reading input files in a worker thread (./parse-worker.ts), so that parsing and building records
 * (about half of a cold audit's ingest work) overlaps the main thread's SQLite writes. Items cross in
 * batches, plans and events already prepared for their inserts, and the worker runs at most a few
 * batches ahead, so memory stays bounded whichever half is slower.
 */
import { Worker } from 'node:worker_threads';
import { InputError } from '../io/errors.js';
import type { SourcePosition } from '../model/records.js';
import type { InputRole, OpenedInput, ReaderRecipe, WriteItem } from './read-input.js';

/** Items per message: large enough that messaging costs little per item, small enough to start writing at once. */
export const ITEMS_PER_BATCH = 1000;
/** Batches the worker may send before the main thread takes one. */
export const BATCHES_AHEAD = 4;

/** An Error does not cross threads with its class and fields, so an input error travels as its parts. */
export type WireError = { position: SourcePosition; detail: string } | { message: string; stack?: string };
export type WireItem = Exclude<WriteItem, { type: 'reject' }> | { type: 'reject'; error: WireError; raw?: Record<string, string> };

export type ToWorker = { type: 'open'; path: string; role: InputRole } | { type: 'taken' };
export type FromWorker = { type: 'opened'; format: string } | { type: 'batch'; items: WireItem[] } | { type: 'done' } | { type: 'failed'; error: WireError };

export function toWireError(error: unknown): WireError {
  if (error instanceof InputError) return { position: error.position, detail: error.detail };
  const { message, stack } = error instanceof Error ? error : new Error(String(error));
  return { message, stack };
}

function fromWireError(error: WireError): Error {
  if ('position' in error) return new InputError(error.position, error.detail);
  const revived = new Error(error.message);
  if (error.stack) revived.stack = error.stack;
  return revived;
}

function fromWire(item: WireItem): WriteItem {
  return item.type === 'reject' ? { type: 'reject', error: fromWireError(item.error) as InputError, raw: item.raw } : item;
}

export class ParseThread {
  private readonly worker: Worker;
  private readonly inbox: FromWorker[] = [];
  private wake: (() => void) | undefined;
  private failure: Error | undefined;
  private closing = false;

  constructor(recipe: ReaderRecipe) {
    this.worker = new Worker(new URL('./parse-worker.js', import.meta.url), {
      workerData: recipe,
      // The worker's memory does not grow with the input (it is at most BATCHES_AHEAD batches ahead),
      // so a cap costs nothing and keeps its heap from adding lazily collected garbage to the run's RSS.
      // Parsing makes short-lived garbage: a 64 MiB young generation (16 by default) took the worker's
      // garbage collection from a fifth of its time to less, and ingest at 100k from 12.2 s to 11.2-11.6 s
      // (32: no gain, 128: no more).
      resourceLimits: { maxOldGenerationSizeMb: 256, maxYoungGenerationSizeMb: 64 },
    });
    this.worker.on('message', (message: FromWorker) => this.deliver(message));
    this.worker.on('error', (error) => {
      this.failure ??= error;
      this.wake?.();
    });
    this.worker.on('exit', (code) => {
      if (!this.closing) this.failure ??= new Error(`the input parsing thread stopped unexpectedly (exit code ${code})`);
      this.wake?.();
    });
  }

  private deliver(message: FromWorker): void {
    this.inbox.push(message);
    this.wake?.();
  }

  private async next(): Promise<FromWorker> {
    for (;;) {
      const message = this.inbox.shift();
      if (message) return message;
      if (this.failure) throw this.failure;
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = undefined;
    }
  }

  /** Starts reading a file in the worker; like openItems, throws when the file cannot be opened. */
  async open(path: string, role: InputRole): Promise<OpenedInput> {
    this.worker.postMessage({ type: 'open', path, role } satisfies ToWorker);
    const first = await this.next();
    if (first.type === 'failed') throw fromWireError(first.error);
    if (first.type !== 'opened') throw new Error(`parse thread: expected "opened", got "${first.type}"`);
    return { format: first.format, batches: this.batches() };
  }

  private async *batches(): AsyncGenerator<WriteItem[]> {
    for (;;) {
      const message = await this.next();
      if (message.type === 'done') return;
      if (message.type === 'failed') throw fromWireError(message.error);
      if (message.type !== 'batch') throw new Error(`parse thread: expected a batch, got "${message.type}"`);
      this.worker.postMessage({ type: 'taken' } satisfies ToWorker);
      yield message.items.map(fromWire);
    }
  }

  async close(): Promise<void> {
    this.closing = true;
    await this.worker.terminate();
  }
}
