/**
 * What is news for a team: a case opened, reopened, or escalated to a higher deviation band or
 * severity while nobody has taken it. A re-run with nothing new, ETA churn inside a band (never
 * `escalated`) and a case someone acknowledged or is working on say nothing.
 */
import type { CaseOutcome } from '../cases/reconcile.js';
import type { CaseStatus } from '../model/case-lifecycle.js';

export const TRIGGER_KINDS = ['opened', 'reopened', 'escalated'] as const;
export type TriggerKind = (typeof TRIGGER_KINDS)[number];

export interface Trigger {
  kind: TriggerKind;
  /**
   * Names this trigger within its case, the same on every run that sees it: `opened`, `reopened-run-7`
   * (a case may reopen many times), `escalated-band-3-high`. Part of each message's idempotency key.
   */
  key: string;
}

/**
 * Escalation notifies only while a case is `open`: once someone acknowledged it or is working on
 * it, they already know, and a worse deviation shows up in their case list, not as a new alert.
 */
export const ESCALATION_NOTIFIES_WHEN: readonly CaseStatus[] = ['open'];

/** `openedInRun`: the run that first opened the case, telling an opening from a reopening. */
export function triggerOf(outcome: CaseOutcome, runId: number, openedInRun: number): Trigger | undefined {
  if (outcome.isNew) return openedInRun === runId ? { kind: 'opened', key: 'opened' } : { kind: 'reopened', key: `reopened-run-${runId}` };
  if (outcome.escalated && ESCALATION_NOTIFIES_WHEN.includes(outcome.status)) {
    const { band, severity } = outcome.exception;
    return { kind: 'escalated', key: `escalated-band-${band}-${severity}` };
  }
  return undefined;
}
