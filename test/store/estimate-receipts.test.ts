import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CarrierEvent } from '../../src/model/records.js';
import { openStore, type Db } from '../../src/store/database.js';
import { readEstimateReceipts } from '../../src/store/estimate-receipts.js';
import { RecordWriter } from '../../src/store/records.js';
import { clearScope, SCOPE_TABLE } from '../../src/store/timeline-reads.js';
import { at, tempDir } from '../helpers.js';

/** A run as of `asOf` and its writer. */
function run(db: Db, asOf: string): RecordWriter {
  const runId = Number(
    db.prepare(`INSERT INTO runs (command, started_at, as_of_ms, inputs) VALUES ('ingest', ?, ?, '[]')`).run(asOf, Date.parse(asOf)).lastInsertRowid,
  );
  return new RecordWriter(db, runId);
}

function eta(reportedAt: string | undefined, overrides: Partial<CarrierEvent> = {}): CarrierEvent {
  return {
    shipmentId: 'S1',
    refs: [],
    status: 'arrived',
    time: at('2026-03-20T08:00:00Z'),
    classifier: 'estimated',
    reportedAt: reportedAt === undefined ? undefined : at(reportedAt),
    source: { file: 'e.csv', line: 2 },
    ...overrides,
  };
}

const iso = (ms: number) => new Date(ms).toISOString();

/** Every receipt of each stored event, as ISO times, sorted: its reported_at and the recorded ones. */
function receipts(db: Db): Record<number, string[]> {
  clearScope(db);
  db.prepare(`INSERT INTO ${SCOPE_TABLE} (shipment_id) SELECT DISTINCT shipment_id FROM events WHERE shipment_id IS NOT NULL`).run();
  const extra = readEstimateReceipts(db, SCOPE_TABLE);
  const rows = db.prepare('SELECT id, reported_ms FROM events ORDER BY id').all() as { id: number; reported_ms: number | null }[];
  return Object.fromEntries(
    rows.map(({ id, reported_ms }) => [id, [...new Set([...(reported_ms === null ? [] : [reported_ms]), ...(extra.get(id) ?? [])])].sort().map(iso)]),
  );
}

describe('store: every receipt of an estimate', () => {
  it('keeps one estimate event, and each re-send of it as a receipt at its own time, also one received earlier', () => {
    const db = openStore(join(tempDir(), 's.db'));
    const writer = run(db, '2026-03-15T00:00:00Z');
    expect(writer.writeEvent(eta('2026-03-10T00:00:00Z'))).toBe('stored');
    expect(writer.writeEvent(eta('2026-03-12T00:00:00Z'))).toBe('duplicate');
    // The same receipt twice is one receipt.
    expect(writer.writeEvent(eta('2026-03-12T00:00:00Z'))).toBe('duplicate');
    // Read out of order: the stored receipt is lowered (evaluation knows the estimate from then), and
    // the 10 March one stays a receipt.
    expect(writer.writeEvent(eta('2026-03-09T00:00:00Z'))).toBe('duplicate');
    expect(db.prepare('SELECT count(*) FROM events').pluck().get()).toBe(1);
    expect(receipts(db)).toEqual({ 1: ['2026-03-09T00:00:00.000Z', '2026-03-10T00:00:00.000Z', '2026-03-12T00:00:00.000Z'] });
    db.close();
  });

  it('takes the as-of of the run that read it as the receipt of an estimate without reported_at, and of an event id re-sent', () => {
    const db = openStore(join(tempDir(), 's.db'));
    run(db, '2026-03-10T00:00:00Z').writeEvent(eta(undefined));
    run(db, '2026-03-11T00:00:00Z').writeEvent(eta(undefined));
    const identified = { eventId: 'ETA-7', carrier: 'MAEU', time: at('2026-03-22T00:00:00Z') };
    run(db, '2026-03-12T00:00:00Z').writeEvent(eta('2026-03-11T06:00:00Z', identified));
    run(db, '2026-03-13T00:00:00Z').writeEvent(eta(undefined, identified));
    expect(receipts(db)).toEqual({
      1: ['2026-03-10T00:00:00.000Z', '2026-03-11T00:00:00.000Z'],
      2: ['2026-03-11T06:00:00.000Z', '2026-03-13T00:00:00.000Z'],
    });
    db.close();
  });

  it('records no receipts for re-sent actuals', () => {
    const db = openStore(join(tempDir(), 's.db'));
    const writer = run(db, '2026-03-15T00:00:00Z');
    writer.writeEvent(eta('2026-03-10T00:00:00Z', { classifier: 'actual' }));
    writer.writeEvent(eta('2026-03-12T00:00:00Z', { classifier: 'actual' }));
    expect(db.prepare('SELECT count(*) FROM estimate_receipts').pluck().get()).toBe(0);
    db.close();
  });

  it("reads the receipts of the shipments in scope only (a report reads its window's)", () => {
    const db = openStore(join(tempDir(), 's.db'));
    const writer = run(db, '2026-03-15T00:00:00Z');
    // The same estimate sent on the 10th and again on the 12th, for S1 and for S2.
    writer.writeEvent(eta('2026-03-10T00:00:00Z'));
    writer.writeEvent(eta('2026-03-12T00:00:00Z'));
    writer.writeEvent(eta('2026-03-10T00:00:00Z', { shipmentId: 'S2' }));
    writer.writeEvent(eta('2026-03-12T00:00:00Z', { shipmentId: 'S2' }));
    clearScope(db);
    db.prepare(`INSERT INTO ${SCOPE_TABLE} (shipment_id) VALUES ('S2')`).run();
    const read = [...readEstimateReceipts(db, SCOPE_TABLE)].map(([row, times]) => [row, [...times].sort((a, b) => a - b)]);
    expect(read).toEqual([[2, [Date.parse('2026-03-10T00:00:00Z'), Date.parse('2026-03-12T00:00:00Z')]]]);
    db.close();
  });
});
