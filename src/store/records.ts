/**
 * Writing canonical records to the store: plans and their references, carrier events (a re-sent event
 * stored once, linked to its plan by reference as it is written), retractions, documents and stock
 * counts. The values come prepared (./prepared-records.ts), in the column order of its specs.
 */
import type { DocumentRecord, InventoryRecord, Reference, ShipmentPlan, CarrierEvent } from '../model/records.js';
import type { Db } from './database.js';
import { sortedRefs } from './event-key.js';
import {
  eventValue,
  PREPARED_EVENT,
  PREPARED_PLAN,
  prepareEvent,
  preparePlan,
  type PreparedCarrierEvent,
  type PreparedEvent,
  type PreparedEventValues,
  type PreparedPlan,
} from './prepared-records.js';
import { EstimateReceiptWriter } from './estimate-receipts.js';
import { ReferenceLinker } from './reference-links.js';
import { decodeRefs } from './refs-column.js';
import { selectSpec } from './columns.js';
import { PLAN_VERSION_JSON } from './timeline-reads.js';
import type { LinkedByReference } from './feed-reads.js';

export type PlanWrite = 'inserted' | 'updated' | 'unchanged';
export type EventWrite = 'stored' | 'duplicate' | 'retraction';
export type RecordWrite = 'stored' | 'unchanged';

/** The shipments columns a plan's insert and update bind, in PREPARED_PLAN's order: all but its references. */
const PLAN_WRITE = PREPARED_PLAN.names.filter((column) => column !== 'refs');
const PLAN_VALUES_AT = PLAN_WRITE.map((column) => PREPARED_PLAN.at[column]);
const PLAN_FILE_AT = PLAN_WRITE.indexOf('source_file_id');

/** A stored event as the writer compares it with a new one (sameContent, sameFingerprint) and names it in a warning. */
const COMPARED = selectSpec({
  id: 'id',
  event_id: 'event_id',
  shipment_id: 'shipment_id',
  status: 'status',
  classifier: 'classifier',
  event_ms: 'event_ms',
  location: 'location',
  reason: 'reason',
  raw_code: 'raw_code',
  refs: 'refs',
  source_file: '(SELECT f.path FROM source_files f WHERE f.id = events.source_file_id)',
  source_line: 'source_line',
  source_segment: 'source_segment',
});
interface ComparedRow {
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

function sortedRefsJson(refs: string): string {
  return JSON.stringify(sortedRefs(decodeRefs(refs)));
}

/** Whether a stored event says what a new one says: status, classifier, time, place, reason and the carrier's code. */
function sameStatement(row: ComparedRow, values: PreparedEventValues): boolean {
  return (
    row.status === eventValue(values, 'status') &&
    row.classifier === eventValue(values, 'classifier') &&
    row.event_ms === eventValue(values, 'event_ms') &&
    row.location === eventValue(values, 'location') &&
    row.reason === eventValue(values, 'reason') &&
    row.raw_code === eventValue(values, 'raw_code')
  );
}

/**
 * Whether a stored event with the same id says what a new one says, with the same references; and the
 * shipment, when the new one names it.
 */
function sameContent(row: ComparedRow, event: PreparedCarrierEvent, sortedRefs: string): boolean {
  return sameStatement(row, event.values) && (event.shipmentId === null || row.shipment_id === event.shipmentId) && sortedRefsJson(row.refs) === sortedRefs;
}

/**
 * Whether a stored event without an id is the one a new event without an id fingerprints (event-key.ts):
 * the same statement, and the same identity — the shipment it names, else its references.
 */
function sameFingerprint(row: ComparedRow, event: PreparedCarrierEvent): boolean {
  return (
    sameStatement(row, event.values) &&
    (event.shipmentId !== null ? row.shipment_id === event.shipmentId : sortedRefsJson(row.refs) === sortedRefsJson(eventValue(event.values, 'refs')))
  );
}

function describeSource(file: string, line: number | null, segment: number | null): string {
  return line !== null ? `${file}:${line}` : segment !== null ? `${file} segment ${segment}` : file;
}

export class RecordWriter {
  private readonly selectPlanHash;
  private readonly insertPlan;
  private readonly updatePlan;
  private readonly keepReplacedPlan;
  private readonly deleteRefs;
  private readonly insertRef;
  private readonly insertEvent;
  private readonly insertEventRef;
  private readonly insertRetraction;
  private readonly eventsWithId;
  private readonly eventWithKey;
  private readonly sourceFileId;
  private readonly insertSourceFile;
  private readonly lowerReceiptById;
  private readonly dueBy;
  private readonly upsertDocument;
  private readonly storedStock;
  private readonly upsertInventory;
  private readonly links;
  private readonly estimateReceipts;
  /** Input file path → source_files id: a run reads few files, each with many rows. */
  private readonly sourceFiles = new Map<string, number>();
  /** Input file path → reference kind → events this run stored and matched to a plan by it (linkOnWrite). */
  private readonly linkedOnWriteByFile = new Map<string, Map<string, number>>();

