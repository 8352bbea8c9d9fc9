/**
 * A seeded carrier feed, the shape the bench's second data set has (issue 20): events in the order a
 * feed delivers them, across all shipments (by when each became known), most of them estimates (each
 * shipment's arrival re-estimated as it travels), every plan with two references and most events naming
 * the shipment by one of them. The first generator (generate.ts) writes each shipment's events together
 * and few estimates, which flatters a store keyed by shipment. Same seed and size → identical files.
 */
import { createWriteStream, mkdirSync, readFileSync, rmSync, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { luxon } from '../model/luxon.js';
import { LocationTable } from '../model/locations.js';
import { CUSTOMERS, EVENT_COLUMNS, LANES, pick, PLAN_COLUMNS, PRIORITIES, seededRandom, SERVICE_LEVELS, weighted } from './generate.js';

export interface FeedOptions {
  shipments: number;
  seed: number;
  /** First planned pickup; pickups spread over `spreadDays` from here. */
  start: string;
  spreadDays: number;
  /** Events known by night 1 go to the first file, those known by night 2 to the second; later ones are not written. */
  night1: string;
  night2: string;
  outDir: string;
}

export interface FeedFiles {
  plans: string;
  eventsNight1: string;
  eventsNight2: string;
  night1Rows: number;
  night2Rows: number;
  estimates: number;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

type Outcome = 'on_time' | 'late_departure' | 'late_arrival' | 'stuck' | 'slipping_estimate';
const OUTCOMES: [Outcome, number][] = [
  ['on_time', 0.6],
  ['late_departure', 0.1],
  ['late_arrival', 0.14],
  ['stuck', 0.06],
  ['slipping_estimate', 0.1],
];

/** Estimated arrivals per shipment: a first one at booking, then one per stretch of the journey. */
const MIN_ESTIMATES = 3;
const EXTRA_ESTIMATES = 5;
/** Share of actuals the carrier sends again some hours later (a re-sent feed, saying when). */
const RESEND_RATE = 0.02;

/**
 * Local times as carriers write them, in the location's offset. The offset is looked up once per zone
 * and hour (luxon per event made the 1M set slow to generate); offsets only change on the hour.
 */
class LocalTimes {
  private readonly zones = new LocationTable();
  private readonly offsets = new Map<string, string>();

  format(epochMs: number, locode: string): string {
    const zone = this.zones.zoneFor(locode) ?? 'UTC';
    const hour = Math.floor(epochMs / HOUR);
    const key = `${zone}@${hour}`;
    let offset = this.offsets.get(key);
    if (offset === undefined) {
      offset = luxon()
        .DateTime.fromMillis(hour * HOUR, { zone })
        .toFormat('ZZ');
      this.offsets.set(key, offset);
    }
    const minutes = Number(offset.slice(0, 1) + '1') * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6)));
    return `${new Date(epochMs + minutes * 60_000).toISOString().slice(0, 16)}${offset}`;
  }
}

const utc = (epochMs: number) => new Date(epochMs).toISOString().replace(':00.000Z', 'Z');
const toMinute = (epochMs: number) => Math.round(epochMs / 60_000) * 60_000;

/**
 * Events go to one scratch file per day of when they became known, each line prefixed with that
 * instant; each day is then sorted on its own, so the whole feed is never held in memory.
 */
class DayBuckets {
  private readonly streams = new Map<number, WriteStream>();
  constructor(private readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }

  async add(knownAt: number, row: string): Promise<void> {
    const day = Math.floor(knownAt / DAY);
    let stream = this.streams.get(day);
    if (!stream) {
      stream = createWriteStream(join(this.dir, `${day}.txt`));
      this.streams.set(day, stream);
    }
    if (!stream.write(`${knownAt}\t${row}\n`)) await once(stream, 'drain');
  }

