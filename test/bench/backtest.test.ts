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
    const row = backtestRow(times, { seconds: 2, cpuSeconds: 2 });
    expect(row[0]).toMatch(/^backtest, 3 nights \([\d,]+ shipments re-evaluated\), CPU s \(wall s\)$/);
    expect(row[1]).toMatch(/^\d+\.\d\d \(\d+\.\d\d\)$/);
    expect(row[2]).toMatch(/^backtest\/cold audit \d+\.\d\d CPU \(\d+\.\d\d wall\)$/);
    expect(row[3]).toBe('≤ 5');
    expect(['yes', 'no']).toContain(row[4]);
  });
});
