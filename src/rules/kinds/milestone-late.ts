import type { Milestone } from '../../model/vocabulary.js';
import { formatDuration } from '../duration.js';
import { minutes, SINGLE_MILESTONE_OPTIONS, type ShipmentCheckKind } from './check-kind.js';

export const milestoneLate: ShipmentCheckKind<{ milestone: Milestone }, 'milestone_late'> = {
  id: 'milestone_late',
  scope: 'shipment',
  meta: {
    description: 'The actual milestone came more than the tolerance after the planned time.',
    ...SINGLE_MILESTONE_OPTIONS,
  },
  evaluate({ view, tolerance }, { milestone }) {
    const toleranceMs = tolerance(milestone);
    if (toleranceMs === undefined) return [];
    const planned = view.planned(milestone);
    const actual = view.actual(milestone);
    if (planned === undefined || !actual) return [];
    const deviation = actual.time.epochMs - planned;
    if (deviation <= toleranceMs) return [];
    return [
      {
        key: milestone,
        milestone,
        planned,
        actual: actual.time.epochMs,
        bandWidthMs: toleranceMs,
        deviationMinutes: minutes(deviation),
        message: `${milestone} ${formatDuration(deviation)} late (tolerance ${formatDuration(toleranceMs)})`,
      },
    ];
  },
  // Planned and actual times only: nothing changes until the records do.
  dueAfter: () => undefined,
};
