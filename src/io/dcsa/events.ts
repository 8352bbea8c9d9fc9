/**
 * One DCSA T&T event (v2.2 flat, or v3 with eventClassification / eventRouting / *Details) → a
 * carrier event, a reject, or a deliberate skip.
 *
 * Decisions (tested in test/io/dcsa.test.ts):
 * - eventDateTime missing or not ISO 8601 → reject: without it there is no event.
 * - eventCreatedDateTime (v3: eventUpdatedDateTime) not ISO 8601 → reject: the producer is broken and
 *   the as-of replay of estimates depends on it. Missing → kept with a warning.
 * - An invalid UN/LOCODE (XYABC) → the event is kept without a location, with a warning: the event
 *   happened, but a made-up place must not reach `route_deviation`.
 * - A code outside DCSA's lists → carrier_exception with `unknownCode`, raw code kept.
 * - SHIPMENT events about document workflow (drafted, approved, issued…) and IOT/REEFER sensor events
 *   are not shipment milestones: skipped, and counted in one warning per kind at the end of the file.
 * - `retractedEventID` → a record with `retracts`, whatever else the event says.
 */
import { DCSA_CLASSIFIERS, DCSA_DOCUMENT_REFERENCE_KINDS, DCSA_REFERENCE_KINDS, DCSA_SHIPMENT_EVENT_CODES } from '../../model/codes/dcsa.js';
import type { CodeLookup } from '../../model/codes/resolver.js';
import { isValidUnLocode, whyUnplaced } from '../../model/locations.js';
import type { CarrierEvent, Reference, SourcePosition, TimeValue } from '../../model/records.js';
import { isoUtc, parseIsoTime, type PlaceQuery } from '../../model/time.js';
import type { Classifier } from '../../model/vocabulary.js';
import type { ReaderOptions } from '../reader.js';
import { asObject, type JsonObject } from './shape.js';

export type SkipKind = 'document' | 'IOT' | 'REEFER';

export type EventOutcome =
  | { kind: 'event'; record: CarrierEvent; warnings: string[] }
  | { kind: 'reject'; message: string; warnings: string[] }
  | { kind: 'skip'; skip: SkipKind; detail: string };

const TYPE_CODE_FIELD: Readonly<Record<string, string>> = {
  TRANSPORT: 'transportEventTypeCode',
  EQUIPMENT: 'equipmentEventTypeCode',
  SHIPMENT: 'shipmentEventTypeCode',
  IOT: 'iotEventTypeCode',
  REEFER: 'reeferEventTypeCode',
};

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function list(value: unknown): JsonObject[] {
  return Array.isArray(value) ? value.map(asObject).filter((item): item is JsonObject => item !== undefined) : [];
}

/** v3 drafts split an event into metadata and payload; everything else reads the same once merged. */
function flatten(raw: JsonObject): JsonObject {
  const payload = asObject(raw.payload);
  const metadata = asObject(raw.metadata);
  return payload || metadata ? { ...raw, ...payload, ...metadata } : raw;
}

