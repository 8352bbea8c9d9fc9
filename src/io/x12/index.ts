/**
 * The ANSI X12 reader: 214 (carrier shipment status) and 315 (ocean status details) transaction sets
 * in any number of interchanges, read as a stream of segments. Other transaction sets are skipped
 * with a warning.
 */
import { displayName } from '../open.js';
import type { Reader } from '../reader.js';
import { readEnvelopes } from './envelope.js';
import { warningAt } from './events.js';
import { tokenize } from './tokenizer.js';
import { read214 } from './x12-214.js';
import { read315 } from './x12-315.js';

export { looksLikeX12 } from './tokenizer.js';

export const readX12: Reader = async function* readX12(input, options) {
  const file = displayName(options.file);
  const context = { file, time: options.time, codes: options.codes };
  for await (const item of readEnvelopes(tokenize(input, file), file)) {
    if (item.type !== 'transaction') {
      yield item;
      continue;
    }
    const { transaction } = item;
    if (transaction.id === '214') {
      yield* read214(transaction, context);
    } else if (transaction.id === '315') {
      yield* read315(transaction, context);
    } else if (transaction.segments[0]) {
      yield warningAt(
        transaction.segments[0],
        `transaction set ${transaction.id} #${transaction.controlNumber} is not read (only 214 and 315 are); skipped`,
        context,
      );
    }
  }
};
