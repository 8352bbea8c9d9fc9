import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { openStore, SCHEMA_VERSION } from '../../src/store/database.js';
import { MIGRATIONS } from '../../src/store/migrations.js';
import { RecordWriter } from '../../src/store/records.js';
import { readTimelines } from '../../src/store/timeline-reads.js';
import { eventKey } from '../../src/store/event-key.js';
import { decodeRefs } from '../../src/store/refs-column.js';
import type { CarrierEvent } from '../../src/model/records.js';
import { at, plan, tempDir } from '../helpers.js';

function store() {
  const db = openStore(join(tempDir(), 's.db'));
  const runId = Number(db.prepare(`INSERT INTO runs (command, started_at, as_of_ms, inputs) VALUES ('test', '', 0, '[]')`).run().lastInsertRowid);
  return { db, writer: new RecordWriter(db, runId) };
}

function carrierEvent(overrides: Partial<CarrierEvent> = {}): CarrierEvent {
  return {
    refs: [],
    status: 'departed',
    time: at('2026-05-05T07:00:00Z'),
    classifier: 'actual',
    location: 'DEHAM',
    source: { file: 'e.csv', line: 2 },
    ...overrides,
  };
}

describe('store: events and plans', () => {
  it('stores a re-sent event once, by fingerprint, wherever it came from', () => {
    const { writer } = store();
    expect(writer.writeEvent(carrierEvent({ shipmentId: 'S2' }))).toBe('stored');
    expect(writer.writeEvent(carrierEvent({ shipmentId: 'S2', source: { file: 'tomorrow.csv', line: 9 } }))).toBe('duplicate');
    // A different time is a different event.
    expect(writer.writeEvent(carrierEvent({ shipmentId: 'S2', time: at('2026-05-05T08:00:00Z') }))).toBe('stored');
  });

  it('keeps two different events whose keys are the same number, and still recognises a re-send of each', () => {
    // Keys are 52-bit hashes: among a shipment's events at every minute of a few days, two share one.
    const seen = new Map<number, CarrierEvent>();
    let pair: [CarrierEvent, CarrierEvent] | undefined;
    for (let minute = 0; !pair; minute++) {
      const event = carrierEvent({ shipmentId: 'S7', time: at(new Date(Date.parse('2026-05-01T00:00:00Z') + minute * 60_000).toISOString()) });
      const key = eventKey(event);
      const earlier = seen.get(key);
      if (earlier) pair = [earlier, event];
      seen.set(key, event);
    }
    const { db, writer } = store();
    expect(writer.writeEvent(pair[0])).toBe('stored');
    expect(writer.writeEvent(pair[1])).toBe('stored');
    expect(writer.writeEvent({ ...pair[0], source: { file: 'again.csv', line: 2 } })).toBe('duplicate');
    expect(writer.writeEvent({ ...pair[1], source: { file: 'again.csv', line: 3 } })).toBe('duplicate');
    expect(db.prepare('SELECT event_ms FROM events ORDER BY id').pluck().all()).toEqual([pair[0].time.epochMs, pair[1].time.epochMs]);
  });

  it('stores an event re-sent with the same id once; the id re-used with other content is kept too, and reported', () => {
    const { writer } = store();
    const collisions: string[] = [];
    const write = (event: CarrierEvent) => writer.writeEvent(event, (message) => collisions.push(message));
    expect(write(carrierEvent({ shipmentId: 'S2', eventId: 'E1', carrier: 'HLCU' }))).toBe('stored');
    expect(write(carrierEvent({ shipmentId: 'S2', eventId: 'E1', carrier: 'HLCU', source: { file: 'again.csv', line: 5 } }))).toBe('duplicate');
    expect(collisions).toEqual([]);
    expect(write(carrierEvent({ shipmentId: 'S2', eventId: 'E1', carrier: 'HLCU', location: 'DEBRV' }))).toBe('stored');
    expect(collisions).toEqual([expect.stringContaining('eventID E1 of publisher HLCU was stored before with other content (e.csv:2); both are kept')]);
    // Another carrier's E1 is another event.
    expect(write(carrierEvent({ shipmentId: 'S2', eventId: 'E1', carrier: 'MAEU' }))).toBe('stored');
    expect(collisions).toHaveLength(1);
  });

  it('matches events to plans by any reference, also when the event came before the plan', () => {
    const { db, writer } = store();
    writer.writeEvent(carrierEvent({ refs: [{ kind: 'container', value: 'HLXU1234567' }] }));
    writer.writeEvent(carrierEvent({ refs: [{ kind: 'pro', value: 'NOPE' }], status: 'arrived' }));
    writer.writePlan(
      plan({
        shipmentId: 'S2',
        refs: [
          { kind: 'bol', value: 'HLCU200' },
          { kind: 'container', value: 'HLXU1234567' },
        ],
      }),
    );
    expect(writer.linkEventsByReference()).toBe(1);
    const timelines = [...readTimelines(db, { asOf: Date.parse('2026-06-01T00:00:00Z') })];
    expect(timelines).toHaveLength(1);
    expect(timelines[0]!.events.map((e) => e.status)).toEqual(['departed']);
    const unmatched = db.prepare('SELECT status FROM events WHERE shipment_id IS NULL').pluck().all();
    expect(unmatched).toEqual(['arrived']);
  });

  it('a document reference wins over a reused container number', () => {
    const { db, writer } = store();
    writer.writePlan(plan({ shipmentId: 'OLD', refs: [{ kind: 'container', value: 'MSCU1111111' }] }));
    writer.writePlan(plan({ shipmentId: 'NEW', refs: [{ kind: 'bol', value: 'B-9' }] }));
    writer.writeEvent(
      carrierEvent({
        refs: [
          { kind: 'container', value: 'MSCU1111111' },
          { kind: 'bol', value: 'B-9' },
        ],
      }),
    );
    writer.linkEventsByReference();
    expect(db.prepare('SELECT shipment_id FROM events').pluck().get()).toBe('NEW');
  });

  it('links an event to a plan written after an earlier event with the same reference found none', () => {
    const { db, writer } = store();
    writer.writeEvent(carrierEvent({ refs: [{ kind: 'pro', value: 'P-1' }] }));
    writer.writePlan(plan({ shipmentId: 'S7', refs: [{ kind: 'pro', value: 'P-1' }] }));
    writer.writeEvent(carrierEvent({ refs: [{ kind: 'pro', value: 'P-1' }], status: 'arrived' }));
    const linked = db.prepare('SELECT status, shipment_id AS shipment FROM events ORDER BY id').all();
    expect(linked).toEqual([
      { status: 'departed', shipment: null },
      { status: 'arrived', shipment: 'S7' },
    ]);
    expect(writer.linkEventsByReference()).toBe(2);
  });

  it('links events of more shipments than it remembers references for, in any order', () => {
    const { db, writer } = store();
    const shipments = 5000;
    for (let n = 0; n < shipments; n++) writer.writePlan(plan({ shipmentId: `S${n}`, refs: [{ kind: 'container', value: `CONT${n}` }] }));
    // Twice over, the second time backwards: every lookup of the second pass is long forgotten or just seen.
    const order = [...Array(shipments).keys()];
    for (const [pass, sequence] of [order, [...order].reverse()].entries()) {
      for (const n of sequence) {
        const ref = [{ kind: 'container' as const, value: `CONT${n}` }];
        writer.writeEvent(carrierEvent({ refs: ref, time: at(`2026-05-0${5 + pass}T07:00:00Z`), location: `L${n}` }));
      }
    }
    const mismatched = db.prepare(`SELECT count(*) FROM events WHERE shipment_id IS NOT 'S' || substr(location, 2)`).pluck().get();
    expect(db.prepare('SELECT count(*) FROM events').pluck().get()).toBe(2 * shipments);
    expect(mismatched).toBe(0);
  });

  it('an event whose references name different plans goes to the latest planned, else the first by id', () => {
    const { db, writer } = store();
    const laterRun = Number(db.prepare(`INSERT INTO runs (command, started_at, as_of_ms, inputs) VALUES ('test', '', 0, '[]')`).run().lastInsertRowid);
    const later = new RecordWriter(db, laterRun);
    writer.writePlan(plan({ shipmentId: 'A-OLD', refs: [{ kind: 'bol', value: 'B-1' }] }));
    writer.writePlan(plan({ shipmentId: 'Z-OLD', refs: [{ kind: 'pro', value: 'P-1' }] }));
    later.writePlan(plan({ shipmentId: 'M-NEW', refs: [{ kind: 'booking', value: 'K-1' }] }));
    const linkedTo = (refs: { kind: 'bol' | 'booking' | 'pro'; value: string }[], status: 'departed' | 'arrived' | 'delivered') => {
      later.writeEvent(carrierEvent({ refs, status }));
      return db.prepare('SELECT shipment_id FROM events WHERE status = ?').pluck().get(status);
    };
    expect(
      linkedTo(
        [
          { kind: 'bol', value: 'B-1' },
          { kind: 'booking', value: 'K-1' },
        ],
        'departed',
      ),
    ).toBe('M-NEW');
    expect(
      linkedTo(
        [
          { kind: 'booking', value: 'K-1' },
          { kind: 'bol', value: 'B-1' },
        ],
        'arrived',
      ),
    ).toBe('M-NEW');
    // Planned in the same run: the smaller shipment id, whichever reference comes first.
    expect(
      linkedTo(
        [
          { kind: 'pro', value: 'P-1' },
          { kind: 'bol', value: 'B-1' },
        ],
        'delivered',
      ),
    ).toBe('A-OLD');
  });

  it('a container number planned for several shipments links to the latest planned, else the first by id, as the deferred link does', () => {
    const { db, writer } = store();
    const laterRun = Number(db.prepare(`INSERT INTO runs (command, started_at, as_of_ms, inputs) VALUES ('test', '', 0, '[]')`).run().lastInsertRowid);
    const later = new RecordWriter(db, laterRun);
    const container = (value: string) => [{ kind: 'container' as const, value }];
    writer.writePlan(plan({ shipmentId: 'B-FIRST', refs: container('MSCU1111111') }));
    writer.writePlan(plan({ shipmentId: 'A-FIRST', refs: container('MSCU1111111') }));
    later.writePlan(plan({ shipmentId: 'Z-LATER', refs: container('MSCU1111111') }));
    writer.writePlan(plan({ shipmentId: 'D-SAME', refs: container('TGHU2222222') }));
    writer.writePlan(plan({ shipmentId: 'C-SAME', refs: container('TGHU2222222') }));
    later.writeEvent(carrierEvent({ refs: container('MSCU1111111'), status: 'departed' }));
    later.writeEvent(carrierEvent({ refs: container('TGHU2222222'), status: 'arrived' }));
    const linked = () => db.prepare('SELECT status, shipment_id AS shipment FROM events ORDER BY id').all();
    expect(linked()).toEqual([
      { status: 'departed', shipment: 'Z-LATER' },
      { status: 'arrived', shipment: 'C-SAME' },
    ]);
    // The same events linked afterwards, by linkEventsByReference's SQL, go to the same plans.
    db.prepare('UPDATE events SET shipment_id = NULL').run();
    for (const id of db.prepare('SELECT id FROM events').pluck().all() as number[]) {
      const refs = decodeRefs(db.prepare('SELECT refs FROM events WHERE id = ?').pluck().get(id) as string);
      for (const ref of refs) db.prepare('INSERT OR IGNORE INTO event_refs (event_id, kind, value) VALUES (?, ?, ?)').run(id, ref.kind, ref.value);
    }
    later.linkEventsByReference();
    expect(linked()).toEqual([
      { status: 'departed', shipment: 'Z-LATER' },
      { status: 'arrived', shipment: 'C-SAME' },
    ]);
  });

  it('an unchanged plan is not rewritten; a changed one is updated', () => {
    const { writer } = store();
    const shipment = plan({ planned: { departed: '2026-05-01T00:00:00Z' } });
    expect(writer.writePlan(shipment)).toBe('inserted');
    expect(writer.writePlan({ ...shipment, source: { file: 'other.csv', line: 40 } })).toBe('unchanged');
    expect(writer.writePlan(plan({ planned: { departed: '2026-05-02T00:00:00Z' } }))).toBe('updated');
  });

  it('a retracted event no longer counts', () => {
    const { db, writer } = store();
    writer.writePlan(plan({ shipmentId: 'S1' }));
    writer.writeEvent(carrierEvent({ shipmentId: 'S1', eventId: 'EV-1' }));
    expect(writer.writeEvent(carrierEvent({ shipmentId: 'S1', eventId: 'EV-2', retracts: 'EV-1' }))).toBe('retraction');
    expect([...readTimelines(db, { asOf: Date.parse('2026-06-01T00:00:00Z') })][0]!.events).toEqual([]);
  });

  it('keeps recognising events stored before fingerprint keys started with the identity (migration 8)', () => {
    const path = join(tempDir(), 'v7.db');
    const old = new Database(path);
    for (const migration of MIGRATIONS.slice(0, 7)) old.exec(migration);
    old.pragma('user_version = 7');
    old.prepare(`INSERT INTO runs (command, started_at, as_of_ms, inputs) VALUES ('audit', '', 0, '[]')`).run();
    // How logex keyed an event without a carrier event id before: the SHA-1 of this, in hex.
    const oldKey = (identity: string, e: CarrierEvent) =>
      `fp:${createHash('sha1')
        .update([identity, e.status, e.classifier, e.time.epochMs, e.location ?? '', e.reason ?? '', e.rawCode ?? ''].join('|'))
        .digest('hex')}`;
    const bol = { kind: 'bol' as const, value: 'B-1' };
    const container = { kind: 'container' as const, value: 'MSCU1234565' };
    const stored: [CarrierEvent, string, string | null][] = [
      // named its shipment and carried references: keyed by the shipment
      [carrierEvent({ shipmentId: 'S1', refs: [bol] }), 'shipment:S1', 'S1'],
      // named none and was linked to S1 by its references: keyed by the references, stored with S1
      [carrierEvent({ refs: [container, bol], status: 'arrived' }), 'bol:B-1;container:MSCU1234565', 'S1'],
      // matched no plan
      [carrierEvent({ refs: [{ kind: 'pro', value: 'P-9' }], reason: 'weather' }), 'pro:P-9', null],
      [carrierEvent({ shipmentId: 'S2', location: undefined }), 'shipment:S2', 'S2'],
    ];
    const insert = old.prepare(`INSERT INTO events (event_key, shipment_id, status, classifier, event_ms, event_text, event_zone, event_zone_source,
      location, reason, refs, source_file, run_id) VALUES (?, ?, ?, ?, ?, '', 'UTC', 'offset', ?, ?, ?, 'old.csv', 1)`);
    for (const [event, identity, shipmentId] of stored) {
      insert.run(
        oldKey(identity, event),
        shipmentId,
        event.status,
        event.classifier,
        event.time.epochMs,
        event.location ?? null,
        event.reason ?? null,
        JSON.stringify(event.refs),
      );
    }
    insert.run('id:HLCU:E-7', 'S1', 'departed', 'actual', 0, null, null, '[]');
    old.close();

    const db = openStore(path);
    const writer = new RecordWriter(db, 1);
    for (const [event] of stored) expect(writer.writeEvent(event), JSON.stringify(event)).toBe('duplicate');
    expect(writer.writeEvent(carrierEvent({ shipmentId: 'S1', refs: [bol], status: 'delivered' }))).toBe('stored');
    // Five events, one of them new; keys are numbers since migration 12.
    expect(db.prepare('SELECT typeof(event_key), count(*) FROM events GROUP BY 1').raw().all()).toEqual([['integer', 6]]);
  });

  it('refuses a database from a newer logex, leaving it untouched', () => {
    const path = join(tempDir(), 'future.db');
    const future = new Database(path);
    future.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    future.close();
    expect(() => openStore(path)).toThrow(`schema version ${SCHEMA_VERSION + 1}, newer than this logex knows (${SCHEMA_VERSION}); upgrade logex`);
    const check = new Database(path);
    expect(check.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION + 1);
    check.close();
  });
});