/** `number` is the event's 1-based place in the page, named in every message about it. */
export function readDcsaEvent(raw: unknown, number: number, source: SourcePosition, options: ReaderOptions): EventOutcome {
  const warnings: string[] = [];
  const object = asObject(raw);
  const event = object ? flatten(object) : {};
  const eventId = text(event.eventID);
  const label = `event ${number}${eventId ? ` (eventID ${eventId})` : ''}`;
  const rejected = (message: string): EventOutcome => ({ kind: 'reject', message: `${label} ${message}`, warnings });
  if (!object) return rejected('is not a JSON object');
  const classification = asObject(event.eventClassification) ?? {};
  const field = (name: string) => text(event[name]) ?? text(classification[name]);
  const shipmentDetails = asObject(event.shipmentDetails);
  const transportDetails = asObject(event.transportDetails);
  const documentReference = asObject(shipmentDetails?.documentReference);

  const eventType = (field('eventType') ?? field('eventTypeCode'))?.toUpperCase();
  const retracts = text(event.retractedEventID);
  const codeField = eventType ? TYPE_CODE_FIELD[eventType] : undefined;
  const code = codeField ? field(codeField)?.toUpperCase() : undefined;
  const documentType = (text(event.documentTypeCode) ?? text(documentReference?.typeCode))?.toUpperCase();
  const carrier = carrierOf(event);
  const publisher = publisherOf(event) ?? carrier;

  if (!retracts) {
    if (!eventType) return rejected('has no eventType (v3: eventClassification.eventTypeCode)');
    if (!codeField) return rejected(`has eventType "${eventType}", which is not a DCSA T&T event type (SHIPMENT, TRANSPORT, EQUIPMENT, IOT, REEFER)`);
    if (!code) return rejected(`(${eventType}) has no ${codeField}`);
  }

  // Skipped events are still checked below: a malformed one is rejected, not skipped unseen.
  let skip: { skip: SkipKind; detail: string } | undefined;
  let lookup: CodeLookup | undefined;
  if (eventType === 'IOT' || eventType === 'REEFER') {
    if (!retracts) skip = { skip: eventType, detail: code ?? '?' };
  } else if (code && eventType === 'SHIPMENT') {
    lookup = options.codes.resolve('dcsa', `${documentType ?? ''}:${code}`, carrier);
    if (!lookup.known && DCSA_SHIPMENT_EVENT_CODES.has(code) && !retracts) {
      skip = { skip: 'document', detail: `${code} on ${documentType ?? 'no document type'}` };
    }
  } else if (code) {
    lookup = options.codes.resolve('dcsa', code, carrier);
  }

  const classifierCode = field('eventClassifierCode')?.toUpperCase();
  const classifier: Classifier | undefined = classifierCode ? DCSA_CLASSIFIERS[classifierCode] : undefined;
  if (!classifier && !retracts) {
    return rejected(
      classifierCode ? `has eventClassifierCode "${classifierCode}", which is not ACT, EST or PLN` : 'has no eventClassifierCode (ACT, EST or PLN)',
    );
  }

  const { locode: location, place } = locationOf(event, transportDetails, warnings);
  const reportedText = event.eventCreatedDateTime ?? event.eventUpdatedDateTime;
  const reportedField = event.eventCreatedDateTime !== undefined ? 'eventCreatedDateTime' : 'eventUpdatedDateTime';
  let reportedAt: TimeValue | undefined;
  if (reportedText !== undefined) {
    const parsed = readTime(reportedText, reportedField, place, options, warnings);
    if (typeof parsed === 'string') return rejected(parsed);
    reportedAt = parsed;
  }

  const happenedText = event.eventDateTime ?? (retracts ? reportedText : undefined);
  if (happenedText === undefined) return rejected('has no eventDateTime: when the event happened is unknown');
  const time = readTime(happenedText, 'eventDateTime', place, options, warnings);
  if (typeof time === 'string') return rejected(time);
  if (skip) return { kind: 'skip', ...skip };

  if (reportedText === undefined) {
    warnings.push(`${label} has no eventCreatedDateTime (when the carrier reported it); kept without a reported-at time`);
  }
  if (classifier === 'actual' && reportedAt && reportedAt.epochMs < time.epochMs) {
    warnings.push(
      `${label} is an actual event of ${isoUtc(time.epochMs)} reported at ${isoUtc(reportedAt.epochMs)}, before it happened; ` + "check the carrier's clock",
    );
  }
  if (!eventId) warnings.push(`${label} has no eventID; a re-sent copy is recognised by its content instead`);

  const reason = [
    text(event.delayReasonCode) ?? text(transportDetails?.delayReasonCode),
    text(event.changeRemark) ?? text(transportDetails?.changeRemark),
    text(event.reason) ?? text(shipmentDetails?.reason),
  ]
    .filter(Boolean)
    .join(' ');

  const record: CarrierEvent = {
    refs: referencesOf(event, documentType, label, warnings),
    status: lookup?.mapping.status ?? 'carrier_exception',
    time,
    classifier: lookup?.mapping.classifier ?? classifier ?? 'actual',
    ...(location ? { location } : {}),
    ...(reason ? { reason } : {}),
    ...(carrier ? { carrier } : {}),
    ...(reportedAt ? { reportedAt } : {}),
    ...(eventId ? { eventId } : {}),
    ...(publisher ? { publisher } : {}),
    ...(code ? { rawCode: code } : {}),
    ...(eventType ? { rawQualifier: eventType === 'SHIPMENT' && documentType ? documentType : eventType } : {}),
    ...(lookup && !lookup.known && !(eventType === 'SHIPMENT' && DCSA_SHIPMENT_EVENT_CODES.has(code ?? '')) ? { unknownCode: true } : {}),
    source,
    ...(retracts ? { retracts } : {}),
  };
  return { kind: 'event', record, warnings };
}

