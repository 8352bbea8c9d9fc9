/** Writing canonical records to the store and reading shipment timelines back for the engine. */
import { hash } from 'node:crypto';
import type { CarrierEvent, DocumentRecord, InventoryRecord, Reference, ShipmentPlan, ShipmentTimeline, StoredEvent, TimelineEvent, TimeValue } from '../model/records.js';
import type { Classifier, Mode, Priority, Status } from '../model/vocabulary.js';
import type { Db } from './database.js';
import { eventKey, publisherOf, sortedRefs } from './event-key.js';
import type { Statement } from 'better-sqlite3';

export type PlanWrite = 'inserted' | 'updated' | 'unchanged';
export type EventWrite = 'stored' | 'duplicate' | 'retraction';
export type RecordWrite = 'stored' | 'unchanged';

/** What a plan says, in the column order its insert and a timeline's read share (JSON for the nested parts). */
type PlanStatement = [
  shipmentId: string,
  carrier: string,
  mode: string,
  origin: string,
  destination: string,
  customer: string,
  priority: string,
  serviceLevel: string,
  planned: string,
  route: string,
  requiredDocs: string,
  quantity: number | null,
  value: number | null,
];

/**
 * Records as the store writes them: each insert's values in column order, computed where the input is
 * read (in the parse thread for files, ../pipeline/parse-thread.ts). Flat arrays of strings and numbers
 * cross threads at a quarter of the cost of the nested records (measured: 200k events received in 82 ms
 * instead of 314 ms), and the writer binds them by position.
 */
export type PreparedPlan = readonly [
  ...PlanStatement,
  contentHash: string,
  refs: string,
  sourceFile: string,
  sourceLine: number | null,
];

/** The shipments columns a plan writes, in PreparedPlan's order from carrier on (then its source file's id and line). */
const PLAN_WRITE_COLUMNS = `carrier, mode, origin, destination, customer, priority, service_level, planned, route, required_docs,
  quantity, value, content_hash`;

export function preparePlan(plan: ShipmentPlan): PreparedPlan {
  const content = {
    shipmentId: plan.shipmentId,
    carrier: plan.carrier,
    mode: plan.mode,
    origin: plan.origin,
    destination: plan.destination,
    customer: plan.customer,
    priority: plan.priority,
    serviceLevel: plan.serviceLevel,
    planned: JSON.stringify(plan.planned),
    route: JSON.stringify(plan.route),
    requiredDocs: JSON.stringify(plan.requiredDocs),
    quantity: plan.quantity ?? null,
    value: plan.value ?? null,
  };
  // The hash leaves out the source position: the same plan in tomorrow's export is unchanged. Its input
  // is what stores since the first version hashed (with an empty contentHash), so their plans compare.
  const contentHash = hash('sha1', JSON.stringify({ ...content, contentHash: '', refs: sortedRefs(plan.refs) }));
  return [
    content.shipmentId, content.carrier, content.mode, content.origin, content.destination, content.customer, content.priority,
    content.serviceLevel, content.planned, content.route, content.requiredDocs, content.quantity, content.value, contentHash,
    JSON.stringify(plan.refs), plan.source.file, plan.source.line ?? null,
  ];
}

/** A carrier event's insert values (PreparedEventValues), or a DCSA retraction. */
export type PreparedEvent =
  | { retracts: string; file: string; publisher: string }
  | {
      /** event-key.ts eventKey: the first number the event may be stored under. */
      key: number;
      shipmentId: string | null;
      values: PreparedEventValues;
      /** The carrier code, when no table knows it: the run counts these. */
      unknownCode?: string;
    };

/** What an event says, in the column order its insert and a timeline's read share. */
type EventStatement = [
  status: string,
  classifier: string,
  eventMs: number,
  eventText: string,
  eventZone: string,
  eventZoneSource: string,
  reportedMs: number | null,
  reportedText: string | null,
  location: string | null,
  reason: string | null,
  carrier: string | null,
  eventId: string | null,
  rawCode: string | null,
  rawQualifier: string | null,
  unknownCode: 0 | 1,
];

export type PreparedEventValues = readonly [
  ...EventStatement,
  refs: string,
  sourceFile: string,
  sourceLine: number | null,
  sourceSegment: number | null,
  sourceSegmentId: string | null,
  quantity: number | null,
  /** publisherOf, for events with an id; null without one. */
  publisher: string | null,
];

