import { type ShipmentCheckKind } from './check-kind.js';

/**
 * Carrier-reported exceptions: events with status carrier_exception (including codes no table knew),
 * or, with `codes`, any event whose carrier code or reason code is listed. One case per code.
 */
export const carrierException: ShipmentCheckKind<{ codes?: Set<string> }, 'carrier_exception'> = {
  id: 'carrier_exception',
  scope: 'shipment',
  meta: {
    description: 'A carrier-reported exception status or reason code (all, or those listed in `codes`).',
    optionsSchema: {
      type: 'object',
      properties: { codes: { type: 'array', items: { type: 'string' }, minItems: 1, description: 'Carrier status or reason codes, e.g. [SD, A1, WEA]' } },
      additionalProperties: false,
    },
    usesTolerance: false,
    compileOptions: (raw) => ({ codes: raw.codes ? new Set((raw.codes as string[]).map((code) => code.toUpperCase())) : undefined }),
  },
  evaluate({ view }, { codes }) {
    const findings = new Map<string, { key: string; actual: number; deviationMinutes: number; message: string }>();
    for (const event of view.actuals) {
      const eventCodes = [event.rawCode, event.reason].filter((code): code is string => Boolean(code)).map((code) => code.toUpperCase());
      const matched = codes ? eventCodes.find((code) => codes.has(code)) : event.status === 'carrier_exception' ? (eventCodes[0] ?? 'exception') : undefined;
      if (!matched || findings.has(matched)) continue;
      findings.set(matched, {
        key: matched,
        actual: event.time.epochMs,
        deviationMinutes: 0,
        message: `carrier reported ${event.status} (code ${eventCodes.join('/') || 'none'})${event.location ? ` at ${event.location}` : ''}`,
      });
    }
    return [...findings.values()];
  },
  // Reported exceptions only: only new records change them.
  dueAfter: () => undefined,
};
