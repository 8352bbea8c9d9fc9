import { MILESTONES, type Milestone } from '../../model/vocabulary.js';
import { formatDuration, parseDuration } from '../duration.js';
import { minutes, type ShipmentCheckKind } from './check-kind.js';

/** `48h before departed`, `2d after arrived`, or just `departed`. */
export const DUE_PATTERN = `^(([0-9]+(\\.[0-9]+)?[mhdw])+ (before|after) )?(${MILESTONES.join('|')})$`;

interface Due {
  offsetMs: number;
  milestone: Milestone;
  text: string;
}

function parseDue(text: string): Due {
  const match = new RegExp(DUE_PATTERN).exec(text.trim())!;
  const amount = match[2] ? (parseDuration(match[1]!.split(' ')[0]!) ?? 0) : 0;
  return { offsetMs: match[4] === 'before' ? -amount : amount, milestone: match[5] as Milestone, text };
}

/**
 * Each required document (the rule's list, else the plan's `required_docs`) must be received — and
 * not rejected since — by the due time, counted from the planned milestone. The case stays open while
 * the document is missing and clears when it arrives, however late.
 */
export const documentsMissing: ShipmentCheckKind<{ docs?: string[]; due: Due }, 'documents_missing'> = {
  id: 'documents_missing',
  scope: 'shipment',
  meta: {
    description: 'A required document not received (or rejected) by a due time relative to a planned milestone.',
    optionsSchema: {
      type: 'object',
      properties: {
        docs: { type: 'array', items: { type: 'string' }, minItems: 1, description: "Document types; default: the plan's required_docs" },
        due: { type: 'string', pattern: DUE_PATTERN, description: 'e.g. "48h before departed"' },
      },
      required: ['due'],
      additionalProperties: false,
    },
    usesTolerance: false,
    compileOptions: (raw) => ({
      docs: (raw.docs as string[] | undefined)?.map((doc) => doc.toLowerCase()),
      due: parseDue(String(raw.due)),
    }),
  },
  evaluate({ view, asOf }, { docs, due }) {
    const planned = view.planned(due.milestone);
    if (planned === undefined) return [];
    const dueAt = planned + due.offsetMs;
    if (asOf <= dueAt) return [];
    const required = docs ?? view.plan.requiredDocs.map((doc) => doc.toLowerCase());
    return required.flatMap((docType) => {
      const latest = view.timeline.documents
        .filter((d) => d.docType === docType && (d.receivedAt?.epochMs ?? Infinity) <= asOf)
        .sort((a, b) => (a.receivedAt?.epochMs ?? 0) - (b.receivedAt?.epochMs ?? 0))
        .at(-1);
      if (latest?.status === 'received') return [];
      const overdue = asOf - dueAt;
      return [
        {
          key: docType,
          planned: dueAt,
          deviationMinutes: minutes(overdue),
          message: `${docType} ${latest ? 'rejected' : 'not received'}, due ${due.text} (${formatDuration(overdue)} ago)`,
        },
      ];
    });
  },
};
