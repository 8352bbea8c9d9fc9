/** A store written by this version, turned back into what schema 14 stored, to test migration 15 on real rows. */
import type { Db } from '../../src/store/database.js';
import { decodePlanned } from '../../src/store/planned-column.js';
import { decodeRefs } from '../../src/store/refs-column.js';
import { readTimeText } from '../../src/store/time-text.js';

/** Every text and zone source as read, references as {kind, value} objects, planned times with their texts. */
export function asSchema14(db: Db): void {
  db.function('as_read', (text: string | null, epochMs: number | null, zone: string) =>
    text === null || epochMs === null ? text : readTimeText(text, epochMs, zone),
  );
  db.function('refs_as_objects', (refs: string) => JSON.stringify(decodeRefs(refs)));
  db.function('planned_as_read', (planned: string) =>
    JSON.stringify(
      Object.fromEntries(Object.entries(decodePlanned(planned)).map(([milestone, time]) => [milestone, [time.epochMs, time.text, time.zone, time.zoneSource]])),
    ),
  );
  db.exec(`UPDATE events SET event_text = as_read(event_text, event_ms, event_zone), reported_text = as_read(reported_text, reported_ms, 'UTC'),
      event_zone_source = CASE event_zone_source WHEN '' THEN 'offset' ELSE event_zone_source END,
      refs = refs_as_objects(refs);
    UPDATE shipments SET planned = planned_as_read(planned);
    PRAGMA user_version = 14;`);
}
