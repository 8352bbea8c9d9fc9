import type { Status } from '../../model/vocabulary.js';
import { formatDuration } from '../duration.js';
import { maxTransitFor } from '../sections/slas.js';
import { durationMs, durationOrSlaOption, minutes, statusOption, type Finding, type ShipmentCheckKind } from './check-kind.js';

export const transitTime: ShipmentCheckKind<{ from: Status; to: Status; maxMs: number | 'sla' }, 'transit_time'> = {
  id: 'transit_time',
  scope: 'shipment',
  meta: {
    description: "Actual time from one milestone to another over `max` (or the SLA's max transit); still open and already over counts too.",
    optionsSchema: {
      type: 'object',
      properties: { from: statusOption, to: statusOption, max: durationOrSlaOption },
      required: ['from', 'to', 'max'],
      additionalProperties: false,
    },
    usesTolerance: false,
    compileOptions: (raw) => ({ from: raw.from as Status, to: raw.to as Status, maxMs: raw.max === 'sla' ? 'sla' : durationMs(raw.max) }),
  },
  evaluate({ view, asOf, sla }, options) {
    const { from, to } = options;
    const maxMs = options.maxMs === 'sla' ? sla && maxTransitFor(sla, view.plan) : options.maxMs;
    if (maxMs === undefined) return [];
    const start = view.actual(from);
    if (!start) return [];
    const end = view.actual(to);
    // A `to` implied by a later milestone reported since `from` closed the transit at a time nobody
    // reported: it cannot be measured, and is not open either.
    if (!end && view.impliedBy(to, start.time.epochMs)) return [];
    if (!end) return asOf - start.time.epochMs > maxMs ? [openTransit(options, start.time.epochMs, maxMs, asOf)] : [];
    const elapsed = end.time.epochMs - start.time.epochMs;
    if (elapsed <= maxMs) return [];
    return [
      {
        key: `${from}>${to}`,
        milestone: to,
        planned: start.time.epochMs + maxMs,
        actual: end.time.epochMs,
        deviationMinutes: minutes(elapsed - maxMs),
        bandWidthMs: maxMs,
        message: `${from} to ${to} took ${formatDuration(elapsed)} (max ${formatDuration(maxMs)})`,
      },
    ];
  },
  dueAfter({ view, asOf, sla }, options) {
    const maxMs = options.maxMs === 'sla' ? sla && maxTransitFor(sla, view.plan) : options.maxMs;
    const start = view.actual(options.from);
    if (maxMs === undefined || !start || view.actual(options.to) || view.impliedBy(options.to, start.time.epochMs)) return undefined;
    // Still open: over the limit once as-of − from passes max; from then on it only grows (regrow).
    return asOf - start.time.epochMs > maxMs ? undefined : start.time.epochMs + maxMs + 1;
  },
  regrow({ planned, bandWidthMs }, asOf, options) {
    // A case keeps the limit's end (start + max) as its planned time.
    return openTransit(options, planned - bandWidthMs, bandWidthMs, asOf);
  },
};

/** A transit still open past its limit: it grows with the as-of until the `to` milestone comes. */
function openTransit({ from, to }: { from: Status; to: Status }, start: number, maxMs: number, asOf: number): Finding {
  const elapsed = asOf - start;
  return {
    key: `${from}>${to}`,
    milestone: to,
    planned: start + maxMs,
    deviationMinutes: minutes(elapsed - maxMs),
    bandWidthMs: maxMs,
    message: `${formatDuration(elapsed)} since ${from} and no ${to} yet (max ${formatDuration(maxMs)})`,
  };
}
