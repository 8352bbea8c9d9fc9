/**
 * Reading records back: shipment timelines for the engine and the reports (in batches, or one for a
 * case), events that match no plan, the latest stock counts. Rows are read as arrays (better-sqlite3's
 * `raw()`) through the column specs below, not an object per row: a cold audit reads back every event
 * it stored.
 */
import type { DocumentRecord, InventoryRecord, ShipmentPlan, ShipmentTimeline, StoredEvent, TimelineEvent, TimeValue } from '../model/records.js';
import type { Classifier, Mode, Priority, Status } from '../model/vocabulary.js';
import { selectSpec } from './columns.js';
import type { Db } from './database.js';
import { decodePlanned } from './planned-column.js';
import { decodeRefs } from './refs-column.js';
import { readTimeText, readZoneSource } from './time-text.js';

type Row = readonly unknown[];

/** The plan columns toPlan reads (the shipments table aliased s). */
const PLAN_EXPRESSIONS = {
  shipment_id: 's.shipment_id',
  carrier: 's.carrier',
  mode: 's.mode',
  origin: 's.origin',
  destination: 's.destination',
  customer: 's.customer',
  priority: 's.priority',
  service_level: 's.service_level',
  planned: 's.planned',
  route: 's.route',
  required_docs: 's.required_docs',
  quantity: 's.quantity',
  value: 's.value',
  source_file: '(SELECT f.path FROM source_files f WHERE f.id = s.source_file_id)',
  source_line: 's.source_line',
};
const PLAN = selectSpec(PLAN_EXPRESSIONS);
/** readTimelines reads the next due time and the storing run after the plan's columns (so toPlan reads its rows too). */
const TIMELINE_PLAN = selectSpec({ ...PLAN_EXPRESSIONS, next_due_ms: 's.next_due_ms', updated_run: 's.updated_run' });

/**
 * SQL: the plan of the shipments row aliased s as plan_versions keeps a replaced version (migration 14):
 * a JSON object of PLAN_EXPRESSIONS by name, JSON columns kept as their text.
 */
export const PLAN_VERSION_JSON = `json_object(${Object.entries(PLAN_EXPRESSIONS)
  .map(([name, sql]) => `'${name}', ${sql}`)
  .join(', ')})`;

/** A kept version as a row of PLAN (toPlan reads it as it reads the shipments table). */
function versionRow(json: string): Row {
  const plan = JSON.parse(json) as Record<string, unknown>;
  return PLAN.names.map((name) => plan[name] ?? null);
}

/**
 * The version of a plan known at as-of (DESIGN.md: an audit as of T sees what was known by T): of its
 * versions in the order they were stored, the last whose storing run was as of by then; when none was
 * yet, the first — a plan loaded today counts on the nights before, as history does. With it, when the
 * next version becomes known after as-of: the shipment's findings may change then.
 */
function planAsOf(
  current: { row: Row; runId: number },
  replaced: readonly { runId: number; json: string }[],
  runAsOf: ReadonlyMap<number, number>,
  asOf: number,
): { row: Row; nextPlanMs?: number } {
  const versions = [
    ...replaced.map((version) => ({ runId: version.runId, row: () => versionRow(version.json) })),
    { runId: current.runId, row: () => current.row },
  ];
  const storedAsOf = (runId: number) => runAsOf.get(runId) ?? -Infinity;
  const known = versions.filter((version) => storedAsOf(version.runId) <= asOf).at(-1) ?? versions[0]!;
  const later = versions.map((version) => storedAsOf(version.runId)).filter((at) => at > asOf);
  return { row: known.row(), ...(later.length > 0 ? { nextPlanMs: Math.min(...later) } : {}) };
}

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
 * The event columns a timeline reads (the events table aliased e): what an event says, without the
 * references and the source position, which no shipment check looks at (TimelineEvent). Measured
 * reading every event of a 100k-shipment store: arrays instead of objects 7.5 s -> 3.8 s; without those
 * columns 1.5 s -> 1.2 s, before JSON-parsing the references.
 */
