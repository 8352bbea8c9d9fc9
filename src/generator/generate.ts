/**
 * A seeded generator of realistic plans and carrier events, used for the demo fixtures and the
 * benchmark. Same seed and size → byte-identical files. Lanes use real UN/LOCODEs and SCACs; times
 * are written in the origin or destination's local offset, as carrier exports do.
 */
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { luxon } from '../model/luxon.js';
import type { Milestone, Mode } from '../model/vocabulary.js';
import { LocationTable } from '../model/locations.js';

/** mulberry32: tiny, fast, good enough for test data, and identical on every platform. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Lane {
  mode: Mode;
  origin: string;
  destination: string;
  via?: string;
  carriers: string[];
  /** Planned hours from pickup to departure, departure to arrival, arrival to delivery. */
  hours: [number, number, number];
}

export const LANES: Lane[] = [
  { mode: 'ocean', origin: 'CNSHA', destination: 'USLAX', carriers: ['MAEU', 'COSU', 'ONEY'], hours: [72, 18 * 24, 96] },
  { mode: 'ocean', origin: 'CNNGB', destination: 'NLRTM', via: 'SGSIN', carriers: ['MSCU', 'CMDU', 'HLCU'], hours: [72, 32 * 24, 72] },
  { mode: 'ocean', origin: 'KRPUS', destination: 'USSEA', carriers: ['ONEY', 'HLCU'], hours: [48, 14 * 24, 72] },
  { mode: 'ocean', origin: 'SGSIN', destination: 'DEHAM', carriers: ['MAEU', 'MSCU'], hours: [48, 28 * 24, 96] },
  { mode: 'ocean', origin: 'DEHAM', destination: 'CAMTR', carriers: ['HLCU'], hours: [48, 12 * 24, 72] },
  { mode: 'ocean', origin: 'NLRTM', destination: 'USNYC', carriers: ['MAEU', 'CMDU'], hours: [48, 11 * 24, 72] },
  { mode: 'air', origin: 'CNPVG', destination: 'USORD', carriers: ['CK', 'LH'], hours: [12, 16, 24] },
  { mode: 'air', origin: 'USMEM', destination: 'GBLHR', carriers: ['FX'], hours: [8, 10, 18] },
  { mode: 'air', origin: 'DEFRA', destination: 'USJFK', carriers: ['LH', 'CV'], hours: [10, 10, 20] },
  { mode: 'road', origin: 'USATL', destination: 'USCLT', carriers: ['ODFL', 'SAIA'], hours: [4, 5, 4] },
  { mode: 'road', origin: 'USCHI', destination: 'USDET', carriers: ['FXFE', 'ABFS'], hours: [4, 6, 4] },
  { mode: 'road', origin: 'USDAL', destination: 'USHOU', carriers: ['EXLA', 'RLCA'], hours: [4, 5, 4] },
];

export const CUSTOMERS = ['Contoso', 'Fabrikam', 'Northwind', 'Tailspin', 'Wingtip', 'Litware'];
export const PRIORITIES = ['low', 'normal', 'normal', 'normal', 'high', 'critical'] as const;
export const SERVICE_LEVELS: Record<Mode, string[]> = {
  ocean: ['STD', 'PRM'],
  air: ['EXP', 'STD'],
  road: ['LTL', 'FTL'],
  rail: ['STD'],
  parcel: ['STD'],
  multimodal: ['STD'],
};

/**
 * How a shipment turns out, in hours of delay per leg, drawn so the demo has every kind of finding:
 * most on time, some inside tolerance, some late, some stuck, some with a late estimate.
 */
type Outcome = 'on_time' | 'inside_tolerance' | 'late_departure' | 'late_arrival' | 'stuck' | 'late_estimate';
const OUTCOMES: [Outcome, number][] = [
  ['on_time', 0.55],
  ['inside_tolerance', 0.12],
  ['late_departure', 0.1],
  ['late_arrival', 0.1],
  ['stuck', 0.06],
  ['late_estimate', 0.07],
];

/**
 * How a carrier's arrival estimates behave: `learning` is how late in the voyage a delay shows in them
 * (the estimate keeps (1 − elapsed share)^learning of the plan's miss), `bias` its lean in units of the
 * mode's scale (negative: optimistic).
 */
interface EtaHabit {
  learning: number;
  bias: number;
}

function newEtaHabit(random: () => number): EtaHabit {
  return { learning: 0.5 + random() * 2.5, bias: (random() - 0.6) * 2 };
}

/** Shares of the voyage (departure to arrival) after which the carrier sends an estimate. */
const ESTIMATE_AT = [0.2, 0.6, 0.85, 0.97];

/**
 * Arrival estimates received during a voyage that happened: each nearer the actual as the voyage goes
 * on, the plan's miss showing as the carrier learns it; a quarter sent again unchanged a little later
 * (re-sends the ETA report counts at their new receipt time).
 */
