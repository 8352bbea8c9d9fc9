import { describe, expect, it } from 'vitest';
import { startupRows, startupTimes } from '../../src/bench/startup.js';
import { tempDir } from '../helpers.js';

describe('bench: start-up rows', () => {
  it('times `logex --version` and `logex cases list` on a small store, one row each against the target', () => {
    const times = startupTimes(process.cwd(), tempDir(), 2);
    expect(times.version.runsSeconds).toHaveLength(2);
    expect(times.casesList.runsSeconds).toHaveLength(2);
    const rows = startupRows(times);
    expect(rows.map((row) => row[0])).toEqual([
      'start-up: logex --version (median of 2, range)',
      'start-up: logex cases list, small store (median of 2, range)',
    ]);
    for (const row of rows) {
      expect(row[1]).toMatch(/^\d+\.\d\d \(\d+\.\d\d–\d+\.\d\d\)$/);
      expect(row[3]).toBe('≤ 0.15');
      expect(['yes', 'no']).toContain(row[4]);
    }
  });
});
