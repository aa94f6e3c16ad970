import { randomBytes } from 'node:crypto';
import type { Selectable, Transaction } from 'kysely';
import type { ResultRow, TraceRow } from '../../lib/rows.ts';
import type { Db } from '../store/db.ts';
import type { Database, JobTable } from '../store/schema.ts';
import type { DrawRows } from '../../lib/uncertainty.ts';
import { type PackedRun, packRun } from '../store/row-pack.ts';
import { insertPackedRows } from '../store/runs.ts';
import { preparedText, statement } from '../store/prepared.ts';

/**
 * Runs as jobs in the store, one design for SQLite and PostgreSQL (issue 12). Why not a queue library: pg-boss's
 * Node-20 line (10.x) has no heartbeat (a lease is a fixed expiry: a long run is redone while alive, or waits long
 * after a crash) and 11+ needs Node 22; graphile-worker needs Node 22.18 and frees a crashed worker's job after
 * 4 hours; neither serves SQLite. A few statements do it here:
 *
 * - a run has at most one group of jobs at a time (runs.job_group, set by a conditional update), so equal posts
 *   on any number of servers make one computation;
 * - a job is claimed by one statement: PostgreSQL `UPDATE … WHERE id = (SELECT … FOR UPDATE SKIP LOCKED LIMIT 1)
 *   RETURNING`, SQLite the same UPDATE … RETURNING under its one write lock;
 * - a claim is a lease the worker renews (heartbeat); a lease that expires is claimed again by anyone (attempts
 *   counted; past max_attempts the run fails with the reason), so a crashed worker's run is re-queued and a live
 *   run is never taken from its worker;
 * - every finishing write first checks, in its transaction, that the job is still running under the same lease:
 *   a worker whose lease was taken stores nothing, so a run's rows are written once.
 */
export type Job = Selectable<JobTable>;
export type StoreKind = 'sqlite' | 'postgres';

/** A worker's lease was taken (it expired and another worker claimed the job): what it computed is dropped. */
export class LeaseLost extends Error {
  constructor(job: Job) {
    super(`job ${job.id} of run ${job.run_id} is no longer leased to ${job.lease_owner}`);
  }
}

const newId = () => randomBytes(9).toString('base64url');
const plus = (now: string, ms: number) => new Date(Date.parse(now) + ms).toISOString();

