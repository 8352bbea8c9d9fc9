/** Option parsing shared by commands: times, zones, choices, each failing with a one-line UsageError. */
import { userInfo } from 'node:os';
import { isValidZone, parseTypedInstant } from '../model/time.js';
import { CSV_DELIMITERS, type CsvDelimiter } from '../io/csv/write.js';
import { UsageError } from './exit-codes.js';

export function defaultDbPath(env: NodeJS.ProcessEnv): string {
  return env.LOGEX_DB || './logex.db';
}

/** `$LOGEX_RULES` (one file or folder) stands in for `--rules`, like `$LOGEX_DB` for `--db`. */
export function defaultRulePaths(env: NodeJS.ProcessEnv): string[] | undefined {
  return env.LOGEX_RULES ? [env.LOGEX_RULES] : undefined;
}

/** `--as-of`: an ISO date-time (offset optional, else --tz) or a bare date meaning its midnight; default now. */
export function parseAsOf(text: string | undefined, zone: string, now: Date): number {
  return text === undefined ? now.getTime() : parseInstantFlag('--as-of', text, zone);
}

/**
 * An instant typed for a flag: an ISO date-time (in `zone` without an offset) or a bare date (its
 * midnight; with `endOfDay`, the midnight after, so a period's end includes that day).
 */
export function parseInstantFlag(flag: string, text: string, zone: string, { endOfDay = false } = {}): number {
  const parsed = parseTypedInstant(text, zone);
  if (!parsed.ok) throw new UsageError(`${flag}: ${parsed.error}`);
  return parsed.bareDate && endOfDay ? parseInstantFlag(flag, nextDay(text.trim()), zone) : parsed.epochMs;
}

/** The ISO date after `date` (YYYY-MM-DD). */
function nextDay(date: string): string {
  return new Date(Date.parse(`${date}T00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

export function checkZone(zone: string): string {
  if (!isValidZone(zone)) throw new UsageError(`--tz: "${zone}" is not an IANA time zone (e.g. UTC, Europe/Berlin, America/New_York)`);
  return zone;
}

/**
 * A number a user typed for a flag: digits with an optional fraction, nothing else. Number() would take
 * "" and " " as 0, "0x10" as 16 and "1e3" as 1000.
 */
export function flagNumber(flag: string, text: string, what: { whole?: boolean; unit?: string } = {}): number {
  const pattern = what.whole ? /^\d+$/ : /^\d+(\.\d+)?$/;
  if (!pattern.test(text.trim())) {
    throw new UsageError(`${flag}: "${text}" is not ${what.whole ? 'a whole number' : 'a number'}${what.unit ? ` of ${what.unit}` : ''} ≥ 0`);
  }
  return Number(text);
}

export function choice<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`${flag}: "${value}" is not one of ${allowed.join(', ')}`);
}

export function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

/** `--delimiter`: `,`, `;` or a tab (written `tab` or `\t`). */
export function csvDelimiter(text: string | undefined): CsvDelimiter | undefined {
  if (text === undefined) return undefined;
  const delimiter = text === 'tab' || text === '\\t' ? '\t' : text;
  if ((CSV_DELIMITERS as readonly string[]).includes(delimiter)) return delimiter as CsvDelimiter;
  throw new UsageError(`--delimiter: "${text}" is not one of , ; tab`);
}
