/** The registry of check kinds, sorted by id: an unknown `kind` in a rule file is an error, never a skip. */
import type { CheckKind } from './check-kind.js';
import { milestoneLate } from './milestone-late.js';
import { milestoneOverdue } from './milestone-overdue.js';
import { predictedLate } from './predicted-late.js';
import { transitTime } from './transit-time.js';

// Each module is typed by its own options; the registry only hands them back to their own evaluate.
export const CHECK_KINDS: ReadonlyMap<string, CheckKind<any>> = new Map(
  [milestoneLate, milestoneOverdue, predictedLate, transitTime].map((kind) => [kind.id, kind]),
);
