/**
 * Milestones known without a report of their own (DESIGN.md, "Milestones"; docs/rules.md, "Implied
 * milestones"):
 * - recorded alongside: a code whose standard meaning covers two milestones records both, at its time,
 *   on the modes its code table says (X12 214 AF on road: pickup and departed);
 * - implied: an actual at a milestone implies that every earlier milestone of the canonical order
 *   happened at or before it. An implied milestone has no time of its own: only the bound.
 */
import { alsoRecordedMilestones } from './codes/index.js';
import type { TimelineEvent } from './records.js';
import { isMilestone, milestoneRank, type Mode, type Status } from './vocabulary.js';

/**
 * The actuals (earliest first) with, right after each event whose code also records other milestones
 * on `mode`, one event per such milestone: the same event under that status (same time, place, code).
 */
export function withAlsoRecorded(actuals: TimelineEvent[], mode: Mode): TimelineEvent[] {
  let result: TimelineEvent[] | undefined;
  for (const [index, event] of actuals.entries()) {
    const also = alsoRecordedMilestones(event, mode);
    if (also.length > 0) result ??= actuals.slice(0, index);
    result?.push(event);
    for (const milestone of also) {
      if (milestone !== event.status) result!.push({ ...event, status: milestone });
    }
  }
  // Most shipments have no such code: their actuals are returned as they are, not copied.
  return result ?? actuals;
}

/**
 * The actual that implies `status` happened: the earliest actual of a later milestone dated at or after
 * `notBefore` (the tightest bound: the milestone happened at or before it). Undefined for a status that
 * is no milestone, and when no later milestone was reported. Callers check the milestone's own actual.
 */
export function impliedBy(actuals: readonly TimelineEvent[], status: Status, notBefore = -Infinity): TimelineEvent | undefined {
  if (!isMilestone(status)) return undefined;
  const rank = milestoneRank(status);
  return actuals.find((e) => e.time.epochMs >= notBefore && isMilestone(e.status) && milestoneRank(e.status) > rank);
}
