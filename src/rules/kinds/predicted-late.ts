import type { Milestone } from '../../model/vocabulary.js';
import { formatDuration } from '../duration.js';
import { minutes, SINGLE_MILESTONE_OPTIONS, type ShipmentCheckKind } from './check-kind.js';

export const predictedLate: ShipmentCheckKind<{ milestone: Milestone }, 'predicted_late'> = {
  id: 'predicted_late',
  scope: 'shipment',
  meta: {
    description: 'No actual milestone yet (none implied by a later one), and the latest estimate is more than the tolerance after plan.',
    ...SINGLE_MILESTONE_OPTIONS,
  },
  evaluate({ view, tolerance }, { milestone }) {
    const toleranceMs = tolerance(milestone);
    if (toleranceMs === undefined) return [];
    const planned = view.planned(milestone);
    // A milestone implied passed by a later actual is not predicted any more, whatever an old estimate says.
    if (planned === undefined || view.actual(milestone) || view.impliedBy(milestone)) return [];
    const estimate = view.latestEstimate(milestone);
    if (!estimate) return [];
    const predicted = estimate.time.epochMs - planned;
    if (predicted <= toleranceMs) return [];
    return [
      {
        key: milestone,
        milestone,
        planned,
        actual: estimate.time.epochMs,
        bandWidthMs: toleranceMs,
        deviationMinutes: minutes(predicted),
        message: `${milestone} estimated ${formatDuration(predicted)} late (tolerance ${formatDuration(toleranceMs)})`,
      },
    ];
  },
  // Plan, actual and estimates only: a later-reported estimate is a change of the view, not of the check.
  dueAfter: () => undefined,
};
