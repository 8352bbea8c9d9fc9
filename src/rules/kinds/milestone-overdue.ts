import type { TimelineView } from '../../model/timeline.js';
import type { Milestone } from '../../model/vocabulary.js';
import { formatDuration } from '../duration.js';
import { minutes, SINGLE_MILESTONE_OPTIONS, type Finding, type ShipmentCheckKind } from './check-kind.js';

export const milestoneOverdue: ShipmentCheckKind<{ milestone: Milestone }, 'milestone_overdue'> = {
  id: 'milestone_overdue',
  scope: 'shipment',
  meta: {
    description: 'No actual milestone yet (none implied by a later one), and the planned time is more than the tolerance in the past.',
    ...SINGLE_MILESTONE_OPTIONS,
  },
  evaluate({ view, asOf, tolerance }, { milestone }) {
    const toleranceMs = tolerance(milestone);
    if (toleranceMs === undefined) return [];
    const planned = view.planned(milestone);
    if (planned === undefined || passed(view, milestone)) return [];
    if (asOf - planned <= toleranceMs) return [];
    return [overdue(milestone, planned, toleranceMs, asOf)];
  },
  dueAfter({ view, asOf, tolerance }, { milestone }) {
    const toleranceMs = tolerance(milestone);
    const planned = view.planned(milestone);
    if (toleranceMs === undefined || planned === undefined || passed(view, milestone)) return undefined;
    // Fires once as-of − planned is over the tolerance; from then on it only grows (regrow) until a record
    // of it or of a later milestone comes: a new record puts the shipment back in scope.
    return asOf - planned > toleranceMs ? undefined : planned + toleranceMs + 1;
  },
  regrow({ planned, bandWidthMs }, asOf, { milestone }) {
    return overdue(milestone, planned, bandWidthMs, asOf);
  },
};

/** Reported, or implied by a later milestone's actual: either way not overdue. */
function passed(view: TimelineView, milestone: Milestone): boolean {
  return view.actual(milestone) !== undefined || view.impliedBy(milestone) !== undefined;
}

function overdue(milestone: Milestone, planned: number, toleranceMs: number, asOf: number): Finding {
  const late = asOf - planned;
  return {
    key: milestone,
    milestone,
    planned,
    bandWidthMs: toleranceMs,
    deviationMinutes: minutes(late),
    message: `no ${milestone} yet, ${formatDuration(late)} after plan (tolerance ${formatDuration(toleranceMs)})`,
  };
}
