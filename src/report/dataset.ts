/** Everything the reports read, taken from the store once per command (read-only). */
import type { Db } from '../store/database.js';
import { readTimelines } from '../store/records.js';
import { readCases, readDeliveredQuantities, readDocuments } from '../store/report-reads.js';
import { shipmentFacts } from './facts.js';
import type { ReportData } from './scope.js';

export function loadReportData(db: Db, asOf: number): ReportData {
  const shipments = [];
  for (const timeline of readTimelines(db)) shipments.push(shipmentFacts(timeline, asOf));
  return {
    asOf,
    shipments,
    cases: readCases(db),
    documents: readDocuments(db),
    deliveredQuantities: readDeliveredQuantities(db),
  };
}
