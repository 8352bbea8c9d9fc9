/** Durations as analysts write them in rule files: `90m`, `6h`, `2d`, `1w`, or combined `1d12h`. */
const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
// At most five digits per part: 99999w is already beyond any plan; longer is a typo that would make a
// rule silently never fire.
const WHOLE = /^(\d{1,5}(\.\d+)?[mhdw])+$/;
const PART = /(\d+(?:\.\d+)?)([mhdw])/g;

export const DURATION_PATTERN = '^([0-9]{1,5}(\\.[0-9]+)?[mhdw])+$';

/** Shaped like a duration but with a part too long to mean anything (see WHOLE). */
export function isOverlongDuration(text: string): boolean {
  return /^(\d+(\.\d+)?[mhdw])+$/.test(text.trim().toLowerCase()) && !WHOLE.test(text.trim().toLowerCase());
}

export function parseDuration(text: string): number | undefined {
  const compact = text.trim().toLowerCase();
  if (!WHOLE.test(compact)) return undefined;
  let total = 0;
  for (const [, amount, unit] of compact.matchAll(PART)) total += Number(amount) * UNIT_MS[unit!]!;
  return total;
}

export function formatDuration(ms: number): string {
  const minutes = Math.round(Math.abs(ms) / 60_000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  const parts = [days ? `${days}d` : '', hours ? `${hours}h` : '', rest ? `${rest}m` : ''].filter(Boolean);
  return (ms < 0 ? '-' : '') + (parts.join('') || '0m');
}

/** How late, in a table's "late by" column: blank when the finding is not about time (an unmatched event, a stock count), not "0m". */
export function formatLateness(deviationMinutes: number): string {
  return deviationMinutes > 0 ? formatDuration(deviationMinutes * 60_000) : '';
}
