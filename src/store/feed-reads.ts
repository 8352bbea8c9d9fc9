/**
 * What one run stored from each events file, for the feed summary of a one-off check: aggregates in
 * SQL over the run's own events, so a large file is summarised without reading it back.
 */
import type { Db } from './database.js';

export interface FeedFileFigures {
  file: string;
  events: number;
  actuals: number;
  estimates: number;
  /** Appointments and other planned times a carrier sends (classifier `planned`): neither actual nor estimate. */
  planned: number;
  /** Events matched to a plan, by what matched them: a reference kind (`pro`, `container`…) or `shipment_id`. */
  matchedBy: Record<string, number>;
  unmatched: number;
  /** What the unmatched events carry (their references), most frequent first. */
  unmatchedRefs: { refs: string; events: number }[];
  unknownCodes: { code: string; events: number }[];
  /** Local times read in --tz because their place has no known zone, by place. */
  guessedZones: { place: string; events: number }[];
  /** Actuals whose receipt time is before the time they report (the sender's clock, or a send time read in the wrong zone). */
  reportedBeforeHappened: number;
  /** Actuals dated after the audit's as-of. */
  datedAfterAsOf: number;
  firstEventMs?: number;
  lastEventMs?: number;
}

const SHOWN = 10;

/**
 * The events one run stored: its id, and the greatest event row id before it ran — every event it
 * stored has a greater one, so its events are read as a range of row ids, not found by scanning every
 * stored event for the run id (about half a second of a nightly run on a 700k-event store).
 */
export interface RunEvents {
  runId: number;
  afterEventId: number;
}

/** The greatest event row id so far: taken before a run stores its events (RunEvents). */
export function lastEventId(db: Db): number {
  return db.prepare('SELECT coalesce(max(id), 0) FROM events').pluck().get() as number;
}

/** SQL: the event aliased e belongs to the run of the RunEvents passed as @runId, @afterEventId. */
const OF_RUN = 'e.id > @afterEventId AND e.run_id = @runId';
/** An event is matched when the shipment it names or was linked to has a plan. */
const PLANNED = 'EXISTS (SELECT 1 FROM shipments s WHERE s.shipment_id = e.shipment_id)';

export function readFeedFigures(db: Db, run: RunEvents, asOf: number): FeedFileFigures[] {
  const totals = db
    .prepare(
      `SELECT (SELECT f.path FROM source_files f WHERE f.id = e.source_file_id) AS file, count(*) AS events,
              sum(classifier = 'actual') AS actuals, sum(classifier = 'estimated') AS estimates, sum(classifier = 'planned') AS planned,
              sum(NOT ${PLANNED}) AS unmatched,
              sum(classifier = 'actual' AND reported_ms IS NOT NULL AND reported_ms < event_ms) AS reportedBeforeHappened,
              sum(classifier = 'actual' AND event_ms > @asOf) AS datedAfterAsOf,
              min(event_ms) AS firstEventMs, max(event_ms) AS lastEventMs
         FROM events e WHERE ${OF_RUN} GROUP BY source_file_id ORDER BY min(id)`,
    )
    .all({ ...run, asOf }) as Omit<FeedFileFigures, 'matchedBy' | 'unmatchedRefs' | 'unknownCodes' | 'guessedZones'>[];
  // The reference that links an event to its shipment; none means the event named the shipment itself.
  const matched = db.prepare(
    `SELECT coalesce((SELECT ref.value ->> 'kind' FROM json_each(e.refs) ref
                        JOIN shipment_refs r ON r.kind = ref.value ->> 'kind' AND r.value = upper(trim(ref.value ->> 'value')) AND r.shipment_id = e.shipment_id
                       ORDER BY ref.key LIMIT 1), 'shipment_id') AS how, count(*) AS events
       FROM events e WHERE ${OF_RUN} AND e.source_file_id = (SELECT id FROM source_files WHERE path = @file) AND ${PLANNED} GROUP BY how ORDER BY events DESC, how`,
  );
  const unmatchedRefs = db.prepare(
    `SELECT refs, shipment_id AS shipmentId, count(*) AS events FROM events e WHERE ${OF_RUN} AND source_file_id = (SELECT id FROM source_files WHERE path = @file) AND NOT ${PLANNED}
      GROUP BY refs, shipment_id ORDER BY events DESC, refs LIMIT ${SHOWN}`,
  );
  const unknownCodes = db.prepare(
    `SELECT coalesce(raw_code, '') AS code, count(*) AS events FROM events e WHERE ${OF_RUN} AND source_file_id = (SELECT id FROM source_files WHERE path = @file) AND unknown_code = 1
      GROUP BY code ORDER BY events DESC, code`,
  );
  const guessed = db.prepare(
    `SELECT coalesce(location, '(no place)') AS place, count(*) AS events FROM events e
      WHERE ${OF_RUN} AND source_file_id = (SELECT id FROM source_files WHERE path = @file) AND event_zone_source = 'default' GROUP BY place ORDER BY events DESC, place`,
  );
  return totals.map((row) => {
    const ofFile = { ...run, file: row.file };
    return {
      ...row,
      firstEventMs: row.firstEventMs ?? undefined,
      lastEventMs: row.lastEventMs ?? undefined,
      matchedBy: Object.fromEntries((matched.all(ofFile) as { how: string; events: number }[]).map(({ how, events }) => [how, events])),
      unmatchedRefs: (unmatchedRefs.all(ofFile) as { refs: string; shipmentId: string | null; events: number }[]).map(({ refs, shipmentId, events }) => ({
        refs: refsText(refs, shipmentId),
        events,
      })),
      unknownCodes: unknownCodes.all(ofFile) as { code: string; events: number }[],
      guessedZones: guessed.all(ofFile) as { place: string; events: number }[],
    };
  });
}

/** What an unmatched event carries: the shipment id it names (no plan has it), then its references. */
function refsText(json: string, shipmentId: string | null): string {
  const refs = (JSON.parse(json) as { kind: string; value: string }[]).map((ref) => `${ref.kind}:${ref.value}`);
  return [...(shipmentId ? [`shipment_id:${shipmentId}`] : []), ...refs].join(' ') || '(no reference)';
}

/** The shipments a run's events were matched to. */
export function shipmentsWithEventsOfRun(db: Db, run: RunEvents): Set<string> {
  return new Set(db.prepare(`SELECT DISTINCT shipment_id FROM events e WHERE ${OF_RUN} AND shipment_id IS NOT NULL`).pluck().all(run) as string[]);
}
