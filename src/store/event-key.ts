/**
 * Event identity in the store: the key that makes a re-sent event a duplicate, and the SQL functions
 * migrations use to rewrite stored keys into its current format (./database.ts registers them).
 */
import { hash } from 'node:crypto';
import type { CarrierEvent, Reference } from '../model/records.js';
import type { Classifier, Status } from '../model/vocabulary.js';

/**
 * The key that makes a re-sent event a duplicate. An event with an id is keyed by its publisher, the id
 * and a hash of what it says ("id:<publisher>:<event id>#<16 hex>"): ids are unique per publisher only,
 * so neither another publisher's event with the same id nor a re-used id with other content is taken
 * for a re-send (RecordWriter.writePreparedEvent compares the content itself and warns on the second).
 * Without an id, a fingerprint of what the event says (not where or when it was received, which change
 * on re-sends). A fingerprint key starts with the event's identity (its shipment id, else its
 * references), so a shipment's events sit together in the key's unique index: carriers send a
 * shipment's events together, and inserting them touches a few index pages instead of one random page
 * each. Measured inserting 6.9 million events: 92 s of CPU instead of 149 s, and no slow-down as the
 * index outgrows the cache. Within one identity, 64 bits of the SHA-1 are plenty.
 */
export function eventKey(event: CarrierEvent): number {
  return compactEventKey(eventKeyText(event));
}

/**
 * The key as stored (migration 12): a number instead of the text, 8 bytes instead of about 45 in the row
 * and again in the unique index. The high bits hash the identity (the text before '#'), so a shipment's
 * events stay neighbours in the index; the low bits are the content hash. Two events may share a number
 * (a 52-bit hash), so the writer never takes a shared number for a re-send: it compares the stored
 * event's content and, when it differs, stores the new one under the next free number
 * (RecordWriter.writePreparedEvent). Below 2^52, so the numbers after it stay exact in JavaScript.
 */
export function compactEventKey(text: string): number {
  const hashAt = text.lastIndexOf('#');
  const content = text.slice(hashAt + 1);
  // A suffix ("~1": the old format's numbering of an id re-used with other content) goes into the hash.
  const low = /^[0-9a-f]{16}$/.test(content) ? parseInt(content.slice(0, 7), 16) >>> 2 : fnv1a(content) >>> 6;
  return (fnv1a(text.slice(0, hashAt)) >>> 6) * 2 ** 26 + low;
}

/** 32-bit FNV-1a over UTF-16 code units: a cheap, well-spread hash for the identity part of a key. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let at = 0; at < text.length; at++) {
    hash ^= text.charCodeAt(at);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** The key's text form, as stored before migration 12 and hashed by compactEventKey since. */
export function eventKeyText(event: CarrierEvent): string {
  if (event.eventId) return identifiedEventKey(publisherOf(event), event.eventId, event.shipmentId ?? null, JSON.stringify(sortedRefs(event.refs)), event);
  const identity = event.shipmentId
    ? `shipment:${event.shipmentId}`
    : sortedRefs(event.refs)
        .map((r) => `${r.kind}:${r.value}`)
        .join(';');
  return `fp:${identity}#${fingerprintHash(identity, event).slice(0, 16)}`;
}

/** Who published an event, whose ids are unique among their events: the reader's publisher, else the carrier ('' unknown). */
export function publisherOf(event: Pick<CarrierEvent, 'publisher' | 'carrier'>): string {
  return event.publisher ?? event.carrier ?? '';
}

function identifiedEventKey(
  publisher: string,
  eventId: string,
  namedShipment: string | null,
  sortedRefsJson: string,
  event: Parameters<typeof fingerprintHash>[1],
): string {
  return `id:${publisher}:${eventId}#${fingerprintHash(`${namedShipment ?? ''}|${sortedRefsJson}`, event).slice(0, 16)}`;
}

/**
 * Migration 10's SQL function: the key eventKey gives an event stored under the key before it,
 * "id:<carrier>:<event id>". Whether the stored shipment id was named by the event or linked by its
 * references is not recorded; the key takes it as named when the event has no references. A wrong
 * guess costs nothing: a re-sent event is recognised by comparing its content (writePreparedEvent),
 * the key only keeps stored events apart.
 */
export function migratedIdentifiedKey(
  publisher: string | null,
  eventId: string,
  shipmentId: string | null,
  refs: string,
  status: string,
  classifier: string,
  eventMs: number,
  location: string | null,
  reason: string | null,
  rawCode: string | null,
): string {
  const parsed = JSON.parse(refs) as Reference[];
  const event = storedContent(status, classifier, eventMs, location, reason, rawCode);
  return identifiedEventKey(publisher ?? '', eventId, parsed.length === 0 ? shipmentId : null, JSON.stringify(sortedRefs(parsed)), event);
}

/** What the migrations' SQL functions get of a stored event, in the shape the key functions take. */
function storedContent(status: string, classifier: string, eventMs: number, location: string | null, reason: string | null, rawCode: string | null) {
  return {
    status: status as Status,
    classifier: classifier as Classifier,
    time: { epochMs: eventMs },
    location: location ?? undefined,
    reason: reason ?? undefined,
    rawCode: rawCode ?? undefined,
  };
}

function fingerprintHash(
  identity: string,
  event: Pick<CarrierEvent, 'status' | 'classifier' | 'location' | 'reason' | 'rawCode'> & { time: { epochMs: number } },
): string {
  const fingerprint = [identity, event.status, event.classifier, event.time.epochMs, event.location ?? '', event.reason ?? '', event.rawCode ?? ''].join('|');
  // The one-shot hash: a Hash object per event was a tenth of the parse thread's time.
  return hash('sha1', fingerprint);
}

/**
 * Migration 8's SQL function: the key eventKey gives a stored event whose key is in the format before
 * it, "fp:<40 hex digits of the same SHA-1>". The identity that went into that hash was the event's own
 * shipment id, else its references; a stored shipment id may also have been linked by reference, so the
 * candidate whose hash matches the stored one is the identity. Null (keep the key) if neither does.
 */
export function migratedEventKey(
  key: string,
  shipmentId: string | null,
  refs: string,
  status: string,
  classifier: string,
  eventMs: number,
  location: string | null,
  reason: string | null,
  rawCode: string | null,
): string | null {
  const hash = key.slice('fp:'.length);
  const event = storedContent(status, classifier, eventMs, location, reason, rawCode);
  const candidates = [
    ...(shipmentId ? [`shipment:${shipmentId}`] : []),
    sortedRefs(JSON.parse(refs) as Reference[])
      .map((r) => `${r.kind}:${r.value}`)
      .join(';'),
  ];
  const identity = candidates.find((candidate) => fingerprintHash(candidate, event) === hash);
  return identity === undefined ? null : `fp:${identity}#${hash.slice(0, 16)}`;
}

export function sortedRefs(refs: Reference[]): Reference[] {
  return [...refs].sort((a, b) => a.kind.localeCompare(b.kind) || a.value.localeCompare(b.value));
}
