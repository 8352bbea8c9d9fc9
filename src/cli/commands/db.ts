import type { CliRun } from '../io.js';
import type { Command } from 'commander';
import { isDamagedStore, openStore } from '../../store/database.js';
import { backupStore, checkStore } from '../../store/maintenance.js';
import { ExitCode } from '../exit-codes.js';
import { defaultDbPath } from '../options.js';
import { emit } from '../output.js';

export function registerDb(program: Command, run: CliRun): void {
  const db = program.command('db').description('back up and check the SQLite store');
  db.command('backup')
    .description('copy the store to FILE with SQLite\'s online backup (safe while an audit runs)')
    .argument('<file>', 'the backup file to create (never overwritten)')
    .option('--db <file>', 'SQLite store (default ./logex.db or $LOGEX_DB)', defaultDbPath(run.env))
    .option('--if-missing', 'when FILE exists, keep it and exit 0 (one backup per night, re-runs welcome)')
    .action(async (file: string, flags: { db: string; ifMissing?: boolean }) => {
      const store = openStore(flags.db, { readonly: true });
      try {
        const { written, pages } = await backupStore(store, file, { ifMissing: flags.ifMissing });
        emit(run, written ? `backed up ${flags.db} to ${file} (${pages} pages)\n` : `kept ${file}: a backup of that name exists\n`, undefined);
        run.exitCode = ExitCode.Ok;
      } finally {
        store.close();
      }
    });
  db.command('check')
    .description('integrity, foreign keys and schema version: exit 1 when a problem is found')
    .option('--db <file>', 'SQLite store (default ./logex.db or $LOGEX_DB)', defaultDbPath(run.env))
    .option('--format <format>', 'text or json', 'text')
    .action((flags: { db: string; format: string }) => {
      let store: ReturnType<typeof openStore> | undefined;
      try {
        store = openStore(flags.db, { readonly: true });
        const health = checkStore(store);
        if (flags.format === 'json') emit(run, `${JSON.stringify(health, null, 2)}\n`, undefined);
        else {
          const lines = [
            `${flags.db}: ${health.ok ? 'ok' : `${health.problems.length} problem(s)`}`,
            `schema version ${health.schemaVersion} (this logex: ${health.knownSchemaVersion})`,
            Object.entries(health.counts).map(([table, n]) => `${table} ${n}`).join(', '),
            health.lastRun ? `last run #${health.lastRun.id} (${health.lastRun.command}) started ${health.lastRun.started_at}` : 'no runs yet',
            ...health.problems,
          ];
          emit(run, `${lines.join('\n')}\n`, undefined);
        }
        run.exitCode = health.ok ? ExitCode.Ok : ExitCode.Findings;
      } catch (error) {
        // A file too damaged to open or read is what the check is for: a finding (exit 1), not bad usage.
        if (!isDamagedStore(error)) throw error;
        const problem = `integrity: ${(error as Error).message.replace(`${flags.db}: `, '')}; restore the last good backup (logex db backup makes them)`;
        if (flags.format === 'json') emit(run, `${JSON.stringify({ ok: false, problems: [problem] }, null, 2)}\n`, undefined);
        else emit(run, `${flags.db}: 1 problem(s)\n${problem}\n`, undefined);
        run.exitCode = ExitCode.Findings;
      } finally {
        store?.close();
      }
    });
}
