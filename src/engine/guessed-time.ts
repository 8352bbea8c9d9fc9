/**
 * A finding whose actual time was read in the default zone (`--tz`, because the event's place has no
 * known zone) says so in its message: the deviation may be hours off, and whoever works the case
 * should know before chasing the carrier (docs/locations.md).
 */
import type { Finding } from '../rules/kinds/check-kind.js';
import type { TimelineEvent } from '../model/records.js';

export function noteGuessedTime(finding: Finding, events: readonly TimelineEvent[]): Finding {
  if (finding.actual === undefined) return finding;
  const guessed = events.find((event) => event.time.epochMs === finding.actual && event.time.zoneSource === 'default');
  if (!guessed) return finding;
  const place = guessed.location ? `the zone of ${guessed.location} is unknown` : "the location's zone is unknown";
  return { ...finding, message: `${finding.message}; time read in ${guessed.time.zone} (--tz): ${place}` };
}