// The statements of a computed POST's path (enqueue, claim, store, wait), prepared once per store and connection:
// Kysely built and compiled each one per call and node-sqlite3 made a new statement for it (~0.2–0.4 ms of the
// server's thread each, ~15 per POST). Columns are named, never `*` (api/store/runs.ts says why).
const JOB_COLUMNS = Object.keys({
  id: 1,
  run_id: 1,
  job_group: 1,
  role: 1,
  draw_from: 1,
  draw_to: 1,
  state: 1,
  rerun: 1,
  lease_owner: 1,
  lease_until: 1,
  heartbeat_at: 1,
  attempts: 1,
  max_attempts: 1,
  output: 1,
  error: 1,
  created_at: 1,
  started_at: 1,
  finished_at: 1,
} satisfies Record<keyof JobTable, 1>) as (keyof JobTable)[];
const runQueueState = statement('run_queue_state', (db, $) => db.selectFrom('runs').select(['status', 'job_group']).where('id', '=', $(0)));
/** A done run taken for a rerun: it stays done, with its rows, until the new ones replace them. */
const takeDoneRun = statement('take_done_run', (db, $) =>
  db
    .updateTable('runs')
    .set({ job_group: $(0) })
    .where('id', '=', $(1))
    .where('job_group', 'is', null)
    .where('status', '=', $(2))
    .returning('id'),
);
const takeRun = statement('take_run', (db, $) =>
  db
    .updateTable('runs')
    .set({ job_group: $(0), status: 'queued', error: null, started_at: null, finished_at: null, duration_ms: null })
    .where('id', '=', $(1))
    .where('job_group', 'is', null)
    .where('status', '=', $(2))
    .returning('id'),
);
const insertAssemble = statement('insert_assemble', (db, $) =>
  db.insertInto('jobs').values({
    id: $(0),
    run_id: $(1),
    job_group: $(2),
    rerun: $(3),
    attempts: 0,
    max_attempts: $(4),
    created_at: $(5),
    role: 'assemble',
    state: 'queued',
  }),
);
const CLAIMABLE = `state = 'queued' or (state = 'running' and lease_until < {now} and attempts < max_attempts)`;
const claimText = (p: (n: number) => string, lock: string) => {
  const claimable = (n: number) => CLAIMABLE.replace('{now}', p(n));
  return `update jobs set state = 'running', lease_owner = ${p(1)}, lease_until = ${p(2)}, heartbeat_at = ${p(3)},
      attempts = attempts + 1, started_at = coalesce(started_at, ${p(4)})
    where id = (select id from jobs where ${claimable(5)} order by created_at, id limit 1${lock}) and (${claimable(6)})
    returning ${JOB_COLUMNS.join(', ')}`;
};
/** Claim one job: PostgreSQL `FOR UPDATE SKIP LOCKED`, SQLite under its one write lock. Values: owner, until, now × 4. */
const claimStatement = preparedText('claim_job', {
  sqlite: claimText(() => '?', ''),
  postgres: claimText((n) => `$${n}`, ' for update skip locked'),
});
const markRunRunning = statement('run_running', (db, $) =>
  db
    .updateTable('runs')
    .set({ status: 'running', started_at: $(0) })
    .where('id', '=', $(1))
    .where('status', '=', 'queued'),
);
const finishLease = statement('finish_lease', (db, $) =>
  db
    .updateTable('jobs')
    .set({ state: 'done', finished_at: $(0) })
    .where('id', '=', $(1))
    .where('state', '=', 'running')
    .where('lease_owner', '=', $(2))
    .returning('id'),
);
const deleteResults = statement('delete_results', (db, $) => db.deleteFrom('results').where('run_id', '=', $(0)));
const deleteTraces = statement('delete_traces', (db, $) => db.deleteFrom('traces').where('run_id', '=', $(0)));
const markRunDone = statement('run_done', (db, $) =>
  db
    .updateTable('runs')
    .set({ status: 'done', meta: $(0), error: null, row_count: $(1), finished_at: $(2), duration_ms: $(3), job_group: null })
    .where('id', '=', $(4)),
);
const clearGroupOutput = statement('clear_group_output', (db, $) =>
  db.updateTable('jobs').set({ output: null }).where('job_group', '=', $(0)),
);
const exhaustedJobs = statement('exhausted_jobs', (db, $) =>
  db
    .selectFrom('jobs')
    .select(JOB_COLUMNS)
    .where('state', '=', 'running')
    .where('lease_until', '<', $(0))
    .whereRef('attempts', '>=', 'max_attempts'),
);
const assembleState = statement('assemble_state', (db, $) =>
  db.selectFrom('jobs').select('state').where('job_group', '=', $(0)).where('role', '=', 'assemble'),
);
const chunkOutputs = statement('chunk_outputs', (db, $) =>
  db.selectFrom('jobs').select(['output']).where('job_group', '=', $(0)).where('role', '=', 'chunk').orderBy('draw_from'),
);

const queuedCount = preparedText('queued_jobs', {
  sqlite: "select count(*) as n from (select 1 from jobs where state = 'queued' limit ?)",
  postgres: "select count(*)::integer as n from (select 1 from jobs where state = 'queued' limit $1) as q",
});
/** Queued jobs in the store, counted up to `bound` (the claim index's scan stops there). */
export async function queuedJobs(db: Db, bound: number): Promise<number> {
  const [row] = (await queuedCount(db, [bound])) as { n: number | string }[];
  return Number(row?.n ?? 0);
}

/**
 * Give a run a group of jobs unless it has one: the run itself (assemble) and, for a Monte Carlo split in
 * chunks, one job per draw range (the run waits for them). A done run is computed again only with `rerun`:
 * it stays done, with its rows, until the rerun replaces them. Returns the group working on the run.
 */
export async function enqueueRun(
  db: Db,
  o: {
    runId: string;
    rerun: boolean;
    chunks: [number, number][];
    maxAttempts: number;
    now: string;
    /** The run's status as the caller read it moments ago, with no group then: tried first (one read fewer). */
    seen?: string;
  },
): Promise<{ group: string | null; created: boolean }> {
  return db.transaction().execute(async (tx) => {
    // the take is conditional on the status and on no group, so a stale `seen` only costs the read after it
    if (o.seen !== undefined && (o.seen !== 'done' || o.rerun)) {
      const r = await takeAndQueue(tx, o, o.seen);
      if (r) return r;
    }
    const [run] = await runQueueState(tx, o.runId);
    if (!run) throw new Error(`run ${o.runId} is not stored`);
    if (run.job_group !== null) return { group: run.job_group, created: false };
    if (run.status === 'done' && !o.rerun) return { group: null, created: false };
    const r = await takeAndQueue(tx, o, run.status);
    if (r) return r;
    const now = await tx.selectFrom('runs').select('job_group').where('id', '=', o.runId).executeTakeFirstOrThrow();
    return { group: now.job_group, created: false };
  });
}

