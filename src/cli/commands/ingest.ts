import type { CliRun } from '../io.js';
import type { Command } from 'commander';
import { ingestCounts, RejectedInput } from '../../pipeline/ingest.js';
import { runIngest } from '../../pipeline/ingest-run.js';
import { ExitCode, UsageError } from '../exit-codes.js';
import { parseAsOf } from '../options.js';
import { addInputOptions, noteInputFindings, noteRejected, openStoreForRun, prepareInputs, writeRejects, type InputFlags } from '../inputs.js';
import { afterRunCommitted } from '../output.js';
import { ProgressLine } from '../progress.js';

export function registerIngest(program: Command, run: CliRun): void {
  addInputOptions(
    run,
    program.command('ingest').description('store plans, events and documents without auditing (feeds that arrive during the day); the next audit sees them'),
  )
    .option('--as-of <time>', 'when these inputs were received: the receipt time of events that carry none (ISO 8601; default now)')
    .action(async (flags: IngestFlags) => {
      run.exitCode = await ingest(run, flags);
    });
}

interface IngestFlags extends InputFlags {
  asOf?: string;
}

async function ingest(run: CliRun, flags: IngestFlags): Promise<number> {
  const { inputs, readerOptions, zone } = prepareInputs(run, flags);
  if (inputs.length === 0) throw new UsageError('nothing to ingest: pass --events, --plans, --documents or --inventory files');
  const now = new Date();
  const asOf = parseAsOf(flags.asOf, zone, now);
  const store = await openStoreForRun(run, flags, 'ingest', now);
  const { db } = store;
  const progress = ProgressLine.forRun(flags.quiet, run.io.stderr);
  try {
    const result = await runIngest(db, {
      inputs,
      now: now.toISOString(),
      asOf,
      readerOptions,
      continueOnRejects: flags.rejects !== undefined,
      onProgress: progress?.report,
    }).finally(() => progress?.clear());
    afterRunCommitted(`ingest run ${result.runId}`, () => writeRejects(flags.rejects, result.log));
    // Rows set aside leave a trace even in a quiet run: the rejects file alone is easy to miss.
    if (flags.quiet && result.log.rejections.length > 0) {
      run.note(`ingest run ${result.runId}: ${result.log.rejections.length} row(s) rejected, set aside in ${flags.rejects}`);
    }
    if (!flags.quiet) {
      noteInputFindings(run, result.log);
      const summary = ingestCounts(result);
      run.note(
        `ingest run ${result.runId}: ${summary.plans_inserted} plan(s) new, ${summary.plans_updated} updated; ` +
          `${summary.events_stored} event(s) stored, ${summary.events_duplicate} duplicate(s), ` +
          `${summary.events_linked_by_reference} matched to plans by reference; ${summary.documents_stored} document(s) stored; ` +
          `${summary.rows_rejected} row(s) rejected`,
      );
    }
    return ExitCode.Ok;
  } catch (error) {
    if (!(error instanceof RejectedInput)) throw error;
    return noteRejected(run, 'ingest', error.log);
  } finally {
    store.close();
  }
}
