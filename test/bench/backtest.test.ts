import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { backtestRow, backtestTimes } from '../../src/bench/backtest.js';
import { benchData } from '../../src/bench/data.js';
import { tempDir } from '../helpers.js';

describe('bench: backtest row', () => {
  it('backtests the nights up to the last one on the bench store and compares it with a cold audit', async () => {
    const dir = tempDir();
    const data = await benchData(dir, 200, 7);
    const db = join(dir, 'logex.db');
    const ingest = spawnSync(
      process.execPath,
      ['bin/logex.js', 'ingest', '--plans', data.plans, '--events', data.eventsNight1, data.eventsNight2, '--db', db, '--quiet'],
      { encoding: 'utf8' },
    );
    expect(ingest.stderr).toBe('');
    const times = backtestTimes(process.cwd(), db, join(process.cwd(), 'bench/rules.yaml'), data.night2, dir, 3);
    expect(times).toMatchObject({ nights: 3, from: '2026-03-18T00:00:00.000Z', to: '2026-03-20T00:00:00.000Z' });
    expect(times.cpuSeconds).toBeGreaterThan(0);
    expect(times.shipmentsEvaluated).toBeGreaterThan(0);
  });

  it('compares by CPU time against the target of five cold audits', () => {
    const times = { nights: 30, from: '', to: '', seconds: 12, cpuSeconds: 9, peakRssBytes: 0, shipmentsEvaluated: 253_295 };
    // 9 s of CPU against a cold audit's 3: 3.00 (wall 12 against 4: 3.00), within 5.
    expect(backtestRow(times, { seconds: 4, cpuSeconds: 3 })).toEqual([
      'backtest, 30 nights (253,295 shipments re-evaluated), CPU s (wall s)',
      '9.00 (12.00)',
      'backtest/cold audit 3.00 CPU (3.00 wall)',
      '≤ 5',
      'yes',
    ]);
    // 9 against 1.5: 6.00, over the target, however the wall times compare.
    expect(backtestRow(times, { seconds: 100, cpuSeconds: 1.5 })[2]).toBe('backtest/cold audit 6.00 CPU (0.12 wall)');
    expect(backtestRow(times, { seconds: 100, cpuSeconds: 1.5 })[4]).toBe('no');
  });
});