/** Returns the time, or the reason it cannot be read (which rejects the event). */
function readTime(value: unknown, name: string, place: PlaceQuery | undefined, options: ReaderOptions, warnings: string[]): TimeValue | string {
  if (typeof value !== 'string') return `has ${name} as ${value === null ? 'null' : typeof value}, not a date-time string`;
  const parsed = parseIsoTime(value, options.time, place);
  if (!parsed.ok) return `has an unreadable ${name}: ${parsed.error}`;
  if (parsed.warning) warnings.push(`${name}: ${parsed.warning}`);
  if (parsed.value.zoneSource === 'default') {
    const why = place ? `; ${whyUnplaced(place)}` : '';
    warnings.push(`${name} ${value} has no offset (DCSA requires one)${why}; read in ${parsed.value.zone} (the default zone)`);
  } else if (parsed.value.zoneSource !== 'offset') {
    const where = parsed.value.zoneSource === 'coordinates' ? 'at its coordinates' : `of ${place?.written ?? 'its location'}`;
    warnings.push(`${name} ${value} has no offset (DCSA requires one); read in ${parsed.value.zone}, the zone ${where}`);
  }
  return parsed.value;
}

/**
 * Who issued the eventID, which DCSA makes unique per publisher only: v3's originating party of the
 * routing (whatever its function), v2.2's `publisher` party by its first identifying code (a SCAC, an
 * SMDG code), else its name. Undefined when the event names none: then the carrier, if known, is.
 */
function publisherOf(event: JsonObject): string | undefined {
  const originating = text(asObject(asObject(event.eventRouting)?.originatingParty)?.partyCode);
  if (originating) return originating;
  const party = asObject(event.publisher);
  if (!party) return undefined;
  const code = list(party.identifyingCodes)
    .map((entry) => text(entry.partyCode))
    .find((value) => value !== undefined);
  return code ?? text(party.partyName);
}

/** v3: the originating party of the routing when it is the carrier (partyFunction CA). */
function carrierOf(event: JsonObject): string | undefined {
  const party = asObject(asObject(event.eventRouting)?.originatingParty);
  const partyFunction = text(party?.partyFunction);
  return !partyFunction || partyFunction === 'CA' ? text(party?.partyCode) : undefined;
}

/** A DCSA latitude or longitude: a number, or a string such as "48.8585500". */
function coordinate(value: unknown): number | undefined {
  const number = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
  return Number.isFinite(number) ? number : undefined;
}

/**
 * The first valid UN/LOCODE among the places an event names, most specific first, and what places a
 * local time: that UN/LOCODE, else the first latitude/longitude given (docs/locations.md).
 */
