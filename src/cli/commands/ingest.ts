import type { Command } from 'commander';
import { ingestCounts, RejectedInput } from '../../pipeline/ingest.js';
import { runIngest } from '../../pipeline/ingest-run.js';
import { ExitCode, UsageError } from '../exit-codes.js';
import { addInputOptions, noteInputFindings, noteRejected, openStoreForRun, prepareInputs, writeRejects, type InputFlags } from '../inputs.js';
import { afterRunCommitted, note } from '../output.js';
import { ProgressLine } from '../progress.js';

export function registerIngest(program: Command): void {
  addInputOptions(
    program
      .command('ingest')
      .description('store plans, events and documents without auditing (feeds that arrive during the day); the next audit sees them'),
  ).action(async (flags: InputFlags) => {
    process.exitCode = await ingest(flags);
  });
}

async function ingest(flags: InputFlags): Promise<number> {
  const { inputs, readerOptions } = prepareInputs(flags);
  if (inputs.length === 0) throw new UsageError('nothing to ingest: pass --events, --plans, --documents or --inventory files');
  const now = new Date();
  const store = await openStoreForRun(flags, 'ingest', now);
  const { db } = store;
  const progress = ProgressLine.forRun(flags.quiet);
  try {
    const result = await runIngest(db, {
      inputs,
      now: now.toISOString(),
      readerOptions,
      continueOnRejects: flags.rejects !== undefined,
      onProgress: progress?.report,
    }).finally(() => progress?.clear());
    afterRunCommitted(`ingest run ${result.runId}`, () => writeRejects(flags.rejects, result.log));
    if (!flags.quiet) {
      noteInputFindings(result.log);
      const summary = ingestCounts(result);
      note(
        `ingest run ${result.runId}: ${summary.plans_inserted} plan(s) new, ${summary.plans_updated} updated; ` +
          `${summary.events_stored} event(s) stored, ${summary.events_duplicate} duplicate(s), ` +
          `${summary.events_linked_by_reference} matched to plans by reference; ${summary.documents_stored} document(s) stored; ` +
          `${summary.rows_rejected} row(s) rejected`,
      );
    }
    return ExitCode.Ok;
  } catch (error) {
    if (!(error instanceof RejectedInput)) throw error;
    return noteRejected('ingest', error.log);
  } finally {
    store.close();
  }
}
