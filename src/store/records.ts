/** Writing canonical records to the store and reading shipment timelines back for the engine. */
import { createHash } from 'node:crypto';
import type { CarrierEvent, Reference, ShipmentPlan, TimeValue } from '../model/records.js';
import type { Classifier, Mode, Priority, Status } from '../model/vocabulary.js';
import type { ShipmentTimeline, StoredEvent } from '../engine/timeline.js';
import type { Db } from './database.js';

export type PlanWrite = 'inserted' | 'updated' | 'unchanged';
export type EventWrite = 'stored' | 'duplicate' | 'retraction';

/**
 * The key that makes a re-sent event a duplicate: the carrier's event id when there is one, else a
 * fingerprint of what the event says (not where or when it was received, which change on re-sends).
 */
export function eventKey(event: CarrierEvent): string {
  if (event.eventId) return `id:${event.carrier ?? ''}:${event.eventId}`;
  const identity = event.shipmentId ? `shipment:${event.shipmentId}` : sortedRefs(event.refs).map((r) => `${r.kind}:${r.value}`).join(';');
  const fingerprint = [identity, event.status, event.classifier, event.time.epochMs, event.location ?? '', event.reason ?? '', event.rawCode ?? '']
    .join('|');
  return `fp:${createHash('sha1').update(fingerprint).digest('hex')}`;
}

function sortedRefs(refs: Reference[]): Reference[] {
  return [...refs].sort((a, b) => a.kind.localeCompare(b.kind) || a.value.localeCompare(b.value));
}

export class RecordWriter {
  private readonly selectPlanHash;
  private readonly insertPlan;
  private readonly updatePlan;
  private readonly deleteRefs;
  private readonly insertRef;
  private readonly insertEvent;
  private readonly insertEventRef;
  private readonly insertRetraction;

  constructor(
    private readonly db: Db,
    private readonly runId: number,
  ) {
    this.selectPlanHash = db.prepare('SELECT content_hash FROM shipments WHERE shipment_id = ?').pluck();
    const columns = `carrier, mode, origin, destination, customer, priority, service_level, planned, route,
      required_docs, quantity, value, source_file, source_line, content_hash`;
    const values = `@carrier, @mode, @origin, @destination, @customer, @priority, @serviceLevel, @planned, @route,
      @requiredDocs, @quantity, @value, @sourceFile, @sourceLine, @contentHash`;
    this.insertPlan = db.prepare(
      `INSERT INTO shipments (shipment_id, ${columns}, first_run, updated_run) VALUES (@shipmentId, ${values}, @runId, @runId)`,
    );
    this.updatePlan = db.prepare(
      `UPDATE shipments SET (${columns}, updated_run) = (${values}, @runId) WHERE shipment_id = @shipmentId`,
    );
    this.deleteRefs = db.prepare('DELETE FROM shipment_refs WHERE shipment_id = ?');
    this.insertRef = db.prepare('INSERT OR IGNORE INTO shipment_refs (kind, value, shipment_id) VALUES (?, ?, ?)');
    this.insertEvent = db.prepare(`
      INSERT INTO events (event_key, shipment_id, status, classifier, event_ms, event_text, event_zone, event_zone_source,
        reported_ms, reported_text, location, reason, carrier, event_id, raw_code, raw_qualifier, unknown_code, refs,
        source_file, source_line, source_segment, source_segment_id, run_id)
      VALUES (@eventKey, @shipmentId, @status, @classifier, @eventMs, @eventText, @eventZone, @eventZoneSource,
        @reportedMs, @reportedText, @location, @reason, @carrier, @eventId, @rawCode, @rawQualifier, @unknownCode, @refs,
        @sourceFile, @sourceLine, @sourceSegment, @sourceSegmentId, @runId)
      ON CONFLICT (event_key) DO NOTHING`);
    this.insertEventRef = db.prepare('INSERT OR IGNORE INTO event_refs (event_id, kind, value) VALUES (?, ?, ?)');
    this.insertRetraction = db.prepare(
      'INSERT INTO retractions (event_id, run_id, source_file) VALUES (?, ?, ?) ON CONFLICT (event_id) DO NOTHING',
    );
  }

  writePlan(plan: ShipmentPlan): PlanWrite {
    const row = {
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
      sourceFile: plan.source.file,
      sourceLine: plan.source.line ?? null,
      contentHash: '',
      runId: this.runId,
    };
    // The hash leaves out the source position: the same plan in tomorrow's export is unchanged.
    const { sourceFile: _file, sourceLine: _line, runId: _run, ...content } = row;
    row.contentHash = createHash('sha1').update(JSON.stringify({ ...content, refs: sortedRefs(plan.refs) })).digest('hex');
    const existing = this.selectPlanHash.get(plan.shipmentId) as string | undefined;
    if (existing === row.contentHash) return 'unchanged';
    if (existing === undefined) this.insertPlan.run(row);
    else this.updatePlan.run(row);
    this.deleteRefs.run(plan.shipmentId);
    for (const ref of plan.refs) this.insertRef.run(ref.kind, ref.value, plan.shipmentId);
    return existing === undefined ? 'inserted' : 'updated';
  }