const TIMELINE_EVENT_EXPRESSIONS = {
  id: 'e.id',
  shipment_id: 'e.shipment_id',
  status: 'e.status',
  classifier: 'e.classifier',
  event_ms: 'e.event_ms',
  event_text: 'e.event_text',
  event_zone: 'e.event_zone',
  event_zone_source: 'e.event_zone_source',
  reported_ms: 'e.reported_ms',
  reported_text: 'e.reported_text',
  // Looked up only for events without a receipt time of their own (model/timeline.ts knownFrom).
  stored_as_of_ms: 'CASE WHEN e.reported_ms IS NULL THEN (SELECT r.as_of_ms FROM runs r WHERE r.id = e.run_id) END',
  location: 'e.location',
  reason: 'e.reason',
  carrier: 'e.carrier',
  event_id: 'e.event_id',
  raw_code: 'e.raw_code',
  raw_qualifier: 'e.raw_qualifier',
  unknown_code: 'e.unknown_code',
  quantity: 'e.quantity',
};
const TIMELINE_EVENT = selectSpec(TIMELINE_EVENT_EXPRESSIONS);

/** Whole events (a case's timeline, unmatched events): the timeline's columns, then where they came from. */
const EVENT = selectSpec({
  ...TIMELINE_EVENT_EXPRESSIONS,
  refs: 'e.refs',
  source_file: '(SELECT f.path FROM source_files f WHERE f.id = e.source_file_id)',
  source_line: 'e.source_line',
  source_segment: 'e.source_segment',
  source_segment_id: 'e.source_segment_id',
});

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
export function* readTimelines(
  db: Db,
  { asOf, batchSize = 2000, scoped = false }: { asOf: number; batchSize?: number; scoped?: boolean },
): Generator<StoredTimeline> {
  const shipmentsAfter = (
    scoped
      ? db.prepare(
          `SELECT ${TIMELINE_PLAN.select} FROM ${SCOPE_TABLE} a JOIN shipments s ON s.shipment_id = a.shipment_id
           WHERE a.shipment_id > ? ORDER BY a.shipment_id LIMIT ?`,
        )
      : db.prepare(`SELECT ${TIMELINE_PLAN.select} FROM shipments s WHERE s.shipment_id > ? ORDER BY s.shipment_id LIMIT ?`)
  ).raw();
  // A scoped batch is sparse: its events are looked up per shipment in scope, not read across the id range.
  const batchFilter = scoped
    ? `e.shipment_id IN (SELECT shipment_id FROM ${SCOPE_TABLE} WHERE shipment_id >= ? AND shipment_id <= ?)`
    : 'e.shipment_id >= ? AND e.shipment_id <= ?';
  const eventsBetween = db
    .prepare(
      `SELECT ${TIMELINE_EVENT.select} FROM events e
       WHERE ${batchFilter}
         AND ${notRetracted('e')}
       -- The order of events_by_shipment (its keys end with the row id): no sort. By id, SQLite sorted
       -- every batch: a fifth of reading them (100k store: 1.03-1.06 s instead of 1.18-1.32 s).
       ORDER BY e.shipment_id, e.event_ms, e.id`,
    )
    .raw();
  // Replaced plan versions are few (a re-planned shipment), and runs fewer: read per batch, and once.
  const versionsBetween = db
    .prepare('SELECT shipment_id, run_id, plan FROM plan_versions WHERE shipment_id >= ? AND shipment_id <= ? ORDER BY shipment_id, run_id')
    .raw();
  const runAsOf = new Map(db.prepare('SELECT id, as_of_ms FROM runs').raw().all() as [number, number][]);
  const documentsBetween = db.prepare(
    // Every record, in the order stored: the latest as of an audit's time decides (documents_missing).
    'SELECT * FROM documents WHERE shipment_id >= ? AND shipment_id <= ? ORDER BY shipment_id, id',
  );
  let after = '';
  for (;;) {
    const shipments = shipmentsAfter.all(after, batchSize) as Row[];
    if (shipments.length === 0) return;
    const first = shipments[0]![PLAN.at.shipment_id] as string;
    const last = shipments.at(-1)![PLAN.at.shipment_id] as string;
    const eventsByShipment = groupBy((eventsBetween.all(first, last) as Row[]).map(toTimelineEvent), (e) => e.shipmentId!);
    const documentsByShipment = groupBy((documentsBetween.all(first, last) as DocumentRow[]).map(toDocument), (d) => d.shipmentId);
    const replacedByShipment = groupBy(
      (versionsBetween.all(first, last) as [string, number, string][]).map(([shipmentId, runId, json]) => ({ shipmentId, runId, json })),
      (version) => version.shipmentId,
    );
    for (const row of shipments) {
      const shipmentId = row[PLAN.at.shipment_id] as string;
      const replaced = replacedByShipment.get(shipmentId);
      const version = replaced
        ? planAsOf({ row, runId: row[TIMELINE_PLAN.at.updated_run] as number }, replaced, runAsOf, asOf)
        : { row, nextPlanMs: undefined };
      yield {
        plan: toPlan(version.row),
        events: eventsByShipment.get(shipmentId) ?? [],
        documents: documentsByShipment.get(shipmentId) ?? [],
        nextDueMs: row[TIMELINE_PLAN.at.next_due_ms] as number | null,
        ...(version.nextPlanMs === undefined ? {} : { nextPlanMs: version.nextPlanMs }),
      };
    }
    after = last;
  }
}

