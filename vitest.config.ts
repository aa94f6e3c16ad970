import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

/**
 * Measured on the shared 2-core machine (20 engine/model/carbon/dataset files, user+sys CPU): forks with
 * isolation 27.0 s, threads with isolation 23.9 s, forks without 12.0 s, threads without 10.8 s. Without
 * isolation each worker imports the project's modules once instead of once per file; tests do not rely on
 * fresh module state (environment variables are stubbed and restored with vi.stubEnv). Store, API, report
 * and worker-thread tests pass on threads as well.
 *
 * A file that mocks a module (vi.mock) needs its own module graph, or a module another file imported first
 * would escape the mock: such files run isolated, found by reading them, so a new one needs no list.
 */
const TESTS = 'test/**/*.test.ts';
const mocking = (readdirSync(join(import.meta.dirname, 'test'), { recursive: true }) as string[])
  .filter((f) => f.endsWith('.test.ts') && /\bvi\.(mock|doMock)\(/.test(readFileSync(join(import.meta.dirname, 'test', f), 'utf8')))
  .map((f) => `test/${f}`);

export default defineConfig({
  test: {
    testTimeout: 60_000,
    // the CLI writes problems in Chinese in a zh_* locale (cli/problems-zh.ts): tests read the English ones unless they ask
    env: { GEP_LANG: 'en' },
    // A beforeAll that runs a whole account in-process takes seconds on a busy machine.
    hookTimeout: 60_000,
    pool: 'threads',
    // vitest's default (cores − 1) is a single worker on 2 cores, leaving one idle while tests run.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    projects: [
      { extends: true, test: { name: 'shared', include: [TESTS], exclude: mocking, isolate: false } },
      ...(mocking.length ? [{ extends: true as const, test: { name: 'isolated', include: mocking, isolate: true } }] : []),
    ],
  },
});