  writeEvent(event: CarrierEvent): EventWrite {
    if (event.retracts) {
      this.insertRetraction.run(event.retracts, this.runId, event.source.file);
      return 'retraction';
    }
    const result = this.insertEvent.run({
      eventKey: eventKey(event),
      shipmentId: event.shipmentId ?? null,
      status: event.status,
      classifier: event.classifier,
      eventMs: event.time.epochMs,
      eventText: event.time.text,
      eventZone: event.time.zone,
      eventZoneSource: event.time.zoneSource,
      reportedMs: event.reportedAt?.epochMs ?? null,
      reportedText: event.reportedAt?.text ?? null,
      location: event.location ?? null,
      reason: event.reason ?? null,
      carrier: event.carrier ?? null,
      eventId: event.eventId ?? null,
      rawCode: event.rawCode ?? null,
      rawQualifier: event.rawQualifier ?? null,
      unknownCode: event.unknownCode ? 1 : 0,
      refs: JSON.stringify(event.refs),
      sourceFile: event.source.file,
      sourceLine: event.source.line ?? null,
      sourceSegment: event.source.segment ?? null,
      sourceSegmentId: event.source.segmentId ?? null,
      runId: this.runId,
    });
    if (result.changes === 0) return 'duplicate';
    for (const ref of event.refs) this.insertEventRef.run(result.lastInsertRowid, ref.kind, ref.value);
    return 'stored';
  }

  /**
   * Gives events that named no shipment the shipment their references point at. Runs after every
   * ingest, so events that arrived before their plan are matched when the plan comes. A container
   * number is reused across shipments, so document references (bol, booking, pro, awb) win over it,
   * and among equals the most recently planned shipment.
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
      .run().changes;
  }
}

interface ShipmentRow {
  shipment_id: string;
  carrier: string;
  mode: string;
  origin: string;
  destination: string;
  customer: string;
  priority: string;
  service_level: string;
  planned: string;
  route: string;
  required_docs: string;
  quantity: number | null;
  value: number | null;
  source_file: string;
  source_line: number | null;
}

interface EventRow {
  id: number;
  shipment_id: string;
  status: string;
  classifier: string;
  event_ms: number;
  event_text: string;
  event_zone: string;
  event_zone_source: string;
  reported_ms: number | null;
  reported_text: string | null;
  location: string | null;
  reason: string | null;
  carrier: string | null;
  event_id: string | null;
  raw_code: string | null;
  raw_qualifier: string | null;
  unknown_code: number;
  refs: string;
  source_file: string;
  source_line: number | null;
  source_segment: number | null;
  source_segment_id: string | null;
}

/**
 * Every planned shipment with its (non-retracted) events, in shipment id order, fetched in batches so
 * memory stays bounded however large the store grows.
 */
export function* readTimelines(db: Db, batchSize = 2000): Generator<ShipmentTimeline> {
  const shipmentsAfter = db.prepare('SELECT * FROM shipments WHERE shipment_id > ? ORDER BY shipment_id LIMIT ?');
  const eventsBetween = db.prepare(
    `SELECT * FROM events e
     WHERE e.shipment_id >= ? AND e.shipment_id <= ?
       AND (e.event_id IS NULL OR e.event_id NOT IN (SELECT event_id FROM retractions))
     ORDER BY e.shipment_id, e.id`,
  );
  let after = '';
  for (;;) {
    const shipments = shipmentsAfter.all(after, batchSize) as ShipmentRow[];
    if (shipments.length === 0) return;
    const first = shipments[0]!.shipment_id;
    const last = shipments.at(-1)!.shipment_id;
    const eventsByShipment = new Map<string, StoredEvent[]>();
    for (const row of eventsBetween.all(first, last) as EventRow[]) {
      const list = eventsByShipment.get(row.shipment_id) ?? [];
      list.push(toEvent(row));
      eventsByShipment.set(row.shipment_id, list);
    }
    for (const row of shipments) {
      yield { plan: toPlan(row), events: eventsByShipment.get(row.shipment_id) ?? [], documents: [] };
    }
    after = last;
  }
}

export function refsOf(db: Db, shipmentId: string): Reference[] {
  return db.prepare('SELECT kind, value FROM shipment_refs WHERE shipment_id = ? ORDER BY kind, value').all(shipmentId) as Reference[];
}

function toPlan(row: ShipmentRow): ShipmentPlan {
  return {
    shipmentId: row.shipment_id,
    carrier: row.carrier,
    mode: row.mode as Mode,
    origin: row.origin,
    destination: row.destination,
    customer: row.customer,
    priority: row.priority as Priority,
    serviceLevel: row.service_level,
    planned: JSON.parse(row.planned) as ShipmentPlan['planned'],
    route: JSON.parse(row.route) as string[],
    refs: [],
    requiredDocs: JSON.parse(row.required_docs) as string[],
    quantity: row.quantity ?? undefined,
    value: row.value ?? undefined,
    source: { file: row.source_file, line: row.source_line ?? undefined },
  };
}

function timeValue(epochMs: number, text: string, zone: string, zoneSource: string): TimeValue {
  return { epochMs, text, zone, zoneSource: zoneSource as TimeValue['zoneSource'] };
}

function toEvent(row: EventRow): StoredEvent {
  return {
    id: row.id,
    shipmentId: row.shipment_id,
    refs: JSON.parse(row.refs) as Reference[],
    status: row.status as Status,
    classifier: row.classifier as Classifier,
    time: timeValue(row.event_ms, row.event_text, row.event_zone, row.event_zone_source),
    reportedAt:
      row.reported_ms === null ? undefined : timeValue(row.reported_ms, row.reported_text ?? '', 'UTC', 'offset'),
    location: row.location ?? undefined,
    reason: row.reason ?? undefined,
    carrier: row.carrier ?? undefined,
    eventId: row.event_id ?? undefined,
    rawCode: row.raw_code ?? undefined,
    rawQualifier: row.raw_qualifier ?? undefined,
    unknownCode: row.unknown_code === 1,
    source: {
      file: row.source_file,
      line: row.source_line ?? undefined,
      segment: row.source_segment ?? undefined,
      segmentId: row.source_segment_id ?? undefined,
    },
  };
}
