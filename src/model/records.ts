/** Canonical records: what every reader produces and what the store and the engine consume. */
import type { Classifier, Milestone, Mode, Priority, Status } from './vocabulary.js';

/**
 * Where a record came from, so every error, case and timeline can point back at it.
 * CSV readers fill `line`; EDI readers fill `segment` (1-based, counted over the file) and `segmentId`.
 */
export interface SourcePosition {
  file: string;
  line?: number;
  column?: number;
  segment?: number;
  segmentId?: string;
}

/**
 * How the zone of a time was determined (docs/locations.md):
 * - `offset`: the time carried its own offset, or the source named its zone (an X12 time code);
 * - `profile`: the zone a mapping profile declares for its export's local times;
 * - `locations-file`: the user's `--locations` file; `override`: logex's own short list of places
 *   the datasets miss or get wrong; `port`: the port dataset; `country`: a country with one zone;
 *   `coordinates`: the message's latitude/longitude; `airport`: an IATA airport code; `place-name`:
 *   a free-text place matched to a port's name; `region`: a US state or Canadian province;
 * - `location`: a location table hit, as stores written before these sources were told apart recorded it;
 * - `default`: no offset and no known location: the time was read in `--tz`, a guess.
 */
export const ZONE_SOURCES = [
  'offset',
  'profile',
  'locations-file',
  'override',
  'port',
  'country',
  'coordinates',
  'airport',
  'place-name',
  'region',
  'location',
  'default',
] as const;
export type ZoneSource = (typeof ZONE_SOURCES)[number];

/**
 * An instant plus what the source said: the original text and the zone used to read it.
 * `epochMs` is what rules compare; `text` and `zone` are kept for display and audit.
 */
export interface TimeValue {
  epochMs: number;
  text: string;
  zone: string;
  zoneSource: ZoneSource;
}

/** `kind:value`, e.g. bol:MAEU100. Kinds are lower-case; values are compared as written, trimmed, upper-cased. */
export interface Reference {
  kind: string;
  value: string;
}

export interface ShipmentPlan {
  shipmentId: string;
  carrier: string;
  mode: Mode;
  origin: string;
  destination: string;
  customer: string;
  priority: Priority;
  serviceLevel: string;
  planned: Partial<Record<Milestone, TimeValue>>;
  /** Planned stops in order, UN/LOCODEs. */
  route: string[];
  refs: Reference[];
  requiredDocs: string[];
  quantity?: number;
  value?: number;
  source: SourcePosition;
}

/** A shipment's lane, as rules, SLAs and reports name it: origin>destination. */
export function laneOf(plan: Pick<ShipmentPlan, 'origin' | 'destination'>): string {
  return `${plan.origin}>${plan.destination}`;
}

export interface CarrierEvent {
  /** Set when the source names the shipment directly; otherwise matched by `refs`. */
  shipmentId?: string;
  refs: Reference[];
  status: Status;
  time: TimeValue;
  classifier: Classifier;
  location?: string;
  reason?: string;
  carrier?: string;
  /**
   * When the record was received (the carrier's send time: CSV `reported_at`, X12 GS date/time, IFTSTA
   * DTM+137, DCSA eventCreatedDateTime): an audit as of T sees the event only if it was received by T.
   */
  reportedAt?: TimeValue;
  eventId?: string;
  /**
   * Who issued `eventId` (ids are unique per publisher only): a DCSA event's publishing party; when
   * unset, the carrier is. Neither known: the event's identity is its content.
   */
  publisher?: string;
  /** Pieces or units the event is about: on a delivery, what arrived (for on-time-in-full). */
  quantity?: number;
  /** The code the source used (AT7 "AF", IFTSTA "21", DCSA "DEPA") and its qualifier, kept verbatim. */
  rawCode?: string;
  rawQualifier?: string;
  /** The raw code is in no code table: status is carrier_exception and the run summary lists the code. */
  unknownCode?: boolean;
  source: SourcePosition;
  /**
   * Retracts an earlier event (DCSA v3 `retractedEventID`): the store removes the named event
   * instead of storing this one.
   */
  retracts?: string;
}

export interface DocumentRecord {
  shipmentId: string;
  docType: string;
  receivedAt?: TimeValue;
  status: 'received' | 'rejected';
  source: SourcePosition;
}

export interface InventoryRecord {
  sku: string;
  location: string;
  onHand: number;
  minLevel?: number;
  expectedQty?: number;
  countedQty?: number;
  asOf: TimeValue;
  source: SourcePosition;
}

export interface StoredEvent extends CarrierEvent {
  /** Store row id: the order events were received in, the tie-breaker for "last received". */
  id: number;
  /**
   * When the event has no `reportedAt`: the as-of of the run that first stored it, its receipt time
   * (model/timeline.ts knownFrom). Undefined for events that were never stored (rule tests).
   */
  storedAsOfMs?: number;
}

/**
 * An event as the shipment checks see it: what it says, not where it was read or which references
 * matched it (read back for every stored event on a cold audit, so the timeline leaves those out).
 */
export type TimelineEvent = Omit<StoredEvent, 'refs' | 'source'>;

export interface ShipmentTimeline {
  plan: ShipmentPlan;
  events: TimelineEvent[];
  documents: DocumentRecord[];
  /** An audit as of a past night, whose plan a later version replaced: when that version becomes known. */
  nextPlanMs?: number;
}
