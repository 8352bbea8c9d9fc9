/**
 * An exception with its case, as people and other programs see it: `audit --format json`, the CSV,
 * notification bodies. Times are ISO 8601 UTC.
 */
import { isoUtc } from '../model/time.js';
import { findingOfCaseKey } from '../store/case-key.js';
import type { CaseStatus } from '../model/case-lifecycle.js';
import type { CheckKindId, Severity } from '../model/vocabulary.js';
import type { CaseOutcome } from './reconcile.js';

export interface AuditException {
  case_id: number;
  rule: string;
  kind: CheckKindId;
  shipment_id: string;
  carrier: string;
  mode: string;
  lane: string;
  milestone: string | null;
  /**
   * What the finding is about, as it tells the rule's cases on one shipment apart: the milestone, the
   * document type, the pair of milestones, the carrier's code, the location.
   */
  finding: string;
  severity: Severity;
  score: number;
  planned: string | null;
  actual: string | null;
  deviation_minutes: number;
  status: CaseStatus;
  new: boolean;
  /** Still open and worse than ever before in this run: a higher deviation band or severity. */
  escalated: boolean;
  team: string | null;
  message: string;
}

export function toAuditException(outcome: CaseOutcome): AuditException {
  const { exception } = outcome;
  return {
    case_id: outcome.caseId,
    rule: exception.ruleId,
    kind: exception.kind,
    shipment_id: exception.shipmentId,
    carrier: exception.carrier,
    mode: exception.mode,
    lane: exception.lane,
    milestone: exception.milestone ?? null,
    finding: findingOfCaseKey(exception.caseKey, exception.ruleId, exception.shipmentId),
    severity: exception.severity,
    score: exception.score,
    planned: exception.planned === undefined ? null : isoUtc(exception.planned),
    actual: exception.actual === undefined ? null : isoUtc(exception.actual),
    deviation_minutes: exception.deviationMinutes,
    status: outcome.status,
    new: outcome.isNew,
    escalated: outcome.escalated,
    team: exception.team ?? null,
    message: exception.message,
  };
}
