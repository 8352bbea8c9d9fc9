/**
 * The command line: commands are wiring (parse flags, call the stages, render, set the exit code).
 * Every failure becomes one line on stderr and exit 2; LOGEX_DEBUG=1 adds the stack.
 */
import Database from 'better-sqlite3';
import { Command, CommanderError } from 'commander';
import { InputError } from '../io/errors.js';
import { isDamagedStore, StoreError } from '../store/database.js';
import { LockBusy } from '../store/lock.js';
import { ExitCode, UsageError } from './exit-codes.js';
import { CliRun, type CliIo } from './io.js';
import { registerAudit } from './commands/audit.js';
import { registerCases } from './commands/cases.js';
import { registerDb } from './commands/db.js';
import { registerIngest } from './commands/ingest.js';
import { registerLocations } from './commands/locations.js';
import { registerInit } from './commands/init.js';
import { registerNotify } from './commands/notify.js';
import { registerReport } from './commands/report.js';
import { registerRules } from './commands/rules.js';

export { processIo, type CliIo } from './io.js';

/**
 * A fresh program for each run: commander keeps parsed options on its commands, and the defaults
 * ($LOGEX_DB, $LOGEX_RULES) come from this run's environment.
 */
export function buildProgram(run: CliRun): Command {
  const { stdout, stderr } = run.io;
  const program = new Command('logex')
    // Before the commands are added: each copies these settings from its parent.
    .configureOutput({ writeOut: (text) => stdout.write(text), writeErr: (text) => stderr.write(text) })
    .description('Logistics exception auditor: plans vs carrier events under YAML rules, cases in SQLite')
    .version('0.1.0')
    .showSuggestionAfterError()
    .exitOverride();
  registerAudit(program, run);
  registerCases(program, run);
  registerDb(program, run);
  registerIngest(program, run);
  registerInit(program, run);
  registerLocations(program, run);
  registerRules(program, run);
  registerReport(program, run);
  registerNotify(program, run);
  for (const command of program.commands) command.exitOverride();
  return program;
}

/**
 * Runs one command line (argv as process.argv: node, script, arguments...) and returns its exit code.
 * Everything it prints goes to io; it never sets process.exitCode or reads process.env, so tests can
 * run it in their own process, one run after another.
 */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const run = new CliRun(io);
  try {
    await buildProgram(run).parseAsync(argv);
    return run.exitCode;
  } catch (error) {
    return reportFailure(run, error);
  }
}

function reportFailure(run: CliRun, error: unknown): number {
  const write = (text: string) => run.io.stderr.write(text);
  if (error instanceof CommanderError) {
    // commander already printed its message (or the help/version text).
    return error.exitCode === 0 ? ExitCode.Ok : ExitCode.Failure;
  }
  if (error instanceof InputError || error instanceof StoreError || error instanceof UsageError || error instanceof LockBusy) {
    write(`logex: ${error.message}\n`);
  } else if (isDamagedStore(error)) {
    write(`logex: the database file is damaged (${(error as Error).message}); nothing was changed — run "logex db check" and restore the last good backup\n`);
  } else if (error instanceof Database.SqliteError) {
    // The run's transaction was rolled back: a full disk or a read-only file leaves the store as it was.
    write(`logex: the database could not be written (${error.code}: ${error.message}); nothing was changed — check free space and permissions\n`);
  } else {
    write(`logex: internal error: ${(error as Error)?.message ?? String(error)} (please report this; LOGEX_DEBUG=1 shows the stack)\n`);
  }
  if (run.env.LOGEX_DEBUG) write(`${(error as Error)?.stack ?? ''}\n`);
  return ExitCode.Failure;
}