/** The events columns after event_key and shipment_id, in PreparedEventValues' order (the file as its id). */
const EVENT_WRITE_COLUMNS = `status, classifier, event_ms, event_text, event_zone, event_zone_source, reported_ms, reported_text, location,
  reason, carrier, event_id, raw_code, raw_qualifier, unknown_code, refs, source_file_id, source_line, source_segment, source_segment_id, quantity,
  publisher`;

export function prepareEvent(event: CarrierEvent): PreparedEvent {
  if (event.retracts) return { retracts: event.retracts, file: event.source.file, publisher: publisherOf(event) };
  return {
    key: eventKey(event),
    shipmentId: event.shipmentId ?? null,
    unknownCode: event.unknownCode ? (event.rawCode ?? '?') : undefined,
    values: [
      event.status, event.classifier, event.time.epochMs, event.time.text, event.time.zone, event.time.zoneSource,
      event.reportedAt?.epochMs ?? null, event.reportedAt?.text ?? null, event.location ?? null, event.reason ?? null,
      event.carrier ?? null, event.eventId ?? null, event.rawCode ?? null, event.rawQualifier ?? null, event.unknownCode ? 1 : 0,
      JSON.stringify(event.refs), event.source.file, event.source.line ?? null, event.source.segment ?? null,
      event.source.segmentId ?? null, event.quantity ?? null, event.eventId ? publisherOf(event) : null,
    ],
  };
}

/** Where PreparedEventValues holds the receipt time (then its text), the event id, the references (JSON) and the publisher. */
const REPORTED_MS = 6;
const EVENT_ID = 11;
const REFS = 15;
const SOURCE_FILE = 16;
const PUBLISHER = 21;

/** A stored event, as writePreparedEvent compares it with a new one. */
interface IdentifiedRow {
  id: number;
  event_id: string | null;
  shipment_id: string | null;
  status: string;
  classifier: string;
  event_ms: number;
  location: string | null;
  reason: string | null;
  raw_code: string | null;
  refs: string;
  source_file: string;
  source_line: number | null;
  source_segment: number | null;
}

/** The stored event columns sameContent and a collision's message read, the file as its path. */
const COMPARED_COLUMNS = `id, event_id, shipment_id, status, classifier, event_ms, location, reason, raw_code, refs,
  (SELECT f.path FROM source_files f WHERE f.id = events.source_file_id) AS source_file, source_line, source_segment`;

function sortedRefsJson(refs: string): string {
  return JSON.stringify(sortedRefs(JSON.parse(refs) as Reference[]));
}

/**
 * Whether a stored event with the same id says what a new one says: status, classifier, time, place,
 * reason, the carrier's code and references; and the shipment, when the new one names it.
 */
function sameContent(row: IdentifiedRow, event: Extract<PreparedEvent, { key: number }>, sortedRefs: string): boolean {
  const values = event.values;
  return (
    row.status === values[0] &&
    row.classifier === values[1] &&
    row.event_ms === values[2] &&
    row.location === values[8] &&
    row.reason === values[9] &&
    row.raw_code === values[12] &&
    (event.shipmentId === null || row.shipment_id === event.shipmentId) &&
    sortedRefsJson(row.refs) === sortedRefs
  );
}

/**
 * Whether a stored event without an id is the one a new event without an id fingerprints (event-key.ts):
 * the same content, and the same identity — the shipment it names, else its references.
 */
function sameFingerprint(row: IdentifiedRow, event: Extract<PreparedEvent, { key: number }>): boolean {
  const values = event.values;
  return (
    row.status === values[0] &&
    row.classifier === values[1] &&
    row.event_ms === values[2] &&
    row.location === values[8] &&
    row.reason === values[9] &&
    row.raw_code === values[12] &&
    (event.shipmentId !== null ? row.shipment_id === event.shipmentId : sortedRefsJson(row.refs) === sortedRefsJson(values[REFS]))
  );
}

function describeSource(file: string, line: number | null, segment: number | null): string {
  return line !== null ? `${file}:${line}` : segment !== null ? `${file} segment ${segment}` : file;
}

const placeholders = (columns: string) => columns.split(',').map(() => '?').join(', ');

/** Enough for the shipments of one file section that interleave, small next to the store's page cache. */
const RECENT_REFS = 4096;

