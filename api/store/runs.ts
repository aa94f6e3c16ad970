import type { ResultRow, TraceRow } from '../../lib/rows.ts';
import { RESULT_COLUMNS } from '../../reports/results-csv.ts';
import type { Db } from './db.ts';
import type { Transaction } from 'kysely';
import type { Database, RunTable } from './schema.ts';
import { prepared, preparedText } from './prepared.ts';
import { chunkBytes, type PackedRun, packRun } from './row-pack.ts';
import { SQLITE_JSONB } from './sqlite3-dialect.ts';

export type RunStatus = 'queued' | 'running' | 'done' | 'failed' | 'interrupted';
export type NewRun = Pick<
  RunTable,
  'id' | 'kind' | 'engine_version' | 'model' | 'model_hash' | 'dataset_id' | 'dataset_hash' | 'scenario' | 'scenario_hash' | 'base_year'
> & { params: unknown };

/** Record a new run; false when a run of that id was stored already (two equal requests at once make one run). */
export async function createRun(db: Db, r: NewRun, now: string): Promise<boolean> {
  const [inserted] = await db
    .insertInto('runs')
    .values({
      ...r,
      params: JSON.stringify(r.params),
      status: 'queued',
      meta: null,
      error: null,
      row_count: 0,
      created_at: now,
      started_at: null,
      finished_at: null,
      duration_ms: null,
      job_group: null,
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
  return inserted !== undefined && Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1;
}

// Every column of a run, named (a Record: tsc refuses a column left out or one that is not there). Not `select *`:
// on PostgreSQL a named prepared statement fails on its connection once the table gains a column ("cached plan
// must not change result type"), say a newer server migrating the store this one serves.
const RUN_COLUMNS = Object.keys({
  id: 1,
  kind: 1,
  status: 1,
  engine_version: 1,
  model: 1,
  model_hash: 1,
  dataset_id: 1,
  dataset_hash: 1,
  scenario: 1,
  scenario_hash: 1,
  base_year: 1,
  params: 1,
  meta: 1,
  error: 1,
  row_count: 1,
  created_at: 1,
  started_at: 1,
  finished_at: 1,
  duration_ms: 1,
  job_group: 1,
} satisfies Record<keyof RunTable, 1>) as (keyof RunTable)[];
// a prepared statement: every post, poll and report reads its run by id
const runById = prepared(
  'run_by_id',
  (db) => db.selectFrom('runs').select(RUN_COLUMNS).where('id', '=', ''),
  (id: string) => [id],
);
export const getRun = async (db: Db | Transaction<Database>, id: string): Promise<RunTable | undefined> => (await runById(db, id))[0];

export async function listRuns(db: Db, limit: number, offset: number) {
  return db.selectFrom('runs').selectAll().orderBy('created_at', 'desc').orderBy('id').limit(limit).offset(offset).execute();
}

export async function markRunning(db: Db, id: string, now: string): Promise<void> {
  await db.updateTable('runs').set({ status: 'running', started_at: now }).where('id', '=', id).execute();
}

export type { TraceRow } from '../../lib/rows.ts';

const ROW_COLUMNS = ['run_id', 'seq', ...RESULT_COLUMNS] as const;
const TRACE_COLUMNS = ['run_id', 'region', 'year', 'indicator', 'node'] as const;
const INTEGER = new Set(['seq', 'year']);

/**
 * An insert of a chunk of packed rows (api/store/row-pack.ts): one prepared statement per table and backend, whose
 * two parameters are the run id and the chunk's JSON array; the database reads the array (jsonb_each /
 * jsonb_array_elements). Before, a 188-row insert bound 3,384 values and was compiled by SQLite for each run
 * (only the 200-row size was prepared): ~12 ms of the server's CPU to store one region-year, now ~1 ms. The chunk
 * is read as JSONB: parsed once, each row's cells are then looked up in its binary form, where json_each and
 * json_array_elements handed each row on as JSON text that `->>` parsed again (SQLite: 2.5 → 1.6 ms of CPU for
 * the 188 rows and 45 traces of one region-year, deletes and commit included). `->>` gives the same text and
 * integers either way (test/store/packed-insert.test.ts compares every byte with a plain insert). A SQLite before
 * 3.45 has no jsonb_each: it reads the chunk with json_each (test/store/packed-insert-old-sqlite.test.ts).
 */
function insertFromJson(table: 'results' | 'traces', columns: readonly string[]) {
  const [, ...cells] = columns; // run_id is the first parameter; cell n of a row array is the column n + 1
  const list = columns.map((c) => `"${c}"`).join(', ');
  const sqlite = cells.map((_, n) => `j.value ->> ${n}`).join(', ');
  const postgres = cells.map((c, n) => (INTEGER.has(c) ? `(e ->> ${n})::integer` : `e ->> ${n}`)).join(', ');
  return preparedText(`${table}_from_json`, {
    // the chunk is bound as bytes (its JSON text in UTF-8: api/store/row-pack.ts), read as text
    sqlite: `insert into "${table}" (${list}) select ?, ${sqlite} from ${SQLITE_JSONB ? 'jsonb_each' : 'json_each'}(cast(? as text)) as j`,
    postgres: `insert into "${table}" (${list}) select $1, ${postgres} from jsonb_array_elements(convert_from($2::bytea, 'UTF8')::jsonb) as e`,
  });
}
const insertResults = insertFromJson('results', ROW_COLUMNS);
const insertTraces = insertFromJson('traces', TRACE_COLUMNS);

/** Insert a run's packed rows and traces inside the caller's transaction; the number of rows. */
export async function insertPackedRows(tx: Transaction<Database>, id: string, packed: PackedRun): Promise<number> {
  for (const chunk of packed.results) await insertResults(tx, [id, chunkBytes(chunk)]);
  for (const chunk of packed.traces) await insertTraces(tx, [id, chunkBytes(chunk)]);
  return packed.count;
}

/** Insert a run's long rows (numbered in order) and traces inside the caller's transaction; the number of rows. */
export const insertRunRows = (tx: Transaction<Database>, id: string, results: ResultRow[], traceRows: TraceRow[]): Promise<number> =>
  insertPackedRows(tx, id, packRun(null, results, traceRows));

/** Store a finished run's long rows and traces, and mark it done, in one transaction. */
export async function finishRun(
  db: Db,
  id: string,
  out: { meta: unknown; rows: ResultRow[]; traces: TraceRow[]; now: string; durationMs: number },
): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const rowCount = await insertRunRows(tx, id, out.rows, out.traces);
    await tx
      .updateTable('runs')
      .set({
        status: 'done',
        meta: JSON.stringify(out.meta),
        row_count: rowCount,
        finished_at: out.now,
        duration_ms: Math.round(out.durationMs),
      })
      .where('id', '=', id)
      .execute();
  });
}

