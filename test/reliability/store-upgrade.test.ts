/**
 * The first run after an upgrade migrates the store, which can take a while on a large one (migrations 8,
 * 12 and 15 rewrite every stored event): the run says so on stderr, unless it is --quiet, and then audits
 * as usual.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { CODE_TABLES } from '../../src/model/codes/index.js';
import { CodeResolver } from '../../src/model/codes/resolver.js';
import { LocationTable } from '../../src/model/locations.js';
import { runIngest } from '../../src/pipeline/ingest-run.js';
import type { InputRole } from '../../src/pipeline/read-input.js';
import { openStore, SCHEMA_VERSION, type Db } from '../../src/store/database.js';
import { compactEventKey, eventKeyText, migratedEventKey, migratedIdentifiedKey } from '../../src/store/event-key.js';
import { RecordWriter } from '../../src/store/records.js';
import { readTimeline } from '../../src/store/timeline-reads.js';
import { decodeRefs } from '../../src/store/refs-column.js';
import { readTimeText, readZoneSource } from '../../src/store/time-text.js';
import type { CarrierEvent, StoredEvent } from '../../src/model/records.js';
import { tempDir } from '../helpers.js';
import { MIGRATIONS } from '../../src/store/migrations.js';
import { auditArgs, dbIn, generatedInputs, runInProcess } from './scenario.js';
import { asSchema14 } from './schema-14.js';

/** A store as logex left it at schema version 7, with one event stored under the key format of then. */
function version7Store(): string {
  const path = dbIn();
  const old = new Database(path);
  for (const migration of MIGRATIONS.slice(0, 7)) old.exec(migration);
  old.pragma('user_version = 7');
  old.prepare(`INSERT INTO runs (command, started_at, as_of_ms, inputs) VALUES ('ingest', '', 0, '[]')`).run();
  old
    .prepare(
      `INSERT INTO events (event_key, status, classifier, event_ms, event_text, event_zone, event_zone_source, refs, source_file, run_id)
    VALUES ('fp:0123456789abcdef0123456789abcdef01234567', 'departed', 'actual', 0, '', 'UTC', 'offset', '[{"kind":"bol","value":"B-1"}]', 'old.csv', 1)`,
    )
    .run();
  old.close();
  return path;
}

describe('store upgrade', () => {
  it('says it is upgrading an older store, then audits; --quiet says nothing', async () => {
    const inputs = await generatedInputs(50);
    const told = await runInProcess(auditArgs(inputs, version7Store()));
    expect(told.code).toBe(0);
    expect(told.stderr).toContain(
      `note: upgrading the store from schema version 7 to ${SCHEMA_VERSION}: rewriting 1 stored event (about 30 s per million); "logex db compact" afterwards gives the space this frees back to the disk\n`,
    );
    expect(JSON.parse(told.stdout).exceptions.length).toBeGreaterThan(0);

    const quiet = await runInProcess(auditArgs(inputs, version7Store(), ['--quiet', '--out', dbIn().replace(/db$/, 'json')]));
    expect(quiet.code).toBe(0);
    expect(quiet.stderr).toBe('');
  });
});

/**
 * Migration 10: a store written by the version that keyed events "id:<carrier>:<event id>" and kept one
 * document record per (shipment, type, status). After the upgrade, re-reading the same files adds no
 * event, and what the old store knew is still there.
 */
