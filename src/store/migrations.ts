/**
 * The SQLite schema, as numbered migrations: `PRAGMA user_version` is the number applied.
 * Append, never edit: a user's database at version N gets exactly migrations N+1… on open.
 * Times are stored as epoch milliseconds (what rules compare) beside the original text and zone.
 */
export const MIGRATIONS: readonly string[] = [
  // 1: the audit spine
  `
  CREATE TABLE runs (
    id INTEGER PRIMARY KEY,
    command TEXT NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    as_of_ms INTEGER NOT NULL,
    inputs TEXT NOT NULL,
    summary TEXT
  );

  CREATE TABLE shipments (
    shipment_id TEXT PRIMARY KEY,
    carrier TEXT NOT NULL,
    mode TEXT NOT NULL,
    origin TEXT NOT NULL,
    destination TEXT NOT NULL,
    customer TEXT NOT NULL,
    priority TEXT NOT NULL,
    service_level TEXT NOT NULL,
    planned TEXT NOT NULL,          -- JSON: milestone → {epochMs, text, zone, zoneSource}; arrays since 13
    route TEXT NOT NULL,            -- JSON array of UN/LOCODEs
    required_docs TEXT NOT NULL,    -- JSON array
    quantity REAL,
    value REAL,
    source_file TEXT NOT NULL,
    source_line INTEGER,
    content_hash TEXT NOT NULL,     -- an unchanged re-import is not an update
    first_run INTEGER NOT NULL REFERENCES runs(id),
    updated_run INTEGER NOT NULL REFERENCES runs(id)
  );

  CREATE TABLE shipment_refs (
    kind TEXT NOT NULL,
    value TEXT NOT NULL,
    shipment_id TEXT NOT NULL REFERENCES shipments(shipment_id),
    PRIMARY KEY (kind, value, shipment_id)
  ) WITHOUT ROWID;

  CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    event_key TEXT NOT NULL UNIQUE,  -- "id:<carrier>:<event_id>" or "fp:<fingerprint>": dedupes re-sent events
    shipment_id TEXT,                -- NULL until a reference matches a plan
    status TEXT NOT NULL,
    classifier TEXT NOT NULL,
    event_ms INTEGER NOT NULL,
    event_text TEXT NOT NULL,
    event_zone TEXT NOT NULL,
    event_zone_source TEXT NOT NULL,
    reported_ms INTEGER,
    reported_text TEXT,
    location TEXT,
    reason TEXT,
    carrier TEXT,
    event_id TEXT,
    raw_code TEXT,
    raw_qualifier TEXT,
    unknown_code INTEGER NOT NULL DEFAULT 0,
    refs TEXT NOT NULL,              -- JSON array of {kind, value}
    source_file TEXT NOT NULL,
    source_line INTEGER,
    source_segment INTEGER,
    source_segment_id TEXT,
    run_id INTEGER NOT NULL REFERENCES runs(id)
  );
  CREATE INDEX events_by_shipment ON events(shipment_id, event_ms);
  CREATE INDEX events_by_event_id ON events(event_id) WHERE event_id IS NOT NULL;

  CREATE TABLE event_refs (
    event_id INTEGER NOT NULL REFERENCES events(id),
    kind TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (kind, value, event_id)
  ) WITHOUT ROWID;

  -- DCSA v3 retractions: the named event stays stored for the record but no longer counts.
  CREATE TABLE retractions (
    event_id TEXT PRIMARY KEY,
    run_id INTEGER NOT NULL REFERENCES runs(id),
    source_file TEXT NOT NULL
  );

  CREATE TABLE cases (
    id INTEGER PRIMARY KEY,
    case_key TEXT NOT NULL UNIQUE,   -- rule | shipment | milestone (or other finding key)
    rule_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    shipment_id TEXT NOT NULL,
    milestone TEXT,
    carrier TEXT,
    lane TEXT,
    mode TEXT,
    status TEXT NOT NULL,
    severity TEXT NOT NULL,
    score REAL NOT NULL,
    team TEXT,
    assignee TEXT,
    root_cause TEXT,
    outcome TEXT,
    planned_ms INTEGER,
    actual_ms INTEGER,
    deviation_minutes INTEGER NOT NULL,
    message TEXT NOT NULL,
    opened_as_of_ms INTEGER NOT NULL,
    opened_run INTEGER NOT NULL REFERENCES runs(id),
    last_seen_run INTEGER NOT NULL REFERENCES runs(id),
    updated_at TEXT NOT NULL
  );
  CREATE INDEX cases_by_status ON cases(status, severity);
  CREATE INDEX cases_by_shipment ON cases(shipment_id);

  CREATE TABLE case_history (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases(id),
    run_id INTEGER REFERENCES runs(id),
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,            -- opened, reopened, cleared, escalated, status, assignee, …
    from_value TEXT,
    to_value TEXT,
    note TEXT
  );
  CREATE INDEX case_history_by_case ON case_history(case_id, id);
  `,
  // 2: deviation bands on cases (escalation, ETA churn), documents and inventory records
  `
  ALTER TABLE cases ADD COLUMN band INTEGER NOT NULL DEFAULT 0;

  CREATE TABLE documents (
    shipment_id TEXT NOT NULL,
    doc_type TEXT NOT NULL,
    status TEXT NOT NULL,            -- received | rejected
    received_ms INTEGER,
    received_text TEXT,
    source_file TEXT NOT NULL,
    source_line INTEGER,
    run_id INTEGER NOT NULL REFERENCES runs(id),
    PRIMARY KEY (shipment_id, doc_type, status)
  ) WITHOUT ROWID;

  CREATE TABLE inventory (
    sku TEXT NOT NULL,
    location TEXT NOT NULL,
    on_hand REAL NOT NULL,
    min_level REAL,
    expected_qty REAL,
    counted_qty REAL,
    as_of_ms INTEGER NOT NULL,
    as_of_text TEXT NOT NULL,
    source_file TEXT NOT NULL,
    source_line INTEGER,
    run_id INTEGER NOT NULL REFERENCES runs(id),
    PRIMARY KEY (sku, location, as_of_ms)
  ) WITHOUT ROWID;
  `,
  // 3: the notification outbox, written in the audit's transaction and delivered after its commit
  `
  CREATE TABLE outbox (
    id INTEGER PRIMARY KEY,
    idempotency_key TEXT NOT NULL UNIQUE,    -- sent with the message (Idempotency-Key, Message-ID): a retry is recognisable
    run_id INTEGER NOT NULL REFERENCES runs(id),
    channel TEXT NOT NULL,                   -- by name: URL, headers and passwords are read from the configuration at send time
    team TEXT NOT NULL,
    mode TEXT NOT NULL,                      -- immediate | digest
    recipients TEXT NOT NULL,                -- JSON array of e-mail addresses; [] for webhooks
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    cases TEXT NOT NULL,                     -- JSON array of the notified cases, as a JSON webhook sends them
    status TEXT NOT NULL DEFAULT 'pending',  -- pending | sent | dead
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    last_error TEXT,
    created_at TEXT NOT NULL,
    sent_at TEXT,
    dead_at TEXT,
    dead_acknowledged_at TEXT
  );
  CREATE INDEX outbox_by_status ON outbox(status, next_attempt_at);

  -- One message per (case, trigger, channel), ever: a re-run or a digest never repeats a case's alert.
  CREATE TABLE outbox_triggers (
    trigger_key TEXT PRIMARY KEY,            -- logex:case-<id>:<opened | reopened-run-N | escalated-band-N-severity>:<channel>
    message_id INTEGER NOT NULL REFERENCES outbox(id),
    case_id INTEGER NOT NULL REFERENCES cases(id)
  ) WITHOUT ROWID;
  `,
  // 4: the case list's everyday filters (cases list/update --where by team or assignee)
  `
  CREATE INDEX cases_by_team ON cases(team, status);
  CREATE INDEX cases_by_assignee ON cases(assignee, status);
  `,
  // 5: scale and incremental audits (src/pipeline/incremental.ts)
  `
  -- Linking an event by reference looks up its references by event id; without this index every
  -- unlinked event scanned all of event_refs, and a 10k-shipment load took minutes.
  CREATE INDEX event_refs_by_event ON event_refs(event_id);

  -- The earliest as-of at which a shipment's findings can change with no new records (a planned time
  -- plus tolerance passing, a future-dated event becoming known); NULL: never evaluated under the
  -- current rules. An incremental audit re-evaluates the shipments due by its as-of through this index.
  ALTER TABLE shipments ADD COLUMN next_due_ms INTEGER;
  CREATE INDEX shipments_by_next_due ON shipments(next_due_ms) WHERE next_due_ms IS NOT NULL;
  -- Plans changed since the last audit: re-evaluated by the next incremental one.
  CREATE INDEX shipments_by_updated_run ON shipments(updated_run);

  -- What an incremental audit starts from, kept on each audit run: JSON {fingerprint, lastEventId,
  -- lastHistoryId, casesCount}; NULL on runs that cannot be a baseline.
  ALTER TABLE runs ADD COLUMN audit_baseline TEXT;
  `,
  // 6: a case's score before aging, so an incremental audit ages the cases it carries over in place
  `
  -- score is the aged one (score.ts agedScore); NULL on cases no audit has seen since this migration.
  ALTER TABLE cases ADD COLUMN base_score REAL;
  `,
  // 7: delivered quantities on events, for on-time-in-full (OTIF) in the carrier report
  `
  ALTER TABLE events ADD COLUMN quantity REAL;
  `,
  // 8: fingerprint keys start with the event's identity, "fp:<identity>#<16 hex>" (event-key.ts eventKey),
  // so a shipment's events are neighbours in the unique key index. Rewrites the keys stored before, with
  // the function openStore registers, so re-sent events stay duplicates across the upgrade.
  `
  UPDATE events SET event_key = coalesce(
    logex_migrated_event_key(event_key, shipment_id, refs, status, classifier, event_ms, location, reason, raw_code), event_key)
  WHERE event_key LIKE 'fp:%';
  `,
  // 9: the width of a case's deviation band, so an incremental audit can grow an overdue or open-transit
  // finding from its case without reading the shipment's events again (incremental.ts regrowCases)
  `
  -- NULL on cases no audit has refreshed since this migration: their shipments are evaluated as before.
  ALTER TABLE cases ADD COLUMN band_width_ms INTEGER;
  `,
  // 10: whole histories (issue 15). An event's identity is its publisher and id, else its content: an id
  // re-used by another publisher, or with other content, no longer drops an event. Every document record
  // is kept. Retractions are scoped to a publisher.
  `
  -- Who issued event_id (event-key.ts publisherOf); '' unknown. NULL on events without an id. Before, the
  -- key was "id:<carrier>:<event id>", so the carrier was the publisher; the keys become records.ts's.
  ALTER TABLE events ADD COLUMN publisher TEXT;
  UPDATE events SET publisher = coalesce(carrier, ''),
    event_key = logex_migrated_identified_key(coalesce(carrier, ''), event_id, shipment_id, refs, status, classifier, event_ms, location,
      reason, raw_code)
  WHERE event_id IS NOT NULL AND event_key LIKE 'id:%';

  -- A retraction names an event id and its publisher ('' unknown: any publisher's, as every retraction before).
  CREATE TABLE retractions_v10 (
    event_id TEXT NOT NULL,
    publisher TEXT NOT NULL DEFAULT '',
    run_id INTEGER NOT NULL REFERENCES runs(id),
    source_file TEXT NOT NULL,
    PRIMARY KEY (event_id, publisher)
  ) WITHOUT ROWID;
  INSERT INTO retractions_v10 (event_id, publisher, run_id, source_file) SELECT event_id, '', run_id, source_file FROM retractions;
  DROP TABLE retractions;
  ALTER TABLE retractions_v10 RENAME TO retractions;

  -- Every document record, not one per (shipment, type, status): received, rejected, received again.
  -- An exact re-send (same shipment, type, status and time) is one record.
  CREATE TABLE documents_v10 (
    id INTEGER PRIMARY KEY,
    shipment_id TEXT NOT NULL,
    doc_type TEXT NOT NULL,
    status TEXT NOT NULL,            -- received | rejected
    received_ms INTEGER,
    received_text TEXT,
    source_file TEXT NOT NULL,
    source_line INTEGER,
    run_id INTEGER NOT NULL REFERENCES runs(id)
  );
  INSERT INTO documents_v10 (shipment_id, doc_type, status, received_ms, received_text, source_file, source_line, run_id)
    SELECT shipment_id, doc_type, status, received_ms, received_text, source_file, source_line, run_id FROM documents
    ORDER BY run_id, shipment_id, doc_type, received_ms, status;
  DROP TABLE documents;
  ALTER TABLE documents_v10 RENAME TO documents;
  CREATE UNIQUE INDEX documents_by_shipment ON documents(shipment_id, doc_type, ifnull(received_ms, 'unknown'), status);
  `,
  // 11: every receipt of an estimate (issue 19): a carrier re-sending the same ETA later is one stored
  // event, but the ETA report counts it again at its new receipt time (estimate-receipts.ts)
  `
  -- Receipts of a re-sent estimate: its receipt time (reported_ms, else the as-of of the run that read it),
  -- and the stored copy's before the re-send could lower it. The stored event's own receipt is the first.
  CREATE TABLE estimate_receipts (
    event_row INTEGER NOT NULL REFERENCES events(id),
    received_ms INTEGER NOT NULL,
    PRIMARY KEY (event_row, received_ms)
  ) WITHOUT ROWID;
  `,
  // 12: a smaller store (issue 20). Each event and plan names its input file by a number instead of repeating
  // its path, and events are keyed by a number instead of text (event-key.ts compactEventKey), which the
  // function openStore registers computes from the stored key. Events are copied into a new table (a
  // column's type cannot change in place), keeping their ids; database.ts runs it with foreign keys
  // checked at the end instead of row by row.
  `
  CREATE TABLE source_files (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL UNIQUE
  );
  INSERT INTO source_files (path) SELECT source_file FROM shipments UNION SELECT source_file FROM events;

  ALTER TABLE shipments ADD COLUMN source_file_id INTEGER REFERENCES source_files(id);
  UPDATE shipments SET source_file_id = (SELECT f.id FROM source_files f WHERE f.path = shipments.source_file);
  ALTER TABLE shipments DROP COLUMN source_file;

  CREATE TABLE events_v12 (
    id INTEGER PRIMARY KEY,
    event_key INTEGER NOT NULL UNIQUE,  -- event-key.ts compactEventKey; a re-send is recognised by its content
    shipment_id TEXT,                   -- NULL until a reference matches a plan
    status TEXT NOT NULL,
    classifier TEXT NOT NULL,
    event_ms INTEGER NOT NULL,
    event_text TEXT NOT NULL,
    event_zone TEXT NOT NULL,
    event_zone_source TEXT NOT NULL,
    reported_ms INTEGER,
    reported_text TEXT,
    location TEXT,
    reason TEXT,
    carrier TEXT,
    event_id TEXT,
    raw_code TEXT,
    raw_qualifier TEXT,
    unknown_code INTEGER NOT NULL DEFAULT 0,
    refs TEXT NOT NULL,                 -- JSON array of {kind, value}
    source_file_id INTEGER NOT NULL REFERENCES source_files(id),
    source_line INTEGER,
    source_segment INTEGER,
    source_segment_id TEXT,
    run_id INTEGER NOT NULL REFERENCES runs(id),
    quantity REAL,
    publisher TEXT
  );
  -- Two stored keys may hash to one number: the later event takes the next free one, as the writer does.
  ${[0, 1, 2, 3]
    .map(
      (probe) => `
  INSERT INTO events_v12 SELECT e.id, logex_compact_event_key(e.event_key) + ${probe}, e.shipment_id, e.status, e.classifier, e.event_ms, e.event_text,
    e.event_zone, e.event_zone_source, e.reported_ms, e.reported_text, e.location, e.reason, e.carrier, e.event_id, e.raw_code, e.raw_qualifier,
    e.unknown_code, e.refs, (SELECT f.id FROM source_files f WHERE f.path = e.source_file), e.source_line, e.source_segment, e.source_segment_id,
    e.run_id, e.quantity, e.publisher
  FROM events e WHERE ${probe === 0 ? 'true' : 'e.id NOT IN (SELECT id FROM events_v12)'} ORDER BY e.id
  ${probe < 3 ? 'ON CONFLICT (event_key) DO NOTHING' : ''};`,
    )
    .join('')}
  DROP TABLE events;
  ALTER TABLE events_v12 RENAME TO events;
  CREATE INDEX events_by_shipment ON events(shipment_id, event_ms);
  CREATE INDEX events_by_event_id ON events(event_id) WHERE event_id IS NOT NULL;
  `,

  // 13: planned times as [epochMs, text, zone, zoneSource] per milestone (planned-column.ts), without the
  // property names in every row. The content hash stays that of the object form, so plans still compare.
  `
  UPDATE shipments SET planned = (
    SELECT json_group_object(p.key, json_array(
      json_extract(p.value, '$.epochMs'), json_extract(p.value, '$.text'), json_extract(p.value, '$.zone'), json_extract(p.value, '$.zoneSource')))
    FROM json_each(shipments.planned) p);
  `,

  // 14: the versions of a plan that a later one replaced, each with the run that had stored it, so an
  // audit as of a past night evaluates the plan known then (timeline-reads.ts planAsOf). `plan` is a
  // JSON object of the plan's columns as timeline-reads.ts PLAN_EXPRESSIONS names them. Plans replaced
  // before this version kept no earlier version.
  `
  CREATE TABLE plan_versions (
    shipment_id TEXT NOT NULL,
    run_id INTEGER NOT NULL REFERENCES runs(id),
    plan TEXT NOT NULL,
    PRIMARY KEY (shipment_id, run_id)
  ) WITHOUT ROWID;
  `,

  // 15: texts that the instant and zone write back are stored as '', and so is the zone source 'offset'
  // (time-text.ts); references as a flat array (refs-column.ts); planned times without such texts
  // (planned-column.ts). Kept plan versions stay as they are: their planned times are read in any form.
  `
  UPDATE events SET
    event_text = logex_stored_time_text(event_text, event_ms, event_zone),
    event_zone_source = CASE event_zone_source WHEN 'offset' THEN '' ELSE event_zone_source END,
    reported_text = logex_stored_time_text(reported_text, reported_ms, 'UTC'),
    refs = logex_compact_refs(refs);
  UPDATE shipments SET planned = logex_compact_planned(planned);
  `,
];