export interface ResultFilter {
  indicator?: string;
  region?: string;
  year?: number;
  level?: string;
  basis?: string;
}

/**
 * What a result page needs of its run: whether it is done, how many rows it has (its rows are seq 0…n-1), and when
 * they were stored (a re-stored run's pages are built again: api/page-cache.ts).
 */
export type RunHead = Pick<RunTable, 'id' | 'status' | 'row_count' | 'finished_at'>;
const headQuery = prepared(
  'run_head',
  (db) => db.selectFrom('runs').select(['id', 'status', 'row_count', 'finished_at']).where('id', '=', ''),
  (id: string) => [id],
);
export const runHead = async (db: Db, id: string): Promise<RunHead | undefined> => (await headQuery(db, id))[0];

// The filters a page may carry, in the order their values bind; a query per combination that is asked for.
const FILTERS = [
  ['indicator', 'indicator'],
  ['region', 'region'],
  ['year', 'year'],
  ['level', 'level'],
  ['basis', 'price_basis'],
] as const;
type Filtered = (db: Db, runId: string, values: unknown[], limit: number, offset: number) => Promise<unknown[]>;
const pageQueries = new Map<number, { count: Filtered; page: Filtered }>();
function filteredQueries(mask: number) {
  let q = pageQueries.get(mask);
  if (q) return q;
  const where = (db: Db) => {
    let w = db.selectFrom('results').where('run_id', '=', '');
    for (const [n, [, column]] of FILTERS.entries()) if (mask & (1 << n)) w = w.where(column, '=', column === 'year' ? 0 : '');
    return w;
  };
  q = {
    count: prepared(
      `results_count_${mask}`,
      (db) => where(db).select((eb) => eb.fn.countAll<string | number>().as('n')),
      (runId: string, values: unknown[]) => [runId, ...values],
    ),
    page: prepared(
      `results_page_${mask}`,
      (db) =>
        where(db)
          .select([...RESULT_COLUMNS])
          .orderBy('seq')
          .limit(1)
          .offset(0),
      (runId: string, values: unknown[], limit: number, offset: number) => [runId, ...values, limit, offset],
    ),
  };
  pageQueries.set(mask, q);
  return q;
}
// No filter: a page is a range of seq (keyset on the primary key, no OFFSET to walk past, no count: the run's row_count).
const rangeQuery = prepared(
  'results_range',
  (db) =>
    db
      .selectFrom('results')
      .select([...RESULT_COLUMNS])
      .where('run_id', '=', '')
      .where('seq', '>=', 0)
      .where('seq', '<', 0)
      .orderBy('seq'),
  (runId: string, from: number, to: number) => [runId, from, to],
);

