import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Catalogue } from '../../api/catalogue.ts';
import type { Job } from '../../api/jobs/store.ts';
import { RunService, type RunParams } from '../../api/runs.ts';
import { openStore, type Store } from '../../api/store/db.ts';
import { createKey } from '../../api/store/keys.ts';
import { allResults } from '../../api/store/runs.ts';
import { runAccount } from '../../lib/run.ts';
import { resultRows, rowsCsv } from '../../reports/results-csv.ts';
import { LAUNCH_TIMEOUT } from '../helpers/gep-cli.ts';
import { type GepProcess, killAll, saidLine, startGep, until } from '../helpers/processes.ts';
import { PG_URL } from '../helpers/stores.ts';

/**
 * Issue 12, with real processes: two `gep serve` and one `gep worker` on a SQLite file, two and two on one
 * PostgreSQL schema (when TEST_DATABASE_URL is set), killed with SIGKILL. Short leases (3 s) so that a crash is seen quickly;
 * Monte Carlo runs in chunks of 20 draws so that several workers share one run.
 */
const LEASE_MS = 3000;
const POLL_MS = 200;
// Starting a process (node + tsx + mathjs) takes about 30 s on a loaded 2-core machine, several at once longer.
const START_MS = 4 * LAUNCH_TIMEOUT;
interface Backend {
  name: string;
  /** gep serve processes (they work jobs too) and gep worker processes. */
  servers: number;
  workers: number;
  open(dir: string): Promise<{ env: Record<string, string>; store: Store; drop(): Promise<void> }>;
}
const backends: Backend[] = [
  {
    name: 'sqlite',
    servers: 2,
    workers: 1,
    async open(dir) {
      const store = await openStore({ file: join(dir, 'gep.sqlite'), url: '' });
      return { env: { DATABASE_URL: '' }, store, drop: () => store.close() };
    },
  },
  ...(PG_URL
    ? [
        {
          name: 'postgres',
          servers: 2,
          workers: 2,
          async open() {
            const schema = `t_${randomBytes(6).toString('hex')}`;
            const admin = async (q: string) => {
              const c = new pg.Client({ connectionString: PG_URL });
              await c.connect();
              await c.query(q).finally(() => c.end());
            };
            await admin(`create schema ${schema}`);
            // every process on the one schema, as machines on one DATABASE_URL
            const url = `${PG_URL}${PG_URL!.includes('?') ? '&' : '?'}options=-c%20search_path%3D${schema}`;
            const store = await openStore({ url });
            return {
              env: { DATABASE_URL: url },
              store,
              async drop() {
                await store.close();
                await admin(`drop schema ${schema} cascade`);
              },
            };
          },
        },
      ]
    : []),
];

const pidOf = (owner: string | null) => (owner ? Number(owner.split(':')[1]) : undefined);

