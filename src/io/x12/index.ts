/**
 * The ANSI X12 reader: 214 (carrier shipment status) and 315 (ocean status details) transaction sets
 * in any number of interchanges, read as a stream of segments. Other transaction sets are skipped
 * with a warning.
 */
import { displayName } from '../open.js';
import { senderZone, type Reader, type ReaderOptions } from '../reader.js';
import { readEnvelopes, type TransactionSet } from './envelope.js';
import { readEventTime } from './event-time.js';
import type { TimeValue } from '../../model/records.js';
import { withDeclaredZone } from '../../model/time.js';
import { warningAt } from './events.js';
import { tokenize } from './tokenizer.js';
import { read214 } from './x12-214.js';
import { read315 } from './x12-315.js';

export { looksLikeX12 } from './tokenizer.js';

/**
 * The events' receipt time: their functional group's date and time (GS04, GS05), when the sender built
 * it. X12 gives it no zone: it is read in the zone the mapping file gives the interchange's sender
 * (`sender_zones`), else in the default zone (--tz), which docs/inputs.md says. Undefined when the GS
 * date cannot be read (the events then keep today's as-of rule, as without a receipt time).
 */
function receiptTime(transaction: TransactionSet, options: ReaderOptions): TimeValue | undefined {
  if (!transaction.groupSent) return undefined;
  const read = readEventTime(transaction.groupSent, undefined, withDeclaredZone(options.time, senderZone(options, transaction.interchange.senderId)));
  return read.ok ? read.value : undefined;
}

export const readX12: Reader = async function* readX12(input, options) {
  const file = displayName(options.file);
  const context = { file, time: options.time, codes: options.codes };
  for await (const item of readEnvelopes(tokenize(input, file), file)) {
    if (item.type !== 'transaction') {
      yield item;
      continue;
    }
    const { transaction } = item;
    if (transaction.id === '214' || transaction.id === '315') {
      const reportedAt = receiptTime(transaction, options);
      const items = transaction.id === '214' ? read214(transaction, context) : read315(transaction, context);
      for (const read of items) {
        yield reportedAt && read.type === 'event' && !read.record.reportedAt ? { ...read, record: { ...read.record, reportedAt } } : read;
      }
    } else if (transaction.segments[0]) {
      yield warningAt(
        transaction.segments[0],
        `transaction set ${transaction.id} #${transaction.controlNumber} is not read (only 214 and 315 are); skipped`,
        context,
      );
    }
  }
};
