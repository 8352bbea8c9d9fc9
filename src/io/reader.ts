import type { CarrierEvent, DocumentRecord, InventoryRecord, ShipmentPlan } from '../model/records.js';
import type { InputError, InputWarning } from './errors.js';
import type { TimeContext } from '../model/time.js';
import type { CodeResolver } from '../model/codes/resolver.js';

/**
 * What every reader yields, one item at a time, so inputs stream.
 * `reject` is a record-level problem: with `--rejects` the run goes on, without it the run fails.
 * Readers throw InputError for problems that make the rest of the file meaningless.
 */
export type ReadItem =
  | { type: 'plan'; record: ShipmentPlan }
  | { type: 'event'; record: CarrierEvent }
  | { type: 'document'; record: DocumentRecord }
  | { type: 'inventory'; record: InventoryRecord }
  | { type: 'warning'; warning: InputWarning }
  | { type: 'reject'; error: InputError; raw?: Record<string, string> };

export interface ReaderOptions {
  /** Name used in positions; "-" is shown as "<stdin>". */
  file: string;
  time: TimeContext;
  /** Carrier code tables plus the user's `--mapping` overrides. */
  codes: CodeResolver;
}

export type Reader = (input: InputStream, options: ReaderOptions) => AsyncIterable<ReadItem>;

export type InputStream = AsyncIterable<Buffer | string>;
