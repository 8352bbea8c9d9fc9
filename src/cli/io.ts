/**
 * What one run of the CLI talks to: its output streams and its environment. bin/logex.js passes the
 * process's own; tests pass strings to collect, so a run needs no child process. Nothing here may be
 * kept between runs: each call of main() gets its own CliRun.
 */
import { ExitCode } from './exit-codes.js';

/** An output stream: process.stdout/stderr, or a test's collector. */
export interface CliStream {
  isTTY?: boolean;
  /** A terminal's width in characters. */
  columns?: number;
  write(text: string): unknown;
}

export interface CliIo {
  stdout: CliStream;
  stderr: CliStream;
  /**
   * LOGEX_DB, LOGEX_RULES, NO_COLOR, LOGEX_DEBUG, channel secrets: the CLI reads them from here. Below
   * the CLI, two readers still use process.env: the crash/hold hooks of the pipeline (only spawned
   * tests set them) and the rule check's warning about an unset channel secret.
   */
  env: NodeJS.ProcessEnv;
}

/** The real process's streams, for bin/logex.js. */
export function processIo(): CliIo {
  // A reader that stops early (`logex report all | head`) closes the pipe: the rest of the output is
  // not wanted, but the run's work still counts and its exit code still tells how it went.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
  return { stdout: process.stdout, stderr: process.stderr, env: process.env };
}

/** Colour only for a terminal, never when NO_COLOR is set (https://no-color.org). */
function colorWanted(stream: CliStream, env: NodeJS.ProcessEnv): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true;
}

/** One run: its io and the exit code its command sets (instead of process.exitCode). */
export class CliRun {
  exitCode: number = ExitCode.Ok;

  constructor(readonly io: CliIo) {}

  get env(): NodeJS.ProcessEnv {
    return this.io.env;
  }

  /** The terminal's width when stdout is a terminal the output goes to (not --out), to fit tables in. */
  terminalColumns(out?: string): number | undefined {
    return !out && this.io.stdout.isTTY ? this.io.stdout.columns : undefined;
  }

  /** Colour for stdout, when the output goes there (not to --out). */
  colorOnStdout(out?: string): boolean {
    return !out && colorWanted(this.io.stdout, this.io.env);
  }

  /** One line on stderr. */
  readonly note = (message: string): void => {
    this.io.stderr.write(`${message}\n`);
  };

  /** Told on stderr before a run upgrades an older store (store/database.ts onUpgrade). */
  readonly noteUpgrade = (upgrade: string): void => {
    this.note(`note: ${upgrade}`);
  };
}
