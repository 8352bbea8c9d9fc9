/** The few statistics the reports use, each defined so a figure can be recomputed by hand. */

export function mean(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

/** The middle value of the sorted list; the mean of the two middle values when the count is even. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Nearest rank: the value at position ⌈p/100 · n⌉ (1-based) of the sorted list; always an observed value. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

/** Population standard deviation (divides by n, not n − 1): the spread of exactly these values. */
export function standardDeviation(values: readonly number[]): number | null {
  const average = mean(values);
  if (average === null) return null;
  return Math.sqrt(values.reduce((sum, value) => sum + (value - average) ** 2, 0) / values.length);
}

/** part / whole × 100, or null when there is nothing to divide by. */
export function percent(part: number, whole: number): number | null {
  return whole === 0 ? null : (100 * part) / whole;
}

/** Two decimals with a dot: what csv/json carry; tables show one. */
export function round2(value: number | null): number | null {
  return value === null ? null : Math.round(value * 100) / 100;
}

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

export function hours(ms: number): number {
  return ms / HOUR_MS;
}

export function countInto(counts: Map<string, number>, value: string): void {
  counts.set(value, (counts.get(value) ?? 0) + 1);
}

/** The most frequent values of a count (ties alphabetical), as "value n; value n". */
export function topCounts(counts: ReadonlyMap<string, number>, limit: number): string {
  return [...counts]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, limit)
    .map(([value, count]) => `${value} ${count}`)
    .join('; ');
}

/**
 * Items grouped by a key, in the order they come. Appending by copying the group (`[...group, item]`)
 * made grouping a million shipments into a few carriers quadratic: `report carriers` took 330 s at 1M.
 */
export function groupBy<T>(items: Iterable<T>, keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

/** A map key of several text parts (a carrier and a mode, a lane and a week), and its parts back: NUL occurs in none. */
export function joinKey(...parts: string[]): string {
  return parts.join('\u0000');
}

export function splitKey(key: string): string[] {
  return key.split('\u0000');
}