export class RecordWriter {
  private readonly selectPlanHash;
  private readonly insertPlan;
  private readonly updatePlan;
  private readonly deleteRefs;
  private readonly insertRef;
  private readonly insertEvent;
  private readonly insertEventRef;
  private readonly insertRetraction;
  private readonly eventsWithId;
  private readonly eventWithKey;
  private readonly sourceFileId;
  private readonly insertSourceFile;
  /** Input file path → source_files id: a run reads few files, each with many rows. */
  private readonly sourceFiles = new Map<string, number>();
  private readonly lowerReceiptById;
  private readonly dueBy;
  private readonly upsertDocument;
  private readonly insertInventory;
  private readonly plansWithRef;
  private readonly firstRunOf;
  /** Events given their shipment by reference as they were written (see linkOnWrite). */
  private linkedOnWrite = 0;
  /**
   * Recent reference → plan lookups. Carrier files list a shipment's events together (an EDI 214 per
   * shipment, CSV exports by consignment), so most lookups repeat the one before. Plans only change in
   * writePlan, which empties it; unbounded it would hold every reference of a large import.
   */
  private readonly recentRefs = new Map<string, readonly string[]>();

  constructor(
    private readonly db: Db,
    private readonly runId: number,
  ) {
    this.selectPlanHash = db.prepare('SELECT content_hash FROM shipments WHERE shipment_id = ?').pluck();
    this.insertPlan = db.prepare(
      `INSERT INTO shipments (shipment_id, ${PLAN_WRITE_COLUMNS}, source_file_id, source_line, first_run, updated_run)
       VALUES (?, ${placeholders(PLAN_WRITE_COLUMNS)}, ?, ?, ?, ?)`,
    );
    this.updatePlan = db.prepare(
      `UPDATE shipments SET (${PLAN_WRITE_COLUMNS}, source_file_id, source_line, updated_run) = (${placeholders(PLAN_WRITE_COLUMNS)}, ?, ?, ?)
       WHERE shipment_id = ?`,
    );
    this.deleteRefs = db.prepare('DELETE FROM shipment_refs WHERE shipment_id = ?');
    this.insertRef = db.prepare('INSERT OR IGNORE INTO shipment_refs (kind, value, shipment_id) VALUES (?, ?, ?)');
    this.insertEvent = db.prepare(
      `INSERT INTO events (event_key, shipment_id, ${EVENT_WRITE_COLUMNS}, run_id) VALUES (?, ?, ${placeholders(EVENT_WRITE_COLUMNS)}, ?)
       ON CONFLICT (event_key) DO NOTHING`,
    );
    this.insertEventRef = db.prepare('INSERT OR IGNORE INTO event_refs (event_id, kind, value) VALUES (?, ?, ?)');
    // Just the reference's own index: which plan was first planned when matters only when several
    // match, and joining shipments for it on every lookup made the lookup twice as slow.
    this.plansWithRef = db.prepare('SELECT shipment_id FROM shipment_refs WHERE kind = ? AND value = ?').pluck();
    this.firstRunOf = db.prepare('SELECT first_run FROM shipments WHERE shipment_id = ?').pluck();
    this.insertRetraction = db.prepare(
      'INSERT INTO retractions (event_id, publisher, run_id, source_file) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
    );
    // The stored events an event with an id may be a re-send of (sameContent), or collide with.
    this.eventsWithId = db.prepare(
      `SELECT ${COMPARED_COLUMNS}
       FROM events WHERE event_id = @eventId AND (@publisher = '' OR coalesce(publisher, '') IN (@publisher, ''))
       ORDER BY id`,
    );
    this.eventWithKey = db.prepare(`SELECT ${COMPARED_COLUMNS} FROM events WHERE event_key = ?`);
    this.sourceFileId = db.prepare('SELECT id FROM source_files WHERE path = ?').pluck();
    this.insertSourceFile = db.prepare('INSERT INTO source_files (path) VALUES (?)');
    // A re-send received earlier than the stored copy (files read out of order): the first receipt is
    // when the event was known. Its shipment is due by then, so an incremental audit looks at it again.
    this.lowerReceiptById = db.prepare(
      'UPDATE events SET reported_ms = ?, reported_text = ? WHERE id = ? AND reported_ms > ? RETURNING shipment_id',
    ).pluck();
    this.dueBy = db.prepare('UPDATE shipments SET next_due_ms = min(coalesce(next_due_ms, @at), @at) WHERE shipment_id = @shipmentId');
    // Every document record is kept (the latest as of an audit's time decides); an identical re-import
    // changes nothing (the unique index of migration 10).
    this.upsertDocument = db.prepare(`
      INSERT INTO documents (shipment_id, doc_type, status, received_ms, received_text, source_file, source_line, run_id)
      VALUES (@shipmentId, @docType, @status, @receivedMs, @receivedText, @sourceFile, @sourceLine, @runId)
      ON CONFLICT DO NOTHING`);
    this.insertInventory = db.prepare(`
      INSERT INTO inventory (sku, location, on_hand, min_level, expected_qty, counted_qty, as_of_ms, as_of_text, source_file, source_line, run_id)
      VALUES (@sku, @location, @onHand, @minLevel, @expectedQty, @countedQty, @asOfMs, @asOfText, @sourceFile, @sourceLine, @runId)
      ON CONFLICT (sku, location, as_of_ms) DO NOTHING`);
  }

