/**
 * DESIGN.md: long work shows progress on stderr when stderr is a terminal, and stays quiet for cron.
 * One line, rewritten in place at most a few times a second; it is erased before anything else is
 * printed. The pipeline reports progress as plain data (src/pipeline/stages.ts) and knows nothing of this.
 */
import type { Progress } from '../pipeline/stages.js';

/** What a progress line writes to: stderr, or a test's stand-in. */
export interface ProgressStream {
  isTTY?: boolean;
  write(text: string): unknown;
}

const ERASE_LINE = '\r\x1b[K';

export class ProgressLine {
  private lastShown = Number.NEGATIVE_INFINITY;
  private shown = false;

  constructor(
    private readonly stream: ProgressStream,
    private readonly clock: () => number = () => performance.now(),
    private readonly intervalMs = 200,
  ) {}

  /** A progress line on stderr for a run, or none: not a terminal (cron, a pipe), or --quiet. */
  static forRun(quiet: boolean | undefined, stream: ProgressStream): ProgressLine | undefined {
    return !quiet && stream.isTTY ? new ProgressLine(stream) : undefined;
  }

  /** Shows where the run is, unless the line was rewritten less than intervalMs ago. */
  readonly report = (progress: Progress): void => {
    const now = this.clock();
    if (now - this.lastShown < this.intervalMs) return;
    this.lastShown = now;
    this.shown = true;
    this.stream.write(`${ERASE_LINE}${describe(progress)}`);
  };

  /** Erases the line, so what the run prints next starts on a clean one. */
  clear(): void {
    if (!this.shown) return;
    this.stream.write(ERASE_LINE);
    this.shown = false;
  }
}

const count = (value: number) => value.toLocaleString('en-US');

function describe(progress: Progress): string {
  if (progress.stage === 'ingest') return `logex: reading ${progress.file}: ${count(progress.rows)} rows`;
  if (progress.stage === 'backtest') return `logex: backtest night ${count(progress.night)} of ${count(progress.of)}`;
  const percent = progress.of > 0 ? ` (${Math.floor((100 * progress.shipments) / progress.of)} %)` : '';
  const doing = progress.stage === 'evaluate' ? 'evaluating' : 'reading';
  return `logex: ${doing} ${count(progress.shipments)} of ${count(progress.of)} shipments${percent}`;
}