/**
 * Long rows of a run, filtered and paginated in a stable order (seq), from prepared statements. Without a filter
 * the page is the range [offset, offset + limit) of seq and the total is the run's row count (`head`, when the
 * caller has read it); with filters, a count and an OFFSET page.
 */
export async function queryResults(
  db: Db,
  runId: string,
  f: ResultFilter,
  limit: number,
  offset: number,
  head?: RunHead,
): Promise<{ total: number; rows: ResultRow[] }> {
  let mask = 0;
  const values: unknown[] = [];
  for (const [n, [field]] of FILTERS.entries()) {
    const v = f[field];
    if (v === undefined) continue;
    mask |= 1 << n;
    values.push(v);
  }
  if (mask === 0) {
    const total = head?.id === runId ? head.row_count : ((await runHead(db, runId))?.row_count ?? 0);
    const rows = offset < total ? await rangeQuery(db, runId, offset, Math.min(total, offset + limit)) : [];
    return { total, rows: (rows as StoredRow[]).map(fromStore) };
  }
  const q = filteredQueries(mask);
  const [{ n }] = (await q.count(db, runId, values, 0, 0)) as [{ n: string | number }];
  const total = Number(n);
  const rows = offset < total ? await q.page(db, runId, values, limit, offset) : [];
  return { total, rows: (rows as StoredRow[]).map(fromStore) };
}

export async function allResults(db: Db, runId: string): Promise<ResultRow[]> {
  const rows = await db
    .selectFrom('results')
    .select([...RESULT_COLUMNS])
    .where('run_id', '=', runId)
    .orderBy('seq')
    .execute();
  return rows.map(fromStore);
}

type StoredRow = Omit<ResultRow, 'year'> & { year: number };
/** A stored row as it was given: the year as text, and no origin where the row had none (rows of other kinds). */
function fromStore(r: StoredRow): ResultRow {
  // assigned in place (the driver's row is ours): a copy per row was most of the page's own time
  const row = r as unknown as ResultRow;
  row.year = String(r.year);
  if (!row.origin) delete row.origin;
  return row;
}

/** The trace nodes of one region-year (all indicators, so a chain can be followed). */
export async function traceNodes(db: Db, runId: string, region: string, year: number): Promise<Map<string, unknown>> {
  const rows = await db
    .selectFrom('traces')
    .select(['indicator', 'node'])
    .where('run_id', '=', runId)
    .where('region', '=', region)
    .where('year', '=', year)
    .execute();
  return new Map(rows.map((r) => [r.indicator, JSON.parse(r.node)]));
}