  writeDocument(document: DocumentRecord): RecordWrite {
    const result = this.upsertDocument.run({
      shipmentId: document.shipmentId,
      docType: document.docType,
      status: document.status,
      receivedMs: document.receivedAt?.epochMs ?? null,
      receivedText: document.receivedAt?.text ?? null,
      sourceFile: document.source.file,
      sourceLine: document.source.line ?? null,
      runId: this.runId,
    });
    return result.changes > 0 ? 'stored' : 'unchanged';
  }

  writeInventory(record: InventoryRecord): RecordWrite {
    const result = this.insertInventory.run({
      sku: record.sku,
      location: record.location,
      onHand: record.onHand,
      minLevel: record.minLevel ?? null,
      expectedQty: record.expectedQty ?? null,
      countedQty: record.countedQty ?? null,
      asOfMs: record.asOf.epochMs,
      asOfText: record.asOf.text,
      sourceFile: record.source.file,
      sourceLine: record.source.line ?? null,
      runId: this.runId,
    });
    return result.changes > 0 ? 'stored' : 'unchanged';
  }

  writePlan(plan: ShipmentPlan): PlanWrite {
    return this.writePreparedPlan(preparePlan(plan));
  }

  writePreparedPlan(plan: PreparedPlan): PlanWrite {
    const [shipmentId, carrier, mode, origin, destination, customer, priority, serviceLevel, planned, route, requiredDocs, quantity, value,
      contentHash, refs, sourceFile, sourceLine] = plan;
    const columns = [carrier, mode, origin, destination, customer, priority, serviceLevel, planned, route, requiredDocs, quantity, value, contentHash];
    const existing = this.selectPlanHash.get(shipmentId) as string | undefined;
    if (existing === contentHash) return 'unchanged';
    const fileId = this.sourceFileIdOf(sourceFile);
    if (existing === undefined) {
      this.insertPlan.run(shipmentId, ...columns, fileId, sourceLine, this.runId, this.runId);
    } else {
      this.updatePlan.run(...columns, fileId, sourceLine, this.runId, shipmentId);
      this.deleteRefs.run(shipmentId);
    }
    for (const ref of JSON.parse(refs) as Reference[]) this.insertRef.run(ref.kind, ref.value, shipmentId);
    this.recentRefs.clear();
    return existing === undefined ? 'inserted' : 'updated';
  }

  /** `onCollision` is told when an event with an id is stored beside another of its publisher with other content. */
  writeEvent(event: CarrierEvent, onCollision?: (message: string) => void): EventWrite {
    return this.writePreparedEvent(prepareEvent(event), onCollision);
  }

  writePreparedEvent(event: PreparedEvent, onCollision?: (message: string) => void): EventWrite {
    if ('retracts' in event) {
      this.insertRetraction.run(event.retracts, event.publisher, this.runId, event.file);
      return 'retraction';
    }
    const values = event.values;
    const identified = values[EVENT_ID] !== null;
    if (identified) {
      const stored = this.eventsWithId.all({ eventId: values[EVENT_ID], publisher: values[PUBLISHER] }) as IdentifiedRow[];
      if (stored.length > 0) {
        const refs = sortedRefsJson(values[REFS]);
        const same = stored.find((row) => sameContent(row, event, refs));
        if (same) {
          this.lowerReceipt(this.lowerReceiptById, same.id, values);
          return 'duplicate';
        }
        const first = stored[0]!;
        onCollision?.(
          `eventID ${values[EVENT_ID]}${values[PUBLISHER] ? ` of publisher ${values[PUBLISHER]}` : ''} was stored before with other content ` +
            `(${describeSource(first.source_file, first.source_line, first.source_segment)}); both are kept: ids are meant to be unique ` +
            'per publisher, so ask the sender which is right',
        );
      }
    }
    const linkRefs = event.shipmentId ? undefined : (JSON.parse(values[REFS]) as Reference[]);
    const linked = linkRefs && this.linkOnWrite(linkRefs);
    const row = [...values] as unknown[];
    row[SOURCE_FILE] = this.sourceFileIdOf(values[SOURCE_FILE]);
    // The key is a hash: a number already taken is a re-send only if the stored event says what this one
    // says (an event with an id was compared above); otherwise the event takes the next number, as
    // migration 12 did with stored keys that coincide.
    let key = event.key;
    let result;
    while ((result = this.insertEvent.run(key, event.shipmentId ?? linked ?? null, ...row, this.runId)).changes === 0) {
      const stored = this.eventWithKey.get(key) as IdentifiedRow;
      if (!identified && stored.event_id === null && sameFingerprint(stored, event)) {
        this.lowerReceipt(this.lowerReceiptById, stored.id, values);
        return 'duplicate';
      }
      key++;
    }
    if (linked) this.linkedOnWrite++;
    // event_refs exists to link waiting events when their plan comes; a linked event never waits, and
    // skipping its references saves an index write per reference on every large import.
    if (linkRefs && !linked) {
      for (const ref of linkRefs) this.insertEventRef.run(result.lastInsertRowid, ref.kind, ref.value);
    }
    return 'stored';
  }