/** Give the run a new group if it still has `status` and no group, and queue its jobs; undefined when not taken. */
async function takeAndQueue(
  tx: Db,
  o: { runId: string; chunks: [number, number][]; maxAttempts: number; now: string },
  status: string,
): Promise<{ group: string; created: true } | undefined> {
  const rerun = status === 'done';
  const group = newId();
  const taken = await (rerun ? takeDoneRun : takeRun)(tx, group, o.runId, status);
  if (taken.length !== 1) return undefined;
  const base = {
    run_id: o.runId,
    job_group: group,
    rerun: rerun ? 1 : 0,
    attempts: 0,
    max_attempts: o.maxAttempts,
    created_at: o.now,
  };
  if (o.chunks.length <= 1) {
    await insertAssemble(tx, newId(), o.runId, group, base.rerun, o.maxAttempts, o.now);
    return { group, created: true };
  }
  await tx
    .insertInto('jobs')
    .values([
      { ...base, id: newId(), role: 'assemble', state: 'waiting' }, // it waits for its chunks
      ...o.chunks.map(([from, to]) => ({ ...base, id: newId(), role: 'chunk' as const, draw_from: from, draw_to: to, state: 'queued' })),
    ])
    .execute();
  return { group, created: true };
}

/**
 * Claim one job: a queued one, or one whose lease expired (its worker stopped renewing it) with attempts left.
 * One statement, so two workers never claim the same job.
 */
export async function claimJob(db: Db, kind: StoreKind, owner: string, leaseMs: number, now: string): Promise<Job | undefined> {
  const until = plus(now, leaseMs);
  void kind; // the statement is the store's own (preparedText picks it by the store's adapter)
  const [job] = (await claimStatement(db, [owner, until, now, now, now, now])) as Job[];
  if (job && !job.rerun) await markRunRunning(db, now, job.run_id); // a rerun's run stays done until its new rows replace the old
  return job;
}

