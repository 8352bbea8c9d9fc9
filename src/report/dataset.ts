/**
 * Everything the reports read, taken from the store once per command (read-only). A shipment's facts
 * need all its events read back, which on a million-shipment store is most of a report's time, so only
 * the shipments whose period falls in a window some report looks at are read, once, for every report
 * at the same time; the case reports read none.
 */
import type { ProgressSink } from '../pipeline/stages.js';
import type { Db } from '../store/database.js';
import { clearScope, readTimelines, SCOPE_TABLE } from '../store/timeline-reads.js';
import { readEstimateReceipts } from '../store/estimate-receipts.js';
import { readCases, readDeliveredQuantities, readDocuments } from '../store/report-reads.js';
import { plannedEpochMsSql, plannedMilestoneEpochMsSql } from '../store/planned-column.js';
import { MILESTONES } from '../model/vocabulary.js';
import { shipmentFacts, type ShipmentFacts } from './facts.js';
import type { ReportData, ReportWindow } from './scope.js';

/**
 * A shipment's period instant in SQL, as facts.ts defines it: its planned departure, else its earliest
 * planned milestone (NULL when nothing is planned).
 */
const PERIOD_AT = `coalesce(
  ${plannedMilestoneEpochMsSql('s.planned', 'departed')},
  (SELECT min(${plannedEpochMsSql('p.value')}) FROM json_each(s.planned) p
   WHERE p.key IN (SELECT value FROM json_each(@milestones))))`;

/** The cases, and documents and delivered quantities when a report asks for them (read while the store is open). */
export function loadReportData(db: Db, asOf: number, shipmentWindows: readonly ReportWindow[]): ReportData {
  return {
    asOf,
    shipmentWindows,
    cases: readCases(db),
    documents: once(() => readDocuments(db)),
    deliveredQuantities: once(() => readDeliveredQuantities(db)),
    // Asked for while the window's shipments are read, so only theirs (the scope readReportShipments fills).
    estimateReceipts: once(() => readEstimateReceipts(db, SCOPE_TABLE)),
  };
}

/** Shipments read between two progress reports. */
const PROGRESS_EVERY = 2000;

/** Hands each shipment whose period falls in any of `shipmentWindows` (from ≤ t < to) to `onShipment`, as its facts. */
export function readReportShipments(
  db: Db,
  asOf: number,
  shipmentWindows: readonly ReportWindow[],
  onShipment: (shipment: ShipmentFacts) => void,
  onProgress?: ProgressSink,
): void {
  if (shipmentWindows.length === 0) return;
  clearScope(db);
  const of = db
    .prepare(
      `INSERT INTO ${SCOPE_TABLE} (shipment_id)
     SELECT shipment_id FROM (SELECT s.shipment_id, ${PERIOD_AT} AS period_at FROM shipments s)
     WHERE EXISTS (SELECT 1 FROM json_each(@windows) w
                   WHERE period_at >= json_extract(w.value, '$.from') AND period_at < json_extract(w.value, '$.to'))`,
    )
    .run({ milestones: JSON.stringify(MILESTONES), windows: JSON.stringify(shipmentWindows) }).changes;
  let shipments = 0;
  for (const timeline of readTimelines(db, { scoped: true, asOf })) {
    if (shipments % PROGRESS_EVERY === 0) onProgress?.({ stage: 'report', shipments, of });
    onShipment(shipmentFacts(timeline, asOf));
    shipments++;
  }
}

/** Read on first use, while the store is open: only the customs, carrier and ETA reports need these. */
function once<T>(read: () => T): () => T {
  let value: { read: T } | undefined;
  return () => (value ??= { read: read() }).read;
}
