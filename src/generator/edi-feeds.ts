/**
 * Demo EDI feeds beside the generated CSVs: what carriers would send for the same shipments, as an
 * X12 214 (road carriers), an X12 315 and an EDIFACT IFTSTA (some ocean carriers each) and a DCSA T&T
 * v3 page (the rest of the ocean carriers).
 *
 * The feeds are derived from the generated plans and events, so they tell the same story: they add
 * what the CSV does not carry (road position updates, container gate and vessel load/discharge moves)
 * at times that fit the CSV's actual departures and arrivals. No feed repeats a CSV milestone, so a
 * feed never moves a milestone the CSV already dates. Same inputs → byte-identical files.
 */
import { createReadStream, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DateTime } from 'luxon';
import { luxon } from '../model/luxon.js';
import { readEventsCsv, readPlansCsv } from '../io/csv/canonical.js';
import type { Reader } from '../io/reader.js';
import { CODE_TABLES } from '../model/codes/index.js';
import { CodeResolver } from '../model/codes/resolver.js';
import { LocationTable } from '../model/locations.js';
import { laneOf, type CarrierEvent, type ShipmentPlan } from '../model/records.js';
import type { Milestone } from '../model/vocabulary.js';

export const EDI_FEED_FILES = {
  x12_214: 'carrier-214.edi',
  x12_315: 'carrier-315.edi',
  iftsta: 'iftsta.edi',
  dcsa: 'dcsa-events.json',
} as const;

/** Which ocean carriers send which feed; every road carrier sends a 214. */
const X12_315_CARRIERS = ['COSU', 'ONEY'];
const IFTSTA_CARRIERS = ['HLCU', 'CMDU'];
const DCSA_CARRIERS = ['MAEU', 'MSCU'];

/** A town halfway along each road lane, where the truck reports "en route", with its X12 time code. */
const EN_ROUTE: Record<string, { city: string; state: string; zone: string; timeCode: string }> = {
  'USATL>USCLT': { city: 'GREENVILLE', state: 'SC', zone: 'America/New_York', timeCode: 'ET' },
  'USCHI>USDET': { city: 'KALAMAZOO', state: 'MI', zone: 'America/Detroit', timeCode: 'ET' },
  'USDAL>USHOU': { city: 'CENTERVILLE', state: 'TX', zone: 'America/Chicago', timeCode: 'CT' },
};

const HOUR = 3_600_000;
const RECEIVER = 'LOGEX';

/** A container move derived from the CSV story; `code` is per feed. */
interface Move {
  kind: 'gate_in' | 'loaded' | 'discharged' | 'gate_out';
  at: number;
  locode: string;
}

export interface Shipment {
  plan: ShipmentPlan;
  actual: Partial<Record<Milestone, number>>;
}

export interface EdiFeedOptions {
  plansPath: string;
  eventsPath: string;
  outDir: string;
  /** The export's "tonight": nothing after it is written. */
  asOf: string;
}

export async function writeEdiFeeds(options: EdiFeedOptions): Promise<string[]> {
  const asOf = Date.parse(options.asOf);
  const shipments = await loadShipments(options.plansPath, options.eventsPath);
  const stamp = luxon().DateTime.fromMillis(asOf, { zone: 'UTC' });
  const files = {
    [EDI_FEED_FILES.x12_214]: x12_214(
      shipments.filter((s) => s.plan.mode === 'road'),
      stamp,
    ),
    [EDI_FEED_FILES.x12_315]: x12_315(oceanOf(shipments, X12_315_CARRIERS), asOf, stamp),
    [EDI_FEED_FILES.iftsta]: iftsta(oceanOf(shipments, IFTSTA_CARRIERS), asOf, stamp),
    [EDI_FEED_FILES.dcsa]: dcsa(oceanOf(shipments, DCSA_CARRIERS), asOf),
  };
  return Object.entries(files).map(([name, text]) => {
    const path = join(options.outDir, name);
    writeFileSync(path, text);
    return path;
  });
}

