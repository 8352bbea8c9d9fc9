/** A message on its way out: what every transport sends, from the outbox or as a test. */
import type { NotifyMode } from '../rules/sections/notifications.js';
import type { NotifiedCase } from './message.js';

export interface OutgoingMessage {
  /** Sent as `Idempotency-Key` (webhooks) and in `Message-ID` / `X-Logex-Idempotency-Key` (e-mail). */
  idempotencyKey: string;
  team: string;
  mode: NotifyMode | 'test';
  recipients: string[];
  subject: string;
  body: string;
  cases: NotifiedCase[];
}

/** Raised by a transport; its message is safe to store and print (secrets scrubbed). */
export class DeliveryFailure extends Error {}
