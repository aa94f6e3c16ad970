/**
 * The packed insert (api/store/row-pack.ts, insertPackedRows in api/store/runs.ts): a run's rows and traces go to the
 * store as JSON arrays read by one prepared statement per table (jsonb_each on SQLite, jsonb_array_elements on
 * PostgreSQL). It must write exactly what a plain row-by-row insert of the same values writes — every column, its
 * type (SQLite keeps integers as integers and number-like text as text), quotes, backslashes, Chinese, control
 * characters and the trace node's very JSON text — and split large runs into chunks that store the same rows.
 */
import { FIXTURE_TIME, runFixture } from '../helpers/run-fixture.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { Store } from '../../api/store/db.ts';
import { packRun, wellFormed } from '../../api/store/row-pack.ts';
import { createRun, insertPackedRows } from '../../api/store/runs.ts';
import { RESULT_COLUMNS, type ResultRow, type TraceRow } from '../../lib/rows.ts';
import { BACKENDS } from '../helpers/stores.ts';

const AWKWARD = [
  '',
  "it's",
  'say "x"',
  'a\\b',
  '水源涵养',
  'tab\there',
  'line\nbreak',
  '1e5',
  '007',
  '-0.000000000001',
  '€ 🌲',
  'lone \ud800 surrogate',
  '\\ud800 as text, not a surrogate',
  'sep\u2028line',
  // JSON.stringify writes these as escapes (\u0001, \b, \f, \r): the JSONB reader must decode each to its character
  'c\u0001\b\f\r\u001f\u007f',
  '1234567890'.repeat(10) + '.5',
];
function rowsOf(n: number): ResultRow[] {
  return Array.from({ length: n }, (_, i) => {
    const r = Object.fromEntries(RESULT_COLUMNS.map((c, k) => [c, AWKWARD[(i + k) % AWKWARD.length]!])) as ResultRow;
    r.year = String(2000 + (i % 30));
    if (i % 3 === 0) delete r.origin; // rows of other kinds have none: stored as ''
    return r;
  });
}
const tracesOf = (n: number): TraceRow[] =>
  Array.from({ length: n }, (_, i) => ({
    region: AWKWARD[i % AWKWARD.length]!,
    year: 2020 + i,
    indicator: `i${i}`,
    node: { id: `i${i}`, value: '12.5', note: AWKWARD[(i + 3) % AWKWARD.length], inputs: [{ x: 1.5, y: null, z: [true, 1e21, 0.1] }] },
  }));

async function newRun(s: Store, id: string) {
  await createRun(s.db, runFixture(id), FIXTURE_TIME);
}

/** The reference: the rows as a plain Kysely insert of each row's values writes them. */
async function plainInsert(s: Store, id: string, rows: ResultRow[], traces: TraceRow[]) {
  for (const [seq, r] of rows.entries())
    await s.db
      .insertInto('results')
      .values({ run_id: id, seq, ...r, year: Number(r.year), origin: r.origin ?? '' })
      .execute();
  for (const t of traces)
    await s.db
      .insertInto('traces')
      .values({ run_id: id, ...t, node: JSON.stringify(t.node) })
      .execute();
}

/** Everything stored for a run, with SQLite's storage type of each column (PostgreSQL's columns are typed). */
async function stored(s: Store, id: string) {
  const typed =
    s.kind === 'sqlite'
      ? sql<Record<string, unknown>>`select *, typeof(seq) ts, typeof(year) ty, typeof(physical_value) tp from results`
      : undefined;
  const results = typed
    ? (await typed.execute(s.db)).rows.filter((r) => r.run_id === id)
    : await s.db.selectFrom('results').selectAll().where('run_id', '=', id).execute();
  const traces =
    s.kind === 'sqlite'
      ? (await sql<Record<string, unknown>>`select *, typeof(year) ty, typeof(node) tn from traces`.execute(s.db)).rows.filter(
          (r) => r.run_id === id,
        )
      : await s.db.selectFrom('traces').selectAll().where('run_id', '=', id).execute();
  const strip = (r: Record<string, unknown>) => {
    const { run_id: _r, ...rest } = r;
    return rest;
  };
  return {
    results: results.map(strip).sort((a, b) => Number(a.seq) - Number(b.seq)),
    traces: traces.map(strip).sort((a, b) => String(a.indicator).localeCompare(String(b.indicator))),
  };
}

