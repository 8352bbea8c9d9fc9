/**
 * One IFTSTA message → carrier events. Each STS group yields its status event; each milestone DTM in
 * the group (departure/arrival/delivery, actual or estimated, usually inside TDT after its LOC) yields
 * an event of its own at that location, because that is where an ocean or rail IFTSTA carries the
 * times an audit compares against the plan.
 *
 * Message layout (D.00B–D.10B, the same in the versions seen in practice):
 *   UNH BGM DTM(137 message date) [NAD…] [RFF DTM…]         message header
 *   CNI [LOC] [CNT]                                          consignment (SG4)
 *     STS RFF* DTM* [DOC] FTX* NAD* LOC* PCI*               status (SG5)
 *       TDT [RFF] (LOC DTM*)*                               transport leg (SG6/SG7)
 *       EQD …                                               equipment (container number)
 *       GID … (LOC, PCI, GIN, MEA…)                         goods item: nothing event-level
 */
import type { CarrierEvent, Reference, SourcePosition, TimeValue } from '../../model/records.js';
import { isValidUnLocode, whyUnplaced } from '../../model/locations.js';
import { withDeclaredZone, type PlaceQuery } from '../../model/time.js';
import {
  IFTSTA_ACTIVITY_LOCATION_QUALIFIER,
  IFTSTA_CONSIGNMENT_REFERENCE_KIND,
  IFTSTA_DOCUMENT_DATE_QUALIFIER,
  IFTSTA_MILESTONE_TIMES,
  IFTSTA_REFERENCE_KINDS,
  IFTSTA_STATUS_TIME_QUALIFIERS,
} from '../../model/codes/iftsta.js';
import { InputError } from '../errors.js';
import { senderZone, type ReadItem, type ReaderOptions } from '../reader.js';
import { parseDtm } from './dates.js';
import type { Message } from './interchange.js';
import { componentOf, type Segment } from './tokenizer.js';

interface Leg {
  location?: Segment;
  times: Segment[];
}

interface StatusGroup {
  sts: Segment;
  references: Segment[];
  containers: Segment[];
  times: Segment[];
  locations: Segment[];
  legs: Leg[];
}

interface Consignment {
  cni?: Segment;
  statuses: StatusGroup[];
}

interface MessageLayout {
  references: Segment[];
  documentDate?: Segment;
  carrier?: string;
  consignments: Consignment[];
}

type Level = 'header' | 'consignment' | 'status' | 'transport' | 'equipment' | 'goods';

function layout(message: Message): MessageLayout {
  const result: MessageLayout = { references: [], consignments: [] };
  let level: Level = 'header';
  let consignment: Consignment | undefined;
  let status: StatusGroup | undefined;
  let leg: Leg | undefined;

  for (const segment of message.body) {
    switch (segment.tag) {
      case 'CNI':
        consignment = { cni: segment, statuses: [] };
        result.consignments.push(consignment);
        status = undefined;
        level = 'consignment';
        break;
      case 'STS':
        if (!consignment) {
          consignment = { statuses: [] };
          result.consignments.push(consignment);
        }
        status = { sts: segment, references: [], containers: [], times: [], locations: [], legs: [] };
        consignment.statuses.push(status);
        leg = undefined;
        level = 'status';
        break;
      case 'TDT':
        if (status) {
          leg = { times: [] };
          status.legs.push(leg);
          level = 'transport';
        }
        break;
      case 'EQD':
        if (status) {
          status.containers.push(segment);
          level = 'equipment';
        }
        break;
      case 'GID':
        if (status) level = 'goods';
        break;
      case 'RFF':
        if (level === 'header') result.references.push(segment);
        else if (level === 'status') status?.references.push(segment);
        break;
      case 'DTM':
        if (level === 'header') {
          if (!result.documentDate && componentOf(segment, 0, 0) === IFTSTA_DOCUMENT_DATE_QUALIFIER) result.documentDate = segment;
        } else if (level === 'status') {
          status?.times.push(segment);
        } else if (level === 'transport' && status) {
          if (!leg) {
            leg = { times: [] };
            status.legs.push(leg);
          }
          leg.times.push(segment);
        }
        break;
      case 'LOC':
        if (level === 'status') status?.locations.push(segment);
        else if (level === 'transport' && status) {
          leg = { location: segment, times: [] };
          status.legs.push(leg);
        }
        break;
      case 'NAD':
        if (level === 'header' && componentOf(segment, 0) === 'CA' && componentOf(segment, 1)) {
          result.carrier = componentOf(segment, 1);
        }
        break;
      default:
        break;
    }
  }
  return result;
}

