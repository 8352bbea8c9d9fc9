/**
 * A shipment as the engine sees it at one as-of instant: its plan and what was known by then.
 * DESIGN.md: an event is known only if it was received by as-of — actuals and estimates alike. Known
 * actuals count only if event_time ≤ as-of; later-dated known actuals are kept aside for data-quality
 * checks. Its receipt time is `reported_at`; without one, see knownFrom.
 */
import type { ShipmentPlan, ShipmentTimeline, TimelineEvent } from './records.js';
import { MILESTONES, type Milestone, type Status } from './vocabulary.js';
import { impliedBy, withAlsoRecorded } from './implied.js';

export class TimelineView {
  /**
   * Actual events known at as-of (received by then) and dated by then, earliest first, with the
   * milestones their codes also record (implied.ts).
   */
  readonly actuals: TimelineEvent[];
  /** Actual events known at as-of but dated after it: not milestones, a data-quality finding. */
  readonly futureActuals: TimelineEvent[];
  /** Estimates known at as-of. */
  readonly estimates: TimelineEvent[];

  constructor(
    readonly timeline: ShipmentTimeline,
    readonly asOf: number,
  ) {
    const byTime = [...timeline.events].sort((a, b) => a.time.epochMs - b.time.epochMs || a.id - b.id);
    const known = byTime.filter((e) => e.classifier === 'actual' && e.time.epochMs <= asOf && isKnownBy(e, asOf));
    // Implied milestones: codes that record two milestones on the plan's mode (implied.ts).
    this.actuals = withAlsoRecorded(known, timeline.plan.mode);
    this.futureActuals = byTime.filter((e) => e.classifier === 'actual' && e.time.epochMs > asOf && isKnownBy(e, asOf));
    this.estimates = timeline.events.filter((e) => e.classifier === 'estimated' && isKnownBy(e, asOf));
  }

  get plan(): ShipmentPlan {
    return this.timeline.plan;
  }

  planned(milestone: Milestone): number | undefined {
    return this.timeline.plan.planned[milestone]?.epochMs;
  }

  /** The first actual of a status: a re-sent or corrected later "departed" does not move the departure. */
  actual(status: Status): TimelineEvent | undefined {
    return this.actuals.find((e) => e.status === status);
  }

  /**
   * When `status` is a milestone with no actual of its own (dated at or after `notBefore`, when given):
   * the earliest actual of a later milestone (also at or after `notBefore`), which implies it happened
   * at or before that (implied.ts).
   */
  impliedBy(status: Status, notBefore = -Infinity): TimelineEvent | undefined {
    if (this.actuals.some((e) => e.status === status && e.time.epochMs >= notBefore)) return undefined;
    return impliedBy(this.actuals, status, notBefore);
  }

  /** The latest estimate: greatest reported_at, else the last one received. */
  latestEstimate(status: Status): TimelineEvent | undefined {
    let latest: TimelineEvent | undefined;
    for (const event of this.estimates) {
      if (event.status !== status) continue;
      if (!latest || compareReported(event, latest) > 0) latest = event;
    }
    return latest;
  }

  lastEventTime(): number | undefined {
    return this.actuals.at(-1)?.time.epochMs;
  }

  /**
   * When the next stored record becomes known by the as-of rule above: the earliest future-dated known
   * actual, event (actual or estimate) received later, or later version of the plan. From then on this
   * view, and every finding built on it, may differ.
   */
  nextKnownAt(): number | undefined {
    let next = this.timeline.nextPlanMs;
    const firstFuture = this.futureActuals[0]?.time.epochMs;
    if (firstFuture !== undefined && (next === undefined || firstFuture < next)) next = firstFuture;
    for (const event of this.timeline.events) {
      const known = knownFrom(event);
      if (known > this.asOf && (next === undefined || known < next)) next = known;
    }
    return next;
  }
}

/**
 * From when an event is known. Its receipt time (`reported_at`) when it has one. Without one, the as-of
 * of the run that first stored it — and for an actual no later than it happened: history loaded
 * today counts on the nights it covers (a backtest, a past --as-of), yet an actual dated after a past
 * night is not taken for a future-dated one that night knew of. Never stored (a rule test): always.
 */
export function knownFrom(event: Pick<TimelineEvent, 'reportedAt' | 'storedAsOfMs' | 'classifier' | 'time'>): number {
  if (event.reportedAt) return event.reportedAt.epochMs;
  if (event.storedAsOfMs === undefined) return -Infinity;
  return event.classifier === 'actual' ? Math.min(event.storedAsOfMs, event.time.epochMs) : event.storedAsOfMs;
}

/** Known at as-of (knownFrom): an actual known but dated after as-of is not yet a milestone. */
export function isKnownBy(event: Pick<TimelineEvent, 'reportedAt' | 'storedAsOfMs' | 'classifier' | 'time'>, asOf: number): boolean {
  return knownFrom(event) <= asOf;
}

function compareReported(a: TimelineEvent, b: TimelineEvent): number {
  const aReported = a.reportedAt?.epochMs;
  const bReported = b.reportedAt?.epochMs;
  if (aReported !== undefined && bReported !== undefined && aReported !== bReported) return aReported - bReported;
  if (aReported !== undefined && bReported === undefined) return 1;
  if (aReported === undefined && bReported !== undefined) return -1;
  return a.id - b.id;
}

/**
 * Milestone actuals that contradict the canonical order: each later milestone dated before an earlier
 * one, with the earlier ones it contradicts, by later milestone then earlier, in the order. The
 * `sequence` check reports the first of each later milestone; reports leave both sides out.
 */
export function outOfOrder(actual: Partial<Record<Milestone, number>>): { earlier: Milestone; later: Milestone }[] {
  return MILESTONES.flatMap((later, rank) =>
    MILESTONES.slice(0, rank)
      .filter((earlier) => actual[earlier] !== undefined && actual[later] !== undefined && actual[earlier]! > actual[later]!)
      .map((earlier) => ({ earlier, later })),
  );
}
