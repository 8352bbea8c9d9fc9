/**
 * Records as the store writes them: each insert's values in column order, computed where the input is
 * read (in the parse thread for files, ../pipeline/parse-thread.ts). Flat arrays of strings and numbers
 * cross threads at a quarter of the cost of the nested records (measured: 200k events received in 82 ms
 * instead of 314 ms), and the writer binds them by position. The order is the column specs' below.
 */
import { hash } from 'node:crypto';
import type { CarrierEvent, ShipmentPlan } from '../model/records.js';
import { columnSpec } from './columns.js';
import { eventKey, publisherOf, sortedRefs } from './event-key.js';
import { encodePlanned } from './planned-column.js';
import { encodeRefs } from './refs-column.js';
import { storedTimeText, storedZoneSource } from './time-text.js';

type Value = string | number | null;

/** A plan's shipments columns and the property of its content (what the content hash covers) each holds. */
const PLAN_CONTENT = {
  shipment_id: 'shipmentId',
  carrier: 'carrier',
  mode: 'mode',
  origin: 'origin',
  destination: 'destination',
  customer: 'customer',
  priority: 'priority',
  service_level: 'serviceLevel',
  planned: 'planned',
  route: 'route',
  required_docs: 'requiredDocs',
  quantity: 'quantity',
  value: 'value',
} as const;

/**
 * A prepared plan: its content's columns, the content hash, its references (JSON, written to
 * shipment_refs) and where it was read (the file's path; the writer binds the file's id).
 */
export const PREPARED_PLAN = columnSpec([
  ...(Object.keys(PLAN_CONTENT) as (keyof typeof PLAN_CONTENT)[]),
  'content_hash',
  'refs',
  'source_file_id',
  'source_line',
] as const);

export type PreparedPlan = readonly Value[];

export function preparePlan(plan: ShipmentPlan): PreparedPlan {
  const content = {
    shipmentId: plan.shipmentId,
    carrier: plan.carrier,
    mode: plan.mode,
    origin: plan.origin,
    destination: plan.destination,
    customer: plan.customer,
    priority: plan.priority,
    serviceLevel: plan.serviceLevel,
    planned: JSON.stringify(plan.planned),
    route: JSON.stringify(plan.route),
    requiredDocs: JSON.stringify(plan.requiredDocs),
    quantity: plan.quantity ?? null,
    value: plan.value ?? null,
  };
  // The hash leaves out the source position: the same plan in tomorrow's export is unchanged. Its input
  // is what stores since the first version hashed (with an empty contentHash and planned as objects), so
  // their plans compare.
  const contentHash = hash('sha1', JSON.stringify({ ...content, contentHash: '', refs: sortedRefs(plan.refs) }));
  const columns = { ...content, planned: encodePlanned(plan.planned) };
  const extra: Record<'content_hash' | 'refs' | 'source_file_id' | 'source_line', Value> = {
    content_hash: contentHash,
    refs: JSON.stringify(plan.refs),
    source_file_id: plan.source.file,
    source_line: plan.source.line ?? null,
  };
  return PREPARED_PLAN.names.map((column) =>
    column in PLAN_CONTENT ? columns[PLAN_CONTENT[column as keyof typeof PLAN_CONTENT]] : extra[column as keyof typeof extra],
  );
}

/**
 * The events columns an event's insert fills after event_key and shipment_id, each with what fills it.
 * source_file_id holds the file's path here; the writer binds the file's id in its place.
 */
const EVENT_FILLS = {
  status: (event) => event.status,
  classifier: (event) => event.classifier,
  event_ms: (event) => event.time.epochMs,
  event_text: (event) => storedTimeText(event.time),
  event_zone: (event) => event.time.zone,
  event_zone_source: (event) => storedZoneSource(event.time.zoneSource),
  reported_ms: (event) => event.reportedAt?.epochMs ?? null,
  // Receipt times are read back in UTC (timeline-reads.ts), so that is the zone their text is checked in.
  reported_text: (event) => (event.reportedAt ? storedTimeText({ ...event.reportedAt, zone: 'UTC' }) : null),
  location: (event) => event.location ?? null,
  reason: (event) => event.reason ?? null,
  carrier: (event) => event.carrier ?? null,
  event_id: (event) => event.eventId ?? null,
  raw_code: (event) => event.rawCode ?? null,
  raw_qualifier: (event) => event.rawQualifier ?? null,
  unknown_code: (event) => (event.unknownCode ? 1 : 0),
  refs: (event) => encodeRefs(event.refs),
  source_file_id: (event) => event.source.file,
  source_line: (event) => event.source.line ?? null,
  source_segment: (event) => event.source.segment ?? null,
  source_segment_id: (event) => event.source.segmentId ?? null,
  quantity: (event) => event.quantity ?? null,
  /** publisherOf, for events with an id; null without one. */
  publisher: (event) => (event.eventId ? publisherOf(event) : null),
} satisfies Record<string, (event: CarrierEvent) => Value>;

type EventColumn = keyof typeof EVENT_FILLS;
export const PREPARED_EVENT = columnSpec(Object.keys(EVENT_FILLS) as EventColumn[]);
const FILLS = PREPARED_EVENT.names.map((column) => EVENT_FILLS[column] as (event: CarrierEvent) => Value);

export type PreparedEventValues = readonly Value[];

/** One column of a prepared event, typed as its fill returns it. */
export function eventValue<C extends EventColumn>(values: PreparedEventValues, column: C): ReturnType<(typeof EVENT_FILLS)[C]> {
  return values[PREPARED_EVENT.at[column]] as ReturnType<(typeof EVENT_FILLS)[C]>;
}

/** A carrier event's insert values (PreparedEventValues), or a DCSA retraction. */
export type PreparedEvent =
  | { retracts: string; file: string; publisher: string }
  | {
      /** event-key.ts eventKey: the first number the event may be stored under. */
      key: number;
      shipmentId: string | null;
      values: PreparedEventValues;
      /** The carrier code, when no table knows it: the run counts these. */
      unknownCode?: string;
    };

export type PreparedCarrierEvent = Extract<PreparedEvent, { key: number }>;

export function prepareEvent(event: CarrierEvent): PreparedEvent {
  if (event.retracts) return { retracts: event.retracts, file: event.source.file, publisher: publisherOf(event) };
  return {
    key: eventKey(event),
    shipmentId: event.shipmentId ?? null,
    unknownCode: event.unknownCode ? (event.rawCode ?? '?') : undefined,
    values: FILLS.map((fill) => fill(event)),
  };
}
