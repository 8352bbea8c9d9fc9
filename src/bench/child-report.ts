/**
 * Preloaded (`node --import`) into the logex process the benchmark runs: at exit, writes the peak RSS
 * and the pipeline's stage measures (performance.measure entries named `logex:*`) to the file named
 * by LOGEX_BENCH_REPORT, so the bench measures the real CLI without the CLI knowing about it.
 */
import { writeFileSync } from 'node:fs';

export interface ChildReport {
  peakRssBytes: number;
  stages: Record<string, number>;
}

const reportPath = process.env.LOGEX_BENCH_REPORT;
if (reportPath) {
  process.on('exit', () => {
    const stages: Record<string, number> = {};
    for (const entry of performance.getEntriesByType('measure')) {
      if (entry.name.startsWith('logex:')) stages[entry.name.slice('logex:'.length)] = (stages[entry.name.slice('logex:'.length)] ?? 0) + entry.duration;
    }
    // resourceUsage reports kilobytes.
    const report: ChildReport = { peakRssBytes: process.resourceUsage().maxRSS * 1024, stages };
    writeFileSync(reportPath, JSON.stringify(report));
  });
}
