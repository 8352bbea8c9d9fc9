/**
 * X12 214 (Transportation Carrier Shipment Status): one event per AT7.
 *
 * - Refs: B1001 (carrier's reference, the PRO) → `pro`, B1002 (shipper's shipment id, the BOL) → `bol`,
 *   heading L11s for every event, and the L11s of an LX loop (they follow its AT7s) for that loop's events.
 * - Status: AT701 through the `x12-214` code table; an AT7 with only an appointment (AT703, e.g. AA/AB)
 *   uses AT703 instead and is `planned`. With both, the status wins and the appointment is not read.
 * - Reason: AT702 (AT704 for appointments). Carrier and code-table partner: B1003 (SCAC), else ISA06.
 * - Location: the MS1 after the AT7 as "CITY, ST, CC" text; its city, state and country place local
 *   times (docs/locations.md).
 */
import type { Reference } from '../../model/records.js';
import { X12_214_TABLE } from '../../model/codes/x12-214.js';
import type { ReadItem } from '../reader.js';
import type { TransactionSet } from './envelope.js';
import { readEventTime, type Place } from './event-time.js';
import { datedEvent, rejectAt, warningAt, type TransactionContext } from './events.js';
import { qualifiedReference, uniqueReferences } from './references.js';
import { element, type Segment } from './tokenizer.js';

interface ShipmentStatus {
  at7: Segment;
  ms1?: Segment;
}

/** An LX loop: the statuses reported at one stop and the references that apply to them. */
interface Stop {
  refs: Reference[];
  statuses: ShipmentStatus[];
}

export function* read214(transaction: TransactionSet, context: TransactionContext): Generator<ReadItem> {
  const headingRefs: Reference[] = [];
  const stops: Stop[] = [];
  let scac = '';
  let stop: Stop | undefined;
  let status: ShipmentStatus | undefined;
  for (const segment of transaction.segments) {
    switch (segment.id) {
      case 'B10':
        // B1001 is the carrier's reference (what L11 qualifies as CN), B1002 the bill of lading (BM).
        for (const ref of [qualifiedReference('CN', element(segment, 1)), qualifiedReference('BM', element(segment, 2))]) {
          if (ref) headingRefs.push(ref);
        }
        scac = element(segment, 3);
        break;
      case 'L11': {
        const ref = qualifiedReference(element(segment, 2), element(segment, 1));
        if (ref) (stop ? stop.refs : headingRefs).push(ref);
        break;
      }
      case 'LX':
        stop = { refs: [], statuses: [] };
        stops.push(stop);
        status = undefined;
        break;
      case 'AT7':
        if (!stop) {
          // An AT7 outside an LX loop breaks the structure, but its meaning is still clear.
          stop = { refs: [], statuses: [] };
          stops.push(stop);
        }
        status = { at7: segment };
        stop.statuses.push(status);
        break;
      case 'MS1':
        if (status && !status.ms1) status.ms1 = segment;
        break;
    }
  }

  const header = transaction.segments[0];
  if (header && stops.every((each) => each.statuses.length === 0)) {
    yield warningAt(header, `transaction set 214 #${transaction.controlNumber} has no AT7 status: no event read from it`, context);
    return;
  }
  const carrier = scac || transaction.interchange.senderId;
  for (const { refs, statuses } of stops) {
    for (const { at7, ms1 } of statuses) {
      yield* statusEvent(at7, ms1, uniqueReferences([...headingRefs, ...refs]), carrier, context);
    }
  }
}

function* statusEvent(at7: Segment, ms1: Segment | undefined, refs: Reference[], carrier: string, context: TransactionContext): Generator<ReadItem> {
  const statusCode = element(at7, 1);
  const appointmentCode = element(at7, 3);
  const code = statusCode || appointmentCode;
  if (!code) {
    yield rejectAt(at7, 'AT7 has neither a status code (AT701) nor an appointment status code (AT703)', context);
    return;
  }
  const reason = statusCode ? element(at7, 2) : element(at7, 4);
  const { mapping, known } = context.codes.resolve(X12_214_TABLE, code, carrier);
  const place = ms1 ? placeOf(ms1) : undefined;
  const time = readEventTime({ date: element(at7, 5), time: element(at7, 6), timeCode: element(at7, 7) }, place, context.time);
  yield* datedEvent(
    at7,
    time,
    {
      refs,
      status: mapping.status,
      classifier: mapping.classifier ?? 'actual',
      ...(place?.location ? { location: place.location } : {}),
      ...(reason ? { reason } : {}),
      ...(carrier ? { carrier } : {}),
      rawCode: code,
      rawQualifier: statusCode ? 'AT701' : 'AT703',
      ...(known ? {} : { unknownCode: true }),
    },
    context,
  );
}

/**
 * MS1: city, state or province, country; or, instead, longitude (MS104, DDDMMSS), latitude (MS105,
 * DDMMSS) and their hemispheres (MS106 E/W, MS107 N/S), which place a local time by coordinates.
 */
function placeOf(ms1: Segment): Place | undefined {
  const [city, state, country] = [element(ms1, 1), element(ms1, 2), element(ms1, 3)];
  const coordinates = coordinatesOf(element(ms1, 4), element(ms1, 5), element(ms1, 6), element(ms1, 7));
  const location = [city, state, country].filter(Boolean).join(', ') || (coordinates ? `${coordinates.latitude}, ${coordinates.longitude}` : '');
  return location ? { location, ...(city ? { name: city } : {}), state, country, ...(coordinates ? { coordinates } : {}) } : undefined;
}

function coordinatesOf(longitude: string, latitude: string, eastWest: string, northSouth: string): Place['coordinates'] {
  const degrees = (text: string, degreeDigits: number) => {
    if (!/^\d+$/.test(text) || text.length !== degreeDigits + 4) return undefined;
    const [d, m, s] = [text.slice(0, degreeDigits), text.slice(degreeDigits, degreeDigits + 2), text.slice(degreeDigits + 2)].map(Number) as [
      number,
      number,
      number,
    ];
    return m < 60 && s < 60 ? Math.round((d + m / 60 + s / 3600) * 1e4) / 1e4 : undefined;
  };
  const lon = degrees(longitude, 3);
  const lat = degrees(latitude, 2);
  const [ew, ns] = [eastWest.toUpperCase(), northSouth.toUpperCase()];
  // The hemispheres are required: a missing one would be a guess of half the globe.
  if (lon === undefined || lat === undefined || lon > 180 || lat > 90 || !['E', 'W'].includes(ew) || !['N', 'S'].includes(ns)) return undefined;
  return { latitude: ns === 'S' ? -lat : lat, longitude: ew === 'E' ? lon : -lon };
}
