import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Most CLI tests run the CLI in their own worker (test/cli/run-cli.ts logexInProcess), so the
    // work is CPU-bound: a worker per core.
    maxWorkers: availableParallelism(),
    // A guard against a hung test, not a speed requirement: no test relies on finishing in time,
    // so this is set far above what any test takes on a busy machine.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
