/**
 * The command line: commands are wiring (parse flags, call the stages, render, set the exit code).
 * Every failure becomes one line on stderr and exit 2; LOGEX_DEBUG=1 adds the stack.
 */
import type { Command } from 'commander';
import { ExitCode, UsageError } from './exit-codes.js';
import { CliRun, type CliIo } from './io.js';

export { processIo, type CliIo } from './io.js';

type Register = (program: Command, run: CliRun) => void;

/**
 * Each command's module, by command name, in the order help lists them. Importing every command
 * and its stages costs more than `--version` or `cases list` do, so a run imports only its own.
 */
const COMMANDS: Record<string, () => Promise<Register>> = {
  audit: async () => (await import('./commands/audit.js')).registerAudit,
  backtest: async () => (await import('./commands/backtest.js')).registerBacktest,
  cases: async () => (await import('./commands/cases.js')).registerCases,
  db: async () => (await import('./commands/db.js')).registerDb,
  ingest: async () => (await import('./commands/ingest.js')).registerIngest,
  init: async () => (await import('./commands/init.js')).registerInit,
  locations: async () => (await import('./commands/locations.js')).registerLocations,
  rules: async () => (await import('./commands/rules.js')).registerRules,
  report: async () => (await import('./commands/report.js')).registerReport,
  notify: async () => (await import('./commands/notify.js')).registerNotify,
};

const VERSION = '0.1.0';

/** `logex --version` alone: answered before the command-line parser is loaded (most of its start-up). */
function isBareVersion(args: readonly string[]): boolean {
  return args.length === 1 && (args[0] === '--version' || args[0] === '-V');
}

/**
 * The commands a run needs: the one named first (the program has no options of its own that take a
 * value), and every one otherwise, so that help, `logex help <command>` and "did you mean" for a
 * mistyped command see them all.
 */
function commandsFor(args: readonly string[]): string[] {
  const [first] = args;
  if (first !== undefined && Object.hasOwn(COMMANDS, first)) return [first];
  return Object.keys(COMMANDS);
}

/**
 * A fresh program for each run: commander keeps parsed options on its commands, and the defaults
 * ($LOGEX_DB, $LOGEX_RULES) come from this run's environment.
 */
async function buildProgram(run: CliRun, args: readonly string[]): Promise<Command> {
  const { stdout, stderr } = run.io;
  const { Command } = await import('commander');
  const program = new Command('logex')
    // Before the commands are added: each copies these settings from its parent.
    .configureOutput({ writeOut: (text) => stdout.write(text), writeErr: (text) => stderr.write(text) })
    .description('Logistics exception auditor: plans vs carrier events under YAML rules, cases in SQLite')
    .version(VERSION)
    .showSuggestionAfterError()
    .exitOverride();
  const registers = await Promise.all(commandsFor(args).map((name) => COMMANDS[name]!()));
  for (const register of registers) register(program, run);
  for (const command of program.commands) command.exitOverride();
  return program;
}

/**
 * Runs one command line (argv as process.argv: node, script, arguments...) and returns its exit code.
 * Everything it prints goes to io; it never sets process.exitCode or reads process.env, so tests can
 * run it in their own process, one run after another.
 */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const args = argv.slice(2);
  if (isBareVersion(args)) {
    io.stdout.write(`${VERSION}\n`);
    return ExitCode.Ok;
  }
  const run = new CliRun(io);
  try {
    await (await buildProgram(run, args)).parseAsync(argv);
    return run.exitCode;
  } catch (error) {
    return reportFailure(run, error);
  }
}

async function reportFailure(run: CliRun, error: unknown): Promise<number> {
  const write = (text: string) => run.io.stderr.write(text);
  const { CommanderError } = await import('commander');
  if (error instanceof CommanderError) {
    // commander already printed its message (or the help/version text).
    return error.exitCode === 0 ? ExitCode.Ok : ExitCode.Failure;
  }
  // Imported on failure only: the store's errors bring SQLite, which `--version` has no use for.
  const [{ InputError }, { isDamagedStore, StoreError }, { LockBusy }, { default: Database }] = await Promise.all([
    import('../io/errors.js'),
    import('../store/database.js'),
    import('../store/lock.js'),
    import('better-sqlite3'),
  ]);
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