interface Located {
  locode?: string;
  /** What the LOC says of the place, for its time zone (docs/locations.md). */
  place?: PlaceQuery;
  /** Why there is no UN/LOCODE, for the warning about the zone used instead. */
  missing?: string;
}

/** EDIFACT 3055 code list responsible agencies: 3 is IATA (an airport code), 5 ISO. */
const IATA_AGENCY = '3';

/**
 * LOC C517: place id, code list, agency, name; C519/C553 (related places) may give the country.
 * A UN/LOCODE wins; else the place as written (an IATA code, a name) still places a local time.
 */
function locationOf(candidates: Segment[], preferredQualifier?: string): Located {
  const preferred = preferredQualifier ? candidates.filter((loc) => componentOf(loc, 0) === preferredQualifier) : [];
  const ordered = [...preferred, ...candidates.filter((loc) => !preferred.includes(loc))];
  const valid = ordered.find((loc) => isValidUnLocode(componentOf(loc, 1, 0)));
  if (valid) {
    const locode = componentOf(valid, 1, 0).toUpperCase();
    const name = componentOf(valid, 1, 3).trim();
    return { locode, place: { written: locode, locode, ...(name ? { name } : {}) } };
  }
  const first = ordered[0];
  if (!first) return { missing: 'no LOC' };
  const id = componentOf(first, 1, 0).trim();
  const name = componentOf(first, 1, 3).trim();
  const written = [id, name].filter(Boolean).join(' ');
  const country = [componentOf(first, 2, 0), componentOf(first, 3, 0)].map((code) => code.trim().toUpperCase()).find((code) => /^[A-Z]{2}$/.test(code));
  const iata = /^[A-Z]{3}$/i.test(id) && componentOf(first, 1, 2).trim() === IATA_AGENCY ? id.toUpperCase() : undefined;
  const place: PlaceQuery | undefined = written
    ? { written, ...(iata ? { iata } : {}), ...(name || (!iata && id) ? { name: name || id } : {}), ...(country ? { country } : {}) }
    : undefined;
  return { ...(place ? { place } : {}), missing: `LOC+${componentOf(first, 0)} gives "${written}", not a UN/LOCODE` };
}

function referenceOf(rff: Segment): Reference | undefined {
  const qualifier = componentOf(rff, 0, 0).trim().toUpperCase();
  const value = componentOf(rff, 0, 1).trim();
  if (!qualifier || !value) return undefined;
  return { kind: IFTSTA_REFERENCE_KINDS[qualifier] ?? qualifier.toLowerCase(), value };
}

function sameReference(a: Reference, b: Reference): boolean {
  return a.kind === b.kind && a.value.toUpperCase() === b.value.toUpperCase();
}

function addUnique(target: Reference[], reference: Reference): void {
  if (!target.some((existing) => sameReference(existing, reference))) target.push(reference);
}