/** Plans with the first actual time of each milestone the CSV reports, matched as the audit would. */
export async function loadShipments(plansPath: string, eventsPath: string): Promise<Shipment[]> {
  const shipments: Shipment[] = (await readRecords(readPlansCsv, plansPath, 'plan')).map((plan) => ({ plan, actual: {} }));
  const byKey = new Map<string, Shipment>();
  for (const shipment of shipments) {
    byKey.set(`id:${shipment.plan.shipmentId}`, shipment);
    for (const ref of shipment.plan.refs) byKey.set(`${ref.kind}:${ref.value}`, shipment);
  }
  for (const event of await readRecords(readEventsCsv, eventsPath, 'event')) {
    if (event.classifier !== 'actual') continue;
    const keys = [`id:${event.shipmentId ?? ''}`, ...event.refs.map((ref) => `${ref.kind}:${ref.value}`)];
    const shipment = keys.map((key) => byKey.get(key)).find(Boolean);
    if (!shipment) continue;
    const milestone = event.status as Milestone;
    shipment.actual[milestone] = Math.min(shipment.actual[milestone] ?? Infinity, event.time.epochMs);
  }
  return shipments;
}

async function readRecords<T extends 'plan' | 'event'>(reader: Reader, path: string, type: T): Promise<(T extends 'plan' ? ShipmentPlan : CarrierEvent)[]> {
  const options = { file: path, time: new LocationTable().timeContext('UTC'), codes: new CodeResolver(CODE_TABLES) };
  const records: (T extends 'plan' ? ShipmentPlan : CarrierEvent)[] = [];
  for await (const item of reader(createReadStream(path), options)) {
    if (item.type === type) records.push(item.record as T extends 'plan' ? ShipmentPlan : CarrierEvent);
    else if (item.type === 'reject') throw item.error;
  }
  return records;
}

function oceanOf(shipments: Shipment[], carriers: string[]): Shipment[] {
  return shipments.filter((s) => s.plan.mode === 'ocean' && carriers.includes(s.plan.carrier));
}

function ref(plan: ShipmentPlan, kind: string): string {
  return plan.refs.find((r) => r.kind === kind)?.value ?? '';
}

const minute = (epochMs: number) => Math.round(epochMs / 60_000) * 60_000;

/**
 * The box's moves around the CSV's actual departure and arrival: in at the origin terminal a day
 * before sailing (after pickup), loaded hours before; discharged hours after arrival, out of the
 * terminal before delivery. Only moves that happened by the as-of time.
 */
function movesOf({ plan, actual }: Shipment, asOf: number): Move[] {
  const moves: Move[] = [];
  if (actual.departed !== undefined) {
    const gateIn = Math.max(actual.departed - 30 * HOUR, (actual.pickup ?? -Infinity) + 2 * HOUR);
    if (gateIn < actual.departed - HOUR) moves.push({ kind: 'gate_in', at: minute(gateIn), locode: plan.origin });
    moves.push({ kind: 'loaded', at: minute(actual.departed - 6 * HOUR), locode: plan.origin });
  }
  if (actual.arrived !== undefined) {
    moves.push({ kind: 'discharged', at: minute(actual.arrived + 5 * HOUR), locode: plan.destination });
    const gateOut = actual.arrived + 20 * HOUR;
    if (actual.delivered !== undefined && gateOut < actual.delivered - HOUR) moves.push({ kind: 'gate_out', at: minute(gateOut), locode: plan.destination });
  }
  return moves.filter((move) => move.at <= asOf);
}

function localIn(epochMs: number, zone: string): DateTime {
  return luxon().DateTime.fromMillis(epochMs, { zone });
}

const zones = new LocationTable();
function atLocode(epochMs: number, locode: string): DateTime {
  return localIn(epochMs, zones.zoneFor(locode) ?? 'UTC');
}

