import { createReadStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readPlansCsv } from '../../src/io/csv/canonical.js';
import { detectEventFormat, eventReader } from '../../src/io/detect.js';
import { formatWarning } from '../../src/io/errors.js';
import type { Reader } from '../../src/io/reader.js';
import { CODE_TABLES } from '../../src/model/codes/index.js';
import { CodeResolver } from '../../src/model/codes/resolver.js';
import { LocationTable } from '../../src/model/locations.js';
import type { CarrierEvent, ShipmentPlan } from '../../src/model/records.js';
import { EDI_FEED_FILES, writeEdiFeeds } from '../../src/generator/edi-feeds.js';
import { tempDir } from '../helpers.js';

const DEMO = 'fixtures/demo';

async function readAll(reader: Reader, path: string) {
  const result = { records: [] as (CarrierEvent | ShipmentPlan)[], problems: [] as string[] };
  const options = { file: path, time: new LocationTable().timeContext('UTC'), codes: new CodeResolver(CODE_TABLES) };
  for await (const item of reader(createReadStream(path), options)) {
    if (item.type === 'event' || item.type === 'plan') result.records.push(item.record);
    else if (item.type === 'warning') result.problems.push(formatWarning(item.warning));
    else if (item.type === 'reject') result.problems.push(item.error.message);
  }
  return result;
}

describe('demo EDI feeds', () => {
  it('are what the generator writes for the demo plans and events (regenerate with npm run generate)', async () => {
    const out = tempDir();
    await writeEdiFeeds({ plansPath: `${DEMO}/plans.csv`, eventsPath: `${DEMO}/events.csv`, outDir: out, asOf: '2026-03-20T00:00:00Z' });
    for (const name of Object.values(EDI_FEED_FILES)) {
      expect(readFileSync(join(out, name), 'utf8'), name).toBe(readFileSync(`${DEMO}/${name}`, 'utf8'));
    }
  });

  it.each([
    [EDI_FEED_FILES.x12_214, 'x12', 71, ['in_transit']],
    [EDI_FEED_FILES.x12_315, 'x12', 86, ['gate_in', 'loaded', 'discharged', 'gate_out']],
    [EDI_FEED_FILES.iftsta, 'edifact', 90, ['loaded', 'discharged']],
    [EDI_FEED_FILES.dcsa, 'dcsa', 189, ['gate_in', 'loaded', 'discharged', 'gate_out']],
  ])('%s is detected as %s and read without a warning; each of its %i events names a demo plan', async (name, format, count, statuses) => {
    const path = `${DEMO}/${name}`;
    const detected = detectEventFormat(readFileSync(path, 'utf8').slice(0, 4096));
    expect(detected).toBe(format);
    const { records, problems } = await readAll(eventReader(detected), path);
    expect(problems).toEqual([]);
    const events = records as CarrierEvent[];
    expect(events).toHaveLength(count);
    expect([...new Set(events.map((e) => e.status))].sort()).toEqual([...statuses].sort());
    const plans = (await readAll(readPlansCsv, `${DEMO}/plans.csv`)).records as ShipmentPlan[];
    const planRefs = new Set(plans.flatMap((p) => p.refs.map((r) => `${r.kind}:${r.value}`)));
    expect(events.filter((e) => !e.refs.some((r) => planRefs.has(`${r.kind}:${r.value}`)))).toEqual([]);
  });
});
