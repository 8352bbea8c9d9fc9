/**
 * What a DCSA JSON document is: a page of Track & Trace events (v2.2 bare array, v3
 * `{"events": […]}`, or one pushed event), or something else DCSA publishes that is not events
 * (vessel schedules, point-to-point routings), which is refused with a message saying what it is.
 */
import { InputError } from '../errors.js';

export type JsonObject = Record<string, unknown>;

export function asObject(value: unknown): JsonObject | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : undefined;
}

export interface EventPage {
  events: unknown[];
  /** Path of the events array in the document, for locating each event's line. */
  arrayPath: string[];
  /** A push body holding one event directly (not in an array). */
  single: boolean;
}

const EVENT_KEYS = [
  'eventType',
  'eventTypeCode',
  'eventClassification',
  'eventClassifierCode',
  'transportEventTypeCode',
  'equipmentEventTypeCode',
  'shipmentEventTypeCode',
  'retractedEventID',
];

function hasEventKeys(value: JsonObject | undefined): boolean {
  return value !== undefined && EVENT_KEYS.some((key) => key in value);
}

/** v2.2 and v3 events carry their kind at the top; v3 beta drafts split it into metadata/payload. */
export function looksLikeEvent(value: unknown): boolean {
  const object = asObject(value);
  return hasEventKeys(object) || hasEventKeys(asObject(object?.payload)) || hasEventKeys(asObject(object?.metadata));
}

const EXPECTED = 'logex reads DCSA Track & Trace events (v2.2: a JSON array of events; v3: {"events": […]})';

export function locateEvents(root: unknown, file: string): EventPage {
  if (Array.isArray(root)) return checkedPage(root, [], file);
  const object = asObject(root);
  if (!object) throw new InputError({ file }, `the JSON document is a ${root === null ? 'null' : typeof root}, not events; ${EXPECTED}`);
  if (Array.isArray(object.events)) return checkedPage(object.events, ['events'], file);
  if (looksLikeEvent(object)) return { events: [object], arrayPath: [], single: true };
  throw notEvents(object, file);
}

function checkedPage(events: unknown[], arrayPath: string[], file: string): EventPage {
  // An empty page is a valid answer ("no new events"); a page where nothing is an event is another document.
  if (events.length > 0 && !events.some(looksLikeEvent)) throw notEvents(asObject(events[0]), file);
  return { events, arrayPath, single: false };
}

function notEvents(sample: JsonObject | undefined, file: string): InputError {
  const what = describeDocument(sample);
  if (what) {
    return new InputError(
      { file },
      `this is ${what}, not Track & Trace events; ${EXPECTED}. Schedules and routings are plans for vessels, ` +
        "not events of a shipment: export the carrier's T&T events instead",
    );
  }
  const keys = sample ? Object.keys(sample).slice(0, 6).join(', ') : 'none';
  return new InputError({ file }, `this JSON is not DCSA Track & Trace events (no eventType or eventClassification; keys found: ${keys}); ${EXPECTED}`);
}

/** Recognises the other DCSA documents by their distinctive structure. */
function describeDocument(sample: JsonObject | undefined): string | undefined {
  if (!sample) return undefined;
  if (Array.isArray(sample.vesselSchedules)) {
    const schedule = asObject(sample.vesselSchedules[0]);
    // Commercial Schedules nest the vessel in an object; OVS lists its fields on the schedule itself.
    return schedule && asObject(schedule.vessel) ? 'a DCSA Commercial Schedules vessel schedule' : 'a DCSA Operational Vessel Schedule (OVS)';
  }
  if ('placeOfReceipt' in sample || 'placeOfDelivery' in sample || Array.isArray(sample.legs)) {
    return 'a DCSA Commercial Schedules point-to-point routing';
  }
  if (Array.isArray(sample.transportCalls) || Array.isArray(sample.timestamps)) return 'a DCSA vessel schedule';
  return undefined;
}