for (const backend of BACKENDS) {
  describe(`packed insert (${backend.name})`, () => {
    let s: Store & { drop(): Promise<void> };
    beforeAll(async () => {
      s = await backend.open();
    }, 60_000);
    afterAll(() => s.drop());

    it('writes the same rows and traces as a plain insert of each row, types and bytes included', async () => {
      const rows = rowsOf(188);
      const traces = tracesOf(45);
      await newRun(s, 'plain');
      await plainInsert(s, 'plain', rows, traces);
      await newRun(s, 'packed');
      const packed = packRun({ m: 1 }, rows, traces);
      expect(packed).toMatchObject({ count: 188, meta: '{"m":1}' });
      expect(await s.db.transaction().execute((tx) => insertPackedRows(tx, 'packed', packed))).toBe(188);
      const a = await stored(s, 'plain');
      const b = await stored(s, 'packed');
      expect(b.results).toHaveLength(188);
      expect(b.traces).toHaveLength(45);
      expect(b).toEqual(a);
      if (s.kind === 'sqlite') expect(b.results[0]).toMatchObject({ ts: 'integer', ty: 'integer', tp: 'text' });
      for (const t of traces) expect(b.traces.find((x) => x.indicator === t.indicator)!.node).toBe(JSON.stringify(t.node));
    });

    it('rows without a lone surrogate (packed as they are, not cell by cell) store the same as a plain insert', async () => {
      const rows = rowsOf(188).map(
        (r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, /\ud800|\\ud800/.test(v) ? 'x' : v])) as ResultRow,
      );
      const text = packRun(null, rows, [])
        .results.map((c) => new TextDecoder().decode(c))
        .join('');
      expect(text).not.toMatch(/\\ud8/); // the quick check finds nothing to replace
      await newRun(s, 'plain-whole');
      await plainInsert(s, 'plain-whole', rows, []);
      await newRun(s, 'packed-whole');
      await s.db.transaction().execute((tx) => insertPackedRows(tx, 'packed-whole', packRun(null, rows, [])));
      expect((await stored(s, 'packed-whole')).results).toEqual((await stored(s, 'plain-whole')).results);
    });

    it('a large run is split in chunks (rows by count, traces by size) that store every row once, in order', async () => {
      const rows = rowsOf(4001);
      const big = { region: 'r', year: 2020, indicator: 'big', node: { text: 'x'.repeat(3 * 2 ** 20) } };
      const traces = [big, { ...big, indicator: 'big2' }, ...tracesOf(3)];
      const packed = packRun({}, rows, traces);
      expect(packed.results).toHaveLength(2);
      expect(packed.traces).toHaveLength(2);
      await newRun(s, 'large');
      await s.db.transaction().execute((tx) => insertPackedRows(tx, 'large', packed));
      const got = await stored(s, 'large');
      expect(got.results.map((r) => Number(r.seq))).toEqual(rows.map((_, i) => i));
      // a lone surrogate is stored as U+FFFD, as the plain insert's UTF-8 stores it
      expect(got.results.map((r) => r.physical_value)).toEqual(rows.map((r) => wellFormed(r.physical_value)));
      expect(got.traces.map((t) => t.indicator).sort()).toEqual(traces.map((t) => t.indicator).sort());
      expect(got.traces.find((t) => t.indicator === 'big')!.node).toBe(JSON.stringify(big.node));
    });
  });
}
