/**
 * Result pages from prepared statements (api/store/prepared.ts, queryResults in api/store/runs.ts), on both
 * backends: a page without filters is a range of seq (keyset), with filters a count and an OFFSET page, and every
 * page must be the rows a plain filter of the stored rows gives (the oracle here is Array.filter/slice, not SQL).
 * One compiled statement serves every run and every store: a statement must never answer with another run's rows.
 */
import { FIXTURE_TIME, runFixture } from '../helpers/run-fixture.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openStore, type Store } from '../../api/store/db.ts';
import { createRun, finishRun, queryResults, type ResultFilter, runHead, traceNodes } from '../../api/store/runs.ts';
import type { ResultRow, TraceRow } from '../../lib/rows.ts';
import { BACKENDS } from '../helpers/stores.ts';

/** n synthetic rows of a run: indicators a/b/c, levels service/detail, years 2020–2022, origin every other row. */
function rowsOf(tag: string, n: number): ResultRow[] {
  return Array.from({ length: n }, (_, i) => ({
    indicator: ['a', 'b', 'c'][i % 3]!,
    level: i % 2 ? 'detail' : 'service',
    category: 'regulating',
    region: i % 5 ? 'r1' : 'r2',
    year: String(2020 + (i % 3 === 0 ? 0 : i % 3 === 1 ? 1 : 2)),
    scenario: 'baseline',
    key: '',
    physical_value: `${tag}.${i}`,
    physical_unit: 't',
    money_value: `${i}.5`,
    currency: 'CNY',
    price_year: '2020',
    price_basis: i % 4 < 2 ? 'current' : 'constant',
    method: 'm',
    model: 'x@1',
    ...(i % 2 ? { origin: 'computed' } : {}),
  }));
}

const match = (f: ResultFilter) => (r: ResultRow) =>
  (f.indicator === undefined || r.indicator === f.indicator) &&
  (f.region === undefined || r.region === f.region) &&
  (f.year === undefined || r.year === String(f.year)) &&
  (f.level === undefined || r.level === f.level) &&
  (f.basis === undefined || r.price_basis === f.basis);

async function store(s: Store, id: string, rows: ResultRow[], traces: TraceRow[] = []) {
  await createRun(s.db, runFixture(id), FIXTURE_TIME);
  await finishRun(s.db, id, { meta: {}, rows, traces, now: '2026-12-01T00:00:01.000Z', durationMs: 1 });
}

