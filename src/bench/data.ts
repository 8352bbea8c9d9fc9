/**
 * Benchmark data: the seeded fixture generator run as of the second night, then its events split by
 * when they became known — by the first night (the cold load) or during the day after it (the nightly
 * delta). Plans are the same file for both nights, as a forwarder's plan export would be.
 */
import { createReadStream, createWriteStream, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { generate } from '../generator/generate.js';

export interface BenchData {
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
const DATA_VERSION = 1;

export async function benchData(root: string, shipments: number, seed: number): Promise<BenchData> {
  const dir = join(root, `${shipments}-seed${seed}`);
  const metaPath = join(dir, 'meta.json');
  if (existsSync(metaPath)) {
    const cached = JSON.parse(readFileSync(metaPath, 'utf8')) as BenchData & { version: number };
    if (cached.version === DATA_VERSION) return cached;
  }
  const generated = await generate({
    shipments,
    seed,
    asOf: NIGHT_2,
    start: '2026-01-20T00:00:00Z',
    spreadDays: 60,
    outDir: join(dir, 'generated'),
  });
  const data: BenchData = {
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

/** Column positions in the generator's event file (its rows are plain tokens, never quoted). */
const STATUS = 4;
const EVENT_TIME = 5;
const CLASSIFIER = 6;
const LOCATION = 7;
const REPORTED_AT = 9;

/** An actual is known when it happens; an estimate when it is reported. */
function knownAt(fields: string[]): number {
  return Date.parse(fields[CLASSIFIER] === 'estimated' && fields[REPORTED_AT] ? fields[REPORTED_AT] : fields[EVENT_TIME]!);
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
