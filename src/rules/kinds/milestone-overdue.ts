import type { Milestone } from '../../model/vocabulary.js';
import { formatDuration } from '../duration.js';
import { minutes, SINGLE_MILESTONE_OPTIONS, type ShipmentCheckKind } from './check-kind.js';

export const milestoneOverdue: ShipmentCheckKind<{ milestone: Milestone }> = {
  id: 'milestone_overdue',
  scope: 'shipment',
  meta: {
    description: 'No actual milestone yet, and the planned time is more than the tolerance in the past.',
    ...SINGLE_MILESTONE_OPTIONS,
  },
  evaluate({ view, asOf, tolerance }, { milestone }) {
    const toleranceMs = tolerance(milestone);
    if (toleranceMs === undefined) return [];
    const planned = view.planned(milestone);
    if (planned === undefined || view.actual(milestone)) return [];
    const overdue = asOf - planned;
    if (overdue <= toleranceMs) return [];
    return [
      {
        key: milestone,
        milestone,
        planned,
        bandWidthMs: toleranceMs,
        deviationMinutes: minutes(overdue),
        message: `no ${milestone} yet, ${formatDuration(overdue)} after plan (tolerance ${formatDuration(toleranceMs)})`,
      },
    ];
  },
  dueAfter({ view, asOf, tolerance }, { milestone }) {
    const toleranceMs = tolerance(milestone);
    const planned = view.planned(milestone);
    if (toleranceMs === undefined || planned === undefined || view.actual(milestone)) return undefined;
    // Fires once as-of − planned is over the tolerance, and from then on its deviation grows every run.
    return Math.max(asOf + 1, planned + toleranceMs + 1);
  },
};