  private sourceFileIdOf(path: string): number {
    let id = this.sourceFiles.get(path);
    if (id === undefined) {
      id = (this.sourceFileId.get(path) as number | undefined) ?? Number(this.insertSourceFile.run(path).lastInsertRowid);
      this.sourceFiles.set(path, id);
    }
    return id;
  }

  /**
   * A re-sent copy of a stored event: when it says it was received earlier than the stored copy, the
   * stored receipt time becomes the earlier one (an unknown stored receipt stays unknown).
   */
  private lowerReceipt(statement: Statement, stored: number, values: PreparedEventValues): void {
    const reportedMs = values[REPORTED_MS];
    if (reportedMs === null) return;
    const shipmentId = statement.get(reportedMs, values[REPORTED_MS + 1], stored, reportedMs) as string | null | undefined;
    if (shipmentId) this.dueBy.run({ at: reportedMs, shipmentId });
  }

  /**
   * The shipment an event's references point at, by the rule of linkEventsByReference, looked up as the
   * event is written: a run writes its plans first, so this finds what the later UPDATE would, without
   * rewriting the row and its index entries afterwards. Undefined when no plan has the reference yet.
   */
  private linkOnWrite(refs: readonly Reference[]): string | undefined {
    const candidates: { shipmentId: string; container: boolean }[] = [];
    for (const ref of refs) {
      for (const shipmentId of this.plansByRef(ref)) candidates.push({ shipmentId, container: ref.kind === 'container' });
    }
    if (candidates.length <= 1) return candidates[0]?.shipmentId;
    const ranked = candidates.map((candidate) => ({ ...candidate, firstRun: this.firstRunOf.get(candidate.shipmentId) as number }));
    return ranked.sort(linkOrder)[0]!.shipmentId;
  }

  /** The plans with a reference: usually one, more for a container number reused across shipments. */
  private plansByRef(ref: Reference): readonly string[] {
    const key = `${ref.kind}\u0000${ref.value}`;
    let found = this.recentRefs.get(key);
    if (found === undefined) {
      found = this.plansWithRef.all(ref.kind, ref.value) as string[];
      if (this.recentRefs.size >= RECENT_REFS) this.recentRefs.delete(this.recentRefs.keys().next().value!);
      this.recentRefs.set(key, found);
    }
    return found;
  }

  /**
   * Gives events that named no shipment the shipment their references point at. Runs after every
   * ingest, so events that arrived before their plan are matched when the plan comes. A container
   * number is reused across shipments, so document references (bol, booking, pro, awb) win over it,
   * and among equals the most recently planned shipment. The count includes the events linked as
   * they were written (linkOnWrite).
   */
  linkEventsByReference(): number {
    return this.db
      .prepare(
        `UPDATE events SET shipment_id = (
           SELECT r.shipment_id FROM event_refs er
           JOIN shipment_refs r ON r.kind = er.kind AND r.value = er.value
           JOIN shipments s ON s.shipment_id = r.shipment_id
           WHERE er.event_id = events.id
           ORDER BY (er.kind = 'container'), s.first_run DESC, r.shipment_id
           LIMIT 1)
         WHERE shipment_id IS NULL
           AND EXISTS (SELECT 1 FROM event_refs er JOIN shipment_refs r ON r.kind = er.kind AND r.value = er.value
                       WHERE er.event_id = events.id)`,
      )
      .run().changes + this.linkedOnWrite;
  }
}

