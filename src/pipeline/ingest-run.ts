/**
 * One ingest run: store the inputs without auditing, for feeds that arrive during the day, so the
 * next audit sees the whole history. One transaction, the same reject rules as an audit: a bad row
 * fails the run and nothing is written, unless the caller goes on past rejects.
 */
import type { Db } from '../store/database.js';
import { RecordWriter } from '../store/records.js';
import { RejectedInput } from './audit.js';
import { IngestLog, ingestFile, type IngestOptions, type InputRole } from './ingest.js';

export interface IngestRequest {
  inputs: { role: InputRole; path: string }[];
  /** Wall-clock time of the run (the CLI's clock), for the run row. */
  now: string;
  readerOptions: IngestOptions;
  continueOnRejects: boolean;
}

export interface IngestResult {
  runId: number;
  log: IngestLog;
  eventsLinked: number;
}

export async function runIngest(db: Db, request: IngestRequest): Promise<IngestResult> {
  // Like an audit: an explicit IMMEDIATE transaction, because inputs stream in across awaits.
  db.exec('BEGIN IMMEDIATE');
  try {
    const runId = Number(
      db
        .prepare('INSERT INTO runs (command, started_at, as_of_ms, inputs) VALUES (?, ?, ?, ?)')
        .run('ingest', request.now, Date.parse(request.now), JSON.stringify(request.inputs)).lastInsertRowid,
    );
    const writer = new RecordWriter(db, runId);
    const log = new IngestLog();
    // Plans first, so events in the same run match them by reference.
    const ordered = [...request.inputs].sort((a, b) => Number(a.role !== 'plans') - Number(b.role !== 'plans'));
    for (const input of ordered) await ingestFile(input.path, input.role, writer, log, request.readerOptions);
    if (log.rejections.length > 0 && !request.continueOnRejects) throw new RejectedInput(log);
    const result: IngestResult = { runId, log, eventsLinked: writer.linkEventsByReference() };
    db.prepare('UPDATE runs SET finished_at = ?, summary = ? WHERE id = ?').run(request.now, JSON.stringify(ingestSummary(result)), runId);
    db.exec('COMMIT');
    return result;
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw error;
  }
}

export function ingestSummary(result: IngestResult) {
  const { counts } = result.log;
  return {
    plans_inserted: counts.plansInserted,
    plans_updated: counts.plansUpdated,
    plans_unchanged: counts.plansUnchanged,
    events_stored: counts.eventsStored,
    events_duplicate: counts.eventsDuplicate,
    events_retracted: counts.eventsRetracted,
    events_linked_by_reference: result.eventsLinked,
    documents_stored: counts.documentsStored,
    rows_rejected: counts.rejected,
    warnings: result.log.warnings.length,
    unknown_codes: counts.unknownCodes,
  };
}
