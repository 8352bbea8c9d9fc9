import type { Status } from '../../model/vocabulary.js';
import { formatDuration } from '../duration.js';
import { durationMs, durationOption, minutes, statusOption, type CheckKind } from './check-kind.js';

export const transitTime: CheckKind<{ from: Status; to: Status; maxMs: number }> = {
  id: 'transit_time',
  meta: {
    description: 'Actual time from one milestone to another over `max`; still open and already over counts too.',
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
    const start = view.actual(from);
    if (!start) return [];
    const end = view.actual(to);
    const elapsed = (end ? end.time.epochMs : asOf) - start.time.epochMs;
    if (elapsed <= maxMs) return [];
    return [
      {
        key: `${from}>${to}`,
        milestone: to,
        planned: start.time.epochMs + maxMs,
        actual: end?.time.epochMs,
        deviationMinutes: minutes(elapsed - maxMs),
        bandWidthMs: maxMs,
        message: end
          ? `${from} to ${to} took ${formatDuration(elapsed)} (max ${formatDuration(maxMs)})`
          : `${formatDuration(elapsed)} since ${from} and no ${to} yet (max ${formatDuration(maxMs)})`,
      },
    ];
  },
};