/** Shipments grouped by carrier, in plan order, each carrier one interchange (as each sends its own). */
function byCarrier(shipments: Shipment[]): [string, Shipment[]][] {
  const groups = new Map<string, Shipment[]>();
  for (const shipment of shipments) {
    const group = groups.get(shipment.plan.carrier);
    if (group) group.push(shipment);
    else groups.set(shipment.plan.carrier, [shipment]);
  }
  return [...groups].sort(([a], [b]) => a.localeCompare(b));
}

const pad = (text: string, width: number) => text.padEnd(width).slice(0, width);
const control = (n: number, width: number) => String(n).padStart(width, '0');

/** One X12 interchange of one functional group, with counts and control numbers that check out. */
function x12Interchange(sender: string, group: 'QM' | 'QO', number: number, stamp: DateTime, transactions: string[][]): string {
  const segments = [
    `ISA*00*${pad('', 10)}*00*${pad('', 10)}*02*${pad(sender, 15)}*ZZ*${pad(RECEIVER, 15)}*${stamp.toFormat('yyMMdd')}*${stamp.toFormat('HHmm')}*U*00401*${control(number, 9)}*0*P*>`,
    `GS*${group}*${sender}*${RECEIVER}*${stamp.toFormat('yyyyMMdd')}*${stamp.toFormat('HHmm')}*${number}*X*004010`,
  ];
  transactions.forEach((body, index) => {
    const st = control(index + 1, 4);
    segments.push(`ST*${group === 'QM' ? '214' : '315'}*${st}`, ...body, `SE*${body.length + 2}*${st}`);
  });
  segments.push(`GE*${transactions.length}*${number}`, `IEA*1*${control(number, 9)}`);
  return segments.map((segment) => `${segment}~\n`).join('');
}

/** Road: an "en route" position halfway between the CSV's departure and arrival. */
function x12_214(shipments: Shipment[], stamp: DateTime): string {
  return byCarrier(shipments)
    .map(([carrier, group], index) => {
      const transactions = group.flatMap(({ plan, actual }) => {
        const place = EN_ROUTE[laneOf(plan)];
        if (!place || actual.departed === undefined || actual.arrived === undefined) return [];
        const enRoute = localIn(minute((actual.departed + actual.arrived) / 2), place.zone);
        return [
          [
            `B10*${ref(plan, 'pro')}*${ref(plan, 'bol')}*${carrier}`,
            'LX*1',
            `AT7*X6*NS***${enRoute.toFormat('yyyyMMdd')}*${enRoute.toFormat('HHmm')}*${place.timeCode}`,
            `MS1*${place.city}*${place.state}*US`,
          ],
        ];
      });
      return transactions.length ? x12Interchange(carrier, 'QM', 2140 + index, stamp, transactions) : '';
    })
    .join('');
}

const X12_315_CODES: Record<Move['kind'], string> = { gate_in: 'I', loaded: 'AE', discharged: 'UV', gate_out: 'OA' };

/** Ocean: one 315 per container move, the container in B4, the bill of lading and carrier in N9. */
function x12_315(shipments: Shipment[], asOf: number, stamp: DateTime): string {
  return byCarrier(shipments)
    .map(([carrier, group], index) => {
      const transactions = group.flatMap((shipment) => {
        const container = ref(shipment.plan, 'container');
        return movesOf(shipment, asOf).map((move) => {
          const local = atLocode(move.at, move.locode);
          const equipment = `${container.slice(0, 4)}*${container.slice(4, 10)}`;
          return [
            `B4***${X12_315_CODES[move.kind]}*${local.toFormat('yyyyMMdd')}*${local.toFormat('HHmm')}**${equipment}*L*45G1*${move.locode}*UN*${container.slice(10)}`,
            `N9*BM*${ref(shipment.plan, 'bol')}`,
            `N9*SCA*${carrier}`,
          ];
        });
      });
      return transactions.length ? x12Interchange(carrier, 'QO', 3150 + index, stamp, transactions) : '';
    })
    .join('');
}

