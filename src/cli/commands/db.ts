import type { CliRun } from '../io.js';
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { isDamagedStore, openStore } from '../../store/database.js';
import { openReadOnlyStore } from '../../store/read-only.js';
import { backupStore, checkStore, compactStore } from '../../store/maintenance.js';
import { DB_CHECK_FORMATS, type DbCheckOutput } from '../../report/db-check.js';
import { ExitCode, UsageError } from '../exit-codes.js';
import { defaultDbPath } from '../options.js';
import { openStoreForRun } from '../inputs.js';
import { emit } from '../output.js';
import { addFormatOption, chooseFormat, outputOptions, printFormatted } from '../formatters.js';

export function registerDb(program: Command, run: CliRun): void {
  const db = program.command('db').description('back up, check and compact the SQLite store');
  db.command('backup')
    .description("copy the store to FILE with SQLite's online backup (safe while an audit runs)")
    .argument('<file>', 'the backup file to create (never overwritten)')
    .option('--db <file>', 'SQLite store (default ./logex.db or $LOGEX_DB)', defaultDbPath(run.env))
    .option('--if-missing', 'when FILE exists, keep it and exit 0 (one backup per night, re-runs welcome)')
    .action(async (file: string, flags: { db: string; ifMissing?: boolean }) => {
      const store = openReadOnlyStore(flags.db);
      try {
        const { written, pages } = await backupStore(store.db, file, { ifMissing: flags.ifMissing });
        emit(run, written ? `backed up ${flags.db} to ${file} (${pages} pages)\n` : `kept ${file}: a backup of that name exists\n`, undefined);
        run.exitCode = ExitCode.Ok;
      } finally {
        store.close();
      }
    });
  db.command('compact')
    .description('give the space of deleted and shortened rows back to the disk (SQLite VACUUM; needs the store to itself)')
    .option('--db <file>', 'SQLite store (default ./logex.db or $LOGEX_DB)', defaultDbPath(run.env))
    .option('--wait <seconds>', 'if an audit or ingest holds the database, wait this long before giving up', '0')
    .action(async (flags: { db: string; wait: string }) => {
      if (!existsSync(flags.db)) throw new UsageError(`${flags.db}: no such database; nothing to compact`);
      const store = await openStoreForRun(run, flags, 'db compact', new Date(), { compacting: true });
      try {
        const { bytesBefore, bytesAfter, readerKeptOldFile } = compactStore(store.db);
        emit(run, `compacted ${flags.db}: ${megabytes(bytesBefore)} -> ${megabytes(bytesAfter)}\n`, undefined);
        if (readerKeptOldFile) {
          run.note(
            'note: another process is reading the store, so the compacted copy waits in its write-ahead log (-wal); the file shrinks at the next audit, ingest or db compact after that process has finished',
          );
        }
        run.exitCode = ExitCode.Ok;
      } finally {
        store.close();
      }
    });
  addFormatOption(
    db
      .command('check')
      .description('integrity, foreign keys and schema version: exit 1 when a problem is found')
      .option('--db <file>', 'SQLite store (default ./logex.db or $LOGEX_DB)', defaultDbPath(run.env)),
    DB_CHECK_FORMATS,
  ).action(async (flags: { db: string; format: string }) => {
    const format = chooseFormat(DB_CHECK_FORMATS, flags.format);
    const output = checkedStore(flags.db);
    await printFormatted(run, format, output, await outputOptions(run, {}), undefined);
    run.exitCode = 'health' in output && output.health.ok ? ExitCode.Ok : ExitCode.Findings;
  });
}

function megabytes(bytes: number): string {
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}

function checkedStore(path: string): DbCheckOutput {
  let store: ReturnType<typeof openStore> | undefined;
  try {
    store = openStore(path, { readonly: true });
    return { db: path, health: checkStore(store) };
  } catch (error) {
    // A file too damaged to open or read is what the check is for: a finding (exit 1), not bad usage.
    if (!isDamagedStore(error)) throw error;
    return { db: path, damaged: `integrity: ${(error as Error).message.replace(`${path}: `, '')}; restore the last good backup (logex db backup makes them)` };
  } finally {
    store?.close();
  }
}
