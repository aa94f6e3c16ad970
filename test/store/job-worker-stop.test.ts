/**
 * A worker that stops (server shutdown) hands back every job it holds, the one whose claim was in flight when it was
 * told to stop too: that claim completes after stop() returned, and a job claimed then was computed by a process
 * shutting down, or, if the process exits, left leased to no one alive until its lease expired (30 s by default;
 * its run shown running meanwhile, an attempt counted). test/api/app.test.ts's shutdown test failed that way about
 * one run in six.
 */
import { afterEach, expect, it } from 'vitest';
import { enqueueRun } from '../../api/jobs/store.ts';
import { JobWorker } from '../../api/jobs/worker.ts';
import { openStore, type Store } from '../../api/store/db.ts';
import { createRun } from '../../api/store/runs.ts';
import { FIXTURE_TIME, runFixture } from '../helpers/run-fixture.ts';
import { hookStatements } from '../helpers/statement-hook.ts';

const timing = { leaseMs: 60_000, heartbeatMs: 20_000, pollMs: 60_000 };
let s: Store | undefined;
afterEach(() => s?.close());

/** The store, with each claim statement held `ms` after it starts (`started` resolves when the first one does). */
async function slowClaims(ms: number) {
  s = await openStore({ file: ':memory:', url: '' });
  let started!: () => void;
  const claimStarted = new Promise<void>((r) => (started = r));
  const db = hookStatements(s.db, async (q, run) => {
    if (!/^update jobs set state = 'running'/.test(q.sql)) return run();
    started();
    await new Promise((r) => setTimeout(r, ms));
    return run();
  });
  await createRun(db, runFixture('r'), FIXTURE_TIME);
  await enqueueRun(db, { runId: 'r', rerun: false, chunks: [], maxAttempts: 3, now: FIXTURE_TIME });
  const state = async () => ({
    run: (await db.selectFrom('runs').select('status').executeTakeFirstOrThrow()).status,
    job: await db.selectFrom('jobs').select(['state', 'lease_owner', 'attempts']).executeTakeFirstOrThrow(),
  });
  return { db, claimStarted, state };
}

it('a claim in flight when the worker stops: its job is handed back before stop() returns, and not computed', async () => {
  const { db, claimStarted, state } = await slowClaims(50);
  const handled: string[] = [];
  const w = new JobWorker(db, 'sqlite', async (job) => void handled.push(job.id), timing);
  w.start(1);
  await claimStarted;
  await w.stop(0);
  expect(await state()).toEqual({ run: 'queued', job: { state: 'queued', lease_owner: null, attempts: 0 } });
  await new Promise((r) => setTimeout(r, 100)); // nothing happens after
  expect(handled).toEqual([]);
  expect(await state()).toEqual({ run: 'queued', job: { state: 'queued', lease_owner: null, attempts: 0 } });
});

it('a worker told to stop before it claims claims nothing', async () => {
  const { db, state } = await slowClaims(0);
  const handled: string[] = [];
  const w = new JobWorker(db, 'sqlite', async (job) => void handled.push(job.id), timing);
  w.start(1); // its first look for exhausted jobs is under way
  await w.stop(0);
  await new Promise((r) => setTimeout(r, 100));
  expect(handled).toEqual([]);
  expect(await state()).toEqual({ run: 'queued', job: { state: 'queued', lease_owner: null, attempts: 0 } });
});