/** The job is still running under this worker's lease (the first statement of every finishing transaction). */
async function holdsLease(tx: Transaction<Database>, job: Job, set: Partial<Job>): Promise<boolean> {
  const r = await tx
    .updateTable('jobs')
    .set(set)
    .where('id', '=', job.id)
    .where('state', '=', 'running')
    .where('lease_owner', '=', job.lease_owner)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Heartbeat: extend the lease; false when it was lost (the job is someone else's now). */
export async function renewLease(db: Db, job: Job, leaseMs: number, now: string): Promise<boolean> {
  const r = await db
    .updateTable('jobs')
    .set({ lease_until: plus(now, leaseMs), heartbeat_at: now })
    .where('id', '=', job.id)
    .where('state', '=', 'running')
    .where('lease_owner', '=', job.lease_owner)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** A worker stopping gracefully hands its job back at once (the attempt is not counted). */
export async function releaseJob(db: Db, job: Job): Promise<void> {
  if (job.role === 'assemble' && !job.rerun)
    await db.updateTable('runs').set({ status: 'queued' }).where('id', '=', job.run_id).where('status', '=', 'running').execute();
  await db
    .updateTable('jobs')
    .set((eb) => ({ state: 'queued', lease_owner: null, lease_until: null, attempts: eb('attempts', '-', 1) }))
    .where('id', '=', job.id)
    .where('state', '=', 'running')
    .where('lease_owner', '=', job.lease_owner)
    .execute();
}

/**
 * A chunk's draws are stored; the chunk that completes the set queues the run's assembly. On PostgreSQL the
 * group's assemble row is locked first, so two chunks finishing at once see each other (one of them queues it).
 */
export async function completeChunk(db: Db, kind: StoreKind, job: Job, draws: DrawRows, now: string): Promise<boolean> {
  return db.transaction().execute(async (tx) => {
    if (kind === 'postgres')
      await tx.selectFrom('jobs').select('id').where('job_group', '=', job.job_group).where('role', '=', 'assemble').forUpdate().execute();
    if (!(await holdsLease(tx, job, { state: 'done', output: JSON.stringify(draws), finished_at: now }))) return false;
    const left = await tx
      .selectFrom('jobs')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .where('job_group', '=', job.job_group)
      .where('role', '=', 'chunk')
      .where('state', '!=', 'done')
      .executeTakeFirstOrThrow();
    if (Number(left.n) === 0)
      await tx
        .updateTable('jobs')
        .set({ state: 'queued' })
        .where('job_group', '=', job.job_group)
        .where('role', '=', 'assemble')
        .where('state', '=', 'waiting')
        .execute();
    return true;
  });
}

/** The draws of a group's chunks, in index order (draw 0 first), as the assembly reads them. */
export async function chunkDraws(db: Db, group: string): Promise<DrawRows | undefined> {
  const rows = await chunkOutputs(db, group);
  if (!rows.length) return undefined;
  // every chunk of a run is on one path: all numbers or all decimal strings
  return rows.flatMap((r) => JSON.parse(r.output!) as unknown[]) as DrawRows;
}

/** A run's output as objects, or packed (api/store/row-pack.ts: what a run worker thread sends back). */
export type RunOut = ({ meta: unknown; rows: ResultRow[]; traces: TraceRow[] } | { packed: PackedRun }) & {
  durationMs: number;
  /** The run was assembled from its chunks' draws (chunkDraws): their outputs are cleared, being in the rows now. */
  drawn?: boolean;
};

/**
 * Store a run's rows and traces and mark it done, if the job is still this worker's: one transaction, in which a
 * rerun's new rows replace the old (readers see the old ones until it commits, and keep them if it never does).
 */
export async function finishRunJob(db: Db, job: Job, out: RunOut, now: string): Promise<boolean> {
  return db.transaction().execute(async (tx) => {
    if ((await finishLease(tx, now, job.id, job.lease_owner)).length !== 1) return false;
    await deleteResults(tx, job.run_id);
    await deleteTraces(tx, job.run_id);
    const packed = 'packed' in out ? out.packed : packRun(out.meta, out.rows, out.traces);
    const rowCount = await insertPackedRows(tx, job.run_id, packed);
    await markRunDone(tx, packed.meta, rowCount, now, Math.round(out.durationMs), job.run_id);
    if (out.drawn) await clearGroupOutput(tx, job.job_group); // the draws are in the rows now
    return true;
  });
}

/** End a group as failed. A rerun's failure leaves the run done with its old rows; any other run is failed, with the reason. */
async function failGroupIn(tx: Transaction<Database>, job: Job, error: unknown, now: string): Promise<void> {
  const e = JSON.stringify(error);
  await tx
    .updateTable('jobs')
    .set({ state: 'failed', error: e, finished_at: now })
    .where('job_group', '=', job.job_group)
    .where('state', '!=', 'done')
    .execute();
  // the chunks that had finished keep their state, not their draws: no assembly will read them (a post makes a new group)
  await clearGroupOutput(tx, job.job_group);
  const run = tx.updateTable('runs').where('id', '=', job.run_id).where('job_group', '=', job.job_group);
  if (job.rerun) await run.set({ job_group: null }).execute();
  else await run.set({ status: 'failed', error: e, finished_at: now, job_group: null }).execute();
}

/** The job failed under this worker's lease (its computation threw): the run fails, unless the lease was lost. */
export async function failJob(db: Db, job: Job, error: unknown, now: string): Promise<boolean> {
  return db.transaction().execute(async (tx) => {
    if (!(await holdsLease(tx, job, { state: 'failed', error: JSON.stringify(error), finished_at: now }))) return false;
    await failGroupIn(tx, job, error, now);
    return true;
  });
}

/** Jobs whose lease expired with no attempt left (their workers kept dying): their runs fail, saying so. */
export async function failExhausted(db: Db, now: string): Promise<number> {
  const expired = (await exhaustedJobs(db, now)) as Job[];
  let n = 0;
  for (const job of expired) {
    const error = {
      title: 'failed',
      code: 'run_attempts_exhausted',
      detail: `the run's worker stopped ${job.attempts} times before finishing (its lease expired each time); it is not tried again: post it again to retry`,
    };
    const failed = await db.transaction().execute(async (tx) => {
      const r = await tx
        .updateTable('jobs')
        .set({ state: 'failed' })
        .where('id', '=', job.id)
        .where('state', '=', 'running')
        .where('lease_until', '<', now)
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) !== 1) return false;
      await failGroupIn(tx, job, error, now);
      return true;
    });
    if (failed) n++;
  }
  return n;
}

/** Where a group stands: its assemble job's state (done or failed when it has ended), undefined if unknown. */
export async function groupState(db: Db, group: string): Promise<string | undefined> {
  const [r] = await assembleState(db, group);
  return r?.state;
}

/** Runs left queued or running with no jobs (by a server from before runs were jobs): they are queued again. */
export async function orphanRuns(db: Db): Promise<string[]> {
  const rows = await db
    .selectFrom('runs')
    .select('id')
    .where('status', 'in', ['queued', 'running'])
    .where('job_group', 'is', null)
    .execute();
  return rows.map((r) => r.id);
}
