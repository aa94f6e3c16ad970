/**
 * The packed insert on a SQLite older than 3.45, which has json_each but no jsonb_each: the sqlite3 package built
 * against the system's library (`npm install sqlite3 --build-from-source --sqlite=/usr`; Debian 12 has 3.40.1, and
 * Ubuntu 22.04 3.37.2). Here the bundled SQLite plays 3.40.1: sqlite3 says that version, and a statement naming
 * jsonb_each fails to prepare as 3.40.1 fails it ("no such table"). Checked for real on a build linked to Debian
 * 12's libsqlite3 (3.40.1): every computed run failed at its insert with "no such table: jsonb_each".
 */
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { sql } from 'kysely';
import { openStore, type Store } from '../../api/store/db.ts';
import { packRun } from '../../api/store/row-pack.ts';
import { createRun, insertPackedRows } from '../../api/store/runs.ts';
import { RESULT_COLUMNS, type ResultRow } from '../../lib/rows.ts';
import { FIXTURE_TIME, runFixture } from '../helpers/run-fixture.ts';

vi.mock('sqlite3', async (importOriginal) => {
  const real = (await importOriginal<{ default: typeof import('sqlite3') }>()).default;
  const older = (text: unknown) => (typeof text === 'string' ? text.replace(/\bjsonb_each\b/g, 'jsonb_each_not_in_3_40') : text);
  class Database extends real.Database {
    override prepare(text: string, ...rest: unknown[]) {
      return super.prepare(older(text) as string, ...(rest as []));
    }
    override all(text: string, ...rest: unknown[]) {
      return super.all(older(text) as string, ...(rest as []));
    }
    override run(text: string, ...rest: unknown[]) {
      return super.run(older(text) as string, ...(rest as []));
    }
  }
  return { default: { ...real, Database, VERSION: '3.40.1', VERSION_NUMBER: 3040001 } };
});

let s: Store;
beforeAll(async () => {
  s = await openStore({ file: ':memory:', url: '' });
});
afterAll(() => s.close());

it('stores the same rows and traces as a plain insert on a SQLite without jsonb_each', async () => {
  const AWKWARD = ['', 'say "x"', 'a\\b', '水源涵养', 'line\r\nbreak', '1e-7', '007', 'lone \ud800', '\\ud800 as text', '1'.repeat(100)];
  const rows = Array.from({ length: 40 }, (_, i) => {
    const r = Object.fromEntries(RESULT_COLUMNS.map((c, k) => [c, AWKWARD[(i + k) % AWKWARD.length]!])) as ResultRow;
    r.year = String(2000 + i);
    return r;
  });
  const traces = [{ region: 'r', year: 2020, indicator: 'i', node: { id: 'i', value: '12.5', note: 'é\u2028' } }];
  await createRun(s.db, runFixture('plain'), FIXTURE_TIME);
  for (const [seq, r] of rows.entries())
    await s.db
      .insertInto('results')
      .values({ run_id: 'plain', seq, ...r, year: Number(r.year), origin: r.origin ?? '' })
      .execute();
  for (const t of traces)
    await s.db
      .insertInto('traces')
      .values({ run_id: 'plain', ...t, node: JSON.stringify(t.node) })
      .execute();
  await createRun(s.db, runFixture('packed'), FIXTURE_TIME);
  expect(await s.db.transaction().execute((tx) => insertPackedRows(tx, 'packed', packRun(null, rows, traces)))).toBe(40);
  const stored = async (id: string) => ({
    results: (
      await sql<Record<string, unknown>>`select *, typeof(seq) ts, typeof(year) ty from results where run_id = ${id} order by seq`.execute(
        s.db,
      )
    ).rows.map(({ run_id: _, ...r }) => r),
    traces: (await sql<Record<string, unknown>>`select region, year, indicator, node from traces where run_id = ${id}`.execute(s.db)).rows,
  });
  const packed = await stored('packed');
  expect(packed.results).toHaveLength(40);
  expect(packed).toEqual(await stored('plain'));
});
