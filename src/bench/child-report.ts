/**
 * Preloaded (`node --import`) into the logex process the benchmark runs: at exit, writes the peak RSS
 * and the pipeline's stage measures (performance.measure entries named `logex:*`) to the file named
 * by LOGEX_BENCH_REPORT, so the bench measures the real CLI without the CLI knowing about it.
 */
import { writeFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';

export interface ChildReport {
  peakRssBytes: number;
  /** The stage running when the sampled RSS peaked: the stage whose measure ends after the peak, or `output`. */
  peakStage: string;
  stages: Record<string, number>;
  /** User plus system CPU time of the whole process: steadier than wall time on a shared machine. */
  cpuSeconds: number;
}

const STAGE_ORDER = ['ingest', 'evaluate', 'reconcile', 'commit', 'output'];

/**
 * Samples RSS from a worker thread: a timer on the main thread cannot fire while a stage runs
 * synchronously, which is most of a run, so it missed the peaks. RSS is the process's, whichever
 * thread reads it. Shared: [peak RSS, epoch ms when it was sampled].
 */
const SAMPLER = `
const { workerData: peak } = require('node:worker_threads');
setInterval(() => {
  const rss = process.memoryUsage.rss();
  if (rss > peak[0]) { peak[0] = rss; peak[1] = performance.timeOrigin + performance.now(); }
}, 20);
`;

const reportPath = process.env.LOGEX_BENCH_REPORT;
if (reportPath) {
  const peak = new Float64Array(new SharedArrayBuffer(2 * Float64Array.BYTES_PER_ELEMENT));
  new Worker(SAMPLER, { eval: true, workerData: peak }).unref();
  process.on('exit', () => {
    const stages: Record<string, number> = {};
    const stageEnds: Record<string, number> = {};
    for (const entry of performance.getEntriesByType('measure')) {
      if (!entry.name.startsWith('logex:')) continue;
      const stage = entry.name.slice('logex:'.length);
      stages[stage] = (stages[stage] ?? 0) + entry.duration;
      stageEnds[stage] = performance.timeOrigin + entry.startTime + entry.duration;
    }
    const peakStage = STAGE_ORDER.find((stage) => (stageEnds[stage] ?? -Infinity) >= peak[1]!) ?? 'output';
    // resourceUsage reports kilobytes: the kernel's peak, which a sample may miss by a little.
    const usage = process.resourceUsage();
    const report: ChildReport = {
      peakRssBytes: usage.maxRSS * 1024,
      peakStage,
      stages,
      cpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6,
    };
    writeFileSync(reportPath, JSON.stringify(report));
  });
}
