import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildReport, rows, TestStore } from './store-builder.js';

/**
 * As of 2026-03-20, window 1–15 March; all planned departures 1 March 10:00 UTC.
 *
 *   C1 MAEU CNSHA>USLAX Litware: held at USLAX 10 Mar 00:00 ("missing commercial invoice"),
 *      cleared 11 Mar 12:00 → dwell 36h. Requires commercial_invoice and packing_list.
 *   C2 MAEU CNSHA>USLAX Litware: held at USLAX 12 Mar 00:00 ("inspection"), held again 05:00
 *      (only the first hold counts), cleared 10:00 → dwell 10h. Requires commercial_invoice.
 *   C3 LH DEFRA>USJFK Contoso: cleared 7 Mar 23:00, then held 8 Mar 00:00 with no location (port =
 *      destination USJFK) and no reason; no clearance after the hold → still held.
 *   C4 LH DEFRA>USJFK Contoso: held at USJFK 9 Mar 00:00 ("inspection"), cleared 02:00 → dwell 2h.
 *   C5 MAEU CNSHA>USLAX Fabrikam: cleared without a hold.
 * By port: USJFK 2 holds, 1 cleared, dwell mean 2, p90 2; USLAX 2 holds, dwell mean (36 + 10) / 2 = 23,
 * p90 = the 2nd of 2 (⌈1.8⌉) = 36. All dwells 2, 10, 36: mean 16, p90 = 3rd of 3 = 36.
 */
function buildStore(): TestStore {
  const store = new TestStore('2026-03-20T00:00:00Z');
  const planned = { departed: '2026-03-01T10:00:00Z' };
  const lax = { carrier: 'MAEU', mode: 'ocean' as const, origin: 'CNSHA', destination: 'USLAX', planned };
  const jfk = { carrier: 'LH', mode: 'air' as const, origin: 'DEFRA', destination: 'USJFK', customer: 'Contoso', planned };
  store
    .shipment('C1', { ...lax, customer: 'Litware', requiredDocs: ['commercial_invoice', 'packing_list'] })
    .event('C1', 'customs_hold', '2026-03-10T00:00:00Z', { location: 'USLAX', reason: 'missing commercial invoice' })
    .event('C1', 'customs_cleared', '2026-03-11T12:00:00Z', { location: 'USLAX' })
    .shipment('C2', { ...lax, customer: 'Litware', requiredDocs: ['commercial_invoice'] })
    .event('C2', 'customs_hold', '2026-03-12T00:00:00Z', { location: 'USLAX', reason: 'inspection' })
    .event('C2', 'customs_hold', '2026-03-12T05:00:00Z', { location: 'USLAX', reason: 'inspection' })
    .event('C2', 'customs_cleared', '2026-03-12T10:00:00Z', { location: 'USLAX' })
    .shipment('C3', jfk)
    .event('C3', 'customs_cleared', '2026-03-07T23:00:00Z')
    .event('C3', 'customs_hold', '2026-03-08T00:00:00Z')
    .shipment('C4', jfk)
    .event('C4', 'customs_hold', '2026-03-09T00:00:00Z', { location: 'USJFK', reason: 'inspection' })
    .event('C4', 'customs_cleared', '2026-03-09T02:00:00Z', { location: 'USJFK' })
    .shipment('C5', { ...lax, customer: 'Fabrikam' })
    .event('C5', 'customs_cleared', '2026-03-09T02:00:00Z', { location: 'USLAX' });
  return store;
}

const WINDOW = { from: '2026-03-01T00:00:00Z', to: '2026-03-15T00:00:00Z' };

describe('customs report', () => {
  let store: TestStore;
  beforeEach(() => {
    store = buildStore();
  });
  afterEach(() => store.close());

  it('counts holds and dwell by port and by carrier', () => {
    const report = buildReport(store, 'customs', WINDOW);
    expect(rows(report, 'by_port')).toEqual([
      { country: 'US', port: 'USJFK', holds: 2, cleared: 1, still_held: 1, dwell_mean_h: 2, dwell_p90_h: 2 },
      { country: 'US', port: 'USLAX', holds: 2, cleared: 2, still_held: 0, dwell_mean_h: 23, dwell_p90_h: 36 },
    ]);
    expect(rows(report, 'by_carrier')).toEqual([
      { carrier: 'LH', holds: 2, cleared: 1, still_held: 1, dwell_mean_h: 2, dwell_p90_h: 2 },
      { carrier: 'MAEU', holds: 2, cleared: 2, still_held: 0, dwell_mean_h: 23, dwell_p90_h: 36 },
    ]);
    expect(report.parameters).toMatchObject({ shipments: '5', holds: '4', dwell_mean_h: '16', dwell_p90_h: '36' });
  });

  it('finds recurring holds by lane and customer, and counts hold reasons', () => {
    const report = buildReport(store, 'customs', WINDOW);
    expect(rows(report, 'recurring')).toEqual([
      { dimension: 'lane', value: 'CNSHA>USLAX', holds: 2, shipments: 3, held_pct: 66.67 },
      { dimension: 'lane', value: 'DEFRA>USJFK', holds: 2, shipments: 2, held_pct: 100 },
      { dimension: 'customer', value: 'Contoso', holds: 2, shipments: 2, held_pct: 100 },
      { dimension: 'customer', value: 'Litware', holds: 2, shipments: 2, held_pct: 100 },
    ]);
    expect(rows(report, 'hold_reasons')).toEqual([
      { reason: 'inspection', holds: 2 },
      { reason: '(no reason given)', holds: 1 },
      { reason: 'missing commercial invoice', holds: 1 },
    ]);
  });

  it('says so when the store has no documents and no documents_missing cases', () => {
    const report = buildReport(store, 'customs', WINDOW);
    expect(rows(report, 'document_causes')).toEqual([]);
    expect(report.notes).toEqual([expect.stringContaining('the store has no document records'), expect.stringContaining('No documents_missing cases')]);
  });

  it('traces holds to rejected or late documents and documents_missing cases', () => {
    store
      .document('C1', 'commercial_invoice', 'rejected', '2026-03-09T00:00:00Z')
      .document('C1', 'packing_list', 'rejected', '2026-03-08T00:00:00Z') // rejected, then
      .document('C1', 'packing_list', 'received', '2026-03-09T00:00:00Z') // received again before the hold: fine
      .document('C2', 'commercial_invoice', 'received', '2026-03-12T06:00:00Z'); // after the 00:00 hold
    store.addCase({ shipmentId: 'C5', kind: 'documents_missing', rule: 'docs-due', key: 'certificate_of_origin' });
    const report = buildReport(store, 'customs', WINDOW);
    expect(rows(report, 'document_causes')).toEqual([
      { doc_type: 'certificate_of_origin', cause: 'documents_missing case', count: 1 },
      { doc_type: 'commercial_invoice', cause: 'not received by the hold', count: 1 },
      { doc_type: 'commercial_invoice', cause: 'rejected', count: 1 },
    ]);
    expect(report.notes).toEqual([]);
  });
});
