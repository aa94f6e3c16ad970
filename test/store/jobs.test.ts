import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import {
  chunkDraws,
  claimJob,
  completeChunk,
  enqueueRun,
  failExhausted,
  failJob,
  finishRunJob,
  groupState,
  type Job,
  orphanRuns,
  releaseJob,
  renewLease,
} from '../../api/jobs/store.ts';
import { openStore, type Store } from '../../api/store/db.ts';
import { createRun, getRun, queryResults } from '../../api/store/runs.ts';
import type { ResultRow } from '../../lib/rows.ts';
import { hookStatements } from '../helpers/statement-hook.ts';
import { PG_URL } from '../helpers/stores.ts';

/**
 * The job queue in the store (api/jobs/store.ts) on both backends, with two connections to one store (two
 * processes): a SQLite file opened twice, or one PostgreSQL schema through two pools.
 */
interface Pair {
  name: string;
  a: Store;
  b: Store;
  close(): Promise<void>;
}
const pairs: { name: string; open(): Promise<Pair> }[] = [
  {
    name: 'sqlite',
    async open() {
      const dir = mkdtempSync(join(tmpdir(), 'gep-jobs-'));
      const file = join(dir, 'gep.sqlite');
      const a = await openStore({ file, url: '' });
      const b = await openStore({ file, url: '' });
      return {
        name: 'sqlite',
        a,
        b,
        async close() {
          await a.close();
          await b.close();
          rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  },
  ...(PG_URL
    ? [
        {
          name: 'postgres',
          async open(): Promise<Pair> {
            const schema = `t_${randomBytes(6).toString('hex')}`;
            const a = await openStore({ url: PG_URL, schema });
            const b = await openStore({ url: PG_URL, schema });
            return {
              name: 'postgres',
              a,
              b,
              async close() {
                await a.close();
                await b.close();
                const c = new pg.Client({ connectionString: PG_URL });
                await c.connect();
                await c.query(`drop schema ${schema} cascade`).finally(() => c.end());
              },
            };
          },
        },
      ]
    : []),
];

const T0 = '2026-12-01T10:00:00.000Z';
const at = (ms: number) => new Date(Date.parse(T0) + ms).toISOString();
const row = (money: string): ResultRow => ({
  indicator: 'gep',
  level: 'total',
  category: '',
  region: 'r1',
  year: '2020',
  scenario: 'baseline',
  key: '',
  physical_value: '',
  physical_unit: '',
  money_value: money,
  currency: 'CNY',
  price_year: '2020',
  price_basis: 'current',
  method: 'm',
  model: 'x@1',
});
async function newRun(s: Store, id: string) {
  await createRun(
    s.db,
    {
      id,
      kind: 'gep',
      engine_version: '0',
      model: 'm@1',
      model_hash: 'h',
      dataset_id: 'd',
      dataset_hash: 'h',
      scenario: 'baseline',
      scenario_hash: null,
      base_year: 2020,
      params: {},
    },
    T0,
  );
}
const out = (money: string) => ({ meta: { money }, rows: [row(money), row(money)], traces: [], durationMs: 1 });
const enqueue = (s: Store, runId: string, o: { rerun?: boolean; chunks?: [number, number][]; maxAttempts?: number } = {}) =>
  enqueueRun(s.db, { runId, rerun: o.rerun ?? false, chunks: o.chunks ?? [], maxAttempts: o.maxAttempts ?? 3, now: T0 });

describe.each(pairs)('job queue on $name, two connections', (backend) => {
  it('40 jobs and 8 claimers on two connections: every job is claimed exactly once', async () => {
    const { a, b, close } = await backend.open();
    try {
      for (let i = 0; i < 40; i++) {
        await newRun(a, `r${i}`);
        await enqueue(a, `r${i}`);
      }
      const claimed: Job[] = [];
      const claimer = async (s: Store, who: string) => {
        for (let n = 0; n < 100; n++) {
          const job = await claimJob(s.db, s.kind, who, 60_000, at(1));
          if (!job) return;
          claimed.push(job);
        }
      };
      await Promise.all([0, 1, 2, 3].flatMap((i) => [claimer(a, `a${i}`), claimer(b, `b${i}`)]));
      expect(claimed).toHaveLength(40);
      expect(new Set(claimed.map((j) => j.run_id)).size).toBe(40);
      expect(claimed.every((j) => j.attempts === 1 && j.state === 'running')).toBe(true);
      expect((await getRun(a.db, 'r0'))?.status).toBe('running');
    } finally {
      await close();
    }
  });

  it("a post's own read of the run (seen) saves a read only while it is true: a stale one takes the run as the store has it", async () => {
    const { a, b, close } = await backend.open();
    try {
      // the reads of the run's queue state each enqueue makes (the read a true `seen` saves)
      let reads = 0;
      const counted = new Map(
        [a, b].map((s) => [
          s,
          hookStatements(s.db, (q, run) => {
            if (/^select "status", "job_group" from "runs"/.test(q.sql)) reads++;
            return run();
          }),
        ]),
      );
      const seenEnqueue = async (s: Store, runId: string, seen: string, rerun = false) => {
        reads = 0;
        return enqueueRun(counted.get(s)!, { runId, rerun, chunks: [], maxAttempts: 3, now: T0, seen });
      };
      await newRun(a, 'fresh');
      const first = await seenEnqueue(a, 'fresh', 'queued'); // true: taken at once, without the read
      expect(first.created).toBe(true);
      expect(reads).toBe(0);
      // seen before the other connection took it: the run has a group now, and the post joins it
      expect(await seenEnqueue(b, 'fresh', 'queued')).toEqual({ group: first.group, created: false });
      expect(reads).toBe(1);
      // seen queued, but it failed since (group cleared): the take under "queued" misses, the read finds "failed" and takes it
      const job = (await claimJob(a.db, a.kind, 'w', 60_000, at(1)))!;
      expect(await failJob(a.db, job, { title: 'x', status: 500 }, at(2))).toBe(true);
      expect((await getRun(a.db, 'fresh'))?.status).toBe('failed');
      const again = await seenEnqueue(b, 'fresh', 'queued');
      expect(again.created).toBe(true);
      expect(reads).toBe(1);
      expect(await getRun(a.db, 'fresh')).toMatchObject({ status: 'queued', job_group: again.group });
      // seen done without rerun: never taken on that word (the read decides)
      const job2 = (await claimJob(b.db, b.kind, 'w', 60_000, at(3)))!;
      expect(await finishRunJob(b.db, job2, out('7'), at(4))).toBe(true);
      expect(await seenEnqueue(a, 'fresh', 'done')).toEqual({ group: null, created: false });
      // seen failed, but it is done now and the post asks a rerun: the read takes it as a rerun (it stays done)
      const rerun = await seenEnqueue(a, 'fresh', 'failed', true);
      expect(rerun.created).toBe(true);
      expect(await getRun(a.db, 'fresh')).toMatchObject({ status: 'done', job_group: rerun.group });
      expect((await a.db.selectFrom('jobs').select('rerun').where('job_group', '=', rerun.group!).execute())[0]?.rerun).toBe(1);
    } finally {
      await close();
    }
  });

  it('equal posts on two connections make one job group; a done run is not queued again unless rerun', async () => {
    const { a, b, close } = await backend.open();
    try {
      await newRun(a, 'x');
      await newRun(b, 'x'); // the second insert of an equal run does nothing
      const groups = await Promise.all([enqueue(a, 'x'), enqueue(b, 'x'), enqueue(a, 'x'), enqueue(b, 'x')]);
      expect(groups.filter((g) => g.created)).toHaveLength(1);
      expect(new Set(groups.map((g) => g.group)).size).toBe(1);
      expect((await a.db.selectFrom('jobs').selectAll().execute()).length).toBe(1);
      const job = (await claimJob(b.db, b.kind, 'w', 60_000, at(1)))!;
      expect(await finishRunJob(b.db, job, out('5'), at(2))).toBe(true);
      expect(await enqueue(a, 'x')).toEqual({ group: null, created: false });
      expect((await enqueue(a, 'x', { rerun: true })).created).toBe(true);
      // the same race when each post takes the run on its own read of it (seen queued, as a new run is)
      await newRun(a, 'y');
      const seen = (s: Store) => enqueueRun(s.db, { runId: 'y', rerun: false, chunks: [], maxAttempts: 3, now: T0, seen: 'queued' });
      const raced = await Promise.all([seen(a), seen(b), seen(a), seen(b)]);
      expect(raced.filter((g) => g.created)).toHaveLength(1);
      expect(new Set(raced.map((g) => g.group)).size).toBe(1);
      expect(await a.db.selectFrom('jobs').select('id').where('run_id', '=', 'y').execute()).toHaveLength(1);
    } finally {
      await close();
    }
  });

  it('a lease not renewed expires: another worker takes the job; the first cannot store, the second stores once', async () => {
    const { a, b, close } = await backend.open();
    try {
      await newRun(a, 'x');
      await enqueue(a, 'x');
      const first = (await claimJob(a.db, a.kind, 'crashed', 1000, at(0)))!;
      expect(await claimJob(b.db, b.kind, 'other', 1000, at(999))).toBeUndefined(); // live lease: not taken
      const second = (await claimJob(b.db, b.kind, 'other', 1000, at(1001)))!; // expired: taken, attempt 2
      expect(second).toMatchObject({ id: first.id, attempts: 2, lease_owner: 'other' });
      expect(await renewLease(a.db, first, 1000, at(1002))).toBe(false);
      expect(await finishRunJob(a.db, first, out('1'), at(1003))).toBe(false);
      expect(await failJob(a.db, first, { title: 'x' }, at(1003))).toBe(false);
      expect(await finishRunJob(b.db, second, out('2'), at(1004))).toBe(true);
      expect(await finishRunJob(b.db, second, out('2'), at(1005))).toBe(false); // written once
      const run = (await getRun(a.db, 'x'))!;
      expect(run).toMatchObject({ status: 'done', row_count: 2, job_group: null });
      expect((await queryResults(a.db, 'x', {}, 10, 0)).rows.map((r) => r.money_value)).toEqual(['2', '2']);
    } finally {
      await close();
    }
  });

  it('a renewed lease keeps its job however long the run takes', async () => {
    const { a, b, close } = await backend.open();
    try {
      await newRun(a, 'x');
      await enqueue(a, 'x');
      const job = (await claimJob(a.db, a.kind, 'alive', 1000, at(0)))!;
      for (let t = 800; t <= 8000; t += 800) {
        expect(await renewLease(a.db, job, 1000, at(t))).toBe(true);
        expect(await claimJob(b.db, b.kind, 'other', 1000, at(t + 900))).toBeUndefined();
      }
      expect(await finishRunJob(a.db, job, out('3'), at(8100))).toBe(true);
    } finally {
      await close();
    }
  });

  it('a job whose workers keep dying fails the run after its attempts, with the reason', async () => {
    const { a, b, close } = await backend.open();
    try {
      await newRun(a, 'x');
      await enqueue(a, 'x', { maxAttempts: 2 });
      await claimJob(a.db, a.kind, 'w1', 1000, at(0));
      await claimJob(b.db, b.kind, 'w2', 1000, at(1001));
      expect(await claimJob(a.db, a.kind, 'w3', 1000, at(2002))).toBeUndefined(); // no attempt left
      expect(await failExhausted(b.db, at(2003))).toBe(1);
      const run = (await getRun(a.db, 'x'))!;
      expect(run.status).toBe('failed');
      expect(JSON.parse(run.error!)).toMatchObject({ code: 'run_attempts_exhausted' });
      expect(run.job_group).toBeNull();
    } finally {
      await close();
    }
  });

  it('a rerun keeps the old rows readable and done until it finishes; a failing rerun keeps them', async () => {
    const { a, b, close } = await backend.open();
    try {
      await newRun(a, 'x');
      await enqueue(a, 'x');
      await finishRunJob(a.db, (await claimJob(a.db, a.kind, 'w', 60_000, at(0)))!, out('7'), at(1));
      const { group } = await enqueue(b, 'x', { rerun: true });
      const rerun = (await claimJob(b.db, b.kind, 'w', 60_000, at(2)))!;
      expect((await getRun(a.db, 'x'))?.status).toBe('done'); // still done while the rerun computes
      expect(await failJob(b.db, rerun, { title: 'boom' }, at(3))).toBe(true);
      expect(await groupState(a.db, group!)).toBe('failed');
      expect(await getRun(a.db, 'x')).toMatchObject({ status: 'done', error: null, row_count: 2, job_group: null });
      expect((await queryResults(a.db, 'x', {}, 10, 0)).rows.map((r) => r.money_value)).toEqual(['7', '7']);
      await enqueue(b, 'x', { rerun: true });
      await finishRunJob(b.db, (await claimJob(b.db, b.kind, 'w', 60_000, at(4)))!, out('8'), at(5));
      expect((await queryResults(a.db, 'x', {}, 10, 0)).rows.map((r) => r.money_value)).toEqual(['8', '8']);
    } finally {
      await close();
    }
  });

  it('chunks: the last chunk to finish queues the assembly, which reads the draws in index order', async () => {
    const { a, b, close } = await backend.open();
    try {
      await newRun(a, 'x');
      const { group } = await enqueue(a, 'x', {
        chunks: [
          [0, 2],
          [2, 4],
          [4, 5],
        ],
      });
      const jobs: Job[] = [];
      for (let i = 0; i < 3; i++) jobs.push((await claimJob((i % 2 ? b : a).db, a.kind, `w${i}`, 60_000, at(1)))!);
      expect(jobs.map((j) => j.role)).toEqual(['chunk', 'chunk', 'chunk']);
      expect(await claimJob(a.db, a.kind, 'w', 60_000, at(1))).toBeUndefined(); // the assembly waits for them
      const draws = (j: Job) => Array.from({ length: j.draw_to! - j.draw_from! }, (_, k) => [String(j.draw_from! + k)]);
      // finished out of order and at once on two connections
      await Promise.all([...jobs].reverse().map((j, i) => completeChunk((i % 2 ? a : b).db, a.kind, j, draws(j), at(2))));
      const assemble = (await claimJob(b.db, b.kind, 'w', 60_000, at(3)))!;
      expect(assemble.role).toBe('assemble');
      expect(await chunkDraws(a.db, group!)).toEqual([['0'], ['1'], ['2'], ['3'], ['4']]);
      expect(await finishRunJob(b.db, assemble, { ...out('9'), drawn: true }, at(4))).toBe(true);
      expect((await a.db.selectFrom('jobs').select('output').execute()).every((j) => j.output === null)).toBe(true);
    } finally {
      await close();
    }
  });

  it('a chunked run that fails keeps none of its draws: a failing chunk or a failing assembly clears every output', async () => {
    const { a, b, close } = await backend.open();
    try {
      const outputs = async (group: string) =>
        (await a.db.selectFrom('jobs').select('output').where('job_group', '=', group).execute()).map((j) => j.output);
      const draws = (j: Job) => Array.from({ length: j.draw_to! - j.draw_from! }, (_, k) => [String(j.draw_from! + k)]);
      const chunks: [number, number][] = [
        [0, 2],
        [2, 4],
      ];
      // a chunk fails after another stored its draws
      await newRun(a, 'x');
      const x = (await enqueue(a, 'x', { chunks })).group!;
      const [c0, c1] = [(await claimJob(a.db, a.kind, 'w0', 60_000, at(1)))!, (await claimJob(b.db, b.kind, 'w1', 60_000, at(1)))!];
      expect(await completeChunk(a.db, a.kind, c0, draws(c0), at(2))).toBe(true);
      expect(await failJob(b.db, c1, { title: 'boom' }, at(3))).toBe(true);
      expect(await groupState(a.db, x)).toBe('failed');
      expect(await outputs(x)).toEqual([null, null, null]);
      // every chunk stored its draws, the assembly fails
      await newRun(a, 'y');
      const y = (await enqueue(a, 'y', { chunks })).group!;
      for (const w of ['w2', 'w3']) {
        const c = (await claimJob(a.db, a.kind, w, 60_000, at(4)))!;
        expect(await completeChunk(a.db, a.kind, c, draws(c), at(5))).toBe(true);
      }
      const assemble = (await claimJob(b.db, b.kind, 'w4', 60_000, at(6)))!;
      expect(assemble.role).toBe('assemble');
      expect(await failJob(b.db, assemble, { title: 'boom' }, at(7))).toBe(true);
      expect(await outputs(y)).toEqual([null, null, null]);
    } finally {
      await close();
    }
  });

  it('a worker stopping hands its job back at once; runs left unfinished without jobs are found for requeueing', async () => {
    const { a, b, close } = await backend.open();
    try {
      await newRun(a, 'x');
      await enqueue(a, 'x');
      const job = (await claimJob(a.db, a.kind, 'stopping', 60_000, at(0)))!;
      await releaseJob(a.db, job);
      expect((await getRun(a.db, 'x'))?.status).toBe('queued');
      expect(await claimJob(b.db, b.kind, 'next', 60_000, at(1))).toMatchObject({ id: job.id, attempts: 1 });
      await newRun(a, 'legacy'); // queued by a server from before the job queue: no job group
      expect(await orphanRuns(b.db)).toEqual(['legacy']);
    } finally {
      await close();
    }
  });
});
