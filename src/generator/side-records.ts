/**
 * The demo's other inputs, derived from the generated plans and events so every check kind has
 * something to find: shipment documents (some missing, some rejected), warehouse stock counts (some
 * below minimum or off the book), and a carrier portal export with exception codes, an unplanned
 * transshipment and containers nobody planned. Seeded like the rest: same seed, same files.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { luxon } from '../model/luxon.js';
import { loadShipments } from './edi-feeds.js';
import { seededRandom } from './generate.js';

export const SIDE_RECORD_FILES = { documents: 'documents.csv', inventory: 'inventory.csv', portal: 'carrier-portal.csv' } as const;

export interface SideRecordOptions {
  plansPath: string;
  eventsPath: string;
  outDir: string;
  asOf: string;
  seed: number;
}

const HOUR = 3_600_000;
const iso = (epochMs: number) => luxon().DateTime.fromMillis(epochMs, { zone: 'UTC' }).toISO({ suppressMilliseconds: true, suppressSeconds: true })!;
const csv = (rows: (string | number)[][]) => `${rows.map((row) => row.join(',')).join('\n')}\n`;

/** A port a vessel on this lane might call at unplanned (a transshipment or a diversion). */
const DIVERSIONS: Record<string, string> = { USLAX: 'MXZLO', NLRTM: 'BEANR', USSEA: 'CAVAN', DEHAM: 'DEBRV', CAMTR: 'CAHAL', USNYC: 'USBAL' };
const CARRIER_EXCEPTION_REASONS = ['WEA', 'CONG', 'MECH', 'ROLL'];

export async function writeSideRecords(options: SideRecordOptions): Promise<string[]> {
  const random = seededRandom(options.seed ^ 0xd0c5);
  const asOf = Date.parse(options.asOf);
  const shipments = await loadShipments(options.plansPath, options.eventsPath);

  const documents: (string | number)[][] = [['shipment_id', 'doc_type', 'received_at', 'status']];
  const portal: (string | number)[][] = [['shipment_id', 'container', 'status', 'event_time', 'classifier', 'location', 'reason', 'carrier']];
  for (const { plan, actual } of shipments) {
    const departure = plan.planned.departed?.epochMs;
    if ((plan.mode === 'ocean' || plan.mode === 'air') && departure !== undefined) {
      for (const docType of ['commercial_invoice', 'packing_list']) {
        const roll = random();
        const receivedAt = departure - (60 + Math.floor(random() * 180)) * HOUR;
        if (roll < 0.05 || receivedAt > asOf) continue; // never sent
        if (roll < 0.09) {
          documents.push([plan.shipmentId, docType, iso(receivedAt), 'rejected']);
          // Half the rejected documents are sent again, corrected.
          if (random() < 0.5 && receivedAt + 24 * HOUR <= asOf) documents.push([plan.shipmentId, docType, iso(receivedAt + 24 * HOUR), 'received']);
          continue;
        }
        documents.push([plan.shipmentId, docType, iso(receivedAt), 'received']);
      }
    }
    const inTransit = actual.departed !== undefined && actual.departed <= asOf;
    if (inTransit && random() < 0.06) {
      const at = Math.min(asOf - HOUR, actual.departed! + (12 + Math.floor(random() * 72)) * HOUR);
      portal.push([
        plan.shipmentId,
        '',
        'carrier_exception',
        iso(at),
        'actual',
        plan.origin,
        CARRIER_EXCEPTION_REASONS[Math.floor(random() * CARRIER_EXCEPTION_REASONS.length)]!,
        plan.carrier,
      ]);
    }
    const diversion = DIVERSIONS[plan.destination];
    if (plan.mode === 'ocean' && diversion && actual.arrived !== undefined && random() < 0.05) {
      portal.push([plan.shipmentId, '', 'in_transit', iso(actual.arrived - 36 * HOUR), 'actual', diversion, '', plan.carrier]);
    }
  }
  // A feed error: one shipment reported arrived before it departed (the sequence check's finding).
  const garbled = shipments.find((s) => s.plan.mode === 'ocean' && s.actual.departed !== undefined && s.actual.arrived === undefined);
  if (garbled)
    portal.push([
      garbled.plan.shipmentId,
      '',
      'arrived',
      iso(garbled.actual.departed! - 2 * HOUR),
      'actual',
      garbled.plan.destination,
      '',
      garbled.plan.carrier,
    ]);
  // Containers a carrier reports but nobody planned: a missing plan or a mistyped reference.
  for (const [index, container] of ['MSKU9000001', 'MSKU9000002', 'HLXU9000003'].entries()) {
    portal.push(['', container, 'gate_in', iso(asOf - (48 + index * 24) * HOUR), 'actual', 'NLRTM', '', container.slice(0, 4)]);
  }

  const inventory: (string | number)[][] = [['sku', 'location', 'on_hand', 'min_level', 'expected_qty', 'counted_qty', 'as_of']];
  for (const location of ['USATL', 'NLRTM', 'SGSIN']) {
    for (let index = 1; index <= 20; index++) {
      const minLevel = 20 + Math.floor(random() * 80);
      const expected = minLevel + Math.floor(random() * 300) - (random() < 0.1 ? minLevel : 0);
      const off = random() < 0.12 ? Math.round(expected * (0.03 + random() * 0.1)) * (random() < 0.5 ? -1 : 1) : 0;
      const counted = Math.max(0, expected + off);
      inventory.push([`SKU-${String(index).padStart(4, '0')}`, location, counted, minLevel, expected, counted, iso(asOf - 6 * HOUR)]);
    }
  }

  const files: [string, (string | number)[][]][] = [
    [SIDE_RECORD_FILES.documents, documents],
    [SIDE_RECORD_FILES.inventory, inventory],
    [SIDE_RECORD_FILES.portal, portal],
  ];
  return files.map(([name, rows]) => {
    const path = join(options.outDir, name);
    writeFileSync(path, csv(rows));
    return path;
  });
}
