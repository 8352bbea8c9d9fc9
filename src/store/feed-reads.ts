/**
 * What one run stored from each events file, for the feed summary of a one-off check: aggregates in
 * SQL over the run's own events, so a large file is summarised without reading it back.
 */
import type { Db } from './database.js';
import { decodeRefs } from './refs-column.js';

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
/** SQL: and it was read from the input file passed as @file. */
const OF_RUN_AND_FILE = `${OF_RUN} AND e.source_file_id = (SELECT id FROM source_files WHERE path = @file)`;
/** An event is matched when the shipment it names or was linked to has a plan. */
const PLANNED = 'EXISTS (SELECT 1 FROM shipments s WHERE s.shipment_id = e.shipment_id)';

/** Events a run stored and matched to a plan by a reference: input file → reference kind → events (RecordWriter). */
export type LinkedByReference = Readonly<Record<string, Readonly<Record<string, number>>>>;

/**
 * The figures of each events file a run read (`files`, in the order read), from its stored events. No
 * query groups all of the run's events: SQLite sorts every row it groups, in memory here (700 MiB
 * and 41 s for a 6.9M-event first run, when the reference each event matched by was joined back too).
 * What matched an event by reference was counted as it was written (`linkedByReference`); the rest of
 * the matched events named their shipment.
 */
export function readFeedFigures(db: Db, run: RunEvents, asOf: number, files: readonly string[], linkedByReference: LinkedByReference): FeedFileFigures[] {
  const totals = db.prepare(
    `SELECT count(*) AS events, min(id) AS firstId,
            coalesce(sum(classifier = 'actual'), 0) AS actuals, coalesce(sum(classifier = 'estimated'), 0) AS estimates,
            coalesce(sum(classifier = 'planned'), 0) AS planned, coalesce(sum(NOT ${PLANNED}), 0) AS unmatched,
            coalesce(sum(classifier = 'actual' AND reported_ms IS NOT NULL AND reported_ms < event_ms), 0) AS reportedBeforeHappened,
            coalesce(sum(classifier = 'actual' AND event_ms > @asOf), 0) AS datedAfterAsOf,
            min(event_ms) AS firstEventMs, max(event_ms) AS lastEventMs,
            coalesce(sum(unknown_code = 1), 0) AS unknownCodeEvents, coalesce(sum(event_zone_source = 'default'), 0) AS guessedZoneEvents
       FROM events e WHERE ${OF_RUN_AND_FILE}`,
  );
  // Each read once more only when the totals say it has rows: the unmatched events, unknown codes and
  // guessed zones of a file are few, but finding them reads the run's events again.
  const unmatchedRefs = db.prepare(
    `SELECT refs, shipment_id AS shipmentId, count(*) AS events FROM events e WHERE ${OF_RUN_AND_FILE} AND NOT ${PLANNED}
      GROUP BY refs, shipment_id ORDER BY events DESC, refs LIMIT ${SHOWN}`,
  );
  const unknownCodes = db.prepare(
    `SELECT coalesce(raw_code, '') AS code, count(*) AS events FROM events e WHERE ${OF_RUN_AND_FILE} AND unknown_code = 1
      GROUP BY code ORDER BY events DESC, code`,
  );
  const guessed = db.prepare(
    `SELECT coalesce(location, '(no place)') AS place, count(*) AS events FROM events e
      WHERE ${OF_RUN_AND_FILE} AND event_zone_source = 'default' GROUP BY place ORDER BY events DESC, place`,
  );
  type Totals = Omit<FeedFileFigures, 'file' | 'matchedBy' | 'unmatchedRefs' | 'unknownCodes' | 'guessedZones'> & {
    firstId: number | null;
    unknownCodeEvents: number;
    guessedZoneEvents: number;
  };
  return files
    .map((file) => ({ file, totals: totals.get({ ...run, asOf, file }) as Totals }))
    .filter(({ totals }) => totals.events > 0)
    .map(({ file, totals: { firstId, unknownCodeEvents, guessedZoneEvents, ...row } }) => {
      const ofFile = { ...run, file };
      const byReference = linkedByReference[file] ?? {};
      const named = row.events - row.unmatched - Object.values(byReference).reduce((sum, events) => sum + events, 0);
      const matchedBy = Object.fromEntries(
        [...Object.entries(byReference), ...(named > 0 ? [['shipment_id', named] as const] : [])].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1)),
      );
      return {
        order: firstId ?? 0,
        figures: {
          file,
          ...row,
          firstEventMs: row.firstEventMs ?? undefined,
          lastEventMs: row.lastEventMs ?? undefined,
          matchedBy,
          unmatchedRefs:
            row.unmatched === 0
              ? []
              : (unmatchedRefs.all(ofFile) as { refs: string; shipmentId: string | null; events: number }[]).map(({ refs, shipmentId, events }) => ({
                  refs: refsText(refs, shipmentId),
                  events,
                })),
          unknownCodes: unknownCodeEvents === 0 ? [] : (unknownCodes.all(ofFile) as { code: string; events: number }[]),
          guessedZones: guessedZoneEvents === 0 ? [] : (guessed.all(ofFile) as { place: string; events: number }[]),
        },
      };
    })
    .sort((a, b) => a.order - b.order)
    .map(({ figures }) => figures);
}

/** What an unmatched event carries: the shipment id it names (no plan has it), then its references. */
function refsText(column: string, shipmentId: string | null): string {
  const refs = decodeRefs(column).map((ref) => `${ref.kind}:${ref.value}`);
  return [...(shipmentId ? [`shipment_id:${shipmentId}`] : []), ...refs].join(' ') || '(no reference)';
}

/** The shipments a run's events were matched to. */
export function shipmentsWithEventsOfRun(db: Db, run: RunEvents): Set<string> {
  return new Set(db.prepare(`SELECT DISTINCT shipment_id FROM events e WHERE ${OF_RUN} AND shipment_id IS NOT NULL`).pluck().all(run) as string[]);
}
