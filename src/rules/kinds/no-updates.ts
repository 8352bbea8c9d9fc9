import { knownFrom } from '../../model/timeline.js';
import { formatDuration } from '../duration.js';
import { durationMs, durationOption, minutes, type ShipmentCheckKind } from './check-kind.js';

/**
 * In transit and silent: the shipment has started (any actual event) but is not delivered (nor
 * arrived, when delivery is not planned), and nothing was heard for longer than `max`. Estimates
 * count as hearing from the carrier, at the time they were received (model/timeline.ts knownFrom).
 */
export const noUpdates: ShipmentCheckKind<{ maxMs: number }, 'no_updates'> = {
  id: 'no_updates',
  scope: 'shipment',
  meta: {
    description: 'Started, not finished, and no event for longer than `max`.',
    optionsSchema: { type: 'object', properties: { max: durationOption }, required: ['max'], additionalProperties: false },
    usesTolerance: false,
    compileOptions: (raw) => ({ maxMs: durationMs(raw.max) }),
  },
  evaluate({ view, asOf }, { maxMs }) {
    if (view.actuals.length === 0) return [];
    const final = view.planned('delivered') !== undefined || view.actual('delivered') ? 'delivered' : 'arrived';
    // Finished when the final milestone is reported or implied by a later one (customs_cleared after arrival).
    if (view.actual(final) || view.impliedBy(final)) return [];
    const heard = [...view.actuals.map((e) => e.time.epochMs), ...view.estimates.map(knownFrom).filter(Number.isFinite)];
    const last = Math.max(...heard);
    const silence = asOf - last;
    if (silence <= maxMs) return [];
    return [
      {
        key: 'silence',
        actual: last,
        deviationMinutes: minutes(silence - maxMs),
        bandWidthMs: maxMs,
        message: `no update for ${formatDuration(silence)} (max ${formatDuration(maxMs)}); last heard ${view.actuals.at(-1)!.status}`,
      },
    ];
  },
};
