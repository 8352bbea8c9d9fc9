import { isValidUnLocode } from '../../model/locations.js';
import { type ShipmentCheckKind } from './check-kind.js';

/**
 * An actual event at a UN/LOCODE that is not a stop of the planned route (origin and destination
 * when no route is given). Free-text locations (an X12 city name) cannot be compared and are skipped.
 */
export const routeDeviation: ShipmentCheckKind<Record<string, never>, 'route_deviation'> = {
  id: 'route_deviation',
  scope: 'shipment',
  meta: {
    description: 'An event location not on the planned route.',
    optionsSchema: { type: 'object', properties: {}, additionalProperties: false },
    usesTolerance: false,
    compileOptions: () => ({}),
  },
  evaluate({ view }) {
    const { plan } = view;
    const stops = new Set(plan.route.length ? plan.route : [plan.origin, plan.destination]);
    const seen = new Set<string>();
    return view.actuals.flatMap((event) => {
      const location = event.location;
      if (!location || !isValidUnLocode(location) || stops.has(location) || seen.has(location)) return [];
      seen.add(location);
      return [
        {
          key: location,
          actual: event.time.epochMs,
          deviationMinutes: 0,
          message: `${event.status} at ${location}, not on the planned route ${[...stops].join('>')}`,
        },
      ];
    });
  },
  // Event locations against the plan's route: only new records change that.
  dueAfter: () => undefined,
};
