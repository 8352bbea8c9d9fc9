import { isKnownBy } from '../../model/timeline.js';
import { type EventCheckKind } from './check-kind.js';

/**
 * Carrier events that match no planned shipment: a plan missing from the export, or a reference the
 * carrier mistyped. One case per identity (reference or shipment id) however many events it has.
 */
export const unmatchedEvent: EventCheckKind<Record<string, never>, 'unmatched_event'> = {
  id: 'unmatched_event',
  scope: 'event',
  meta: {
    description: 'Carrier events that match no planned shipment, one case per reference.',
    optionsSchema: { type: 'object', properties: {}, additionalProperties: false },
    usesTolerance: false,
    compileOptions: () => ({}),
  },
  evaluate({ identity, events, asOf }) {
    // Known as of T (model/timeline.ts), and an actual dated by T.
    const known = events.filter((event) => isKnownBy(event, asOf) && (event.time.epochMs <= asOf || event.classifier !== 'actual'));
    if (known.length === 0) return [];
    const last = known.at(-1)!;
    return [
      {
        key: 'unmatched',
        actual: last.time.epochMs,
        deviationMinutes: 0,
        message: `${known.length} event(s) for ${identity} match no planned shipment (last: ${last.status}${last.location ? ` at ${last.location}` : ''}, from ${last.source.file})`,
      },
    ];
  },
};
