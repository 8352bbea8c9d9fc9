/**
 * The case lifecycle of DESIGN.md as data: the statuses, and where a person may move a case from
 * each of them. The audit's own moves (clearing, reopening) live in ../cases/reconcile.ts.
 */
import { closestName } from './suggest.js';

export const CASE_STATUSES = ['open', 'acknowledged', 'in_progress', 'resolved', 'closed', 'cleared'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** Someone is (or should be) working on these: a condition that stops holding clears them. */
export const ACTIVE_STATUSES: readonly CaseStatus[] = ['open', 'acknowledged', 'in_progress'];

/** A person decided these; the audit does not reopen them for the same condition. */
export const SETTLED_STATUSES: readonly CaseStatus[] = ['resolved', 'closed'];

/**
 * Where a person may move a case. Backwards steps among the active statuses undo a slip; a settled
 * case goes back to work only through `open` (reopen). Nobody sets `cleared`: the audit does, when the
 * condition stops holding, and reopens the case if it returns, so a cleared case can only be settled.
 */
export const TRANSITIONS: Readonly<Record<CaseStatus, readonly CaseStatus[]>> = {
  open: ['acknowledged', 'in_progress', 'resolved'],
  acknowledged: ['open', 'in_progress', 'resolved'],
  in_progress: ['acknowledged', 'resolved'],
  resolved: ['open', 'closed'],
  closed: ['open'],
  cleared: ['resolved', 'closed'],
};

export function isCaseStatus(value: string): value is CaseStatus {
  return (CASE_STATUSES as readonly string[]).includes(value);
}

/** `In progress`, `in-progress` and `IN_PROGRESS` as typed in a spreadsheet are all `in_progress`. */
export function parseCaseStatus(text: string): { status: CaseStatus } | { problem: string } {
  const normalised = text
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
  if (isCaseStatus(normalised)) return { status: normalised };
  const near = closestName(normalised, CASE_STATUSES);
  return { problem: `"${text}" is not a case status (${CASE_STATUSES.join(', ')})${near ? `; did you mean "${near}"?` : ''}` };
}

/** Why a person may not move a case from `from` to `to`, naming the allowed moves; undefined when allowed. */
export function transitionProblem(from: CaseStatus, to: CaseStatus): string | undefined {
  const allowed = TRANSITIONS[from];
  if (from === to || allowed.includes(to)) return undefined;
  const options = `allowed from ${from}: ${allowed.join(', ')}`;
  if (to === 'cleared') return `only the audit sets "cleared" (when the condition stops holding); ${options}`;
  return `cannot go from ${from} to ${to}; ${options}`;
}
