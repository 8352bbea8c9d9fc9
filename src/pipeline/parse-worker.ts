/**
 * The parse worker's side of ./parse-thread.ts: opens each file the main thread names, reads it with
 * the same readers as the main thread would (openItems), and sends the items in batches, waiting when
 * it is BATCHES_AHEAD batches ahead.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { BATCHES_AHEAD, ITEMS_PER_BATCH, toWireError, type FromWorker, type ToWorker, type WireItem } from './parse-thread.js';
import { openItems, prepareItem, readerOptionsFrom, type InputRole, type ReaderRecipe } from './read-input.js';

const port = parentPort!;
const options = readerOptionsFrom(workerData as ReaderRecipe);
let batchesAhead = 0;
let resume: (() => void) | undefined;

function post(message: FromWorker): void {
  port.postMessage(message);
}

async function send(items: WireItem[]): Promise<void> {
  while (batchesAhead >= BATCHES_AHEAD) await new Promise<void>((resolve) => (resume = resolve));
  batchesAhead++;
  post({ type: 'batch', items });
}

async function readFile(path: string, role: InputRole): Promise<void> {
  try {
    const { format, items } = await openItems(path, role, options);
    post({ type: 'opened', format });
    let batch: WireItem[] = [];
    for await (const item of items) {
      batch.push(item.type === 'reject' ? { type: 'reject', error: toWireError(item.error), raw: item.raw } : prepareItem(item));
      if (batch.length === ITEMS_PER_BATCH) {
        await send(batch);
        batch = [];
      }
    }
    if (batch.length > 0) await send(batch);
    post({ type: 'done' });
  } catch (error) {
    post({ type: 'failed', error: toWireError(error) });
  }
}

port.on('message', (message: ToWorker) => {
  if (message.type === 'taken') {
    batchesAhead--;
    resume?.();
    resume = undefined;
  } else {
    void readFile(message.path, message.role);
  }
});
