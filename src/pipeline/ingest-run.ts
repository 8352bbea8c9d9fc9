/**
 * One ingest run: store the inputs without auditing, for feeds that arrive during the day, so the
 * next audit sees the whole history. One transaction, the same reject rules as an audit: a bad row
 * fails the run and nothing is written, unless the caller goes on past rejects.
 */
import { inRunTransaction, type Db } from '../store/database.js';
import { RecordWriter } from '../store/records.js';
import { ingestCounts, ingestInputs, type IngestedInputs } from './ingest.js';
import type { IngestOptions, InputRole } from './read-input.js';
import type { ProgressSink } from './stages.js';

export interface IngestRequest {
  inputs: { role: InputRole; path: string }[];
  /** Wall-clock time of the run (the CLI's clock), for the run row. */
  now: string;
  /** The run's as-of: the receipt time of the events it stores that carry none (model/timeline.ts knownFrom). */
  asOf: number;
  readerOptions: IngestOptions;
  continueOnRejects: boolean;
  onProgress?: ProgressSink;
}

export interface IngestResult extends IngestedInputs {
  runId: number;
}

export async function runIngest(db: Db, request: IngestRequest): Promise<IngestResult> {
  return inRunTransaction(db, async () => {
    const runId = Number(
      db
        .prepare('INSERT INTO runs (command, started_at, as_of_ms, inputs) VALUES (?, ?, ?, ?)')
        .run('ingest', request.now, request.asOf, JSON.stringify(request.inputs)).lastInsertRowid,
    );
    const ingested = await ingestInputs(new RecordWriter(db, runId), request.inputs, request.readerOptions, request.continueOnRejects, request.onProgress);
    const result: IngestResult = { runId, ...ingested };
    db.prepare('UPDATE runs SET finished_at = ?, summary = ? WHERE id = ?').run(request.now, JSON.stringify(ingestCounts(result)), runId);
    return result;
  });
}
