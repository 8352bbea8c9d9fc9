import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Most CLI tests run the CLI in their own worker (test/cli/run-cli.ts logexInProcess), so the
    // work is CPU-bound: a worker per core.
    maxWorkers: availableParallelism(),
    // Files share their worker's loaded modules instead of each starting a fresh one: loading the CLI,
    // better-sqlite3 and the report libraries again for every file was much of the suite's CPU
    // (figures in CONTRIBUTING.md). Safe because tests keep no state between files: main() takes its
    // io and env per call and never sets process.exitCode, and env stubs are undone after each test.
    isolate: false,
    // A guard against a hung test, not a speed requirement: no test relies on finishing in time,
    // so this is set far above what any test takes on a busy machine.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
