/**
 * X12 315 (Status Details (Ocean)). What one message yields:
 *
 * 1. The B4 status event: B403 through the `x12-315` code table, dated B404/B405 (local time: B4 has no
 *    time code), at B411 when B412 is "UN" (a UN/LOCODE), else at the R4 "5" (activity location) port,
 *    else at the B411/B406 text. A vessel arrival or departure at a port the message names as a
 *    transshipment port (R4 function T or I) is `in_transit`: it is not the shipment's departure or
 *    arrival.
 * 2. The voyage milestones the R4/DTM loops report, so an auditor sees actual departure and arrival
 *    and the carrier's latest estimates even when no B4 is sent for them:
 *    R4 L (port of loading) → `departed`, D (port of discharge) → `arrived`, E (place of delivery) →
 *    `delivered`, R (place of receipt) → `pickup`; DTM 140 = actual, 139 = estimated. Other R4
 *    functions are not events: T (transshipment) does not say whether its date is an arrival or a
 *    departure, and 5 is where the B4 event happened. A loop event that restates the B4 event (same
 *    status, classifier and place) is left out, so nothing is counted twice. Carriers repeat these loops
 *    in every 315 for a container; identical events dedupe in the store by fingerprint.
 *
 * Refs: N9 (BM → bol, BN → booking, EQ → container, …) and the B4 container (B407 + B408 + check digit
 * B413). Carrier and code-table partner: N9 SCA (SCAC), else ISA06.
 */
import type { CodeMapping } from '../../model/codes/resolver.js';
import { isValidUnLocode } from '../../model/locations.js';
import { X12_315_TABLE } from '../../model/codes/x12-315.js';
import type { Reference } from '../../model/records.js';
import type { Classifier, Status } from '../../model/vocabulary.js';
import type { ReadItem } from '../reader.js';
import type { TransactionSet } from './envelope.js';
import { readEventTime, type Place } from './event-time.js';
import { datedEvent, rejectAt, type TransactionContext } from './events.js';
import { qualifiedReference, uniqueReferences } from './references.js';
import { element, type Segment } from './tokenizer.js';

/** R4 port function (element 115) → the milestone its DTM dates. */
const MILESTONE_AT_PORT: Readonly<Record<string, Status>> = {
  R: 'pickup', // Place of Receipt
  L: 'departed', // Port of Loading
  D: 'arrived', // Port of Discharge
  E: 'delivered', // Place of Delivery
};

/** DTM01 date/time qualifier (element 374) → classifier. */
const CLASSIFIER_OF_DATE: Readonly<Record<string, Classifier>> = {
  '139': 'estimated',
  '140': 'actual',
};

/** R4 functions whose port is passed through: Transshipment, Interim Point. */
const PASS_THROUGH_FUNCTIONS = new Set(['T', 'I']);

interface Port {
  functionCode: string;
  place: Place | undefined;
  dates: Segment[];
}

export function* read315(transaction: TransactionSet, context: TransactionContext): Generator<ReadItem> {
  let b4: Segment | undefined;
  let scac = '';
  const refs: Reference[] = [];
  const ports: Port[] = [];
  for (const segment of transaction.segments) {
    switch (segment.id) {
      case 'B4':
        b4 ??= segment;
        break;
      case 'N9': {
        const ref = qualifiedReference(element(segment, 1), element(segment, 2));
        if (ref) refs.push(ref);
        if (element(segment, 1) === 'SCA') scac = element(segment, 2);
        break;
      }
      case 'R4':
        ports.push({ functionCode: element(segment, 1), place: portPlace(segment), dates: [] });
        break;
      case 'DTM':
        ports.at(-1)?.dates.push(segment);
        break;
    }
  }
  const header = transaction.segments[0];
  if (!b4) {
    if (header) yield rejectAt(header, `transaction set 315 #${transaction.controlNumber} has no B4 (status) segment`, context);
    return;
  }
  const container = [element(b4, 7), element(b4, 8)].every(Boolean) ? `${element(b4, 7)}${element(b4, 8)}${element(b4, 13)}` : '';
  const containerRef = qualifiedReference('EQ', container);
  const eventRefs = uniqueReferences(containerRef ? [...refs, containerRef] : refs);
  const carrier = scac || transaction.interchange.senderId;

  const code = element(b4, 3);
  const { mapping, known } = context.codes.resolve(X12_315_TABLE, code, carrier);
  const messageCountry = onlyCountry(ports, locodePlace(element(b4, 12), element(b4, 11))?.locode);
  if (messageCountry) {
    for (const port of ports) if (port.place && !port.place.locode && !port.place.country) port.place.country = messageCountry;
  }
  const place = b4Place(b4, ports, messageCountry);
  const status = passesThrough(mapping, place, ports) ? 'in_transit' : mapping.status;
  const classifier = mapping.classifier ?? 'actual';
  const time = readEventTime({ date: element(b4, 4), time: element(b4, 5) }, place, context.time);
  yield* datedEvent(
    b4,
    time,
    {
      refs: eventRefs,
      status,
      classifier,
      ...(place ? { location: place.location } : {}),
      ...(carrier ? { carrier } : {}),
      rawCode: code,
      rawQualifier: 'B403',
      ...(known ? {} : { unknownCode: true }),
    },
    context,
  );

  for (const port of ports) {
    const milestone = MILESTONE_AT_PORT[port.functionCode];
    if (!milestone) continue;
    for (const dtm of port.dates) {
      const dateClassifier = CLASSIFIER_OF_DATE[element(dtm, 1)];
      if (!dateClassifier) continue;
      const restatesB4 = milestone === status && dateClassifier === classifier && port.place?.location === place?.location;
      if (restatesB4) continue;
      const portTime = readEventTime({ date: element(dtm, 2), time: element(dtm, 3), timeCode: element(dtm, 4) }, port.place, context.time);
      yield* datedEvent(
        dtm,
        portTime,
        {
          refs: eventRefs,
          status: milestone,
          classifier: dateClassifier,
          ...(port.place ? { location: port.place.location } : {}),
          ...(carrier ? { carrier } : {}),
          rawCode: port.functionCode,
          rawQualifier: `DTM${element(dtm, 1)}`,
        },
        context,
      );
    }
  }
}

