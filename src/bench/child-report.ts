/**
 * Preloaded (`node --import`) into the logex process the benchmark runs: at exit, writes the peak RSS
 * and the pipeline's stage measures (performance.measure entries named `logex:*`) to the file named
 * by LOGEX_BENCH_REPORT, so the bench measures the real CLI without the CLI knowing about it.
 */
import { writeFileSync } from 'node:fs';

export interface ChildReport {
  peakRssBytes: number;
  /** The stage running when the sampled RSS peaked: the last finished stage's successor, or `output`. */
  peakStage: string;
  stages: Record<string, number>;
}

const STAGE_ORDER = ['ingest', 'evaluate', 'reconcile', 'commit', 'output'];

const reportPath = process.env.LOGEX_BENCH_REPORT;
if (reportPath) {
  let sampledPeak = 0;
  let peakStage = STAGE_ORDER[0]!;
  // Sampled, so the stage is approximate; the peak itself comes from the kernel's count below.
  setInterval(() => {
    const rss = process.memoryUsage.rss();
    if (rss <= sampledPeak) return;
    sampledPeak = rss;
    peakStage = STAGE_ORDER[Math.min(performance.getEntriesByType('measure').filter((e) => e.name.startsWith('logex:')).length, STAGE_ORDER.length - 1)]!;
  }, 50).unref();
  process.on('exit', () => {
    const stages: Record<string, number> = {};
    for (const entry of performance.getEntriesByType('measure')) {
      if (entry.name.startsWith('logex:')) stages[entry.name.slice('logex:'.length)] = (stages[entry.name.slice('logex:'.length)] ?? 0) + entry.duration;
    }
    // resourceUsage reports kilobytes.
    const report: ChildReport = { peakRssBytes: process.resourceUsage().maxRSS * 1024, peakStage, stages };
    writeFileSync(reportPath, JSON.stringify(report));
  });
}