function locationOf(event: JsonObject, transportDetails: JsonObject | undefined, warnings: string[]): { locode?: string; place?: PlaceQuery } {
  const calls = [asObject(event.transportCall), asObject(transportDetails?.transportCall)];
  const places = [asObject(event.eventLocation), ...calls.flatMap((call) => [asObject(call?.location), call])].filter(
    (place): place is JsonObject => place !== undefined,
  );
  const candidates = places.map((place) => text(place.UNLocationCode)).filter((code): code is string => code !== undefined);
  const valid = candidates.find(isValidUnLocode)?.toUpperCase();
  let coordinates: { latitude: number; longitude: number } | undefined;
  for (const place of places) {
    const latitude = coordinate(place.latitude);
    const longitude = coordinate(place.longitude);
    if (latitude !== undefined && longitude !== undefined) {
      coordinates = { latitude, longitude };
      break;
    }
  }
  if (!valid && candidates.length > 0) {
    warnings.push(
      `${[...new Set(candidates)].join(', ')} ${candidates.length > 1 ? 'are not valid UN/LOCODEs' : 'is not a valid UN/LOCODE'}; ` +
        'the event is kept without a location',
    );
  }
  const written = valid ?? (coordinates ? `${coordinates.latitude}, ${coordinates.longitude}` : undefined);
  const place: PlaceQuery | undefined = written ? { written, ...(valid ? { locode: valid } : {}), ...(coordinates ? { coordinates } : {}) } : undefined;
  return { ...(valid ? { locode: valid } : {}), ...(place ? { place } : {}) };
}

function describeJson(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value} (${JSON.stringify(value)})`;
}

function documentKind(type: string): string {
  return DCSA_DOCUMENT_REFERENCE_KINDS[type] ?? type.toLowerCase();
}

/**
 * The event's references. A reference field of the wrong JSON type (`equipmentReference: 12345`, an
 * object where a list belongs) is not guessed at: it is named in a warning and left out, and an event
 * left with no reference at all is then refused by the ingest.
 */
function referencesOf(event: JsonObject, documentType: string | undefined, label: string, warnings: string[]): Reference[] {
  const refs: Reference[] = [];
  const wrongType = (field: string, value: unknown, expected: string) => {
    warnings.push(`${label}: ${field} is ${describeJson(value)}, not ${expected}; left out`);
  };
  const add = (kind: string | undefined, value: unknown, field?: string) => {
    if (field && value !== undefined && value !== null && typeof value !== 'string') {
      wrongType(field, value, 'a string');
      return;
    }
    const trimmed = text(value);
    if (!kind || !trimmed) return;
    if (!refs.some((ref) => ref.kind === kind && ref.value.toUpperCase() === trimmed.toUpperCase())) {
      refs.push({ kind, value: trimmed });
    }
  };
  const shipmentDetails = asObject(event.shipmentDetails);
  const documentReference = asObject(shipmentDetails?.documentReference);

  add('booking', event.carrierBookingReference, 'carrierBookingReference');
  add('bol', event.transportDocumentReference, 'transportDocumentReference');
  add('container', event.equipmentReference, 'equipmentReference');
  add('container', asObject(event.equipmentDetails)?.equipmentReference, 'equipmentDetails.equipmentReference');
  for (const field of ['documentReferences', 'references', 'shipmentReferences', 'relatedDocumentReferences'] as const) {
    const value = event[field];
    if (value !== undefined && value !== null && !Array.isArray(value)) wrongType(field, value, 'a list');
  }
  if (documentType) add(documentKind(documentType), text(event.documentID) ?? text(documentReference?.reference));
  for (const reference of list(event.documentReferences)) {
    const type = text(reference.documentReferenceType);
    add(type && documentKind(type.toUpperCase()), reference.documentReferenceValue);
  }
  for (const reference of [...list(shipmentDetails?.additionalDocumentReferences), ...list(event.relatedDocumentReferences)]) {
    const type = text(reference.typeCode);
    add(type && documentKind(type.toUpperCase()), reference.reference);
  }
  for (const reference of list(event.references)) {
    const type = text(reference.referenceType)?.toUpperCase();
    add(type && (DCSA_REFERENCE_KINDS[type] ?? type.toLowerCase()), reference.referenceValue);
  }
  for (const reference of list(event.shipmentReferences)) {
    const type = text(reference.typeCode)?.toUpperCase();
    add(type && (DCSA_REFERENCE_KINDS[type] ?? type.toLowerCase()), reference.reference);
  }
  return refs;
}
