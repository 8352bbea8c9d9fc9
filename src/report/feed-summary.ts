/**
 * The feed summary of an audit: what each events file brought, before the exceptions it led to. A
 * one-off check of a carrier file is a question about the file: how much of it matched the plans,
 * and by what, what did not, what logex had to guess.
 */
import type { InputWarning } from '../io/errors.js';
import { isoUtc } from '../model/time.js';
import type { FeedFileFigures } from '../store/feed-reads.js';

/** A file's figures with what only the run saw: the events already stored, the reader's warnings (how many, and those said more than once). */
export interface FeedSummary extends FeedFileFigures {
  duplicates: number;
  warnings: number;
  repeatedWarnings: { message: string; times: number }[];
}

/** What a run read: its files (events files summarised) and the warnings said about them. */
export interface RunReading {
  files: readonly { role: string; file: string; eventsDuplicate: number }[];
  warnings: readonly InputWarning[];
}

/** The events files a run read, once each, in the order read. */
export function eventsFilesOf(reading: RunReading): string[] {
  return [...new Set(reading.files.filter((file) => file.role === 'events').map((file) => file.file))];
}

/**
 * Each events file of the run with what it stored, the events of it already stored (a file sent
 * again is all duplicates and stores nothing, but is still summarised) and its warnings (an invalid
 * time code on every event is one line, counted).
 */
export function feedSummaries(stored: readonly FeedFileFigures[], reading: RunReading): FeedSummary[] {
  const eventsFiles = [...new Map(reading.files.filter((file) => file.role === 'events').map((file) => [file.file, file])).values()];
  return eventsFiles.map(({ file, eventsDuplicate }) => {
    const figures = stored.find((row) => row.file === file) ?? nothingStored(file);
    const times = new Map<string, number>();
    for (const { position, message } of reading.warnings) if (position.file === file) times.set(message, (times.get(message) ?? 0) + 1);
    const repeatedWarnings = [...times]
      .filter(([, count]) => count > 1)
      .map(([message, count]) => ({ message, times: count }))
      .sort((a, b) => b.times - a.times || a.message.localeCompare(b.message));
    return { ...figures, duplicates: eventsDuplicate, warnings: [...times.values()].reduce((sum, count) => sum + count, 0), repeatedWarnings };
  });
}

function nothingStored(file: string): FeedFileFigures {
  return {
    file,
    events: 0,
    actuals: 0,
    estimates: 0,
    planned: 0,
    matchedBy: {},
    unmatched: 0,
    unmatchedRefs: [],
    unknownCodes: [],
    guessedZones: [],
    reportedBeforeHappened: 0,
    datedAfterAsOf: 0,
  };
}

const SHOWN_REPEATS = 5;

export function feedSummaryText(files: readonly FeedSummary[]): string {
  return files.map(fileText).join('');
}

/** The figures as `run.feeds` of the audit's JSON: times as ISO 8601 UTC. */
export function feedSummaryJson(files: readonly FeedSummary[]) {
  return files.map(({ firstEventMs, lastEventMs, ...rest }) => ({
    ...rest,
    first_event: firstEventMs === undefined ? null : isoUtc(firstEventMs),
    last_event: lastEventMs === undefined ? null : isoUtc(lastEventMs),
  }));
}

function fileText(figures: FeedSummary): string {
  const matched = figures.events - figures.unmatched;
  const by = Object.entries(figures.matchedBy)
    .map(([how, events]) => `${events} by ${how}`)
    .join(', ');
  const range = figures.firstEventMs === undefined ? '' : `, dated ${isoUtc(figures.firstEventMs)} to ${isoUtc(figures.lastEventMs!)}`;
  const lines = [
    `feed ${figures.file}: ${figures.events} event(s) stored (${figures.actuals} actual, ${figures.estimates} estimated` +
      `${figures.planned > 0 ? `, ${figures.planned} planned: appointments` : ''})${range}` +
      (figures.duplicates > 0 ? `; ${figures.duplicates} already stored (re-sent)` : ''),
    `  matched to plans: ${matched}${by ? ` (${by})` : ''}; unmatched: ${figures.unmatched}`,
  ];
  for (const { refs, events } of figures.unmatchedRefs) lines.push(`    unmatched: ${refs} (${events})`);
  const listed = figures.unmatchedRefs.reduce((sum, row) => sum + row.events, 0);
  if (figures.unmatched > listed) lines.push(`    … and ${figures.unmatched - listed} more`);
  if (figures.unknownCodes.length > 0) {
    lines.push(`  unknown status codes, kept as carrier_exception: ${figures.unknownCodes.map(({ code, events }) => `${code} (${events})`).join(', ')}`);
  }
  if (figures.guessedZones.length > 0) {
    lines.push(`  local times read in --tz, their place's zone unknown: ${figures.guessedZones.map(({ place, events }) => `${place} (${events})`).join(', ')}`);
  }
  if (figures.reportedBeforeHappened > 0) {
    // An X12 GS time has no zone: one written in the sender's local time and read in --tz looks early.
    lines.push(
      `  actuals sent before they happened: ${figures.reportedBeforeHappened} ` +
        "(the sender's clock is off, or its send times are local times read in --tz: sender_zones in --mapping names their zone)",
    );
  }
  if (figures.datedAfterAsOf > 0) lines.push(`  actuals dated after the as-of time: ${figures.datedAfterAsOf}`);
  if (figures.warnings > 0) lines.push(`  warnings: ${figures.warnings}${figures.repeatedWarnings.length > 0 ? ', repeated:' : ''}`);
  for (const { message, times } of figures.repeatedWarnings.slice(0, SHOWN_REPEATS)) lines.push(`    ${message} (${times})`);
  if (figures.repeatedWarnings.length > SHOWN_REPEATS) lines.push(`    … and ${figures.repeatedWarnings.length - SHOWN_REPEATS} more`);
  return `${lines.join('\n')}\n`;
}
