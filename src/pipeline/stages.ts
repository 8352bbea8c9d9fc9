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