/** linkEventsByReference's ORDER BY: document references before a container, then the latest plan, then the id. */
function linkOrder(a: { shipmentId: string; firstRun: number; container: boolean }, b: typeof a): number {
  return Number(a.container) - Number(b.container) || b.firstRun - a.firstRun || (a.shipmentId < b.shipmentId ? -1 : a.shipmentId > b.shipmentId ? 1 : 0);
}

/** The plan columns toPlan reads, in its order; read as arrays like events (see EVENT_COLUMNS). */
const PLAN_COLUMNS = `s.shipment_id, s.carrier, s.mode, s.origin, s.destination, s.customer, s.priority, s.service_level, s.planned, s.route,
  s.required_docs, s.quantity, s.value, (SELECT f.path FROM source_files f WHERE f.id = s.source_file_id), s.source_line`;

type ShipmentRow = [...PlanStatement, sourceFile: string, sourceLine: number | null];

/** readTimelines reads the next due time after the plan's columns. */
type TimelineRow = [...ShipmentRow, nextDueMs: number | null];
const NEXT_DUE = 15;

interface DocumentRow {
  shipment_id: string;
  doc_type: string;
  status: string;
  received_ms: number | null;
  received_text: string | null;
  source_file: string;
  source_line: number | null;
}

interface InventoryRow {
  sku: string;
  location: string;
  on_hand: number;
  min_level: number | null;
  expected_qty: number | null;
  counted_qty: number | null;
  as_of_ms: number;
  as_of_text: string;
  source_file: string;
  source_line: number | null;
}

function toDocument(row: DocumentRow): DocumentRecord {
  return {
    shipmentId: row.shipment_id,
    docType: row.doc_type,
    status: row.status as DocumentRecord['status'],
    receivedAt: row.received_ms === null ? undefined : timeValue(row.received_ms, row.received_text ?? '', 'UTC', 'offset'),
    source: { file: row.source_file, line: row.source_line ?? undefined },
  };
}

/**
 * The event columns a timeline reads: what an event says, without the references and the source
 * position, which no shipment check looks at (TimelineEvent). Read as arrays (better-sqlite3's `raw()`),
 * not an object per row: a cold audit reads back every event it stored. Measured reading every event
 * of a 100k-shipment store: arrays instead of objects 7.5 s -> 3.8 s; without those columns 1.5 s ->
 * 1.2 s, before JSON-parsing the references.
 */
const TIMELINE_EVENT_COLUMNS = `e.id, e.shipment_id, e.status, e.classifier, e.event_ms, e.event_text, e.event_zone, e.event_zone_source,
  e.reported_ms, e.reported_text, e.location, e.reason, e.carrier, e.event_id, e.raw_code, e.raw_qualifier, e.unknown_code, e.quantity`;

type TimelineEventRow = [id: number, shipmentId: string | null, ...EventStatement, quantity: number | null];

/** Whole events (a case's timeline, unmatched events): the timeline's columns, then where they came from. */
const EVENT_COLUMNS = `${TIMELINE_EVENT_COLUMNS}, e.refs, (SELECT f.path FROM source_files f WHERE f.id = e.source_file_id), e.source_line,
  e.source_segment, e.source_segment_id`;

type EventRow = [
  ...TimelineEventRow,
  refs: string,
  sourceFile: string,
  sourceLine: number | null,
  sourceSegment: number | null,
  sourceSegmentId: string | null,
];
const SOURCE_COLUMNS_AT = 18;

/**
 * SQL: the event aliased `alias` is not retracted. A retraction names an event id and, when known, its
 * publisher: it retracts the events with that id of the same publisher, or where either publisher is
 * unknown (the rule by which writePreparedEvent takes an event for a re-send).
 */
export function notRetracted(alias: string): string {
  return `(${alias}.event_id IS NULL OR NOT EXISTS (SELECT 1 FROM retractions r WHERE r.event_id = ${alias}.event_id
    AND (r.publisher = '' OR coalesce(${alias}.publisher, '') IN ('', r.publisher))))`;
}

/**
 * The temporary table of shipment ids a reader is limited to: those an incremental audit re-evaluates
 * (src/pipeline/incremental.ts), those whose period a report's windows hold (src/report/dataset.ts).
 */
export const SCOPE_TABLE = 'temp.shipment_scope';

