import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    // A beforeAll that runs a whole account in-process takes seconds on a busy machine.
    hookTimeout: 60_000,
    // mathjs is heavy to import; forks keep memory per worker modest on a 2-core machine.
    pool: 'forks',
  },
});
