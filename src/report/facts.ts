/**
 * One shipment reduced to what the reports measure, read through the engine's TimelineView so that
 * "actual" means exactly what it means to the audit: actual events dated up to as-of, the first of
 * each milestone counting.
 */
import { outOfOrder, TimelineView } from '../model/timeline.js';
import { MILESTONES, type Milestone } from '../model/vocabulary.js';
import { laneOf, type ShipmentTimeline, type TimelineEvent } from '../model/records.js';

export interface CustomsHold {
  at: number;
  location?: string;
  reason?: string;
  /** The first actual customs_cleared at or after the hold. */
  clearedAt?: number;
}

export interface ShipmentFacts {
  shipmentId: string;
  carrier: string;
  mode: string;
  origin: string;
  destination: string;
  customer: string;
  /** ORIGIN>DESTINATION, as rule selectors write lanes. */
  lane: string;
  /** The planned stops, ORIGIN>VIA…>DESTINATION (the lane when no route was planned). */
  route: string;
  quantity?: number;
  requiredDocs: string[];
  /** Places the shipment in a period: its planned departure, else its earliest planned milestone. */
  periodAt?: number;
  planned: Partial<Record<Milestone, number>>;
  /** Actual milestone times, without those out of sequence (see outOfSequence). */
  actual: Partial<Record<Milestone, number>>;
  /**
   * Milestones whose actuals contradict each other's order (an arrival dated before its departure):
   * both of each such pair are left out of `actual`, since which one is wrong cannot be known. The
   * audit's `sequence` check flags the same pairs.
   */
  outOfSequence: Milestone[];
  customsHold?: CustomsHold;
  /** Reason codes or texts on the actual events known at as-of. */
  eventReasons: string[];
  /** Estimates known at as-of (received by then, or with no receipt time), any status. */
  estimates: readonly TimelineEvent[];
}

export function shipmentFacts(timeline: ShipmentTimeline, asOf: number): ShipmentFacts {
  const view = new TimelineView(timeline, asOf);
  const { plan } = timeline;
  const planned: ShipmentFacts['planned'] = {};
  const actual: ShipmentFacts['actual'] = {};
  for (const milestone of MILESTONES) {
    const plannedAt = view.planned(milestone);
    if (plannedAt !== undefined) planned[milestone] = plannedAt;
    const event = view.actual(milestone);
    if (event) actual[milestone] = event.time.epochMs;
  }
  const inverted = new Set(outOfOrder(actual).flatMap(({ earlier, later }) => [earlier, later]));
  const outOfSequence = MILESTONES.filter((milestone) => inverted.has(milestone));
  for (const milestone of outOfSequence) delete actual[milestone];
  const earliestPlanned = Object.values(planned).reduce<number | undefined>((min, at) => (min === undefined || at < min ? at : min), undefined);
  const lane = laneOf(plan);
  return {
    shipmentId: plan.shipmentId,
    carrier: plan.carrier,
    mode: plan.mode,
    origin: plan.origin,
    destination: plan.destination,
    customer: plan.customer,
    lane,
    route: plan.route.length >= 2 ? plan.route.join('>') : lane,
    quantity: plan.quantity,
    requiredDocs: plan.requiredDocs,
    periodAt: planned.departed ?? earliestPlanned,
    planned,
    actual,
    outOfSequence,
    customsHold: customsHold(view),
    eventReasons: view.actuals.flatMap((event) => (event.reason ? [event.reason] : [])),
    estimates: view.estimates,
  };
}

function customsHold(view: TimelineView): CustomsHold | undefined {
  const hold = view.actual('customs_hold');
  if (!hold) return undefined;
  const cleared = view.actuals.find((event) => event.status === 'customs_cleared' && event.time.epochMs >= hold.time.epochMs);
  return { at: hold.time.epochMs, location: hold.location, reason: hold.reason, clearedAt: cleared?.time.epochMs };
}
