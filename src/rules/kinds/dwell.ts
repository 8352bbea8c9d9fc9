import type { Status } from '../../model/vocabulary.js';
import { formatDuration } from '../duration.js';
import { durationMs, durationOption, minutes, statusOption, type ShipmentCheckKind } from './check-kind.js';

/**
 * A `from` status (e.g. customs_hold) not followed by `to` (customs_cleared) within `max`.
 * The latest `from` is the episode that matters: an earlier hold that was cleared is history.
 */
export const dwell: ShipmentCheckKind<{ from: Status; to: Status; maxMs: number }, 'dwell'> = {
  id: 'dwell',
  scope: 'shipment',
  meta: {
    description: 'A status (e.g. customs_hold) not followed by another (customs_cleared) within `max`.',
    optionsSchema: {
      type: 'object',
      properties: { from: statusOption, to: statusOption, max: durationOption },
      required: ['from', 'to', 'max'],
      additionalProperties: false,
    },
    usesTolerance: false,
    compileOptions: (raw) => ({ from: raw.from as Status, to: raw.to as Status, maxMs: durationMs(raw.max) }),
  },
  evaluate({ view, asOf }, { from, to, maxMs }) {
    const start = view.actuals.filter((e) => e.status === from).at(-1);
    if (!start) return [];
    const end = view.actuals.find((e) => e.status === to && e.time.epochMs >= start.time.epochMs);
    // A `to` milestone implied by a later one reported since `from` ended the episode at a time nobody
    // reported (customs_hold, then delivered without customs_cleared): not measurable, not open.
    if (!end && view.impliedBy(to, start.time.epochMs)) return [];
    const dwelled = (end ? end.time.epochMs : asOf) - start.time.epochMs;
    if (dwelled <= maxMs) return [];
    return [
      {
        key: `${from}>${to}`,
        milestone: to,
        planned: start.time.epochMs + maxMs,
        actual: end?.time.epochMs,
        deviationMinutes: minutes(dwelled - maxMs),
        bandWidthMs: maxMs,
        message: end
          ? `${from} lasted ${formatDuration(dwelled)} before ${to} (max ${formatDuration(maxMs)})`
          : `${from} for ${formatDuration(dwelled)} and no ${to} yet (max ${formatDuration(maxMs)})${start.location ? ` at ${start.location}` : ''}`,
      },
    ];
  },
};