describe('store upgrade to whole histories (schema 10)', () => {
  const readerOptions = { time: new LocationTable().timeContext('UTC'), codes: new CodeResolver(CODE_TABLES, {}) };
  const ingest = (db: Db, inputs: { role: InputRole; path: string }[]) =>
    runIngest(db, { inputs, now: '2026-03-20T00:00:00Z', asOf: Date.parse('2026-03-20T00:00:00Z'), readerOptions, continueOnRejects: false });

  it('re-keys the events of a version-9 store: the same files again add nothing', async () => {
    const dir = tempDir();
    const write = (name: string, text: string) => {
      const path = join(dir, name);
      writeFileSync(path, text);
      return path;
    };
    const csv = write('monday.csv', 'shipment_id,carrier,status,event_time,location,event_id\nS1,MAEU,departed,2026-03-09T08:00:00Z,CNSHA,77\n');
    // A DCSA v2.2 page naming its publisher: the version before read no publisher, so stored none.
    const dcsa = write(
      'page.json',
      JSON.stringify([
        {
          eventID: 'E-1',
          eventType: 'TRANSPORT',
          eventClassifierCode: 'ACT',
          transportEventTypeCode: 'ARRI',
          eventCreatedDateTime: '2026-03-12T12:00:00Z',
          eventDateTime: '2026-03-12T08:00:00Z',
          transportDocumentReference: 'BOL-1',
          publisher: { partyName: 'Maersk', identifyingCodes: [{ DCSAResponsibleAgencyCode: 'SMDG', partyCode: 'MSK' }] },
        },
      ]),
    );
    const documents = write(
      'documents.csv',
      'shipment_id,doc_type,received_at,status\nS1,invoice,2026-03-06T00:00:00Z,received\nS1,invoice,2026-03-14T00:00:00Z,received\n',
    );

    // The events as that version stored them: the same columns (read by this version), its keys.
    const scratch = openStore(join(dir, 'scratch.db'));
    await ingest(scratch, [
      { role: 'events', path: csv },
      { role: 'events', path: dcsa },
    ]);
    const rows = scratch
      .prepare('SELECT e.*, f.path AS source_file FROM events e JOIN source_files f ON f.id = e.source_file_id ORDER BY e.id')
      .all() as Record<string, unknown>[];
    scratch.close();
    expect(rows).toHaveLength(2);

    const path = join(dir, 'v9.db');
    const old = new Database(path);
    old.function('logex_migrated_event_key', { deterministic: true }, migratedEventKey);
    for (const migration of MIGRATIONS.slice(0, 9)) old.exec(migration);
    old.pragma('user_version = 9');
    old.prepare(`INSERT INTO runs (command, started_at, as_of_ms, inputs) VALUES ('ingest', '', 0, '[]')`).run();
    for (const row of rows) {
      const { publisher, source_file_id: _, ...columns } = row;
      expect(publisher).not.toBeNull();
      const values = {
        ...columns,
        event_key: `id:${(row.carrier as string | null) ?? ''}:${row.event_id as string}`,
        run_id: 1,
        // As that version wrote them: every text as read, references as {kind, value} objects.
        event_text: readTimeText(row.event_text as string, row.event_ms as number, row.event_zone as string),
        event_zone_source: readZoneSource(row.event_zone_source as string),
        reported_text: row.reported_ms === null ? null : readTimeText(row.reported_text as string, row.reported_ms as number, 'UTC'),
        refs: JSON.stringify(decodeRefs(row.refs as string)),
      };
      old
        .prepare(
          `INSERT INTO events (${Object.keys(values).join(', ')}) VALUES (${Object.keys(values)
            .map((k) => `@${k}`)
            .join(', ')})`,
        )
        .run(values);
    }
    // One document row per (shipment, type, status): the later receipt had replaced the earlier one.
    old
      .prepare(
        `INSERT INTO documents (shipment_id, doc_type, status, received_ms, received_text, source_file, source_line, run_id)
      VALUES ('S1', 'invoice', 'received', ?, '2026-03-14T00:00:00Z', ?, 3, 1)`,
      )
      .run(Date.parse('2026-03-14T00:00:00Z'), documents);
    old.prepare(`INSERT INTO retractions (event_id, run_id, source_file) VALUES ('E-9', 1, 'old.json')`).run();
    old.close();

    const db = openStore(path);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    // Keyed by their publisher (unknown for DCSA then), as numbers since migration 12.
    expect(db.prepare('SELECT typeof(event_key), publisher FROM events ORDER BY id').raw().all()).toEqual([
      ['integer', 'MAEU'],
      ['integer', ''],
    ]);
    expect(db.prepare('SELECT event_id, publisher FROM retractions').raw().all()).toEqual([['E-9', '']]);

    const again = await ingest(db, [
      { role: 'events', path: csv },
      { role: 'events', path: dcsa },
      { role: 'documents', path: documents },
    ]);
    expect(again.log.counts).toMatchObject({ eventsStored: 0, eventsDuplicate: 2, documentsStored: 1 });
    expect(again.log.warnings.filter((w) => w.message.includes('stored before'))).toEqual([]);
    expect(db.prepare('SELECT count(*) FROM events').pluck().get()).toBe(2);
    // The receipt of 03-06 the old store had lost is back; 03-14 is not stored twice.
    expect(db.prepare('SELECT received_text FROM documents ORDER BY received_ms').pluck().all()).toEqual(['2026-03-06T00:00:00Z', '2026-03-14T00:00:00Z']);
    db.close();
  });
});

