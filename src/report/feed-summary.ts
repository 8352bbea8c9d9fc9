/**
 * The feed summary of an audit: what each events file brought, before the exceptions it led to. A
 * one-off check of a carrier file is a question about the file: how much of it matched the plans,
 * and by what, what did not, what logex had to guess.
 */
import { isoUtc } from '../model/time.js';
import type { FeedFileFigures } from '../store/feed-reads.js';

export function feedSummaryText(files: readonly FeedFileFigures[]): string {
  return files.map(fileText).join('');
}

/** The figures as `run.feeds` of the audit's JSON: times as ISO 8601 UTC. */
export function feedSummaryJson(files: readonly FeedFileFigures[]) {
  return files.map(({ firstEventMs, lastEventMs, ...rest }) => ({
    ...rest,
    first_event: firstEventMs === undefined ? null : isoUtc(firstEventMs),
    last_event: lastEventMs === undefined ? null : isoUtc(lastEventMs),
  }));
}

function fileText(figures: FeedFileFigures): string {
  const matched = figures.events - figures.unmatched;
  const by = Object.entries(figures.matchedBy)
    .map(([how, events]) => `${events} by ${how}`)
    .join(', ');
  const range = figures.firstEventMs === undefined ? '' : `, dated ${isoUtc(figures.firstEventMs)} to ${isoUtc(figures.lastEventMs!)}`;
  const lines = [
    `feed ${figures.file}: ${figures.events} event(s) stored (${figures.actuals} actual, ${figures.estimates} estimated)${range}`,
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
  if (figures.reportedBeforeHappened > 0) lines.push(`  actuals sent before they happened (sender's clock): ${figures.reportedBeforeHappened}`);
  if (figures.datedAfterAsOf > 0) lines.push(`  actuals dated after the as-of time: ${figures.datedAfterAsOf}`);
  return `${lines.join('\n')}\n`;
}
