/** The registry of check kinds, sorted by id: an unknown `kind` in a rule file is an error, never a skip. */
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

export const CHECK_KINDS: ReadonlyMap<string, CheckKind> = new Map(
  [
    carrierException,
    documentsMissing,
    dwell,
    inventoryBelowMin,
    inventoryDiscrepancy,
    milestoneLate,
    milestoneOverdue,
    milestoneUnreported,
    noUpdates,
    predictedLate,
    routeDeviation,
    sequence,
    transitTime,
    unmatchedEvent,
  ].map((kind): [string, CheckKind] => [kind.id, kind]),
);
