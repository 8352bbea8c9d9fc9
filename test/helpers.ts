/** Builders for small, explicit test data: every time written out in the test that uses it. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ShipmentPlan, ShipmentTimeline, StoredEvent, TimeValue } from '../src/model/records.js';
import type { Classifier, Milestone, Status } from '../src/model/vocabulary.js';

export function at(iso: string): TimeValue {
  const epochMs = Date.parse(iso);
  if (Number.isNaN(epochMs)) throw new Error(`bad test time ${iso}`);
  return { epochMs, text: iso, zone: 'UTC', zoneSource: 'offset' };
}

export function plan(overrides: Omit<Partial<ShipmentPlan>, 'planned'> & { planned?: Partial<Record<Milestone, string>> } = {}): ShipmentPlan {
  const { planned = {}, ...rest } = overrides;
  return {
    shipmentId: 'S1',
    carrier: 'MAEU',
    mode: 'ocean',
    origin: 'CNSHA',
    destination: 'USLAX',
    customer: 'Contoso',
    priority: 'normal',
    serviceLevel: 'STD',
    route: ['CNSHA', 'USLAX'],
    refs: [],
    requiredDocs: [],
    source: { file: 'plans.csv', line: 2 },
    ...rest,
    planned: Object.fromEntries(Object.entries(planned).map(([m, iso]) => [m, at(iso!)])),
  };
}

let nextEventId = 1;
export function event(status: Status, time: string, options: { classifier?: Classifier; reportedAt?: string; location?: string } = {}): StoredEvent {
  return {
    id: nextEventId++,
    shipmentId: 'S1',
    refs: [],
    status,
    time: at(time),
    classifier: options.classifier ?? 'actual',
    reportedAt: options.reportedAt ? at(options.reportedAt) : undefined,
    location: options.location,
    source: { file: 'events.csv', line: nextEventId },
  };
}

export function timeline(shipment: ShipmentPlan, events: StoredEvent[] = []): ShipmentTimeline {
  return { plan: shipment, events, documents: [] };
}

export function tempDir(prefix = 'logex-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