/** Creates the scope table, or empties it. Temporary: a read-only connection may write it too. */
export function clearScope(db: Db): void {
  db.exec(`CREATE TEMP TABLE IF NOT EXISTS ${SCOPE_TABLE.slice('temp.'.length)} (shipment_id TEXT PRIMARY KEY) WITHOUT ROWID`);
  db.exec(`DELETE FROM ${SCOPE_TABLE}`);
}

/** A timeline as stored, with the next due time its last evaluation wrote (null: never due, or never evaluated). */
export interface StoredTimeline extends ShipmentTimeline {
  nextDueMs: number | null;
}

/**
 * Every planned shipment (or, `scoped`, those in SCOPE_TABLE) with its non-retracted events, in time
 * order, and its documents; in shipment id order, fetched in batches so memory stays bounded however
 * large the store.
 */
export function* readTimelines(db: Db, { batchSize = 2000, scoped = false } = {}): Generator<StoredTimeline> {
  const shipmentsAfter = (
    scoped
      ? db.prepare(
          `SELECT ${PLAN_COLUMNS}, s.next_due_ms FROM ${SCOPE_TABLE} a JOIN shipments s ON s.shipment_id = a.shipment_id
           WHERE a.shipment_id > ? ORDER BY a.shipment_id LIMIT ?`,
        )
      : db.prepare(`SELECT ${PLAN_COLUMNS}, s.next_due_ms FROM shipments s WHERE s.shipment_id > ? ORDER BY s.shipment_id LIMIT ?`)
  ).raw();
  // A scoped batch is sparse: its events are looked up per shipment in scope, not read across the id range.
  const batchFilter = scoped
    ? `e.shipment_id IN (SELECT shipment_id FROM ${SCOPE_TABLE} WHERE shipment_id >= ? AND shipment_id <= ?)`
    : 'e.shipment_id >= ? AND e.shipment_id <= ?';
  const eventsBetween = db
    .prepare(
      `SELECT ${TIMELINE_EVENT_COLUMNS} FROM events e
       WHERE ${batchFilter}
         AND ${notRetracted('e')}
       -- The order of events_by_shipment (its keys end with the row id): no sort. By id, SQLite sorted
       -- every batch: a fifth of reading them (100k store: 1.03-1.06 s instead of 1.18-1.32 s).
       ORDER BY e.shipment_id, e.event_ms, e.id`,
    )
    .raw();
  const documentsBetween = db.prepare(
    // Every record, in the order stored: the latest as of an audit's time decides (documents_missing).
    'SELECT * FROM documents WHERE shipment_id >= ? AND shipment_id <= ? ORDER BY shipment_id, id',
  );
  let after = '';
  for (;;) {
    const shipments = shipmentsAfter.all(after, batchSize) as TimelineRow[];
    if (shipments.length === 0) return;
    const first = shipments[0]![0];
    const last = shipments.at(-1)![0];
    const eventsByShipment = groupBy((eventsBetween.all(first, last) as TimelineEventRow[]).map(toTimelineEvent), (e) => e.shipmentId!);
    const documentsByShipment = groupBy((documentsBetween.all(first, last) as DocumentRow[]).map(toDocument), (d) => d.shipmentId);
    for (const row of shipments) {
      const plan = toPlan(row);
      yield {
        plan,
        events: eventsByShipment.get(plan.shipmentId) ?? [],
        documents: documentsByShipment.get(plan.shipmentId) ?? [],
        nextDueMs: row[NEXT_DUE],
      };
    }
    after = last;
  }
}

/** One shipment's timeline, for showing a case: undefined when no plan is stored under that id. */
export function readTimeline(db: Db, shipmentId: string): (ShipmentTimeline & { events: StoredEvent[] }) | undefined {
  const plan = db.prepare(`SELECT ${PLAN_COLUMNS} FROM shipments s WHERE s.shipment_id = ?`).raw().get(shipmentId) as ShipmentRow | undefined;
  if (!plan) return undefined;
  const events = db
    .prepare(
      `SELECT ${EVENT_COLUMNS} FROM events e
       WHERE e.shipment_id = ? AND ${notRetracted('e')}
       ORDER BY e.id`,
    )
    .raw()
    .all(shipmentId) as EventRow[];
  const documents = db.prepare('SELECT * FROM documents WHERE shipment_id = ? ORDER BY id').all(shipmentId) as DocumentRow[];
  return { plan: toPlan(plan), events: events.map(toEvent), documents: documents.map(toDocument) };
}

