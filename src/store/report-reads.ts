/**
 * The reads behind `logex report`: cases, their resolution times, documents. Reports open the store
 * read-only and never write; shipments and events come through `readTimelines` like the audit's.
 */
import type { Db } from './database.js';

/** The latest as-of any run evaluated: what the store knows up to. */
export function latestRunAsOf(db: Db): number | undefined {
  const row = db.prepare('SELECT max(as_of_ms) AS asOf FROM runs').get() as { asOf: number | null };
  return row.asOf ?? undefined;
}

export interface CaseRecord {
  id: number;
  caseKey: string;
  ruleId: string;
  kind: string;
  shipmentId: string;
  milestone: string | null;
  carrier: string | null;
  lane: string | null;
  mode: string | null;
  status: string;
  severity: string;
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
}

export function readCases(db: Db): CaseRecord[] {
  return db
    .prepare(
      `SELECT c.id, c.case_key AS caseKey, c.rule_id AS ruleId, c.kind, c.shipment_id AS shipmentId, c.milestone, c.carrier,
              c.lane, c.mode, c.status, c.severity, c.score, c.team, c.root_cause AS rootCause,
              c.deviation_minutes AS deviationMinutes, c.message, c.opened_as_of_ms AS openedAsOf,
              (SELECT h.at FROM case_history h WHERE h.case_id = c.id AND h.action = 'opened' ORDER BY h.id LIMIT 1) AS openedAt,
              (SELECT h.at FROM case_history h WHERE h.case_id = c.id AND h.action = 'status' AND h.to_value = 'resolved'
               ORDER BY h.id DESC LIMIT 1) AS resolvedAt
       FROM cases c ORDER BY c.id`,
    )
    .all() as CaseRecord[];
}

export interface DocumentRow {
  shipmentId: string;
  docType: string;
  status: string;
  receivedMs: number | null;
}

export function readDocuments(db: Db): DocumentRow[] {
  return db
    .prepare(
      `SELECT shipment_id AS shipmentId, doc_type AS docType, status, received_ms AS receivedMs
       FROM documents ORDER BY shipment_id, doc_type, status`,
    )
    .all() as DocumentRow[];
}

/** Delivered quantity per shipment, from its first actual `delivered` event that carries one. */
export function readDeliveredQuantities(db: Db): Map<string, number> {
  const rows = db
    .prepare(
      `SELECT shipment_id AS shipmentId, quantity FROM events
       WHERE status = 'delivered' AND classifier = 'actual' AND quantity IS NOT NULL AND shipment_id IS NOT NULL
         AND (event_id IS NULL OR event_id NOT IN (SELECT event_id FROM retractions))
       ORDER BY shipment_id, event_ms DESC, id DESC`,
    )
    .all() as { shipmentId: string; quantity: number }[];
  // Ordered latest first, so the last write per shipment is its first delivery.
  const quantities = new Map<string, number>();
  for (const row of rows) quantities.set(row.shipmentId, row.quantity);
  return quantities;
}