  constructor(
    db: Db,
    private readonly runId: number,
  ) {
    this.links = new ReferenceLinker(db);
    this.estimateReceipts = new EstimateReceiptWriter(db, runId);
    this.selectPlanHash = db.prepare('SELECT content_hash FROM shipments WHERE shipment_id = ?').pluck();
    this.insertPlan = db.prepare(
      `INSERT INTO shipments (${PLAN_WRITE.join(', ')}, first_run, updated_run) VALUES (${PLAN_WRITE.map(() => '?').join(', ')}, ?, ?)`,
    );
    this.updatePlan = db.prepare(
      `UPDATE shipments SET (${PLAN_WRITE.join(', ')}, updated_run) = (${PLAN_WRITE.map(() => '?').join(', ')}, ?) WHERE shipment_id = ?`,
    );
    // The version a change replaces, kept with the run that stored it, unless this run did (migration 14).
    this.keepReplacedPlan = db.prepare(
      `INSERT INTO plan_versions (shipment_id, run_id, plan)
       SELECT s.shipment_id, s.updated_run, ${PLAN_VERSION_JSON} FROM shipments s WHERE s.shipment_id = @shipmentId AND s.updated_run <> @runId`,
    );
    this.deleteRefs = db.prepare('DELETE FROM shipment_refs WHERE shipment_id = ?');
    this.insertRef = db.prepare('INSERT OR IGNORE INTO shipment_refs (kind, value, shipment_id) VALUES (?, ?, ?)');
    this.insertEvent = db.prepare(
      `INSERT INTO events (event_key, shipment_id, ${PREPARED_EVENT.list}, run_id) VALUES (?, ?, ${PREPARED_EVENT.placeholders}, ?)
       ON CONFLICT (event_key) DO NOTHING`,
    );
    this.insertEventRef = db.prepare('INSERT OR IGNORE INTO event_refs (event_id, kind, value) VALUES (?, ?, ?)');
    this.insertRetraction = db.prepare('INSERT INTO retractions (event_id, publisher, run_id, source_file) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING');
    // The stored events an event with an id may be a re-send of (sameContent), or collide with.
    this.eventsWithId = db.prepare(
      `SELECT ${COMPARED.select}
       FROM events WHERE event_id = @eventId AND (@publisher = '' OR coalesce(publisher, '') IN (@publisher, ''))
       ORDER BY id`,
    );
    this.eventWithKey = db.prepare(`SELECT ${COMPARED.select} FROM events WHERE event_key = ?`);
    this.sourceFileId = db.prepare('SELECT id FROM source_files WHERE path = ?').pluck();
    this.insertSourceFile = db.prepare('INSERT INTO source_files (path) VALUES (?)');
    // A re-send received earlier than the stored copy (files read out of order): the first receipt is
    // when the event was known. Its shipment is due by then, so an incremental audit looks at it again.
    this.lowerReceiptById = db.prepare('UPDATE events SET reported_ms = ?, reported_text = ? WHERE id = ? AND reported_ms > ? RETURNING shipment_id').pluck();
    this.dueBy = db.prepare('UPDATE shipments SET next_due_ms = min(coalesce(next_due_ms, @at), @at) WHERE shipment_id = @shipmentId');
    // Every document record is kept (the latest as of an audit's time decides); an identical re-import
    // changes nothing (the unique index of migration 10).
    this.upsertDocument = db.prepare(`
      INSERT INTO documents (shipment_id, doc_type, status, received_ms, received_text, source_file, source_line, run_id)
      VALUES (@shipmentId, @docType, @status, @receivedMs, @receivedText, @sourceFile, @sourceLine, @runId)
      ON CONFLICT DO NOTHING`);
    this.storedStock = db.prepare(
      'SELECT on_hand, min_level, expected_qty, counted_qty, source_file, source_line FROM inventory WHERE sku = ? AND location = ? AND as_of_ms = ?',
    );
    // A count of the same item at the same time with other figures is a correction: the later read wins.
    this.upsertInventory = db.prepare(`
      INSERT INTO inventory (sku, location, on_hand, min_level, expected_qty, counted_qty, as_of_ms, as_of_text, source_file, source_line, run_id)
      VALUES (@sku, @location, @onHand, @minLevel, @expectedQty, @countedQty, @asOfMs, @asOfText, @sourceFile, @sourceLine, @runId)
      ON CONFLICT (sku, location, as_of_ms) DO UPDATE SET on_hand = excluded.on_hand, min_level = excluded.min_level,
        expected_qty = excluded.expected_qty, counted_qty = excluded.counted_qty, as_of_text = excluded.as_of_text,
        source_file = excluded.source_file, source_line = excluded.source_line, run_id = excluded.run_id`);
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

  /**
   * A stock record. The same item, place and time again with the same figures changes nothing; with
   * other figures it replaces the stored record and `onReplace` says which figures and from where.
   */
  writeInventory(record: InventoryRecord, onReplace?: (message: string) => void): RecordWrite {
    const figures = [record.onHand, record.minLevel ?? null, record.expectedQty ?? null, record.countedQty ?? null];
    const stored = this.storedStock.raw().get(record.sku, record.location, record.asOf.epochMs) as
      [onHand: number, minLevel: number | null, expectedQty: number | null, countedQty: number | null, file: string, line: number | null] | undefined;
    if (stored && figures.every((value, index) => value === stored[index])) return 'unchanged';
    if (stored) {
      const names = ['on_hand', 'min_level', 'expected_qty', 'counted_qty'];
      const changed = names.flatMap((name, index) =>
        figures[index] === stored[index] ? [] : [`${name} ${stored[index] ?? '(none)'} → ${figures[index] ?? '(none)'}`],
      );
      onReplace?.(
        `stock of ${record.sku} at ${record.location} as of ${record.asOf.text} was stored before with other figures ` +
          `(${describeSource(stored[4], stored[5], null)}); this record replaces it: ${changed.join(', ')}`,
      );
    }
    this.upsertInventory.run({
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
    return 'stored';
  }

  writePlan(plan: ShipmentPlan): PlanWrite {
    return this.writePreparedPlan(preparePlan(plan));
  }

  writePreparedPlan(plan: PreparedPlan): PlanWrite {
    const shipmentId = plan[PREPARED_PLAN.at.shipment_id] as string;
    const contentHash = plan[PREPARED_PLAN.at.content_hash] as string;
    const existing = this.selectPlanHash.get(shipmentId) as string | undefined;
    if (existing === contentHash) return 'unchanged';
    const values = PLAN_VALUES_AT.map((at) => plan[at]);
    values[PLAN_FILE_AT] = this.sourceFileIdOf(plan[PREPARED_PLAN.at.source_file_id] as string);
    if (existing === undefined) {
      this.insertPlan.run(...values, this.runId, this.runId);
    } else {
      this.keepReplacedPlan.run({ shipmentId, runId: this.runId });
      this.updatePlan.run(...values, this.runId, shipmentId);
      this.deleteRefs.run(shipmentId);
    }
    for (const ref of JSON.parse(plan[PREPARED_PLAN.at.refs] as string) as Reference[]) this.insertRef.run(ref.kind, ref.value, shipmentId);
    this.links.forgetPlans();
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
    const eventId = eventValue(values, 'event_id');
    if (eventId !== null) {
      const publisher = eventValue(values, 'publisher');
      const stored = this.eventsWithId.all({ eventId, publisher }) as ComparedRow[];
      if (stored.length > 0) {
        const refs = sortedRefsJson(eventValue(values, 'refs'));
        const same = stored.find((row) => sameContent(row, event, refs));
        if (same) {
          this.resent(same.id, values);
          return 'duplicate';
        }
        const first = stored[0]!;
        onCollision?.(
          `eventID ${eventId}${publisher ? ` of publisher ${publisher}` : ''} was stored before with other content ` +
            `(${describeSource(first.source_file, first.source_line, first.source_segment)}); both are kept: ids are meant to be unique ` +
            'per publisher, so ask the sender which is right',
        );
      }
    }
    const linkRefs = event.shipmentId ? undefined : decodeRefs(eventValue(values, 'refs'));
    const link = linkRefs && this.links.linkOnWrite(linkRefs);
    const linked = link?.shipmentId;
    const row = [...values];
    row[PREPARED_EVENT.at.source_file_id] = this.sourceFileIdOf(eventValue(values, 'source_file_id'));
    // The key is a hash: a number already taken is a re-send only if the stored event says what this one
    // says (an event with an id was compared above); otherwise the event takes the next number, as
    // migration 12 did with stored keys that coincide.
    let key = event.key;
    let result;
    while ((result = this.insertEvent.run(key, event.shipmentId ?? linked ?? null, ...row, this.runId)).changes === 0) {
      const stored = this.eventWithKey.get(key) as ComparedRow;
      if (eventId === null && stored.event_id === null && sameFingerprint(stored, event)) {
        this.resent(stored.id, values);
        return 'duplicate';
      }
      key++;
    }
    if (link) {
      const file = eventValue(values, 'source_file_id');
      const byKind = this.linkedOnWriteByFile.get(file) ?? new Map<string, number>();
      byKind.set(link.by, (byKind.get(link.by) ?? 0) + 1);
      this.linkedOnWriteByFile.set(file, byKind);
    }
    // event_refs exists to link waiting events when their plan comes; a linked event never waits, and
    // skipping its references saves an index write per reference on every large import.
    if (linkRefs && !linked) {
      for (const ref of linkRefs) this.insertEventRef.run(result.lastInsertRowid, ref.kind, ref.value);
    }
    return 'stored';
  }

  /**
   * The events this run stored and matched to a plan by a reference, by input file and reference kind:
   * what the feed summary says they were matched by (store/feed-reads.ts), counted as they were written
   * instead of joined back from every event's references.
   */
  linkedByReference(): LinkedByReference {
    return Object.fromEntries([...this.linkedOnWriteByFile].map(([file, byKind]) => [file, Object.fromEntries(byKind)]));
  }

  /** Links the events still waiting for their plan (ReferenceLinker.linkWaiting): how many, with those this run linked as written. */
  linkEventsByReference(): number {
    let linkedOnWrite = 0;
    for (const byKind of this.linkedOnWriteByFile.values()) for (const events of byKind.values()) linkedOnWrite += events;
    return this.links.linkWaiting() + linkedOnWrite;
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
   * A re-sent copy of the stored event `stored`: a re-sent estimate is one more observation for the ETA
   * report (recorded before the stored receipt can change); when the copy says it was received earlier
   * than the stored one, the stored receipt time becomes the earlier one (an unknown one stays unknown).
   */
  private resent(stored: number, values: PreparedEventValues): void {
    const reportedMs = eventValue(values, 'reported_ms');
    if (eventValue(values, 'classifier') === 'estimated') this.estimateReceipts.resent(stored, reportedMs);
    if (reportedMs === null) return;
    const shipmentId = this.lowerReceiptById.get(reportedMs, eventValue(values, 'reported_text'), stored, reportedMs) as string | null | undefined;
    if (shipmentId) this.dueBy.run({ at: reportedMs, shipmentId });
  }
}
