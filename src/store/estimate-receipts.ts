/**
 * Every receipt of an estimate, for the ETA report (report/eta.ts). A carrier re-sending the same ETA
 * later is a duplicate event, stored once so that evaluation sees one estimate; but to the ETA report
 * it is a new observation at its new receipt time, so the writer records each further receipt here
 * (migration 11). A receipt time is the event's reported_at, else the as-of of the run that read it.
 */
import type { Db } from './database.js';

/** The receipt time of a stored event `e` read in run `r`. */
const STORED_RECEIPT = 'coalesce(e.reported_ms, r.as_of_ms)';

export class EstimateReceiptWriter {
  private readonly record;

  constructor(db: Db, runId: number) {
    // Both the stored copy's receipt and the re-send's: the writer may then lower the stored one to the
    // re-send's (records.ts lowerReceipt), and the receipt it replaces must stay an observation.
    this.record = db.prepare(
      `INSERT OR IGNORE INTO estimate_receipts (event_row, received_ms)
       SELECT e.id, ${STORED_RECEIPT} FROM events e JOIN runs r ON r.id = e.run_id WHERE e.id = @stored
       UNION
       SELECT @stored, coalesce(@reportedMs, (SELECT as_of_ms FROM runs WHERE id = ${Number(runId)}))`,
    );
  }

  /** A re-send of the stored estimate with row id `stored`. Call before the stored receipt is lowered. */
  resent(stored: number, reportedMs: number | null): void {
    this.record.run({ stored, reportedMs });
  }
}

/**
 * For each estimate, its recorded receipts besides the one its timeline event says (model/timeline.ts
 * knownFrom: its reported_at, else the as-of of the run that stored it). Keyed by the event's row id.
 * Only the estimates of the shipments in `scopeTable` (the reports' window), so memory follows the window.
 */
export function readEstimateReceipts(db: Db, scopeTable: string): Map<number, number[]> {
  const rows = db
    .prepare(
      `SELECT x.event_row, x.received_ms FROM estimate_receipts x JOIN events e ON e.id = x.event_row
       WHERE e.shipment_id IN (SELECT shipment_id FROM ${scopeTable})`,
    )
    .raw()
    .all() as [row: number, receivedMs: number][];
  const receipts = new Map<number, number[]>();
  for (const [row, receivedMs] of rows) {
    const list = receipts.get(row);
    if (list) list.push(receivedMs);
    else receipts.set(row, [receivedMs]);
  }
  return receipts;
}
