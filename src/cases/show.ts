/** One case in full: the case, its shipment's timeline as the engine sees it at as-of, and its history. */
import { TimelineView } from '../model/timeline.js';
import { formatPosition } from '../io/errors.js';
import { MILESTONES, type Classifier, type Milestone, type Status } from '../model/vocabulary.js';
import type { Db } from '../store/database.js';
import { readTimeline } from '../store/timeline-reads.js';
import { caseHistory, getCase, type CaseRecord, type HistoryEntry } from './query.js';

export interface MilestoneLine {
  milestone: Milestone;
  planned?: number;
  /** The first actual known at as-of (a re-sent later one does not move it). */
  actual?: number;
  /** The latest estimate known at as-of. */
  estimate?: number;
  /**
   * No actual of its own, but a later milestone's actual implies it happened at or before that
   * (docs/rules.md, "Implied milestones"): which milestone, and when.
   */
  impliedBy?: { milestone: string; at: number };
  /** Actual (else estimate) minus planned; none for an implied milestone, which has no time. */
  deviationMinutes?: number;
}

export interface EventLine {
  time: number;
  /** As the source wrote it, with the zone it was read in. */
  text: string;
  zone: string;
  status: Status;
  classifier: Classifier;
  location?: string;
  reason?: string;
  code?: string;
  reportedAt?: number;
  /** `file:line`, or `file:segment N (ID)` for EDI. */
  source: string;
}

export interface CaseDetail {
  record: CaseRecord;
  /** Undefined when the case's subject has no stored plan (stock, unmatched events). */
  milestones?: MilestoneLine[];
  events: EventLine[];
  history: HistoryEntry[];
}

export function caseDetail(db: Db, id: number, asOf: number): CaseDetail | undefined {
  const record = getCase(db, id);
  if (!record) return undefined;
  const history = caseHistory(db, id);
  const timeline = readTimeline(db, record.shipmentId);
  if (!timeline) return { record, events: [], history };
  const view = new TimelineView(timeline, asOf);
  const milestones = MILESTONES.flatMap((milestone): MilestoneLine[] => {
    const planned = view.planned(milestone);
    const actual = view.actual(milestone)?.time.epochMs;
    const estimate = view.latestEstimate(milestone)?.time.epochMs;
    if (planned === undefined && actual === undefined && estimate === undefined) return [];
    const implying = view.impliedBy(milestone);
    const impliedBy = implying && { milestone: implying.status, at: implying.time.epochMs };
    const seen = actual ?? (implying ? undefined : estimate);
    const deviationMinutes = planned === undefined || seen === undefined ? undefined : Math.round((seen - planned) / 60_000);
    return [{ milestone, planned, actual, estimate, ...(impliedBy ? { impliedBy } : {}), deviationMinutes }];
  });
  const events = [...timeline.events]
    .sort((a, b) => a.time.epochMs - b.time.epochMs || a.id - b.id)
    .map((event) => ({
      time: event.time.epochMs,
      text: event.time.text,
      zone: event.time.zone,
      status: event.status,
      classifier: event.classifier,
      location: event.location,
      reason: event.reason,
      code: event.rawCode,
      reportedAt: event.reportedAt?.epochMs,
      source: formatPosition(event.source),
    }));
  return { record, milestones, events, history };
}