/** A location id qualified "UN" (element 309) that really is a UN/LOCODE; masked ids ("XXXXX") are not. */
function locodePlace(qualifier: string, identifier: string): Place | undefined {
  return qualifier === 'UN' && isValidUnLocode(identifier) ? { location: identifier.toUpperCase(), locode: identifier.toUpperCase() } : undefined;
}

/**
 * R4: the UN/LOCODE when R402 is "UN", else the location id or port name as text. Its country (R405)
 * and state (R408) go with either, so a city such as `R4*R*CI*HAIPHONG**VN` is placed by name.
 */
function portPlace(r4: Segment): Place | undefined {
  const identifier = element(r4, 3);
  const where = { ...(element(r4, 5) ? { country: element(r4, 5) } : {}), ...(element(r4, 8) ? { state: element(r4, 8) } : {}) };
  const locode = locodePlace(element(r4, 2), identifier);
  if (locode) return { ...locode, ...where };
  const text = identifier || element(r4, 4);
  if (!text) return undefined;
  // A location id that is not a UN/LOCODE is a name when R402 says so (CI city), else the port name is.
  const name = element(r4, 2) === 'CI' || !element(r4, 4) ? identifier || element(r4, 4) : element(r4, 4);
  return { location: text, name, ...where };
}

/**
 * The one country the message's places name (R405, or a UN/LOCODE's first two letters in R4 or B4),
 * if they name only one: a place given as a bare city name is taken to be in it, so its zone can be
 * looked up.
 */
function onlyCountry(ports: readonly Port[], b4Locode: string | undefined): string | undefined {
  const countries = new Set<string>(b4Locode ? [b4Locode.slice(0, 2)] : []);
  for (const port of ports) {
    const country = port.place?.country?.toUpperCase() ?? port.place?.locode?.slice(0, 2);
    if (country) countries.add(country);
  }
  return countries.size === 1 ? [...countries][0] : undefined;
}

function b4Place(b4: Segment, ports: readonly Port[], messageCountry: string | undefined): Place | undefined {
  const identifier = element(b4, 11);
  const locode = locodePlace(element(b4, 12), identifier);
  if (locode) return locode;
  const activityPort = ports.find((port) => port.functionCode === '5' && port.place?.locode);
  if (activityPort?.place) return activityPort.place;
  const text = identifier || element(b4, 6);
  // The B4 names its place as text only; the R4 of the same name (if any) adds its country and state.
  const sameName = ports.find((port) => port.place && !port.place.locode && port.place.location === text)?.place;
  const country = sameName?.country ?? messageCountry;
  return text ? { location: text, name: text, ...(country ? { country } : {}), ...(sameName?.state ? { state: sameName.state } : {}) } : undefined;
}

function passesThrough(mapping: CodeMapping, place: Place | undefined, ports: readonly Port[]): boolean {
  if (mapping.status !== 'departed' && mapping.status !== 'arrived') return false;
  return ports.some((port) => PASS_THROUGH_FUNCTIONS.has(port.functionCode) && place?.locode !== undefined && port.place?.locode === place.locode);
}