  /** Every row, in order of when it became known; rows known at the same instant keep their order. */
  async *drain(): AsyncGenerator<{ knownAt: number; row: string }> {
    for (const stream of this.streams.values()) stream.end();
    await Promise.all([...this.streams.values()].map((stream) => once(stream, 'finish')));
    for (const day of [...this.streams.keys()].sort((a, b) => a - b)) {
      const lines = readFileSync(join(this.dir, `${day}.txt`), 'utf8').split('\n');
      lines.pop();
      const rows = lines.map((line) => {
        const tab = line.indexOf('\t');
        return { knownAt: Number(line.slice(0, tab)), row: line.slice(tab + 1) };
      });
      rows.sort((a, b) => a.knownAt - b.knownAt);
      yield* rows;
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export async function generateFeed(options: FeedOptions): Promise<FeedFiles> {
  const random = seededRandom(options.seed);
  const times = new LocalTimes();
  mkdirSync(options.outDir, { recursive: true });
  const files = {
    plans: join(options.outDir, 'plans.csv'),
    eventsNight1: join(options.outDir, 'events-night1.csv'),
    eventsNight2: join(options.outDir, 'events-night2.csv'),
  };
  const plans = createWriteStream(files.plans);
  const write = async (stream: WriteStream, text: string) => {
    if (!stream.write(text)) await once(stream, 'drain');
  };
  await write(plans, `${PLAN_COLUMNS.join(',')}\n`);
  const night1 = Date.parse(options.night1);
  const night2 = Date.parse(options.night2);
  const start = Date.parse(options.start);
  const buckets = new DayBuckets(join(options.outDir, 'days'));
  const width = Math.max(5, String(options.shipments).length);

  for (let index = 1; index <= options.shipments; index++) {
    const lane = pick(random, LANES);
    const carrier = pick(random, lane.carriers);
    const id = `SHP${String(index).padStart(width, '0')}`;
    const pickupPlan = start + Math.floor(random() * options.spreadDays * 24) * HOUR;
    const departPlan = pickupPlan + lane.hours[0] * HOUR;
    const arrivePlan = departPlan + lane.hours[1] * HOUR;
    const deliverPlan = arrivePlan + lane.hours[2] * HOUR;
    const bol = `${carrier}${String(100000 + index)}`;
    // The second reference: the container at sea and in the air (a ULD), the PRO number on the road.
    const [secondKind, second] =
      lane.mode === 'road' ? ['pro', `${carrier}${7000000 + index}`] : ['container', `${carrier.slice(0, 3)}U${String(1000000 + index).slice(-7)}`];
    const quantity = 1 + Math.floor(random() * 40);
    await write(
      plans,
      `${[
        id,
        carrier,
        lane.mode,
        lane.origin,
        lane.destination,
        pick(random, CUSTOMERS),
        pick(random, PRIORITIES),
        pick(random, SERVICE_LEVELS[lane.mode]),
        times.format(pickupPlan, lane.origin),
        times.format(departPlan, lane.origin),
        times.format(arrivePlan, lane.destination),
        times.format(deliverPlan, lane.destination),
        [lane.origin, lane.via, lane.destination].filter(Boolean).join('>'),
        `bol:${bol};${secondKind}:${second}`,
        quantity,
        Math.round(random() * 250_000),
      ].join(',')}\n`,
    );

    const scale = (lane.mode === 'ocean' ? 24 : lane.mode === 'air' ? 6 : 2) * HOUR;
    const outcome = weighted(random, OUTCOMES);
    const jitter = () => (random() - 0.5) * 0.4 * scale;
    let departDelay = jitter();
    let arriveDelay = departDelay + jitter();
    if (outcome === 'late_departure') arriveDelay = departDelay = (1 + random() * 3) * scale;
    if (outcome === 'late_arrival' || outcome === 'slipping_estimate') arriveDelay = departDelay + (1.5 + random() * 4) * scale;
    const stuck = outcome === 'stuck';
    const arrival = toMinute(arrivePlan + arriveDelay);

    // Carriers name a shipment by one of its references, some by our id.
    const named = (): string => {
      const roll = random();
      if (roll < 0.2) return `${id},,,`;
      if (roll < 0.5) return `,${bol},,`;
      return secondKind === 'pro' ? `,,,${second}` : `,,${second},`;
    };
    const emit = async (knownAt: number, row: string) => {
      if (knownAt <= night2) await buckets.add(knownAt, row);
    };

    const actuals: [string, number, string][] = [
      ['pickup', toMinute(pickupPlan + jitter() * 0.25), lane.origin],
      ['departed', toMinute(departPlan + departDelay), lane.origin],
      ['arrived', arrival, lane.destination],
      ['delivered', toMinute(deliverPlan + arriveDelay + jitter() * 0.5), lane.destination],
    ];
    for (const [status, at, locode] of stuck ? actuals.slice(0, 2) : actuals) {
      const row = (reported: string) =>
        `${named()},${status},${times.format(at, locode)},actual,${locode},${carrier},${reported},,${status === 'delivered' ? quantity : ''}`;
      await emit(at, row(''));
      if (random() < RESEND_RATE) {
        const resent = at + (2 + Math.floor(random() * 10)) * HOUR;
        await emit(resent, row(utc(resent)));
      }
    }

    // The estimated arrival, re-sent from a day before pickup until the ship comes in: early ones
    // scattered around the plan, later ones closing in on the real arrival; a stuck shipment's estimates
    // keep slipping, and a slipping one's only catch up late.
    const estimates = MIN_ESTIMATES + Math.floor(random() * EXTRA_ESTIMATES);
    const from = pickupPlan - DAY;
    const until = stuck ? arrivePlan + 10 * scale : arrival;
    for (let k = 0; k < estimates; k++) {
      const reported = toMinute(from + ((until - from) * k) / estimates);
      const remaining = 1 - k / estimates;
      const eta = stuck
        ? arrivePlan + (k + 1) * 2 * scale
        : outcome === 'slipping_estimate' && k < estimates - 1
          ? arrivePlan + departDelay + remaining * jitter()
          : arrival + remaining * 2 * jitter();
      await emit(reported, `${named()},arrived,${times.format(toMinute(eta), lane.destination)},estimated,${lane.destination},${carrier},${utc(reported)},,`);
    }
  }
  plans.end();
  await once(plans, 'finish');

  const header = `${EVENT_COLUMNS.join(',')}\n`;
  const outs = [createWriteStream(files.eventsNight1), createWriteStream(files.eventsNight2)] as const;
  const counts = { night1Rows: 0, night2Rows: 0, estimates: 0 };
  for (const out of outs) out.write(header);
  for await (const { knownAt, row } of buckets.drain()) {
    const first = knownAt <= night1;
    if (first) counts.night1Rows++;
    else counts.night2Rows++;
    if (row.includes(',estimated,')) counts.estimates++;
    await write(first ? outs[0] : outs[1], `${row}\n`);
  }
  for (const out of outs) out.end();
  await Promise.all(outs.map((out) => once(out, 'finish')));
  return { ...files, ...counts };
}