/**
 * Migration 11: a version-10 store gains the table of estimate receipts. An estimate stored before the
 * upgrade and re-sent after it keeps both receipts; what the old store had dropped stays unknown.
 */
describe('store upgrade to estimate receipts (schema 11)', () => {
  it('records the re-send of an estimate stored by version 10 beside its first receipt', () => {
    const path = join(tempDir(), 'v10.db');
    const old = new Database(path);
    old.function('logex_migrated_event_key', { deterministic: true }, migratedEventKey);
    old.function('logex_migrated_identified_key', { deterministic: true }, migratedIdentifiedKey);
    for (const migration of MIGRATIONS.slice(0, 10)) old.exec(migration);
    old.pragma('user_version = 10');
    old.close();
    const estimate = {
      shipmentId: 'S1',
      refs: [],
      status: 'arrived' as const,
      classifier: 'estimated' as const,
      time: { epochMs: Date.parse('2026-03-20T00:00:00Z'), text: '2026-03-20T00:00:00Z', zone: 'UTC', zoneSource: 'offset' as const },
      source: { file: 'eta.csv', line: 2 },
    };
    const reported = (iso: string) => ({ epochMs: Date.parse(iso), text: iso, zone: 'UTC', zoneSource: 'offset' as const });
    const writeIn = (db: Db, iso: string) => {
      const runId = Number(db.prepare(`INSERT INTO runs (command, started_at, as_of_ms, inputs) VALUES ('ingest', '', 0, '[]')`).run().lastInsertRowid);
      return new RecordWriter(db, runId).writeEvent({ ...estimate, reportedAt: reported(iso) });
    };
    // The estimate as version 10 stored it: under the key of today's writer, received 10 March.
    const before = new Database(path);
    before.prepare(`INSERT INTO runs (command, started_at, as_of_ms, inputs) VALUES ('ingest', '', 0, '[]')`).run();
    before
      .prepare(
        `INSERT INTO events (event_key, shipment_id, status, classifier, event_ms, event_text, event_zone, event_zone_source,
        reported_ms, reported_text, refs, source_file, run_id)
      VALUES (?, 'S1', 'arrived', 'estimated', ?, '2026-03-20T00:00:00Z', 'UTC', 'offset', ?, '2026-03-10T00:00:00Z', '[]', 'eta.csv', 1)`,
      )
      .run(eventKeyText(estimate), estimate.time.epochMs, Date.parse('2026-03-10T00:00:00Z'));
    before.close();

    const db = openStore(path);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(writeIn(db, '2026-03-12T00:00:00Z')).toBe('duplicate');
    expect(db.prepare('SELECT received_ms FROM estimate_receipts ORDER BY received_ms').pluck().all()).toEqual([
      Date.parse('2026-03-10T00:00:00Z'),
      Date.parse('2026-03-12T00:00:00Z'),
    ]);
    db.close();
  });
});

