import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SIDE_RECORD_FILES, writeSideRecords } from '../../src/generator/side-records.js';
import { tempDir } from '../helpers.js';
import { logexInProcess } from '../cli/run-cli.js';

const DEMO = 'fixtures/demo';

describe('demo documents, stock counts and carrier portal export', () => {
  it('are what the generator writes for the demo (regenerate with npm run generate)', async () => {
    const out = tempDir();
    await writeSideRecords({ plansPath: `${DEMO}/plans.csv`, eventsPath: `${DEMO}/events.csv`, outDir: out, asOf: '2026-03-20T00:00:00Z', seed: 42 });
    for (const name of Object.values(SIDE_RECORD_FILES)) {
      expect(readFileSync(join(out, name), 'utf8'), name).toBe(readFileSync(`${DEMO}/${name}`, 'utf8'));
    }
  });

  it('give every check kind of the starter rules something to find in the demo audit', async () => {
    const db = join(tempDir(), 'demo.db');
    const args = JSON.parse(readFileSync('package.json', 'utf8')).scripts.start.split(' && ')[0].split(' ').slice(2);
    const audit = await logexInProcess([
      ...args.filter((arg: string) => arg !== '--fail-on' && arg !== 'none'),
      '--db',
      db,
      '--format',
      'json',
      '--fail-on',
      'none',
    ]);
    expect(audit.code).toBe(0);
    const kinds = new Set((JSON.parse(audit.stdout).exceptions as { kind: string }[]).map((e) => e.kind));
    expect([...kinds].sort()).toEqual([
      'carrier_exception',
      'documents_missing',
      'dwell',
      'inventory_below_min',
      'inventory_discrepancy',
      'milestone_late',
      'milestone_overdue',
      'no_updates',
      'predicted_late',
      'route_deviation',
      'sequence',
      'transit_time',
      'unmatched_event',
    ]);
  });
});
