/**
 * `npm run generate -- --shipments N --seed S --out DIR`: writes plans.csv and events.csv, the
 * carriers' EDI feeds for the same shipments (X12 214 and 315, EDIFACT IFTSTA, DCSA JSON), and the
 * documents, stock counts and carrier portal export (side-records.ts).
 */
import { parseArgs } from 'node:util';
import { writeEdiFeeds } from './edi-feeds.js';
import { generate } from './generate.js';
import { writeSideRecords } from './side-records.js';

const { values } = parseArgs({
  options: {
    shipments: { type: 'string', default: '300' },
    seed: { type: 'string', default: '42' },
    'as-of': { type: 'string', default: '2026-03-20T00:00:00Z' },
    start: { type: 'string', default: '2026-01-20T00:00:00Z' },
    'spread-days': { type: 'string', default: '60' },
    out: { type: 'string', default: 'fixtures/demo' },
  },
});

const result = await generate({
  shipments: Number(values.shipments),
  seed: Number(values.seed),
  asOf: values['as-of']!,
  start: values.start!,
  spreadDays: Number(values['spread-days']),
  outDir: values.out!,
  etaHistory: true,
});
process.stdout.write(`wrote ${result.plans} and ${result.events} (${result.events_written} events)\n`);
const feeds = await writeEdiFeeds({ plansPath: result.plans, eventsPath: result.events, outDir: values.out!, asOf: values['as-of']! });
process.stdout.write(`wrote ${feeds.join(', ')}\n`);
const sideRecords = await writeSideRecords({
  plansPath: result.plans,
  eventsPath: result.events,
  outDir: values.out!,
  asOf: values['as-of']!,
  seed: Number(values.seed),
});
process.stdout.write(`wrote ${sideRecords.join(', ')}\n`);