/**
 * Migration 12: a store of schema 10 (text event keys, each row with its file's path) becomes one with
 * numbered source files and numeric keys. The events keep their ids and where they came from, two stored
 * keys that hash to one number both stay, and the same event again is still a duplicate.
 */
describe('store upgrade to compact keys and source file ids (schema 12)', () => {
  it('keeps every event, its id and its source, and still recognises re-sent events', () => {
    const path = join(tempDir(), 'v10.db');
    const old = new Database(path);
    old.function('logex_migrated_event_key', { deterministic: true }, migratedEventKey);
    old.function('logex_migrated_identified_key', { deterministic: true }, migratedIdentifiedKey);
    for (const migration of MIGRATIONS.slice(0, 10)) old.exec(migration);
    old.pragma('user_version = 10');
    old.prepare(`INSERT INTO runs (command, started_at, as_of_ms, inputs) VALUES ('audit', '', 0, '[]')`).run();
    old
      .prepare(
        `INSERT INTO shipments (shipment_id, carrier, mode, origin, destination, customer, priority, service_level, planned, route,
      required_docs, source_file, source_line, content_hash, first_run, updated_run)
      VALUES ('S1', 'MAEU', 'ocean', 'CNSHA', 'USLAX', 'Contoso', 'normal', 'STD', '{}', '[]', '[]', 'plans.csv', 2, 'h', 1, 1)`,
      )
      .run();
    const departed: CarrierEvent = {
      shipmentId: 'S1',
      refs: [],
      status: 'departed',
      classifier: 'actual',
      location: 'CNSHA',
      time: { epochMs: Date.parse('2026-03-09T08:00:00Z'), text: '2026-03-09T08:00:00Z', zone: 'UTC', zoneSource: 'offset' },
      source: { file: 'monday.csv', line: 2 },
    };
    const insert = old.prepare(`INSERT INTO events (id, event_key, shipment_id, status, classifier, event_ms, event_text, event_zone, event_zone_source,
      location, refs, source_file, source_line, run_id) VALUES (?, ?, 'S1', ?, 'actual', ?, '', 'UTC', 'offset', 'CNSHA', '[]', ?, ?, 1)`);
    insert.run(5, eventKeyText(departed), 'departed', departed.time.epochMs, 'monday.csv', 2);
    // Two keys whose numbers coincide: the same identity and the same first 28 bits of the hash.
    insert.run(8, 'fp:shipment:S1#0123456aaaaaaaaa', 'arrived', Date.parse('2026-03-20T08:00:00Z'), 'tuesday.csv', 3);
    insert.run(9, 'fp:shipment:S1#0123456bbbbbbbbb', 'delivered', Date.parse('2026-03-22T08:00:00Z'), 'tuesday.csv', 4);
    old.close();

    const db = openStore(path);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    // Keys are numbers now; the departure's is the one a new write computes (its re-send below is a
    // duplicate), and of the two whose numbers coincide the second took the next number.
    const keys = db.prepare('SELECT id, event_key FROM events ORDER BY id').raw().all() as [number, number][];
    expect(keys.map(([id]) => id)).toEqual([5, 8, 9]);
    expect(keys.every(([, key]) => Number.isSafeInteger(key))).toBe(true);
    expect(keys[2]![1]).toBe(keys[1]![1] + 1);
    const timeline = readTimeline(db, 'S1')!;
    expect(timeline.plan.source).toEqual({ file: 'plans.csv', line: 2 });
    expect((timeline.events as StoredEvent[]).map((event) => [event.status, event.source.file, event.source.line])).toEqual([
      ['departed', 'monday.csv', 2],
      ['arrived', 'tuesday.csv', 3],
      ['delivered', 'tuesday.csv', 4],
    ]);
    const runId = Number(db.prepare(`INSERT INTO runs (command, started_at, as_of_ms, inputs) VALUES ('ingest', '', 0, '[]')`).run().lastInsertRowid);
    const writer = new RecordWriter(db, runId);
    expect(writer.writeEvent({ ...departed, source: { file: 'monday-again.csv', line: 7 } })).toBe('duplicate');
    expect(writer.writeEvent({ ...departed, status: 'pickup' })).toBe('stored');
    // Every file read is numbered, also one whose events were all stored before.
    expect(db.prepare('SELECT path FROM source_files ORDER BY id').pluck().all()).toEqual(['monday.csv', 'plans.csv', 'tuesday.csv', 'monday-again.csv']);
    db.close();
  });
});