export function readIftstaMessage(message: Message, options: ReaderOptions): ReadItem[] {
  const file = options.file;
  const items: ReadItem[] = [];
  const at = (segment: Segment): SourcePosition => ({ file, segment: segment.index, segmentId: segment.tag });
  const warn = (segment: Segment, text: string) => items.push({ type: 'warning', warning: { position: at(segment), message: text } });
  const reject = (segment: Segment, text: string) => items.push({ type: 'reject', error: new InputError(at(segment), text) });
  const name = `message ${message.reference}`;

  const parts = layout(message);
  const partner = message.interchange.sender;
  const carrier = parts.carrier ?? (partner || undefined);
  const reportedAt = readDocumentDate(parts.documentDate);
  const headerReferences = parts.references.flatMap((rff) => {
    const reference = referenceOf(rff);
    return reference ? [{ rff, reference }] : [];
  });
  const events: CarrierEvent[] = [];
  const conflictsReported = new Set<string>();

  for (const consignment of parts.consignments) {
    const consignmentNumber = consignment.cni ? componentOf(consignment.cni, 1, 0).trim() : '';
    for (const status of consignment.statuses) {
      const refs = referencesFor(status, consignmentNumber);
      const location = locationOf(status.locations, IFTSTA_ACTIVITY_LOCATION_QUALIFIER);
      const statusTime = chooseStatusTime(status);
      const statusEvent = readStatus(status, refs, location, statusTime);
      if (statusEvent) events.push(statusEvent);
      for (const dtm of status.times) {
        if (dtm !== statusTime) readMilestone(dtm, location, refs);
      }
      for (const leg of status.legs) {
        const legLocation = leg.location ? locationOf([leg.location]) : location;
        for (const dtm of leg.times) readMilestone(dtm, legLocation, refs);
      }
    }
  }

  if (reportedAt && parts.documentDate) {
    const latestActual = events
      .filter((event) => event.classifier === 'actual')
      .reduce<CarrierEvent | undefined>((latest, event) => (!latest || event.time.epochMs > latest.time.epochMs ? event : latest), undefined);
    if (latestActual && latestActual.time.epochMs > reportedAt.epochMs) {
      warn(
        parts.documentDate,
        `${name} is dated ${reportedAt.text} but reports an actual event of ${latestActual.time.text} ` +
          `(segment ${latestActual.source.segment}): the message date is earlier than what it reports; check the sender's clock`,
      );
    }
  }
  for (const event of events) items.push({ type: 'event', record: event });
  return items;

  /** DTM 137: without an offset, read in the sender's zone when the mapping file names it (sender_zones), else --tz with a warning. */
  function readDocumentDate(dtm: Segment | undefined): TimeValue | undefined {
    if (!dtm) return undefined;
    const parsed = parseDtm(componentOf(dtm, 0, 1), componentOf(dtm, 0, 2), withDeclaredZone(options.time, senderZone(options, partner)));
    if (!parsed.ok) {
      warn(dtm, `${name}: message date ignored (events keep no reported-at time): ${parsed.error}`);
      return undefined;
    }
    if (parsed.warning) warn(dtm, parsed.warning);
    if (parsed.value.zoneSource === 'default') {
      warn(
        dtm,
        `${name}: message date ${parsed.value.text} has no offset; read in ${parsed.value.zone} (the default zone; sender_zones in --mapping can name ${partner || 'the sender'}'s)`,
      );
    }
    return parsed.value;
  }

  /**
   * The status group's references win over the message header's of the same kind: a header can name
   * one container while the group reports on another, and an event must not match both shipments.
   */
  function referencesFor(status: StatusGroup, consignmentNumber: string): Reference[] {
    const own: Reference[] = [];
    for (const rff of status.references) {
      const reference = referenceOf(rff);
      if (reference) addUnique(own, reference);
    }
    for (const eqd of status.containers) {
      const container = componentOf(eqd, 1, 0).trim();
      if (container) addUnique(own, { kind: 'container', value: container });
    }
    const refs = [...own];
    if (consignmentNumber && !refs.some((ref) => ref.kind === IFTSTA_CONSIGNMENT_REFERENCE_KIND)) {
      refs.push({ kind: IFTSTA_CONSIGNMENT_REFERENCE_KIND, value: consignmentNumber });
    }
    for (const { rff, reference: headerRef } of headerReferences) {
      const ownOfKind = own.filter((ref) => ref.kind === headerRef.kind);
      if (ownOfKind.length === 0) {
        addUnique(refs, headerRef);
        continue;
      }
      const key = `${headerRef.kind}:${headerRef.value}`;
      if (ownOfKind.some((ref) => sameReference(ref, headerRef)) || conflictsReported.has(key)) continue;
      conflictsReported.add(key);
      warn(
        rff,
        `${name}: the header names ${headerRef.kind} ${headerRef.value}, the status at segment ${status.sts.index} names ` +
          `${ownOfKind.map((ref) => ref.value).join(', ')}; its events carry the status group's ${headerRef.kind} only`,
      );
    }
    return refs;
  }

  function chooseStatusTime(status: StatusGroup): Segment | undefined {
    for (const qualifier of IFTSTA_STATUS_TIME_QUALIFIERS) {
      const match = status.times.find((dtm) => componentOf(dtm, 0, 0) === qualifier);
      if (match) return match;
    }
    return status.times.find((dtm) => IFTSTA_MILESTONE_TIMES[componentOf(dtm, 0, 0)] !== undefined);
  }

  function readTime(dtm: Segment, location: Located, what: string): TimeValue | undefined {
    const parsed = parseDtm(componentOf(dtm, 0, 1), componentOf(dtm, 0, 2), options.time, location.place);
    if (!parsed.ok) {
      reject(dtm, `${what}: ${parsed.error}`);
      return undefined;
    }
    if (parsed.warning) warn(dtm, parsed.warning);
    if (parsed.value.zoneSource === 'default') {
      const why =
        location.locode && location.place
          ? whyUnplaced(location.place)
          : `${location.missing ?? 'no location'}${location.place ? `, and ${whyUnplaced(location.place)}` : ''}`;
      warn(dtm, `local time ${parsed.value.text} has no offset and ${why}; read in ${parsed.value.zone} (the default zone)`);
    }
    return parsed.value;
  }

  function readStatus(status: StatusGroup, refs: Reference[], location: Located, timeSegment: Segment | undefined): CarrierEvent | undefined {
    const { sts } = status;
    const code = componentOf(sts, 1, 0).trim();
    const agency = componentOf(sts, 1, 2).trim();
    const description = componentOf(sts, 1, 3).trim();
    const rawCode = code || description;
    if (!rawCode) {
      reject(sts, 'STS has no status (STS02 is empty): nothing to record');
      return undefined;
    }
    if (!timeSegment) {
      const found = status.times.map((dtm) => componentOf(dtm, 0, 0)).join(', ');
      reject(sts, `status ${rawCode} has no date/time: expected DTM+334 (status change) in its group${found ? `, found DTM ${found}` : ''}`);
      return undefined;
    }
    const time = readTime(timeSegment, location, `status ${rawCode}`);
    if (!time) return undefined;
    const lookup = options.codes.resolve('iftsta', rawCode, partner);
    const reasons = sts.elements
      .slice(2)
      .map((reason) =>
        [reason[0] ?? '', reason[3] ?? '']
          .map((part) => part.trim())
          .filter(Boolean)
          .join(' '),
      )
      .filter(Boolean);
    // For a code no table knows, the carrier's own words ("DELIVERED") are all a reader of the case has.
    const reason = [lookup.known || !code ? '' : description, ...reasons].filter(Boolean).join('; ') || undefined;
    const qualifierClassifier = IFTSTA_MILESTONE_TIMES[componentOf(timeSegment, 0, 0)]?.classifier;
    return {
      refs,
      status: lookup.mapping.status,
      time,
      classifier: lookup.mapping.classifier ?? qualifierClassifier ?? 'actual',
      ...(location.locode ? { location: location.locode } : {}),
      ...(reason ? { reason } : {}),
      ...(carrier ? { carrier } : {}),
      ...(reportedAt ? { reportedAt } : {}),
      rawCode,
      // Where the code came from, and whose list it is in when STS names one (87 = carrier-assigned).
      rawQualifier: agency ? `STS:${agency}` : 'STS',
      ...(lookup.known ? {} : { unknownCode: true }),
      source: at(sts),
    };
  }

  function readMilestone(dtm: Segment, location: Located, refs: Reference[]): void {
    const qualifier = componentOf(dtm, 0, 0);
    const milestone = IFTSTA_MILESTONE_TIMES[qualifier];
    if (!milestone) return;
    const time = readTime(dtm, location, `DTM+${qualifier} (${milestone.label})`);
    if (!time) return;
    events.push({
      refs,
      status: milestone.status,
      time,
      classifier: milestone.classifier,
      ...(location.locode ? { location: location.locode } : {}),
      ...(carrier ? { carrier } : {}),
      ...(reportedAt ? { reportedAt } : {}),
      rawCode: qualifier,
      rawQualifier: 'DTM',
      source: at(dtm),
    });
  }
}
