import { describe, expect, it } from 'vitest';
import { countInto, mean, median, percentile, standardDeviation, topCounts } from '../../src/report/stats.js';

describe('report statistics', () => {
  it('p90 is the nearest rank: the value at position ⌈0.9 n⌉ of the sorted list', () => {
    expect(percentile([5, 1, 3], 90)).toBe(5); // ⌈2.7⌉ = 3rd
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)).toBe(9); // ⌈9⌉ = 9th
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 90)).toBe(10); // ⌈9.9⌉ = 10th
    expect(percentile([7], 90)).toBe(7);
    expect(percentile([], 90)).toBeNull();
  });

  it('median averages the two middle values of an even count', () => {
    expect(median([4, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 10])).toBe(3.5);
    expect(median([])).toBeNull();
  });

  it('standard deviation divides by n', () => {
    expect(standardDeviation([2, 4, 4, 4, 5, 5, 7, 9])).toBe(2);
    expect(mean([1, 2])).toBe(1.5);
  });

  it('top counts: most frequent first, ties alphabetical', () => {
    const counts = new Map<string, number>();
    for (const value of ['b', 'a', 'c', 'b', 'c', 'd']) countInto(counts, value);
    expect(topCounts(counts, 3)).toBe('b 2; c 2; a 1');
  });
});
