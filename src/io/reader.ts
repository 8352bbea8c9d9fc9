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
  /** `sender_zones` of `--mapping`: EDI sender id (upper-case) or "*" → the zone of its envelope's date and time. */
  senderZones?: Readonly<Record<string, string>>;
}

/**
 * The zone an EDI sender writes its envelope's date and time in, as the mapping file says (the sender
 * itself, else "*"); undefined when it says nothing, and the time is read in --tz.
 */
export function senderZone(options: Pick<ReaderOptions, 'senderZones'>, sender: string | undefined): string | undefined {
  const zones = options.senderZones;
  if (!zones) return undefined;
  return (sender ? zones[sender.trim().toUpperCase()] : undefined) ?? zones['*'];
}

export type Reader = (input: InputStream, options: ReaderOptions) => AsyncIterable<ReadItem>;

export type InputStream = AsyncIterable<Buffer | string>;
