/**
 * The DuckDB peer: what a user with the same exports would otherwise do — load them into DuckDB and
 * write the four checks of bench/rules.yaml in SQL. Timed from reading the CSV files to the written
 * result, in a fresh in-memory database each time (a full re-scan, as a script from cron would do).
 */
import { DuckDBInstance } from '@duckdb/node-api';

export interface PeerResult {
  seconds: number;
  /** Exceptions found per rule id, to check the peer does the same work as logex. */
  byRule: Record<string, number>;
}

const TIME_FORMATS = `['%Y-%m-%dT%H:%M%z', '%Y-%m-%dT%H:%M:%S%z', '%Y-%m-%dT%H:%MZ', '%Y-%m-%dT%H:%M:%SZ']`;
const instant = (column: string) => `try_strptime(nullif(${column}, ''), ${TIME_FORMATS})`;
const quoted = (text: string) => `'${text.replaceAll("'", "''")}'`;

/** The checks, with the tolerances of bench/rules.yaml. */
function checksSql(plans: string, events: readonly string[], asOf: string, out: string): string {
  const asOfTs = `TIMESTAMPTZ ${quoted(asOf)}`;
  return `
  COPY (
    WITH plans AS (
      SELECT shipment_id, refs, ${instant('planned_departed')} AS planned_departed, ${instant('planned_arrived')} AS planned_arrived
      FROM read_csv(${quoted(plans)}, header = true, all_varchar = true)
    ),
    refs AS (
      SELECT shipment_id, upper(split_part(ref, ':', 1)) AS kind, upper(split_part(ref, ':', 2)) AS value
      FROM (SELECT shipment_id, unnest(string_split(refs, ';')) AS ref FROM plans)
    ),
    events AS (
      SELECT * FROM read_csv([${events.map(quoted).join(', ')}], header = true, all_varchar = true, union_by_name = true)
    ),
    linked AS (
      SELECT coalesce(nullif(e.shipment_id, ''), b.shipment_id, p.shipment_id, c.shipment_id) AS shipment_id,
             e.status, e.classifier, ${instant('e.event_time')} AS event_time, ${instant('e.reported_at')} AS reported_at
      FROM events e
      LEFT JOIN refs b ON b.kind = 'BOL' AND b.value = upper(e.bol)
      LEFT JOIN refs p ON p.kind = 'PRO' AND p.value = upper(e.pro)
      LEFT JOIN refs c ON c.kind = 'CONTAINER' AND c.value = upper(e.container)
    ),
    timeline AS (
      SELECT shipment_id,
        min(event_time) FILTER (WHERE classifier = 'actual' AND status = 'departed' AND event_time <= ${asOfTs}) AS departed,
        min(event_time) FILTER (WHERE classifier = 'actual' AND status = 'arrived' AND event_time <= ${asOfTs}) AS arrived,
        arg_max(event_time, reported_at) FILTER (WHERE classifier = 'estimated' AND status = 'arrived'
          AND (reported_at IS NULL OR reported_at <= ${asOfTs})) AS arrival_estimate
      FROM linked WHERE shipment_id IS NOT NULL GROUP BY shipment_id
    ),
    audited AS (SELECT p.*, t.departed, t.arrived, t.arrival_estimate FROM plans p LEFT JOIN timeline t USING (shipment_id))
    SELECT 'bench-departed-late' AS rule, shipment_id, departed - planned_departed AS deviation FROM audited
      WHERE departed - planned_departed > INTERVAL 6 HOURS
    UNION ALL
    SELECT 'bench-arrival-overdue', shipment_id, ${asOfTs} - planned_arrived FROM audited
      WHERE arrived IS NULL AND ${asOfTs} - planned_arrived > INTERVAL 1 DAY
    UNION ALL
    SELECT 'bench-arrival-at-risk', shipment_id, arrival_estimate - planned_arrived FROM audited
      WHERE arrived IS NULL AND arrival_estimate - planned_arrived > INTERVAL 1 DAY
    UNION ALL
    SELECT 'bench-transit-too-long', shipment_id, coalesce(arrived, ${asOfTs}) - departed - INTERVAL 20 DAYS FROM audited
      WHERE departed IS NOT NULL AND coalesce(arrived, ${asOfTs}) - departed > INTERVAL 20 DAYS
  ) TO ${quoted(out)} (HEADER, DELIMITER ',')`;
}

export async function duckdbPeer(plans: string, events: readonly string[], asOf: string, out: string): Promise<PeerResult> {
  const started = performance.now();
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  await connection.run(checksSql(plans, events, asOf, out));
  const seconds = (performance.now() - started) / 1000;
  const counted = await connection.runAndReadAll(`SELECT rule, count(*) AS n FROM read_csv(${quoted(out)}, header = true) GROUP BY rule ORDER BY rule`);
  const byRule: Record<string, number> = {};
  for (const row of counted.getRowObjects()) byRule[String(row.rule)] = Number(row.n);
  connection.closeSync();
  instance.closeSync();
  return { seconds, byRule };
}
