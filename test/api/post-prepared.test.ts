/**
 * A POST /runs runs prepared statements only (api/store/prepared.ts), once its statements are prepared: on SQLite no
 * statement is prepared for it again and none goes to SQLite as a plain query (each such text was built by Kysely
 * and compiled by SQLite on every post). Both the lookup of a stored run and a computed rerun, the dataset named by
 * its manifest id (resolved to the newest upload under it on each post).
 */
import sqlite3 from 'sqlite3';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { testApi, type TestApi } from '../helpers/api.ts';

let t: TestApi;
beforeAll(async () => {
  t = await testApi();
});
afterAll(() => t.close());
const post = (payload: object) => t.app.inject({ method: 'POST', url: '/runs', payload, headers: t.auth });

it('a stored run looked up and a rerun computed again run no unprepared statement after the first of each', async () => {
  const stored = { dataset: 'tianfu-sample', regions: ['tianfu'], years: [2022] };
  const rerun = { ...stored, rerun: true };
  expect((await post(stored)).statusCode).toBe(201);
  expect((await post(rerun)).statusCode).toBe(201); // every statement of both paths is prepared by now
  const plain: string[] = [];
  const proto = sqlite3.Database.prototype as unknown as Record<string, (this: unknown, ...a: unknown[]) => unknown>;
  const spies = ['all', 'run', 'get', 'each', 'exec', 'prepare'].map((m) => {
    const original = proto[m]!;
    return vi.spyOn(proto, m).mockImplementation(function (this: unknown, ...a: unknown[]) {
      plain.push(`${m}: ${String(a[0])}`);
      return original.apply(this, a);
    });
  });
  try {
    for (const ask of [stored, rerun, stored, rerun]) expect((await post(ask)).statusCode).toBe(ask === rerun ? 201 : 200);
  } finally {
    for (const s of spies) s.mockRestore();
  }
  expect(plain).toEqual([]);
});