/**
 * Migration 13: planned times stored as one array per milestone instead of an object. Two plans as the
 * version of schema 12 stored them (their content hashes are the ones it computed) read back with the
 * same times, text and zones, and the same plans file again changes nothing. A plan with no planned
 * time stays without one.
 */
describe('store upgrade to compact planned times (schema 13)', () => {
  it('reads the plans of a schema-12 store back unchanged, and a re-read of their file is unchanged', async () => {
    const dir = tempDir();
    const plans = join(dir, 'plans.csv');
    writeFileSync(
      plans,
      [
        'shipment_id,carrier,mode,origin,destination,customer,priority,service_level,planned_pickup,planned_departed,planned_arrived,planned_delivered,route,refs,quantity,value',
        'SHP00001,MAEU,ocean,CNSHA,USLAX,Tailspin,critical,STD,2026-03-03T06:00+08:00,2026-03-06T06:00+08:00,2026-03-23T15:00-07:00,2026-03-27T15:00-07:00,CNSHA>USLAX,bol:MAEU100001;container:MAEU1000001,19,59981',
        'SHP00002,EXLA,road,USDAL,USHOU,Contoso,critical,LTL,2026-01-31T04:00-06:00,2026-01-31T08:00-06:00,2026-01-31T13:00-06:00,2026-01-31T17:00-06:00,USDAL>USHOU,bol:EXLA100002;pro:EXLA7000002,12,136975',
        '',
      ].join('\n'),
    );
    const path = join(dir, 'v12.db');
    const old = new Database(path);
    old.function('logex_migrated_event_key', { deterministic: true }, migratedEventKey);
    old.function('logex_migrated_identified_key', { deterministic: true }, migratedIdentifiedKey);
    old.function('logex_compact_event_key', { deterministic: true }, compactEventKey);
    for (const migration of MIGRATIONS.slice(0, 12)) old.exec(migration);
    old.pragma('user_version = 12');
    old.prepare(`INSERT INTO runs (command, started_at, as_of_ms, inputs) VALUES ('audit', '', 0, '[]')`).run();
    old.prepare('INSERT INTO source_files (id, path) VALUES (1, ?)').run(plans);
    const insertPlan = old.prepare(`INSERT INTO shipments (shipment_id, carrier, mode, origin, destination, customer, priority, service_level, planned,
      route, required_docs, quantity, value, source_file_id, source_line, content_hash, first_run, updated_run)
      VALUES (?, ?, ?, ?, ?, ?, 'critical', ?, ?, ?, '[]', ?, ?, 1, ?, ?, 1, 1)`);
    insertPlan.run(
      'SHP00001',
      'MAEU',
      'ocean',
      'CNSHA',
      'USLAX',
      'Tailspin',
      'STD',
      '{"pickup":{"epochMs":1772488800000,"text":"2026-03-03T06:00+08:00","zone":"+08:00","zoneSource":"offset"},' +
        '"departed":{"epochMs":1772748000000,"text":"2026-03-06T06:00+08:00","zone":"+08:00","zoneSource":"offset"},' +
        '"arrived":{"epochMs":1774303200000,"text":"2026-03-23T15:00-07:00","zone":"-07:00","zoneSource":"offset"},' +
        '"delivered":{"epochMs":1774648800000,"text":"2026-03-27T15:00-07:00","zone":"-07:00","zoneSource":"offset"}}',
      '["CNSHA","USLAX"]',
      19,
      59981,
      2,
      '3333c02abe108d123e262ca83d21bc6f6d5346b5',
    );
    insertPlan.run(
      'SHP00002',
      'EXLA',
      'road',
      'USDAL',
      'USHOU',
      'Contoso',
      'LTL',
      '{"pickup":{"epochMs":1769853600000,"text":"2026-01-31T04:00-06:00","zone":"-06:00","zoneSource":"offset"},' +
        '"departed":{"epochMs":1769868000000,"text":"2026-01-31T08:00-06:00","zone":"-06:00","zoneSource":"offset"},' +
        '"arrived":{"epochMs":1769886000000,"text":"2026-01-31T13:00-06:00","zone":"-06:00","zoneSource":"offset"},' +
        '"delivered":{"epochMs":1769900400000,"text":"2026-01-31T17:00-06:00","zone":"-06:00","zoneSource":"offset"}}',
      '["USDAL","USHOU"]',
      12,
      136975,
      3,
      'dd886d8dcb13a1283781fa87947427e6aa13bc10',
    );
    insertPlan.run('S-NONE', 'MAEU', 'ocean', 'CNSHA', 'USLAX', 'Tailspin', 'STD', '{}', '[]', null, null, 4, 'h');
    const insertRef = old.prepare('INSERT INTO shipment_refs (kind, value, shipment_id) VALUES (?, ?, ?)');
    insertRef.run('bol', 'MAEU100001', 'SHP00001');
    insertRef.run('container', 'MAEU1000001', 'SHP00001');
    insertRef.run('bol', 'EXLA100002', 'SHP00002');
    insertRef.run('pro', 'EXLA7000002', 'SHP00002');
    old.close();

    const db = openStore(path);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    // Arrays since 13; since 15 without the texts that the instant and offset write back.
    expect(db.prepare(`SELECT planned FROM shipments WHERE shipment_id = 'SHP00002'`).pluck().get()).toBe(
      '{"pickup":[1769853600000,"-06:00"],"departed":[1769868000000,"-06:00"],"arrived":[1769886000000,"-06:00"],"delivered":[1769900400000,"-06:00"]}',
    );
    expect(readTimeline(db, 'SHP00001')!.plan.planned).toEqual({
      pickup: { epochMs: Date.parse('2026-03-02T22:00:00Z'), text: '2026-03-03T06:00+08:00', zone: '+08:00', zoneSource: 'offset' },
      departed: { epochMs: Date.parse('2026-03-05T22:00:00Z'), text: '2026-03-06T06:00+08:00', zone: '+08:00', zoneSource: 'offset' },
      arrived: { epochMs: Date.parse('2026-03-23T22:00:00Z'), text: '2026-03-23T15:00-07:00', zone: '-07:00', zoneSource: 'offset' },
      delivered: { epochMs: Date.parse('2026-03-27T22:00:00Z'), text: '2026-03-27T15:00-07:00', zone: '-07:00', zoneSource: 'offset' },
    });
    expect(readTimeline(db, 'S-NONE')!.plan.planned).toEqual({});

    const readerOptions = { time: new LocationTable().timeContext('UTC'), codes: new CodeResolver(CODE_TABLES, {}) };
    const again = await runIngest(db, {
      inputs: [{ role: 'plans', path: plans }],
      now: '2026-03-20T00:00:00Z',
      asOf: Date.parse('2026-03-20T00:00:00Z'),
      readerOptions,
      continueOnRejects: false,
    });
    expect(again.log.counts).toMatchObject({ plansInserted: 0, plansUpdated: 0, plansUnchanged: 2 });
    db.close();
  });
});

