/**
 * The reads behind `logex report`: cases, their resolution times, documents. Reports open the store
 * read-only and never write; shipments and events come through `readTimelines` like the audit's.
 */
import type { CaseStatus } from '../model/case-lifecycle.js';
import { laneOf, type DocumentRecord } from '../model/records.js';
import type { CheckKindId, Severity } from '../model/vocabulary.js';
import { findingOfCaseSql } from './case-key.js';
import { selectSpec } from './columns.js';
import type { Db } from './database.js';
import { notRetracted } from './timeline-reads.js';

/** The latest as-of any run evaluated: what the store knows up to. */
export function latestRunAsOf(db: Db): number | undefined {
  const row = db.prepare('SELECT max(as_of_ms) AS asOf FROM runs').get() as { asOf: number | null };
  return row.asOf ?? undefined;
}

export interface CaseRecord {
  id: number;
  caseKey: string;
  /** What the case is about: the case key's last part (case-key.ts). */
  finding: string;
  ruleId: string;
  kind: CheckKindId;
  shipmentId: string;
  milestone: string | null;
  carrier: string | null;
  lane: string | null;
  mode: string | null;
  status: CaseStatus;
  severity: Severity;
  score: number;
  team: string | null;
  rootCause: string | null;
  deviationMinutes: number;
  message: string;
  /** The as-of of the audit that first opened the case (data time, like every report window). */
  openedAsOf: number;
  /** Wall-clock time of the first `opened` history row, if any. */
  openedAt: string | null;
  /** Wall-clock time of the last history row that set the status to `resolved`, if any. */
  resolvedAt: string | null;
  /** The planned shipment as stored now, for the reports' filters; null for stock and unmatched-event cases. */
  plan: CasePlan | null;
}

export interface CasePlan {
  carrier: string;
  mode: string;
  customer: string;
  /** ORIGIN>DESTINATION. */
  lane: string;
}

/** The columns a report's case is read from: the SQL and each column's row position come from here. */
const REPORT_CASE = selectSpec({
  id: 'c.id',
  caseKey: 'c.case_key',
  finding: findingOfCaseSql('c'),
  ruleId: 'c.rule_id',
  kind: 'c.kind',
  shipmentId: 'c.shipment_id',
  milestone: 'c.milestone',
  carrier: 'c.carrier',
  lane: 'c.lane',
  mode: 'c.mode',
  status: 'c.status',
  severity: 'c.severity',
  score: 'c.score',
  team: 'c.team',
  rootCause: 'c.root_cause',
  deviationMinutes: 'c.deviation_minutes',
  message: 'c.message',
  openedAsOf: 'c.opened_as_of_ms',
  openedAt: "(SELECT h.at FROM case_history h WHERE h.case_id = c.id AND h.action = 'opened' ORDER BY h.id LIMIT 1)",
  resolvedAt: "(SELECT h.at FROM case_history h WHERE h.case_id = c.id AND h.action = 'status' AND h.to_value = 'resolved' ORDER BY h.id DESC LIMIT 1)",
  planCarrier: 's.carrier',
  planMode: 's.mode',
  customer: 's.customer',
  origin: 's.origin',
  destination: 's.destination',
});

export function readCases(db: Db): CaseRecord[] {
  // Rows as arrays, each made into a record of one shape: as objects of 24 columns, better-sqlite3's rows
  // took 2 KB each and 7.4 s for the 320k cases of the 1M-shipment bench store.
  const rows = db
    .prepare(`SELECT ${REPORT_CASE.select} FROM cases c LEFT JOIN shipments s ON s.shipment_id = c.shipment_id ORDER BY c.id`)
    .raw()
    .all() as unknown[][];
  const at = REPORT_CASE.at;
  return rows.map((row) => {
    const planCarrier = row[at.planCarrier] as string | null;
    return {
      id: row[at.id] as number,
      caseKey: row[at.caseKey] as string,
      finding: row[at.finding] as string,
      ruleId: row[at.ruleId] as string,
      kind: row[at.kind] as CheckKindId,
      shipmentId: row[at.shipmentId] as string,
      milestone: row[at.milestone] as string | null,
      carrier: row[at.carrier] as string | null,
      lane: row[at.lane] as string | null,
      mode: row[at.mode] as string | null,
      status: row[at.status] as CaseStatus,
      severity: row[at.severity] as Severity,
      score: row[at.score] as number,
      team: row[at.team] as string | null,
      rootCause: row[at.rootCause] as string | null,
      deviationMinutes: row[at.deviationMinutes] as number,
      message: row[at.message] as string,
      openedAsOf: row[at.openedAsOf] as number,
      openedAt: row[at.openedAt] as string | null,
      resolvedAt: row[at.resolvedAt] as string | null,
      plan:
        planCarrier === null
          ? null
          : {
              carrier: planCarrier,
              mode: row[at.planMode] as string,
              customer: row[at.customer] as string,
              lane: laneOf({ origin: row[at.origin] as string, destination: row[at.destination] as string }),
            },
    };
  });
}

export interface DocumentRow {
  shipmentId: string;
  docType: string;
  status: DocumentRecord['status'];
  receivedMs: number | null;
}

export function readDocuments(db: Db): DocumentRow[] {
  return db
    .prepare(
      `SELECT shipment_id AS shipmentId, doc_type AS docType, status, received_ms AS receivedMs
       FROM documents ORDER BY shipment_id, doc_type, id`,
    )
    .all() as DocumentRow[];
}

/** Delivered quantity per shipment, from its first actual `delivered` event that carries one. */
export function readDeliveredQuantities(db: Db): Map<string, number> {
  const rows = db
    .prepare(
      `SELECT e.shipment_id AS shipmentId, e.quantity FROM events e
       WHERE e.status = 'delivered' AND e.classifier = 'actual' AND e.quantity IS NOT NULL AND e.shipment_id IS NOT NULL
         AND ${notRetracted('e')}
       ORDER BY e.shipment_id, e.event_ms DESC, e.id DESC`,
    )
    .all() as { shipmentId: string; quantity: number }[];
  // Ordered latest first, so the last write per shipment is its first delivery.
  const quantities = new Map<string, number>();
  for (const row of rows) quantities.set(row.shipmentId, row.quantity);
  return quantities;
}
