import { isoUtc } from '../../model/time.js';
import { MILESTONES, type Milestone } from '../../model/vocabulary.js';
import { formatDuration } from '../duration.js';
import { type Finding, type ShipmentCheckKind } from './check-kind.js';

/**
 * Data quality of the carrier's feed: a planned milestone the shipment has passed — a later milestone's
 * actual implies it (docs/rules.md, "Implied milestones") — but that was never reported itself, once the
 * tolerance has passed since that later actual (a grace for a feed that sends the earlier event late).
 * Only milestones the plan plans, and of those only `milestones` when given: a domestic plan that plans
 * no customs_cleared is never missing one. Off unless a rule asks for it, as every kind.
 */
export const milestoneUnreported: ShipmentCheckKind<{ milestones?: readonly Milestone[] }, 'milestone_unreported'> = {
  id: 'milestone_unreported',
  scope: 'shipment',
  meta: {
    description: "A planned milestone implied by a later milestone's actual but never reported itself (data quality).",
    optionsSchema: {
      type: 'object',
      properties: {
        milestones: {
          type: 'array',
          items: { type: 'string', enum: [...MILESTONES] },
          minItems: 1,
          uniqueItems: true,
          description: 'Milestones to check; default: every milestone the plan plans',
        },
      },
      additionalProperties: false,
    },
    usesTolerance: true,
    compileOptions: (raw) => ({ milestones: raw.milestones as Milestone[] | undefined }),
  },
  evaluate({ view, asOf, tolerance }, { milestones }) {
    return candidates(view.plan.planned, milestones).flatMap((milestone): Finding[] => {
      const toleranceMs = tolerance(milestone);
      const implying = view.impliedBy(milestone);
      if (toleranceMs === undefined || !implying || asOf - implying.time.epochMs <= toleranceMs) return [];
      return [
        {
          key: milestone,
          milestone,
          planned: view.planned(milestone),
          deviationMinutes: 0,
          bandWidthMs: toleranceMs,
          message:
            `${milestone} never reported; implied by ${implying.status} at ${isoUtc(implying.time.epochMs)}` +
            (toleranceMs > 0 ? ` (grace ${formatDuration(toleranceMs)})` : ''),
        },
      ];
    });
  },
  dueAfter({ view, asOf, tolerance }, { milestones }) {
    // Appears once the grace after the implying actual passes; then holds unchanged until a new record.
    let due: number | undefined;
    for (const milestone of candidates(view.plan.planned, milestones)) {
      const toleranceMs = tolerance(milestone);
      const implying = view.impliedBy(milestone);
      if (toleranceMs === undefined || !implying) continue;
      const at = implying.time.epochMs + toleranceMs + 1;
      if (at > asOf && (due === undefined || at < due)) due = at;
    }
    return due;
  },
};

function candidates(planned: Partial<Record<Milestone, unknown>>, milestones: readonly Milestone[] | undefined): Milestone[] {
  return MILESTONES.filter((milestone) => planned[milestone] !== undefined && (!milestones || milestones.includes(milestone)));
}