/**
 * Stored estimates without a receipt time of their own that a run as of after `asOf` stored: they count
 * from that run's as-of (model/timeline.ts knownFrom), so an audit or a backtest night as of `asOf`
 * does not see them. Zero without reading the events when no run is as of later (every nightly run).
 */
export function countEstimatesStoredAfter(db: Db, asOf: number): number {
  const latest = db.prepare('SELECT max(as_of_ms) FROM runs').pluck().get() as number | null;
  if (latest === null || latest <= asOf) return 0;
  return db
    .prepare(
      `SELECT count(*) FROM runs r JOIN events e ON e.run_id = r.id
       WHERE r.as_of_ms > ? AND e.reported_ms IS NULL AND e.classifier = 'estimated'`,
    )
    .pluck()
    .get(asOf) as number;
}

/**
 * Plans changed by a run as of after `asOf` before the store kept the versions a change replaces
 * (migration 14): a replay as of `asOf` evaluates these with a plan not known then.
 */
export function countPlansChangedAfterWithoutVersions(db: Db, asOf: number): number {
  return db
    .prepare(
      `SELECT count(*) FROM shipments s JOIN runs r ON r.id = s.updated_run
       WHERE s.updated_run <> s.first_run AND r.as_of_ms > ? AND NOT EXISTS (SELECT 1 FROM plan_versions v WHERE v.shipment_id = s.shipment_id)`,
    )
    .pluck()
    .get(asOf) as number;
}

/** One shipment's timeline, for showing a case: undefined when no plan is stored under that id. */
export function readTimeline(db: Db, shipmentId: string): (ShipmentTimeline & { events: StoredEvent[] }) | undefined {
  const plan = db.prepare(`SELECT ${PLAN.select} FROM shipments s WHERE s.shipment_id = ?`).raw().get(shipmentId) as Row | undefined;
  if (!plan) return undefined;
  const events = db
    .prepare(
      `SELECT ${EVENT.select} FROM events e
       WHERE e.shipment_id = ? AND ${notRetracted('e')}
       ORDER BY e.id`,
    )
    .raw()
    .all(shipmentId) as Row[];
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
      `SELECT ${EVENT.select} FROM events e
       WHERE (e.shipment_id IS NULL OR NOT EXISTS (SELECT 1 FROM shipments s WHERE s.shipment_id = e.shipment_id))
         AND ${notRetracted('e')}
       ORDER BY e.event_ms, e.id`,
    )
    .raw()
    .all() as Row[];
  return [...groupBy(rows.map(toEvent), identityOf)].map(([identity, events]) => ({ identity, events }));
}

