/**
 * Stage durations of a run, as standard user-timing measures named `logex:<stage>`: nothing is printed
 * or stored, but a profiler, `--cpu-prof` or the benchmark (src/bench/child-report.ts) can read them.
 */
export function stageTimer(): (stage: string) => void {
  let start = performance.now();
  return (stage) => {
    performance.measure(`logex:${stage}`, { start });
    start = performance.now();
  };
}

/** How far a long run is, for a progress line (src/cli/progress.ts): the pipeline says, the CLI shows. */
export type Progress =
  | { stage: 'ingest'; file: string; rows: number }
  | { stage: 'evaluate'; shipments: number; of: number }
  /** A report command reading the shipments of its windows (src/report/dataset.ts). */
  | { stage: 'report'; shipments: number; of: number }
  /** `logex backtest` replaying its nights (src/pipeline/backtest.ts). */
  | { stage: 'backtest'; night: number; of: number };

export type ProgressSink = (progress: Progress) => void;
