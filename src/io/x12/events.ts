/** What the 214 and 315 readers share: their context and how a dated status becomes a read item. */
import type { CodeResolver } from '../../model/codes/resolver.js';
import type { CarrierEvent } from '../../model/records.js';
import type { TimeContext } from '../../model/time.js';
import { InputError } from '../errors.js';
import type { ReadItem } from '../reader.js';
import type { EventTime } from './event-time.js';
import type { Segment } from './tokenizer.js';

export interface TransactionContext {
  file: string;
  time: TimeContext;
  codes: CodeResolver;
}

/**
 * The event dated by `time`, preceded by the time's warnings; or a reject when the date or time cannot
 * be read (the rest of the message is still read). Everything points at `segment`.
 */
export function* datedEvent(segment: Segment, time: EventTime, event: Omit<CarrierEvent, 'time' | 'source'>, context: TransactionContext): Generator<ReadItem> {
  if (!time.ok) {
    yield rejectAt(segment, `status ${event.rawCode ?? ''}: ${time.error}`, context);
    return;
  }
  for (const message of time.warnings) yield warningAt(segment, message, context);
  yield { type: 'event', record: { ...event, time: time.value, source: positionOf(segment, context) } };
}

export function warningAt(segment: Segment, message: string, context: TransactionContext): ReadItem {
  return { type: 'warning', warning: { position: positionOf(segment, context), message } };
}

/** A record that cannot be read: with --rejects the run goes on without it, otherwise the run fails. */
export function rejectAt(segment: Segment, detail: string, context: TransactionContext): ReadItem {
  return { type: 'reject', error: new InputError(positionOf(segment, context), detail) };
}

function positionOf(segment: Segment, context: TransactionContext) {
  return { file: context.file, segment: segment.position, segmentId: segment.id };
}
