import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Most test time is spent waiting on a spawned CLI, so a worker per core (vitest's default is
    // one fewer) keeps both cores busy: 325 s -> 247 s on a 2-core machine.
    maxWorkers: availableParallelism(),
    // End-to-end tests spawn the built CLI; give them room on a 2-core CI machine (the slowest
    // takes about 13 s with both workers busy).
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
