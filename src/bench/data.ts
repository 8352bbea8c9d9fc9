/**
 * Benchmark data, split by when each event became known — by the first night (the cold load) or during
 * the day after it (the nightly delta). Plans are the same file for both nights, as a forwarder's plan
 * export would be. Three sources: the seeded fixture generator (`generator`: each shipment's events
 * together, few estimates), the seeded carrier feed (`feed`: events in time order across shipments, most
 * of them estimates, two references per plan), or a user's own plans.csv and events.csv (`--data DIR`).
 */
import { createReadStream, createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { basename, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { parse } from 'csv-parse';
import { generate } from '../generator/generate.js';
import { generateFeed } from '../generator/feed.js';

export interface BenchData {
  /** What the set is, as the bench prints it: generator, feed, or the external folder. */
  name: string;
  dir: string;
  plans: string;
  /** Events known by the first night: the cold audit's input. */
  eventsNight1: string;
  /** Events that became known between the two nights: the incremental audit's input. */
  eventsNight2: string;
  night1: string;
  night2: string;
  shipments: number;
  planRows: number;
  night1Rows: number;
  night2Rows: number;
}

const NIGHT_1 = '2026-03-19T00:00:00Z';
const NIGHT_2 = '2026-03-20T00:00:00Z';
/**
 * Position updates (in_transit) per leg between departure and arrival. The fixture generator writes
 * milestones only (about four events a shipment); carriers also send positions, and with these the
 * data has the proportions of about eight events per shipment.
 */
const POSITION_UPDATES_PER_LEG = 4;
/** Bump when the data a size produces changes, so cached files are regenerated. */
const DATA_VERSION = 2;

export async function benchData(root: string, shipments: number, seed: number): Promise<BenchData> {
  const dir = join(root, `${shipments}-seed${seed}`);
  const metaPath = join(dir, 'meta.json');
  const cached = cachedData(metaPath);
  if (cached) return cached;
  const generated = await generate({
    shipments,
    seed,
    asOf: NIGHT_2,
    start: '2026-01-20T00:00:00Z',
    spreadDays: 60,
    outDir: join(dir, 'generated'),
  });
  const data: BenchData = {
    name: 'generator',
    dir,
    plans: generated.plans,
    eventsNight1: join(dir, 'events-night1.csv'),
    eventsNight2: join(dir, 'events-night2.csv'),
    night1: NIGHT_1,
    night2: NIGHT_2,
    shipments,
    planRows: shipments,
    night1Rows: 0,
    night2Rows: 0,
  };
  const counts = await splitByNight(generated.events, data.eventsNight1, data.eventsNight2, Date.parse(NIGHT_1));
  data.night1Rows = counts.night1;
  data.night2Rows = counts.night2;
  writeFileSync(metaPath, JSON.stringify({ ...data, version: DATA_VERSION }, null, 2));
  return data;
}

function cachedData(metaPath: string): BenchData | undefined {
  if (!existsSync(metaPath)) return undefined;
  const cached = JSON.parse(readFileSync(metaPath, 'utf8')) as BenchData & { version: number };
  return cached.version === DATA_VERSION ? cached : undefined;
}

/** The carrier-feed set (../generator/feed.ts): written split by night already, in feed order. */
export async function feedBenchData(root: string, shipments: number, seed: number): Promise<BenchData> {
  const dir = join(root, `${shipments}-seed${seed}-feed`);
  const metaPath = join(dir, 'meta.json');
  const cached = cachedData(metaPath);
  if (cached) return cached;
  const feed = await generateFeed({ shipments, seed, start: '2026-01-20T00:00:00Z', spreadDays: 60, night1: NIGHT_1, night2: NIGHT_2, outDir: dir });
  const data: BenchData = {
    name: 'feed',
    dir,
    plans: feed.plans,
    eventsNight1: feed.eventsNight1,
    eventsNight2: feed.eventsNight2,
    night1: NIGHT_1,
    night2: NIGHT_2,
    shipments,
    planRows: shipments,
    night1Rows: feed.night1Rows,
    night2Rows: feed.night2Rows,
  };
  writeFileSync(metaPath, JSON.stringify({ ...data, version: DATA_VERSION }, null, 2));
  return data;
}

/**
 * A user's own canonical plans.csv and events.csv (`npm run bench -- --data DIR`). Night 2 is the
 * first midnight (UTC) at or after the last event became known, night 1 the one before; the events are split
 * between them as generated data is, in the file's own order. The split is written under `root`.
 */
export async function externalBenchData(source: string, root: string): Promise<BenchData> {
  const plans = resolve(source, 'plans.csv');
  const events = resolve(source, 'events.csv');
  for (const file of [plans, events]) if (!existsSync(file)) throw new Error(`--data ${source}: no ${basename(file)} there`);
  const dir = join(root, `external-${basename(resolve(source))}`);
  mkdirSync(dir, { recursive: true });
  let lastKnown = -Infinity;
  for await (const { knownAt } of knownRows(events)) lastKnown = Math.max(lastKnown, knownAt);
  if (!Number.isFinite(lastKnown)) throw new Error(`--data ${source}: events.csv has no event with a readable event_time`);
  const night2 = Math.ceil(lastKnown / DAY) * DAY;
  const data: BenchData = {
    name: `data ${source}`,
    dir,
    plans,
    eventsNight1: join(dir, 'events-night1.csv'),
    eventsNight2: join(dir, 'events-night2.csv'),
    night1: new Date(night2 - DAY).toISOString(),
    night2: new Date(night2).toISOString(),
    shipments: 0,
    planRows: 0,
    night1Rows: 0,
    night2Rows: 0,
  };
  for await (const _ of knownRows(plans)) data.planRows++;
  data.shipments = data.planRows;
  const outs = [createWriteStream(data.eventsNight1), createWriteStream(data.eventsNight2)] as const;
  for await (const { knownAt, raw, header } of knownRows(events, true)) {
    if (header) {
      for (const out of outs) out.write(raw);
      continue;
    }
    const first = knownAt <= night2 - DAY;
    if (first) data.night1Rows++;
    else data.night2Rows++;
    if (!outs[first ? 0 : 1].write(raw)) await once(outs[first ? 0 : 1], 'drain');
  }
  for (const out of outs) out.end();
  await Promise.all(outs.map((out) => once(out, 'finish')));
  return data;
}

const DAY = 86_400_000;

/**
 * The rows of a canonical CSV file with when each became known (knownAt's rule, by column name), and
 * with `withHeader` the header too; raw: the row's text as in the file, quotes and line end included.
 */
async function* knownRows(path: string, withHeader = false): AsyncGenerator<{ knownAt: number; raw: string; header: boolean }> {
  let columns: string[] | undefined;
  const parser = createReadStream(path).pipe(parse({ bom: true, relax_column_count: true, skip_empty_lines: true, raw: true }));
  for await (const { record, raw } of parser as AsyncIterable<{ record: string[]; raw: string }>) {
    if (!columns) {
      columns = record.map((name) => name.trim().toLowerCase());
      if (withHeader) yield { knownAt: NaN, raw, header: true };
      continue;
    }
    const field = (name: string) => record[columns!.indexOf(name)] ?? '';
    const reported = Date.parse(field('reported_at'));
    yield { knownAt: Number.isNaN(reported) ? Date.parse(field('event_time')) : reported, raw, header: false };
  }
}

/** Column positions in the generator's event file (its rows are plain tokens, never quoted). */
const STATUS = 4;
const EVENT_TIME = 5;
const CLASSIFIER = 6;
const LOCATION = 7;
const REPORTED_AT = 9;

/** An event is known when it is reported; without a receipt time, when it happens. */
function knownAt(fields: string[]): number {
  return Date.parse(fields[REPORTED_AT] || fields[EVENT_TIME]!);
}

/**
 * Night 2's events in the order a carrier feed sends them, by when each became known, instead of the
 * generator's shipment by shipment: the same rows (`npm run bench -- --feed-order time`). Written
 * once beside the night's file; the night is small enough to sort in memory.
 */
export function night2InFeedOrder(data: BenchData): string {
  const path = join(data.dir, 'events-night2-feed-order.csv');
  if (existsSync(path)) return path;
  const [header, ...rows] = readFileSync(data.eventsNight2, 'utf8').trimEnd().split('\n');
  const known = new Map(rows.map((row) => [row, knownAt(row.split(','))]));
  // Stable: events known at the same moment keep the generator's order.
  rows.sort((a, b) => known.get(a)! - known.get(b)!);
  writeFileSync(path, `${[header, ...rows].join('\n')}\n`);
  return path;
}

async function splitByNight(source: string, night1Path: string, night2Path: string, night1: number) {
  const night1Out = createWriteStream(night1Path);
  const night2Out = createWriteStream(night2Path);
  const counts = { night1: 0, night2: 0 };
  const write = async (fields: string[]) => {
    const known = knownAt(fields);
    const out = known <= night1 ? night1Out : night2Out;
    if (known <= night1) counts.night1++;
    else counts.night2++;
    if (!out.write(`${fields.join(',')}\n`)) await once(out, 'drain');
  };
  let header = true;
  let departed: string[] | undefined;
  for await (const line of createInterface({ input: createReadStream(source), crlfDelay: Infinity })) {
    if (header) {
      header = false;
      night1Out.write(`${line}\n`);
      night2Out.write(`${line}\n`);
      continue;
    }
    const fields = line.split(',');
    if (fields[CLASSIFIER] === 'actual' && fields[STATUS] === 'departed') departed = fields;
    if (fields[CLASSIFIER] === 'actual' && fields[STATUS] === 'arrived' && departed) {
      // A shipment's events are consecutive in the generated file, so the last departure is this leg's.
      const from = Date.parse(departed[EVENT_TIME]!);
      const to = Date.parse(fields[EVENT_TIME]!);
      for (let update = 1; update <= POSITION_UPDATES_PER_LEG; update++) {
        const position = [...departed];
        position[STATUS] = 'in_transit';
        position[EVENT_TIME] = new Date(from + ((to - from) * update) / (POSITION_UPDATES_PER_LEG + 1)).toISOString().replace('.000', '');
        position[LOCATION] = '';
        await write(position);
      }
      departed = undefined;
    }
    await write(fields);
  }
  night1Out.end();
  night2Out.end();
  await Promise.all([once(night1Out, 'finish'), once(night2Out, 'finish')]);
  return counts;
}
