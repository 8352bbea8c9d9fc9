/**
 * What a notification says: per case the rule, shipment, carrier, lane, planned vs actual, how
 * late, severity and the command to open it. Rendered once when queued, so every retry sends the
 * same words.
 */
import type { CaseOutcome } from '../cases/reconcile.js';
import { toAuditException, type AuditException } from '../cases/exception-view.js';
import { SEVERITIES, severityRank } from '../model/vocabulary.js';
import { isoUtc } from '../model/time.js';
import { formatDuration } from '../rules/duration.js';
import type { Trigger, TriggerKind } from './triggers.js';

/** One case as notified (the audit's view of it, with the trigger); also the items of a JSON webhook body. */
export type NotifiedCase = Omit<AuditException, 'score' | 'status' | 'new' | 'escalated'> & {
  trigger: TriggerKind;
  late_by: string;
  /** The command that shows the case. */
  show: string;
};

export interface MessageText {
  subject: string;
  body: string;
}

const TRIGGER_WORD: Record<TriggerKind, string> = { opened: 'New', reopened: 'Reopened', escalated: 'Escalated' };

export function notifiedCase(outcome: CaseOutcome, trigger: Trigger, showCommand: string): NotifiedCase {
  const { score: _score, status: _status, new: _new, escalated: _escalated, ...view } = toAuditException(outcome);
  return { ...view, trigger: trigger.kind, late_by: formatDuration(view.deviation_minutes * 60_000), show: showCommand };
}

/** Kinds whose deviation is how late a milestone is; the others' finding message says what is wrong. */
const LATENESS_KINDS: ReadonlySet<string> = new Set(['milestone_late', 'milestone_overdue', 'predicted_late']);

function isLateness(item: NotifiedCase): boolean {
  return LATENESS_KINDS.has(item.kind) && item.deviation_minutes > 0;
}

/** One case, one message. */
export function immediateMessage(item: NotifiedCase): MessageText {
  // "0m late" on a carrier exception or a stock count would be noise: those say what they found.
  const what = isLateness(item) ? `${item.late_by} late` : item.message;
  return {
    subject: `[logex] ${TRIGGER_WORD[item.trigger]} ${item.severity} exception: ${item.rule} on ${item.shipment_id}, ${what} (case ${item.case_id})`,
    body: [`${TRIGGER_WORD[item.trigger]} exception, case ${item.case_id}: ${item.message}`, '', ...caseLines(item), '', `See it: ${item.show}`, ''].join('\n'),
  };
}

/** Every case a team hears about from one run, worst severity first, in one message. */
export function digestMessage(team: string, items: readonly NotifiedCase[], run: { id: number; asOf: number }): MessageText {
  const sorted = [...items].sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || a.case_id - b.case_id);
  const bySeverity = [...SEVERITIES].reverse().flatMap((severity) => {
    const group = sorted.filter((item) => item.severity === severity);
    return group.length ? [{ severity, group }] : [];
  });
  const tally = bySeverity.map(({ severity, group }) => `${group.length} ${severity}`).join(', ');
  const lines = [`${items.length} new or escalated exception(s) for team ${team} from audit run ${run.id} as of ${isoUtc(run.asOf)}.`];
  for (const { severity, group } of bySeverity) {
    lines.push('', `${severity.toUpperCase()} (${group.length})`);
    for (const item of group) {
      lines.push(
        '',
        `  ${TRIGGER_WORD[item.trigger]}: case ${item.case_id} — ${item.message}`,
        ...caseLines(item).map((line) => `    ${line}`),
        `    See it: ${item.show}`,
      );
    }
  }
  return { subject: `[logex] ${team}: ${items.length} new or escalated exception(s) (${tally})`, body: `${lines.join('\n')}\n` };
}

function caseLines(item: NotifiedCase): string[] {
  return [
    `Rule:      ${item.rule} (${item.kind}), severity ${item.severity}`,
    `Shipment:  ${item.shipment_id}, carrier ${item.carrier}, ${item.mode} lane ${item.lane}`,
    ...(item.milestone ? [`Milestone: ${item.milestone}`] : []),
    `Planned:   ${readable(item.planned)}`,
    `Actual:    ${item.kind === 'predicted_late' ? `${readable(item.actual)} (estimate)` : readable(item.actual)}`,
    ...(isLateness(item) ? [`Late by:   ${item.late_by}`] : []),
  ];
}

function readable(iso: string | null): string {
  return iso ? iso.replace('T', ' ').replace(/(:00)?Z$/, ' UTC') : 'none yet';
}
