/** Case statuses of DESIGN.md and which of them the audit itself may change. */
export const CASE_STATUSES = ['open', 'acknowledged', 'in_progress', 'resolved', 'closed', 'cleared'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** Someone is (or should be) working on these: a condition that stops holding clears them. */
export const ACTIVE_STATUSES: readonly CaseStatus[] = ['open', 'acknowledged', 'in_progress'];

/** A person decided these; the audit does not reopen them for the same condition. */
export const SETTLED_STATUSES: readonly CaseStatus[] = ['resolved', 'closed'];
