import { outOfOrder } from '../../model/timeline.js';
import { MILESTONES, type Milestone } from '../../model/vocabulary.js';
import { formatDuration } from '../duration.js';
import { minutes, type ShipmentCheckKind } from './check-kind.js';

/**
 * Data quality of the carrier's feed: actual milestones out of their natural order (arrived before
 * departed), or an actual dated after the as-of time by more than the tolerance (clock skew allowance).
 */
export const sequence: ShipmentCheckKind<Record<string, never>, 'sequence'> = {
  id: 'sequence',
  scope: 'shipment',
  meta: {
    description: 'Milestones out of order, or an actual in the future of as-of (beyond the tolerance).',
    optionsSchema: { type: 'object', properties: {}, additionalProperties: false },
    usesTolerance: true,
    compileOptions: () => ({}),
  },
  evaluate({ view, asOf, tolerance }) {
    // The rule's tolerance is the clock-skew allowance; it is the same for every milestone (the
    // argument only matters with `tolerance: sla`, which this check has no use for).
    const allowance = tolerance('departed') ?? 0;
    // One finding per status (its case key): the latest-dated, as a case holds one finding per key.
    const latestPerStatus = new Map(view.futureActuals.map((event) => [event.status, event]));
    const findings = [...latestPerStatus.values()]
      .filter((event) => event.time.epochMs - asOf > allowance)
      .map((event) => ({
        key: `future:${event.status}`,
        milestone: event.status,
        actual: event.time.epochMs,
        deviationMinutes: minutes(event.time.epochMs - asOf),
        message: `actual ${event.status} dated ${formatDuration(event.time.epochMs - asOf)} after the as-of time`,
      }));
    const actual = Object.fromEntries(
      MILESTONES.flatMap((milestone) => {
        const event = view.actual(milestone);
        return event ? [[milestone, event.time.epochMs]] : [];
      }),
    ) as Partial<Record<Milestone, number>>;
    const reported = new Set<Milestone>();
    for (const { earlier, later } of outOfOrder(actual)) {
      // One finding per later milestone: the first earlier one it contradicts.
      if (reported.has(later)) continue;
      reported.add(later);
      const gap = actual[earlier]! - actual[later]!;
      findings.push({
        key: `order:${earlier}>${later}`,
        milestone: later,
        actual: actual[later]!,
        deviationMinutes: minutes(gap),
        message: `${later} reported ${formatDuration(gap)} before ${earlier}`,
      });
    }
    return findings;
  },
  // A future-dated actual's distance from the as-of shrinks every run until it becomes an actual.
  dueAfter: ({ view, asOf }) => (view.futureActuals.length > 0 ? asOf + 1 : undefined),
};