/** UN/ECE Rec. 24 codes: 48 loading completed, 29 unloaded (IFTSTA carries no gate moves here). */
const IFTSTA_CODES: Partial<Record<Move['kind'], string>> = { loaded: '48', discharged: '29' };

/** Ocean: one IFTSTA message per shipment, one STS per move, times local to the port. */
function iftsta(shipments: Shipment[], asOf: number, stamp: DateTime): string {
  return byCarrier(shipments)
    .map(([carrier, group], index) => {
      const reference = `LGX${control(index + 1, 6)}`;
      const messages = group.flatMap((shipment, number) => {
        const moves = movesOf(shipment, asOf).filter((move) => IFTSTA_CODES[move.kind]);
        if (moves.length === 0) return [];
        // Sent an hour after the last move it reports.
        const sent = luxon().DateTime.fromMillis(Math.min(asOf, Math.max(...moves.map((m) => m.at)) + HOUR), { zone: 'UTC' });
        const body = [
          `BGM+23+${shipment.plan.shipmentId}+9`,
          `DTM+137:${sent.toFormat('yyyyMMddHHmm')}UTC:303`,
          `NAD+CA+${carrier}:172:20`,
          `RFF+BM:${ref(shipment.plan, 'bol')}`,
          `RFF+EQ:${ref(shipment.plan, 'container')}`,
          'CNI+1',
          ...moves.flatMap((move) => [
            `STS+1+${IFTSTA_CODES[move.kind]}`,
            `DTM+334:${atLocode(move.at, move.locode).toFormat('yyyyMMddHHmm')}:203`,
            `LOC+175+${move.locode}:139:6`,
          ]),
        ];
        const id = String(number + 1);
        return [[`UNH+${id}+IFTSTA:D:00B:UN`, ...body, `UNT+${body.length + 2}+${id}`]];
      });
      if (messages.length === 0) return '';
      const header = [`UNA:+.? '`, `UNB+UNOC:3+${carrier}:ZZZ+${RECEIVER}:ZZZ+${stamp.toFormat('yyMMdd')}:${stamp.toFormat('HHmm')}+${reference}'`];
      const segments = [...messages.flat().map((segment) => `${segment}'`), `UNZ+${messages.length}+${reference}'`];
      return [...header, ...segments].join('\n') + '\n';
    })
    .join('');
}

const DCSA_CODES: Record<Move['kind'], string> = { gate_in: 'GTIN', loaded: 'LOAD', discharged: 'DISC', gate_out: 'GTOT' };

/** Ocean: a DCSA T&T v3 page of EQUIPMENT events, reported two hours after each move. */
function dcsa(shipments: Shipment[], asOf: number): string {
  const events = shipments.flatMap((shipment) =>
    movesOf(shipment, asOf).map((move) => {
      const local = atLocode(move.at, move.locode);
      const reported = localIn(Math.min(asOf, move.at + 2 * HOUR), 'UTC');
      return {
        eventID: `${shipment.plan.shipmentId}-${DCSA_CODES[move.kind]}`,
        eventDateTime: local.toISO({ suppressMilliseconds: true }),
        eventUpdatedDateTime: reported.toISO({ suppressMilliseconds: true }),
        eventRouting: { originatingParty: { partyCode: shipment.plan.carrier, partyFunction: 'CA' } },
        eventClassification: { eventTypeCode: 'EQUIPMENT', eventClassifierCode: 'ACT', equipmentEventTypeCode: DCSA_CODES[move.kind] },
        eventLocation: { UNLocationCode: move.locode },
        equipmentDetails: { equipmentReference: ref(shipment.plan, 'container'), ISOEquipmentCode: '45G1', emptyIndicatorCode: 'LADEN' },
        relatedDocumentReferences: [{ typeCode: 'TRD', reference: ref(shipment.plan, 'bol') }],
      };
    }),
  );
  return `${JSON.stringify({ events }, null, 2)}\n`;
}
