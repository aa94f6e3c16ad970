import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

/**
 * Measured on the shared 2-core machine (20 engine/model/carbon/dataset files, user+sys CPU): forks with
 * isolation 27.0 s, threads with isolation 23.9 s, forks without 12.0 s, threads without 10.8 s. Without
 * isolation each worker imports the project's modules once instead of once per file; no test relies on a
 * fresh module state (environment variables are stubbed and restored with vi.stubEnv). Store, API, report
 * and worker-thread tests pass on threads as well.
 */
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    // A beforeAll that runs a whole account in-process takes seconds on a busy machine.
    hookTimeout: 60_000,
    pool: 'threads',
    isolate: false,
    // vitest's default (cores − 1) is a single worker on 2 cores, leaving one idle while tests run.
    maxWorkers: Math.max(2, availableParallelism() - 1),
  },
});
