import Database from 'better-sqlite3';
const db = new Database('/tmp/ins/n1.db', { readonly: true });
const cols = "e.id, e.shipment_id, e.status, e.classifier, e.event_ms, e.event_text, e.event_zone, e.event_zone_source, e.reported_ms, e.reported_text, NULL, e.location, e.reason, e.carrier, e.event_id, e.raw_code, e.raw_qualifier, e.unknown_code, e.quantity";
const variants = {
  byIndex: `SELECT ${cols} FROM events e WHERE e.shipment_id >= ? AND e.shipment_id <= ? ORDER BY e.shipment_id, e.event_ms, e.id`,
  tableOrder: `SELECT ${cols} FROM events e WHERE ? <> ?`,
  idsOnlyIndex: `SELECT e.id FROM events e WHERE e.shipment_id >= ? AND e.shipment_id <= ? ORDER BY e.shipment_id, e.event_ms, e.id`,
  numsOnlyByIndex: `SELECT e.id, e.event_ms, e.reported_ms FROM events e WHERE e.shipment_id >= ? AND e.shipment_id <= ? ORDER BY e.shipment_id, e.event_ms, e.id`,
};
for (let i = 0; i < 2; i++) for (const [k, v] of Object.entries(variants)) {
  const st = db.prepare(v).raw();
  const t0 = performance.now(); let n = 0; for (const r of st.iterate('', '~')) n++; console.log(k, n, (performance.now() - t0).toFixed(0), 'ms');
}