function estimateHistory(
  random: () => number,
  habit: EtaHabit,
  voyage: { departedAt: number; arrivedAt: number; plannedAt: number; scale: number; asOf: number },
): { estimate: number; receivedAt: number }[] {
  const hour = 3_600_000;
  const transit = voyage.arrivedAt - voyage.departedAt;
  if (transit <= 0) return [];
  const toMinute = (ms: number) => Math.round(ms / 60_000) * 60_000;
  const history: { estimate: number; receivedAt: number }[] = [];
  for (const share of ESTIMATE_AT) {
    const left = 1 - share;
    const receivedAt = toMinute(voyage.departedAt + share * transit);
    const miss = voyage.plannedAt - voyage.arrivedAt;
    const lean = (habit.bias + (random() - 0.5) * 1.5) * voyage.scale * hour;
    const estimate = toMinute(voyage.arrivedAt + left ** habit.learning * miss + Math.sqrt(left) * lean);
    history.push({ estimate, receivedAt });
    const resentAt = toMinute(receivedAt + 0.1 * transit);
    if (random() < 0.25 && resentAt <= Math.min(voyage.arrivedAt, voyage.asOf)) history.push({ estimate, receivedAt: resentAt });
  }
  return history;
}

const utcText = (ms: number) => new Date(ms).toISOString().replace('.000', '');

export interface GenerateOptions {
  shipments: number;
  seed: number;
  /** Events after this instant are not written: the "tonight" the data was exported. */
  asOf: string;
  /** First planned pickup; pickups spread over `spreadDays` from here. */
  start: string;
  spreadDays: number;
  outDir: string;
  /** Share of events sent twice (a carrier re-sending its feed). */
  duplicateRate?: number;
  /**
   * Arrival estimates sent during each voyage that arrived (estimateHistory), for the ETA report. Off
   * for the bench, so that its data, and the timings measured on it over time, stay comparable.
   */
  etaHistory?: boolean;
}

/** The canonical CSV columns the generators write, plans then events. */
export const PLAN_COLUMNS = [
  'shipment_id',
  'carrier',
  'mode',
  'origin',
  'destination',
  'customer',
  'priority',
  'service_level',
  'planned_pickup',
  'planned_departed',
  'planned_arrived',
  'planned_delivered',
  'route',
  'refs',
  'quantity',
  'value',
];
export const EVENT_COLUMNS = [
  'shipment_id',
  'bol',
  'container',
  'pro',
  'status',
  'event_time',
  'classifier',
  'location',
  'carrier',
  'reported_at',
  'reason',
  'quantity',
];

/** Why customs holds a shipment, most common first; an inspection takes longest. */
const HOLD_REASONS: [string, number][] = [
  ['missing commercial invoice', 0.3],
  ['inspection', 0.25],
  ['tariff classification query', 0.2],
  ['missing certificate of origin', 0.15],
  ['duties unpaid', 0.1],
];

/**
 * Chinese New Year 2026 (17 February): factories close and ports congest, so shipments from China
 * planned to depart in the weeks around it leave late — the demo's seasonal bottleneck.
 */
const LUNAR_NEW_YEAR = { from: Date.parse('2026-02-14T00:00:00Z'), to: Date.parse('2026-02-23T00:00:00Z') };

const country = (locode: string) => locode.slice(0, 2);

interface CustomsPlan {
  hold?: { at: number; reason: string };
  clearedAt: number;
}

/**
 * Customs at the destination of an international shipment: most clear within hours of arrival; some
 * are held first, more often for imports into the US and for one customer with paperwork problems
 * (so the customs report finds recurring holds).
 */
function planCustoms(random: () => number, mode: Mode, destination: string, customer: string, arrivedAt: number): CustomsPlan {
  const hour = 3_600_000;
  const slow = mode === 'ocean';
  const holdChance = 0.1 + (country(destination) === 'US' ? 0.1 : 0) + (customer === 'Litware' ? 0.3 : 0);
  if (random() >= holdChance) return { clearedAt: arrivedAt + (slow ? 6 + random() * 18 : 1 + random() * 3) * hour };
  const reason = weighted(random, HOLD_REASONS);
  const holdAt = arrivedAt + (slow ? 6 + random() * 18 : 1 + random() * 3) * hour;
  const dwellHours = (slow ? 24 + random() * 72 : 4 + random() * 20) * (reason === 'inspection' ? 1.5 : 1);
  return { hold: { at: holdAt, reason }, clearedAt: holdAt + dwellHours * hour };
}

export function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

export function weighted<T>(random: () => number, items: [T, number][]): T {
  let roll = random();
  for (const [item, weight] of items) {
    roll -= weight;
    if (roll < 0) return item;
  }
  return items.at(-1)![0];
}

