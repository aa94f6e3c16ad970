import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    // mathjs is heavy to import; forks keep memory per worker modest on a 2-core machine.
    pool: 'forks',
  },
});
