/**
 * UN/EDIFACT reader: IFTSTA (international multimodal status report) messages → carrier events.
 * Streams: segments are tokenized as the bytes arrive and each message is turned into events when its
 * UNT is read, so memory is bounded by the largest message, not the file.
 */
import { InputError } from '../errors.js';
import type { ReadItem, Reader } from '../reader.js';
import { readEnvelopes } from './interchange.js';
import { readIftstaMessage } from './iftsta.js';

const STATUS_REPORT = 'IFTSTA';

export const readEdifact: Reader = async function* (input, options): AsyncGenerator<ReadItem> {
  const skipped = new Map<string, number>();
  let statusReports = 0;
  for await (const item of readEnvelopes(input, options.file)) {
    if (item.kind === 'warning') {
      yield { type: 'warning', warning: item.warning };
      continue;
    }
    const { message } = item;
    if (message.type !== STATUS_REPORT) {
      skipped.set(message.type, (skipped.get(message.type) ?? 0) + 1);
      yield {
        type: 'warning',
        warning: {
          position: { file: options.file, segment: message.header.index, segmentId: 'UNH' },
          message: `message ${message.reference} is ${message.type || 'of no type'}, not ${STATUS_REPORT}: skipped`,
        },
      };
      continue;
    }
    statusReports += 1;
    yield* readIftstaMessage(message, options);
  }
  if (statusReports === 0 && skipped.size > 0) {
    const found = [...skipped].map(([type, count]) => `${type || '(no type)'} ×${count}`).join(', ');
    throw new InputError({ file: options.file }, `contains no IFTSTA status report (found ${found}); logex reads carrier status events from IFTSTA`);
  }
};

/** Whether the first bytes of an input are an EDIFACT interchange (UNA service string or UNB header). */
export function looksLikeEdifact(head: string): boolean {
  return /^(\ufeff)?\s*UN[AB]/.test(head);
}
