/** The registry of check kinds, sorted by id: an unknown `kind` in a rule file is an error, never a skip. */
import { CHECK_KIND_IDS, type CheckKindId } from '../../model/vocabulary.js';
import type { CheckKind } from './check-kind.js';
import { carrierException } from './carrier-exception.js';
import { documentsMissing } from './documents-missing.js';
import { dwell } from './dwell.js';
import { inventoryBelowMin } from './inventory-below-min.js';
import { inventoryDiscrepancy } from './inventory-discrepancy.js';
import { milestoneLate } from './milestone-late.js';
import { milestoneOverdue } from './milestone-overdue.js';
import { milestoneUnreported } from './milestone-unreported.js';
import { noUpdates } from './no-updates.js';
import { predictedLate } from './predicted-late.js';
import { routeDeviation } from './route-deviation.js';
import { sequence } from './sequence.js';
import { transitTime } from './transit-time.js';
import { unmatchedEvent } from './unmatched-event.js';

/** Each id of the vocabulary with the module that checks it: a kind left out, or a module's id mistyped, does not compile. */
const BY_ID: { readonly [Id in CheckKindId]: CheckKind & { id: Id } } = {
  carrier_exception: carrierException,
  documents_missing: documentsMissing,
  dwell,
  inventory_below_min: inventoryBelowMin,
  inventory_discrepancy: inventoryDiscrepancy,
  milestone_late: milestoneLate,
  milestone_overdue: milestoneOverdue,
  milestone_unreported: milestoneUnreported,
  no_updates: noUpdates,
  predicted_late: predictedLate,
  route_deviation: routeDeviation,
  sequence,
  transit_time: transitTime,
  unmatched_event: unmatchedEvent,
};

/** Keyed by any text, for looking up what a rule file names (a miss is the rule's error). */
export const CHECK_KINDS: ReadonlyMap<string, CheckKind> = new Map(CHECK_KIND_IDS.map((id) => [id, BY_ID[id]]));