for (const backend of BACKENDS) {
  describe(`result pages (${backend.name})`, () => {
    let s: Store & { drop(): Promise<void> };
    const A = rowsOf('A', 257); // 257 = two full pages of 100 and a partial one of 57
    const B = rowsOf('B', 31);
    beforeAll(async () => {
      s = await backend.open();
      await store(s, 'run-a', A);
      await store(s, 'run-b', B);
    }, 60_000);
    afterAll(() => s.drop());

    it('a page without filters is rows [offset, offset + limit) and the total is the run row count, at every edge', async () => {
      for (const [limit, offset] of [
        [100, 0],
        [100, 100],
        [100, 200], // the last, partial page: 57 rows
        [100, 257], // just past the end
        [100, 1000],
        [1, 256], // the very last row
        [5000, 0],
        [7, 250],
      ] as const) {
        const page = await queryResults(s.db, 'run-a', {}, limit, offset);
        expect(page.total).toBe(257);
        expect(page.rows).toEqual(A.slice(offset, offset + limit));
      }
      // the run's head, when the caller has it, gives the same page without reading the run again
      const head = (await runHead(s.db, 'run-a'))!;
      expect(head).toEqual({ id: 'run-a', status: 'done', row_count: 257, finished_at: expect.any(String) });
      expect(await queryResults(s.db, 'run-a', {}, 100, 100, head)).toEqual(await queryResults(s.db, 'run-a', {}, 100, 100));
    });

    it('filtered pages: count and rows as a filter of the stored rows gives them, every combination of filters', async () => {
      const filters: ResultFilter[] = [
        { indicator: 'b' },
        { level: 'detail' },
        { year: 2021 },
        { basis: 'constant' },
        { region: 'r2' },
        { indicator: 'a', year: 2020 },
        { indicator: 'c', level: 'service', basis: 'current' },
        { indicator: 'a', region: 'r2', year: 2020, level: 'service', basis: 'current' },
        { indicator: 'nothing' },
      ];
      for (const f of filters) {
        const all = A.filter(match(f));
        for (const [limit, offset] of [
          [10, 0],
          [10, 10],
          [100, 0],
          [3, all.length - 1],
          [10, all.length],
        ] as const) {
          const page = await queryResults(s.db, 'run-a', f, limit, Math.max(0, offset));
          expect(page.total, JSON.stringify(f)).toBe(all.length);
          expect(page.rows, JSON.stringify(f)).toEqual(all.slice(Math.max(0, offset), Math.max(0, offset) + limit));
        }
      }
    });

    it('one prepared statement, many runs: interleaved pages of two runs each give their own rows', async () => {
      for (let i = 0; i < 3; i++) {
        expect((await queryResults(s.db, 'run-b', {}, 10, 20)).rows).toEqual(B.slice(20, 30));
        expect((await queryResults(s.db, 'run-a', {}, 10, 20)).rows).toEqual(A.slice(20, 30));
        expect((await queryResults(s.db, 'run-b', { indicator: 'a' }, 100, 0)).rows).toEqual(B.filter(match({ indicator: 'a' })));
        expect((await queryResults(s.db, 'run-a', { indicator: 'a' }, 5, 0)).rows).toEqual(A.filter(match({ indicator: 'a' })).slice(0, 5));
      }
      expect(await queryResults(s.db, 'no-such-run', {}, 10, 0)).toEqual({ total: 0, rows: [] });
      expect(await runHead(s.db, 'no-such-run')).toBeUndefined();
    });

    it('one compiled query, two stores: each store answers from its own rows', async () => {
      const other = await backend.open();
      try {
        await store(other, 'run-a', B); // the same run id, other rows
        expect((await queryResults(other.db, 'run-a', {}, 100, 0)).rows).toEqual(B);
        expect((await queryResults(s.db, 'run-a', {}, 100, 0)).rows).toEqual(A.slice(0, 100));
        expect((await queryResults(other.db, 'run-a', { level: 'detail' }, 100, 0)).total).toBe(
          B.filter(match({ level: 'detail' })).length,
        );
      } finally {
        await other.drop();
      }
    });

    it('rows and traces stored by the packed insert (api/store/row-pack.ts) read back whole', async () => {
      // 201 rows and 503 traces in two region-years (test/store/packed-insert.test.ts compares the packed insert
      // with a plain one, chunks included)
      const traces: TraceRow[] = Array.from({ length: 503 }, (_, i) => ({
        region: 'r1',
        year: i < 300 ? 2020 : 2021,
        indicator: `i${i}`,
        node: { id: `i${i}`, value: `${i}.25`, reads: [] },
      }));
      await store(s, 'run-t', rowsOf('T', 201), traces);
      expect((await queryResults(s.db, 'run-t', {}, 5000, 0)).rows).toEqual(rowsOf('T', 201));
      const y2021 = await traceNodes(s.db, 'run-t', 'r1', 2021);
      expect(y2021.size).toBe(203);
      expect(y2021.get('i502')).toEqual({ id: 'i502', value: '502.25', reads: [] });
      expect((await traceNodes(s.db, 'run-t', 'r1', 2020)).get('i0')).toEqual(traces[0]!.node);
    });

    if (backend.name === 'postgres')
      it('PostgreSQL runs the page as a named prepared statement', async () => {
        // a connection of the pool (pg-pool hands out the last idle one: the one the page just used)
        await queryResults(s.db, 'run-a', {}, 10, 0);
        const { rows } = await sql<{ name: string }>`select name from pg_prepared_statements`.execute(s.db);
        expect(rows.map((r) => r.name).some((n) => n.startsWith('gep_results_range_'))).toBe(true);
      });
  });
}

describe('a SQLite store closes with its prepared statements', () => {
  it('closes (statements finalized) and a new store on the same file reads the same page', async () => {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'gep-pages-'));
    try {
      const file = join(dir, 'gep.sqlite');
      const a = await openStore({ file, url: '' });
      const rows = rowsOf('F', 12);
      await store(a, 'run-f', rows);
      expect((await queryResults(a.db, 'run-f', {}, 5, 5)).rows).toEqual(rows.slice(5, 10));
      await a.close(); // rejects if a statement were left unfinalized
      const b = await openStore({ file, url: '' });
      expect((await queryResults(b.db, 'run-f', {}, 5, 5)).rows).toEqual(rows.slice(5, 10));
      await b.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