function groupBy<T>(items: T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const list = groups.get(key);
    if (list) list.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

/** The latest stock record per SKU and location known at as-of. */
export function readLatestInventory(db: Db, asOf: number): InventoryRecord[] {
  const rows = db
    .prepare(
      `SELECT i.* FROM inventory i
       JOIN (SELECT sku, location, max(as_of_ms) AS latest FROM inventory WHERE as_of_ms <= ? GROUP BY sku, location) m
         ON m.sku = i.sku AND m.location = i.location AND m.latest = i.as_of_ms
       ORDER BY i.sku, i.location`,
    )
    .all(asOf) as InventoryRow[];
  return rows.map((row) => ({
    sku: row.sku,
    location: row.location,
    onHand: row.on_hand,
    minLevel: row.min_level ?? undefined,
    expectedQty: row.expected_qty ?? undefined,
    countedQty: row.counted_qty ?? undefined,
    asOf: timeValue(row.as_of_ms, row.as_of_text, 'UTC', 'offset'),
    source: { file: row.source_file, line: row.source_line ?? undefined },
  }));
}

/**
 * Events that belong to no planned shipment, grouped by what identifies them: the shipment id they
 * name, else their first document reference, else their first reference.
 */
export function readUnmatchedEvents(db: Db): { identity: string; events: StoredEvent[] }[] {
  const rows = db
    .prepare(
      `SELECT ${EVENT_COLUMNS} FROM events e
       WHERE (e.shipment_id IS NULL OR NOT EXISTS (SELECT 1 FROM shipments s WHERE s.shipment_id = e.shipment_id))
         AND ${notRetracted('e')}
       ORDER BY e.event_ms, e.id`,
    )
    .raw()
    .all() as EventRow[];
  return [...groupBy(rows.map(toEvent), identityOf)].map(([identity, events]) => ({ identity, events }));
}

function identityOf(event: StoredEvent): string {
  if (event.shipmentId) return event.shipmentId;
  const ordered = [...event.refs].sort((a, b) => Number(a.kind === 'container') - Number(b.kind === 'container') || a.kind.localeCompare(b.kind));
  return ordered[0] ? `${ordered[0].kind}:${ordered[0].value}` : 'no reference';
}

function toPlan(row: ShipmentRow | TimelineRow): ShipmentPlan {
  const [shipmentId, carrier, mode, origin, destination, customer, priority, serviceLevel, planned, route, requiredDocs, quantity, value,
    sourceFile, sourceLine] = row;
  return {
    shipmentId,
    carrier,
    mode: mode as Mode,
    origin,
    destination,
    customer,
    priority: priority as Priority,
    serviceLevel,
    planned: JSON.parse(planned) as ShipmentPlan['planned'],
    route: JSON.parse(route) as string[],
    refs: [],
    requiredDocs: JSON.parse(requiredDocs) as string[],
    quantity: quantity ?? undefined,
    value: value ?? undefined,
    source: { file: sourceFile, line: sourceLine ?? undefined },
  };
}

function timeValue(epochMs: number, text: string, zone: string, zoneSource: string): TimeValue {
  return { epochMs, text, zone, zoneSource: zoneSource as TimeValue['zoneSource'] };
}

function toTimelineEvent(row: TimelineEventRow | EventRow): TimelineEvent {
  const [id, shipmentId, status, classifier, eventMs, eventText, eventZone, eventZoneSource, reportedMs, reportedText, location, reason,
    carrier, eventId, rawCode, rawQualifier, unknownCode, quantity] = row;
  return {
    id,
    shipmentId: shipmentId ?? undefined,
    status: status as Status,
    classifier: classifier as Classifier,
    time: timeValue(eventMs, eventText, eventZone, eventZoneSource),
    reportedAt: reportedMs === null ? undefined : timeValue(reportedMs, reportedText ?? '', 'UTC', 'offset'),
    location: location ?? undefined,
    reason: reason ?? undefined,
    carrier: carrier ?? undefined,
    eventId: eventId ?? undefined,
    rawCode: rawCode ?? undefined,
    rawQualifier: rawQualifier ?? undefined,
    unknownCode: unknownCode === 1,
    quantity: quantity ?? undefined,
  };
}

function toEvent(row: EventRow): StoredEvent {
  const [refs, sourceFile, sourceLine, sourceSegment, sourceSegmentId] = row.slice(SOURCE_COLUMNS_AT) as [string, string, number | null, number | null, string | null];
  return {
    ...toTimelineEvent(row),
    refs: JSON.parse(refs) as Reference[],
    source: { file: sourceFile, line: sourceLine ?? undefined, segment: sourceSegment ?? undefined, segmentId: sourceSegmentId ?? undefined },
  };
}