describe.each(backends)('runs as jobs across processes on $name', (backend) => {
  const procs: GepProcess[] = [];
  const killed = new Set<GepProcess>();
  let dir: string;
  let db: Awaited<ReturnType<Backend['open']>>;
  let servers: { p: GepProcess; url: string }[];
  let headers: Record<string, string>;
  let mcRun: string;
  const jobsOf = (run: string) => db.store.db.selectFrom('jobs').selectAll().where('run_id', '=', run).execute();
  const runRow = (id: string) => db.store.db.selectFrom('runs').selectAll().where('id', '=', id).executeTakeFirst();
  const alive = (pid: number) => procs.find((p) => p.pid === pid && p.proc.exitCode === null && p.proc.signalCode === null);
  const post = (i: number, body: object) =>
    fetch(`${servers[i % servers.length]!.url}/runs`, { method: 'POST', headers, body: JSON.stringify(body) });
  /** kill -9 the process holding the first running job that matches; when its lease expires, another must take it. */
  async function killHolder(pick: (j: Job) => boolean): Promise<{ job: Job; killedAt: number }> {
    const job = await until(
      'a job claimed',
      async () => (await db.store.db.selectFrom('jobs').selectAll().where('state', '=', 'running').execute()).find(pick),
      90_000, // under a full suite on 2 cores a worker may take long to claim
      20,
    );
    const victim = alive(pidOf(job.lease_owner)!)!;
    killed.add(victim);
    victim.proc.kill('SIGKILL');
    await new Promise((r) => victim.proc.once('exit', r));
    servers = servers.filter((s) => s.p !== victim);
    return { job, killedAt: Date.now() };
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gep-jobs-proc-'));
    db = await backend.open(dir); // migrated before the processes start
    headers = {
      authorization: `Bearer ${(await createKey(db.store.db, 't', new Date().toISOString())).key}`,
      'content-type': 'application/json',
    };
    const env = {
      ...db.env,
      GEP_DATA_DIR: dir,
      GEP_JOB_LEASE_MS: String(LEASE_MS),
      GEP_JOB_POLL_MS: String(POLL_MS),
      GEP_MC_CHUNK_DRAWS: '200', // chunks of exact draws long enough to be seen running and killed (a warm worker does 20 in a few ms)
      GEP_SYNC_WAIT_MS: '1', // a post answers 202 at once: a run that finished while its post waited cannot be killed mid-chunk
      GEP_RUN_WORKERS: '1',
    };
    for (let n = 1; n <= backend.servers; n++) procs.push(startGep(`server${n}`, ['serve', '--port', '0', '--quiet'], env));
    for (let n = 1; n <= backend.workers; n++) procs.push(startGep(`worker${n}`, ['worker'], env));
    const urls = await Promise.all(procs.slice(0, backend.servers).map((p) => saidLine(p, /listening on (http:\/\/\S+)/, START_MS)));
    servers = urls.map((m, i) => ({ p: procs[i]!, url: m[1]! }));
    await Promise.all(procs.slice(backend.servers).map((p) => saidLine(p, /gep worker: 1 at a time/, START_MS)));
  }, START_MS + 10_000);

  afterAll(async () => {
    await killAll(procs);
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('N concurrent equal posts across two servers, with two workers: one computation and one done run each', async () => {
    const asks = [
      ...Array.from({ length: 12 }, () => ({ years: [2021], trace: false })),
      ...Array.from({ length: 4 }, () => ({ years: [2020, 2022], trace: false })),
    ];
    const res = await Promise.all(asks.map((body, i) => post(i, body)));
    const answers = await Promise.all(
      res
        .map(async (r) => ({ status: r.status, body: await r.text() }))
        .map(async (a) => {
          const { status, body } = await a;
          return { status, body, id: (JSON.parse(body) as { id?: string }).id };
        }),
    );
    expect(answers.filter((a) => !a.id)).toEqual([]); // every post answered with the run
    const ids = [...new Set(answers.map((a) => a.id!))];
    expect(ids).toHaveLength(2);
    for (const id of ids) {
      const mine = answers.filter((a) => a.id === id);
      for (const a of mine) expect([200, 201, 202]).toContain(a.status); // 202: not done within GEP_SYNC_WAIT_MS
      expect(mine.filter((a) => a.status === 201).length).toBeLessThanOrEqual(1); // only the post that made it can say created
      const run = await until('the run done', async () => ((await runRow(id))?.status === 'done' ? runRow(id) : undefined), 60_000);
      const jobs = await jobsOf(id);
      expect(jobs).toHaveLength(1); // one job group, one job, claimed once
      expect(jobs[0]).toMatchObject({ state: 'done', attempts: 1, role: 'assemble' });
      expect(run!.error).toBeNull();
    }
    expect(await db.store.db.selectFrom('runs').select('id').execute()).toHaveLength(2);
    const page = (await (await fetch(`${servers[0]!.url}/runs/${answers[0]!.id}/results?limit=5000`)).json()) as {
      items: { money_value: string }[];
    };
    expect(page.items.map((r) => r.money_value)).toEqual(resultRows(runAccount({ years: [2021], trace: false })).map((r) => r.money_value));
  }, 120_000);

  it('kill -9 of a worker mid-chunk: another takes the chunk when its lease expires, and the run is byte-identical to one process', async () => {
    // two chunks and the run: with three or four processes, one is free to take the dead worker's chunk over
    const answer = await post(0, { years: [2022], trace: false, uncertainty: { draws: 400, seed: 7, path: 'exact' } });
    mcRun = ((await answer.json()) as { id: string }).id;
    const { job, killedAt } = await killHolder((j) => j.run_id === mcRun && j.role === 'chunk');
    const leaseUntil = Date.parse(
      (await db.store.db.selectFrom('jobs').select('lease_until').where('id', '=', job.id).executeTakeFirstOrThrow()).lease_until!,
    );
    const taken = await until(
      'the chunk taken over',
      async () => {
        const j = await db.store.db.selectFrom('jobs').selectAll().where('id', '=', job.id).executeTakeFirstOrThrow();
        return j.lease_owner !== job.lease_owner ? { j, at: Date.now() } : undefined;
      },
      30_000,
      25,
    );
    expect(taken.j.attempts).toBe(2);
    expect(taken.at).toBeGreaterThanOrEqual(leaseUntil - 50); // never while the dead worker's lease held (clock slack)
    expect(taken.at - Math.max(leaseUntil, killedAt)).toBeLessThan(LEASE_MS); // and soon after it ended
    const run = await until('the run done', async () => ((await runRow(mcRun))?.status === 'done' ? runRow(mcRun) : undefined), 90_000);
    expect((await jobsOf(mcRun)).map((j) => j.role).sort()).toEqual(['assemble', 'chunk', 'chunk']);
    // the same run computed whole in this process (no chunks, no other process)
    const one = await new RunService(db.store.db, new Catalogue(db.store.db, dir), 1, () => '').compute(
      JSON.parse(run!.params) as RunParams,
    );
    expect(await (await fetch(`${servers[0]!.url}/runs/${mcRun}/report.csv`)).text()).toBe(rowsCsv(one.rows));
    expect(JSON.parse(run!.meta!)).toEqual(JSON.parse(JSON.stringify(one.meta)));
  }, 150_000);

  it('rerun under concurrent reads, its worker killed: zero 409s, the old rows readable throughout, the rerun completes elsewhere', async () => {
    const url = (s: { url: string }) => `${s.url}/runs/${mcRun}/results?limit=5000`;
    const before = await (await fetch(url(servers[0]!))).text();
    const stored = async () => rowsCsv(await allResults(db.store.db, mcRun));
    const storedBefore = await stored();
    const codes = new Map<number, number>();
    let reading = true;
    let wrong = 0;
    const reader = async (s: { p: GepProcess; url: string }) => {
      while (reading) {
        try {
          const r = await fetch(url(s));
          codes.set(r.status, (codes.get(r.status) ?? 0) + 1);
          if (r.status === 200 && (await r.text()) !== before) wrong++;
          const status = ((await (await fetch(`${s.url}/runs/${mcRun}`)).json()) as { status: string }).status;
          if (status !== 'done') wrong++;
        } catch {
          if (killed.has(s.p)) return; // that server was killed
          throw new Error('a live server did not answer');
        }
      }
    };
    const groups = new Set((await jobsOf(mcRun)).map((j) => j.job_group));
    const readers = servers.map(reader);
    let job: Job;
    try {
      // kill the process that claims a job of the rerun (a new group), while the post waits
      const [answer, held] = await Promise.all([
        // (the server posted to may be the one killed: its answer is then a reset connection)
        post(0, { years: [2022], trace: false, uncertainty: { draws: 400, seed: 7, path: 'exact' }, rerun: true }).then(
          (r) => r.status,
          () => 'killed',
        ),
        killHolder((j) => j.run_id === mcRun && !groups.has(j.job_group)),
      ]);
      job = held.job;
      expect([201, 202, 'killed']).toContain(answer);
      await until(
        'the rerun done',
        async () => (await jobsOf(mcRun)).some((j) => j.job_group === job.job_group && j.role === 'assemble' && j.state === 'done'),
        90_000,
      );
    } finally {
      reading = false;
      await Promise.allSettled(readers);
    }
    expect(codes.get(409) ?? 0).toBe(0);
    expect(codes.get(200) ?? 0).toBeGreaterThan(0);
    expect(wrong).toBe(0);
    expect((await jobsOf(mcRun)).find((j) => j.id === job.id)?.attempts).toBe(2);
    expect(await stored()).toBe(storedBefore); // the rerun's rows, swapped in: the same bytes
  }, 150_000);
});