/**
 * Migration 15: texts that the instant and zone write back are stored as '', references as a flat array,
 * planned times without such texts. A store of schema 14 (every text as read, references as objects)
 * reads back the same timelines after the upgrade, and the same files again add nothing.
 */
describe('store upgrade to texts left out where they are written back (schema 15)', () => {
  it('reads every time back as written, stores only the texts it cannot write back, and re-sent events stay duplicates', async () => {
    const dir = tempDir();
    const plans = join(dir, 'plans.csv');
    writeFileSync(
      plans,
      [
        'shipment_id,carrier,mode,origin,destination,customer,priority,service_level,planned_pickup,planned_departed,planned_arrived,planned_delivered,route,refs',
        'S1,MAEU,ocean,CNSHA,USLAX,Tailspin,normal,STD,2026-03-03T06:00+08:00,2026-03-06 06:00,2026-03-23T15:00:00-07:00,2026-03-27T22:00Z,CNSHA>USLAX,bol:MAEU1;container:MAEU1000001',
        '',
      ].join('\n'),
    );
    const events = join(dir, 'events.csv');
    writeFileSync(
      events,
      [
        'shipment_id,container,status,event_time,classifier,location,carrier,reported_at',
        'S1,,departed,2026-03-06T07:30+08:00,actual,CNSHA,MAEU,2026-03-06T00:00Z',
        ',MAEU1000001,arrived,2026-03-23T16:45:00-07:00,estimated,USLAX,MAEU,2026-03-10T08:00:00+01:00',
        'S1,,delivered,2026-03-27 09:15,actual,USLAX,MAEU,',
        '',
      ].join('\n'),
    );
    const readerOptions = { time: new LocationTable().timeContext('UTC'), codes: new CodeResolver(CODE_TABLES, {}) };
    const ingest = (db: Db) =>
      runIngest(db, {
        inputs: [
          { role: 'plans', path: plans },
          { role: 'events', path: events },
        ],
        now: '2026-03-28T00:00:00Z',
        asOf: Date.parse('2026-03-28T00:00:00Z'),
        readerOptions,
        continueOnRejects: false,
      });

    const path = join(dir, 'v14.db');
    const current = openStore(path);
    await ingest(current);
    const before = readTimeline(current, 'S1')!;
    asSchema14(current);
    expect(current.prepare(`SELECT count(*) FROM events WHERE event_text = ''`).pluck().get()).toBe(0);
    current.close();

    const db = openStore(path);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.prepare('SELECT status, event_text, event_zone_source, reported_text, refs FROM events ORDER BY event_ms').raw().all()).toEqual([
      ['departed', '', '', '', '[]'],
      ['arrived', '2026-03-23T16:45:00-07:00', '', '2026-03-10T08:00:00+01:00', '["container","MAEU1000001"]'],
      ['delivered', '2026-03-27 09:15', 'port', null, '[]'],
    ]);
    expect(db.prepare(`SELECT planned FROM shipments WHERE shipment_id = 'S1'`).pluck().get()).toBe(
      '{"pickup":[1772488800000,"+08:00"],"departed":[1772748000000,"2026-03-06 06:00","Asia/Shanghai","port"],' +
        '"arrived":[1774303200000,"2026-03-23T15:00:00-07:00","-07:00","offset"],"delivered":[1774648800000,"UTC"]}',
    );
    const after = readTimeline(db, 'S1')!;
    expect(after.plan.planned).toEqual(before.plan.planned);
    expect(after.events).toEqual(before.events);
    expect(after.events.map((event) => [event.time.text, event.reportedAt?.text])).toEqual([
      ['2026-03-06T07:30+08:00', '2026-03-06T00:00Z'],
      ['2026-03-23T16:45:00-07:00', '2026-03-10T08:00:00+01:00'],
      ['2026-03-27 09:15', undefined],
    ]);

    const again = await ingest(db);
    expect(again.log.counts).toMatchObject({ plansUnchanged: 1, eventsStored: 0, eventsDuplicate: 3 });
    db.close();
  });
});