const zones = new LocationTable();
function local(epochMs: number, locode: string): string {
  const zone = zones.zoneFor(locode) ?? 'UTC';
  return luxon().DateTime.fromMillis(epochMs, { zone }).toISO({ suppressMilliseconds: true, suppressSeconds: true })!;
}

/** CSV-safe: the generator only writes plain tokens, so quoting is never needed. */
function line(values: (string | number)[]): string {
  return `${values.join(',')}\n`;
}

export async function generate(options: GenerateOptions): Promise<{ plans: string; events: string; events_written: number }> {
  const random = seededRandom(options.seed);
  // Customs, delivered quantities: a second stream, so adding them left every earlier draw unchanged.
  const extra = seededRandom(options.seed ^ 0x5eed);
  // Estimate histories: a third stream, for the same reason.
  const etaRandom = seededRandom(options.seed ^ 0xe7a);
  const etaHabits = new Map<string, EtaHabit>();
  mkdirSync(options.outDir, { recursive: true });
  const plansPath = join(options.outDir, 'plans.csv');
  const eventsPath = join(options.outDir, 'events.csv');
  const plans = createWriteStream(plansPath);
  const events = createWriteStream(eventsPath);
  const write = async (stream: NodeJS.WritableStream, text: string) => {
    if (!stream.write(text)) await once(stream, 'drain');
  };
  await write(plans, line(PLAN_COLUMNS));
  await write(events, line(EVENT_COLUMNS));
  const asOf = Date.parse(options.asOf);
  const start = Date.parse(options.start);
  const hour = 3_600_000;
  const duplicateRate = options.duplicateRate ?? 0.02;
  let eventsWritten = 0;
  const width = String(options.shipments).length;

  for (let index = 1; index <= options.shipments; index++) {
    const lane = pick(random, LANES);
    const carrier = pick(random, lane.carriers);
    const id = `SHP${String(index).padStart(Math.max(5, width), '0')}`;
    const priority = pick(random, PRIORITIES);
    const pickupPlan = start + Math.floor(random() * options.spreadDays * 24) * hour;
    const departPlan = pickupPlan + lane.hours[0] * hour;
    const arrivePlan = departPlan + lane.hours[1] * hour;
    const deliverPlan = arrivePlan + lane.hours[2] * hour;
    const bol = `${carrier}${String(100000 + index)}`;
    const container = lane.mode === 'ocean' ? `${carrier.slice(0, 3)}U${String(1000000 + index).slice(-7)}` : '';
    const pro = lane.mode === 'road' ? `${carrier}${String(7000000 + index)}` : '';
    const refs = [`bol:${bol}`, container && `container:${container}`, pro && `pro:${pro}`].filter(Boolean).join(';');
    const route = [lane.origin, lane.via, lane.destination].filter(Boolean).join('>');
    const customer = pick(random, CUSTOMERS);
    const serviceLevel = pick(random, SERVICE_LEVELS[lane.mode]);
    const quantity = 1 + Math.floor(random() * 40);
    await write(
      plans,
      line([
        id,
        carrier,
        lane.mode,
        lane.origin,
        lane.destination,
        customer,
        priority,
        serviceLevel,
        local(pickupPlan, lane.origin),
        local(departPlan, lane.origin),
        local(arrivePlan, lane.destination),
        local(deliverPlan, lane.destination),
        route,
        refs,
        quantity,
        Math.round(random() * 250_000),
      ]),
    );

    // Delays per leg in hours, scaled to the mode: a day late at sea is normal, on a truck it is not.
    const scale = lane.mode === 'ocean' ? 24 : lane.mode === 'air' ? 6 : 2;
    const outcome = weighted(random, OUTCOMES);
    const jitter = () => (random() - 0.5) * 0.4 * scale;
    let departDelay = jitter();
    let arriveDelay = departDelay + jitter();
    let stuckAfter: Milestone | undefined;
    let estimateDelay: number | undefined;
    switch (outcome) {
      case 'inside_tolerance':
        departDelay = 0.2 * scale;
        arriveDelay = 0.3 * scale;
        break;
      case 'late_departure':
        departDelay = (1 + random() * 3) * scale;
        arriveDelay = departDelay + jitter();
        break;
      case 'late_arrival':
        arriveDelay = departDelay + (1.5 + random() * 4) * scale;
        break;
      case 'stuck':
        stuckAfter = random() < 0.5 ? 'pickup' : 'departed';
        break;
      case 'late_estimate':
        estimateDelay = (2 + random() * 4) * scale;
        break;
    }
    if (lane.origin.startsWith('CN') && departPlan >= LUNAR_NEW_YEAR.from && departPlan < LUNAR_NEW_YEAR.to) {
      departDelay += 2 * scale;
      arriveDelay += 2 * scale;
    }
    const timeline: { status: Milestone; at: number; locode: string }[] = [
      { status: 'pickup', at: pickupPlan + jitter() * hour * 0.25, locode: lane.origin },
      { status: 'departed', at: departPlan + departDelay * hour, locode: lane.origin },
      { status: 'arrived', at: arrivePlan + arriveDelay * hour, locode: lane.destination },
      { status: 'delivered', at: deliverPlan + (arriveDelay + jitter() * 0.5) * hour, locode: lane.destination },
    ];
    // Events name the shipment the way carriers do: ocean by container, road by PRO, some by our id.
    const keyColumns = (draw: () => number = random): [string, string, string, string] => {
      const byId = draw() < 0.3;
      if (byId) return [id, '', '', ''];
      if (lane.mode === 'ocean') return ['', '', container, ''];
      if (lane.mode === 'road') return ['', '', '', pro];
      return ['', bol, '', ''];
    };
    const international = country(lane.origin) !== country(lane.destination);
    let customs: CustomsPlan | undefined;
    // A few deliveries come up short of the planned quantity.
    const deliveredQuantity = extra() < 0.06 ? Math.max(0, quantity - 1 - Math.floor(extra() * 3)) : quantity;
    let departedAt: number | undefined;
    for (const step of timeline) {
      if (stuckAfter && step.status !== 'pickup' && (stuckAfter === 'pickup' || step.status !== 'departed')) break;
      let at = Math.round(step.at / 60_000) * 60_000;
      if (step.status === 'delivered' && customs) {
        // Nothing is delivered before customs releases it.
        if (customs.clearedAt > asOf) break;
        at = Math.max(at, Math.round((customs.clearedAt + 4 * hour) / 60_000) * 60_000);
      }
      if (step.status === 'arrived' && estimateDelay !== undefined && at > asOf - 2 * 24 * hour) {
        const estimate = Math.round((arrivePlan + estimateDelay * hour) / 60_000) * 60_000;
        const reported = Math.min(asOf - 6 * hour, departPlan + 24 * hour);
        await write(
          events,
          line([
            ...keyColumns(),
            'arrived',
            local(estimate, step.locode),
            'estimated',
            step.locode,
            carrier,
            new Date(reported).toISOString().replace('.000', ''),
            '',
            '',
          ]),
        );
        eventsWritten++;
        break;
      }
      if (at > asOf) {
        if (step.status === 'arrived' && random() < 0.6) {
          const reported = Math.min(asOf - hour, at - 24 * hour);
          await write(
            events,
            line([
              ...keyColumns(),
              'arrived',
              local(at, step.locode),
              'estimated',
              step.locode,
              carrier,
              new Date(reported).toISOString().replace('.000', ''),
              '',
              '',
            ]),
          );
          eventsWritten++;
        }
        break;
      }
      const row = line([
        ...keyColumns(),
        step.status,
        local(at, step.locode),
        'actual',
        step.locode,
        carrier,
        '',
        '',
        step.status === 'delivered' ? deliveredQuantity : '',
      ]);
      if (options.etaHistory && step.status === 'arrived' && departedAt !== undefined && etaRandom() < 0.7) {
        const habit = etaHabits.get(carrier) ?? newEtaHabit(etaRandom);
        etaHabits.set(carrier, habit);
        const history = estimateHistory(etaRandom, habit, { departedAt, arrivedAt: at, plannedAt: arrivePlan, scale, asOf });
        const etaKeys = keyColumns(etaRandom);
        for (const { estimate, receivedAt } of history) {
          await write(events, line([...etaKeys, 'arrived', local(estimate, step.locode), 'estimated', step.locode, carrier, utcText(receivedAt), '', '']));
          eventsWritten++;
        }
      }
      if (step.status === 'departed') departedAt = at;
      await write(events, row);
      eventsWritten++;
      if (random() < duplicateRate) {
        await write(events, row);
        eventsWritten++;
      }
      if (step.status === 'arrived' && international) {
        customs = planCustoms(extra, lane.mode, lane.destination, customer, at);
        const customsEvents: [string, number, string][] = [
          ...(customs.hold ? [['customs_hold', customs.hold.at, customs.hold.reason] as [string, number, string]] : []),
          ['customs_cleared', customs.clearedAt, ''],
        ];
        for (const [status, time, reason] of customsEvents) {
          const rounded = Math.round(time / 60_000) * 60_000;
          if (rounded > asOf) break;
          await write(events, line([...keyColumns(extra), status, local(rounded, lane.destination), 'actual', lane.destination, carrier, '', reason, '']));
          eventsWritten++;
        }
      }
    }
  }
  plans.end();
  events.end();
  await Promise.all([once(plans, 'finish'), once(events, 'finish')]);
  return { plans: plansPath, events: eventsPath, events_written: eventsWritten };
}