function identityOf(event: StoredEvent): string {
  if (event.shipmentId) return event.shipmentId;
  const ordered = [...event.refs].sort((a, b) => Number(a.kind === 'container') - Number(b.kind === 'container') || a.kind.localeCompare(b.kind));
  return ordered[0] ? `${ordered[0].kind}:${ordered[0].value}` : 'no reference';
}

function toPlan(row: Row): ShipmentPlan {
  const at = PLAN.at;
  return {
    shipmentId: row[at.shipment_id] as string,
    carrier: row[at.carrier] as string,
    mode: row[at.mode] as Mode,
    origin: row[at.origin] as string,
    destination: row[at.destination] as string,
    customer: row[at.customer] as string,
    priority: row[at.priority] as Priority,
    serviceLevel: row[at.service_level] as string,
    planned: decodePlanned(row[at.planned] as string),
    route: JSON.parse(row[at.route] as string) as string[],
    refs: [],
    requiredDocs: JSON.parse(row[at.required_docs] as string) as string[],
    quantity: (row[at.quantity] as number | null) ?? undefined,
    value: (row[at.value] as number | null) ?? undefined,
    source: { file: row[at.source_file] as string, line: (row[at.source_line] as number | null) ?? undefined },
  };
}

function timeValue(epochMs: number, text: string, zone: string, zoneSource: string): TimeValue {
  return { epochMs, text, zone, zoneSource: zoneSource as TimeValue['zoneSource'] };
}

/** A time from the events table, which leaves out a text that the instant and zone write back and the usual zone source (time-text.ts). */
function storedTime(epochMs: number, text: string, zone: string, zoneSource: string): TimeValue {
  return { epochMs, text: readTimeText(text, epochMs, zone), zone, zoneSource: readZoneSource(zoneSource) };
}

function toTimelineEvent(row: Row): TimelineEvent {
  const at = TIMELINE_EVENT.at;
  const reportedMs = row[at.reported_ms] as number | null;
  return {
    id: row[at.id] as number,
    shipmentId: (row[at.shipment_id] as string | null) ?? undefined,
    status: row[at.status] as Status,
    classifier: row[at.classifier] as Classifier,
    time: storedTime(row[at.event_ms] as number, row[at.event_text] as string, row[at.event_zone] as string, row[at.event_zone_source] as string),
    reportedAt: reportedMs === null ? undefined : storedTime(reportedMs, (row[at.reported_text] as string | null) ?? '', 'UTC', 'offset'),
    storedAsOfMs: (row[at.stored_as_of_ms] as number | null) ?? undefined,
    location: (row[at.location] as string | null) ?? undefined,
    reason: (row[at.reason] as string | null) ?? undefined,
    carrier: (row[at.carrier] as string | null) ?? undefined,
    eventId: (row[at.event_id] as string | null) ?? undefined,
    rawCode: (row[at.raw_code] as string | null) ?? undefined,
    rawQualifier: (row[at.raw_qualifier] as string | null) ?? undefined,
    unknownCode: row[at.unknown_code] === 1,
    quantity: (row[at.quantity] as number | null) ?? undefined,
  };
}

function toEvent(row: Row): StoredEvent {
  const at = EVENT.at;
  return {
    ...toTimelineEvent(row),
    refs: decodeRefs(row[at.refs] as string),
    source: {
      file: row[at.source_file] as string,
      line: (row[at.source_line] as number | null) ?? undefined,
      segment: (row[at.source_segment] as number | null) ?? undefined,
      segmentId: (row[at.source_segment_id] as string | null) ?? undefined,
    },
  };
}
