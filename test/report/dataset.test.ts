import { describe, expect, it } from 'vitest';
import { loadReportData, readReportShipments } from '../../src/report/dataset.js';
import type { ShipmentFacts } from '../../src/report/facts.js';
import { shipmentFacts } from '../../src/report/facts.js';
import { DEFAULT_TOLERANCES, ReportScope } from '../../src/report/scope.js';
import { readTimelines } from '../../src/store/timeline-reads.js';
import { TestStore } from './store-builder.js';

const window = (from: string, to: string) => ({ from: Date.parse(from), to: Date.parse(to) });
const MARCH = window('2026-03-01T00:00:00Z', '2026-03-29T00:00:00Z');
const JANUARY = window('2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z');

function periodStore(): TestStore {
  return new TestStore('2026-03-29T00:00:00Z')
    .shipment('DEPARTS-IN', { planned: { departed: '2026-03-10T08:00:00Z' } })
    .shipment('DEPARTS-BEFORE', { planned: { pickup: '2026-03-05T08:00:00Z', departed: '2026-02-27T08:00:00Z' } })
    .shipment('NO-DEPARTURE', { planned: { pickup: '2026-03-02T08:00:00Z', delivered: '2026-04-02T08:00:00Z' } })
    .shipment('AT-FROM', { planned: { departed: '2026-03-01T00:00:00Z' } })
    .shipment('AT-TO', { planned: { departed: '2026-03-29T00:00:00Z' } })
    .shipment('NOTHING-PLANNED', { planned: {} })
    .shipment('IN-JANUARY', { planned: { departed: '2026-01-15T08:00:00Z' } })
    .event('DEPARTS-IN', 'departed', '2026-03-10T09:00:00Z');
}

describe('report data: only the shipments of the windows a report reads', () => {
  it('reads a shipment when its planned departure, else its earliest planned milestone, falls in a window (from ≤ t < to)', () => {
    const store = periodStore();
    const read: ShipmentFacts[] = [];
    readReportShipments(store.db, Date.parse(store.asOf), [MARCH, JANUARY], (shipment) => read.push(shipment));
    expect(read.map((s) => s.shipmentId).sort()).toEqual(['AT-FROM', 'DEPARTS-IN', 'IN-JANUARY', 'NO-DEPARTURE']);
    // The SQL that picks them agrees with the facts' own period instant, for every stored shipment.
    for (const timeline of readTimelines(store.db, { asOf: Date.parse(store.asOf) })) {
      const facts = shipmentFacts(timeline, Date.parse(store.asOf));
      const inAWindow = [MARCH, JANUARY].some((w) => facts.periodAt !== undefined && facts.periodAt >= w.from && facts.periodAt < w.to);
      expect(
        read.some((s) => s.shipmentId === facts.shipmentId),
        facts.shipmentId,
      ).toBe(inAWindow);
    }
    expect(read.find((s) => s.shipmentId === 'DEPARTS-IN')?.actual.departed).toBe(Date.parse('2026-03-10T09:00:00Z'));
    store.close();
  });

  it('reads no shipments for the case reports, and still filters cases by their shipment as stored', () => {
    const store = periodStore().shipment('LITWARE', { customer: 'Litware', carrier: 'BBBB', planned: { departed: '2026-03-12T08:00:00Z' } });
    store.addCase({ shipmentId: 'LITWARE', carrier: 'BBBB' });
    store.addCase({ shipmentId: 'DEPARTS-IN', carrier: 'AAAA' });
    store.addCase({ shipmentId: 'SKU-1@DC', kind: 'inventory_below_min', carrier: null });
    const data = loadReportData(store.db, Date.parse(store.asOf), []);
    const read: ShipmentFacts[] = [];
    readReportShipments(store.db, Date.parse(store.asOf), [], (shipment) => read.push(shipment));
    expect(read).toEqual([]);
    const cases = (filters: object) =>
      new ReportScope(data, { window: MARCH, filters, tolerances: DEFAULT_TOLERANCES })
        .cases()
        .map((c) => c.shipmentId)
        .sort();
    expect(cases({ customer: ['litware'] })).toEqual(['LITWARE']);
    expect(cases({ lane: ['USATL>*'] })).toEqual(['DEPARTS-IN', 'LITWARE']);
    expect(cases({})).toEqual(['DEPARTS-IN', 'LITWARE', 'SKU-1@DC']);
    store.close();
  });

  it('refuses to count shipments in a window it did not read, instead of reporting none', () => {
    const store = periodStore();
    const data = loadReportData(store.db, Date.parse(store.asOf), [MARCH]);
    const scope = new ReportScope(data, { window: MARCH, filters: {}, tolerances: DEFAULT_TOLERANCES });
    const read: ShipmentFacts[] = [];
    readReportShipments(store.db, Date.parse(store.asOf), [MARCH], (shipment) => read.push(shipment));
    expect(read.filter((shipment) => scope.holds(shipment)).length).toBe(3);
    expect(() => scope.holds(read[0]!, JANUARY)).toThrow(/were not read/);
    store.close();
  });
});
