/**
 * `statement()` (api/store/prepared.ts): a query built once by Kysely with `$(n)` where the n-th argument goes and
 * run as a prepared statement. The arguments land where `$(n)` stands whatever order Kysely binds them in, the
 * constants written beside them stay, and one statement serves calls with other arguments (and transactions).
 */
import { FIXTURE_TIME, runFixture } from '../helpers/run-fixture.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../api/store/db.ts';
import { statement } from '../../api/store/prepared.ts';
import { createRun, getRun } from '../../api/store/runs.ts';
import { BACKENDS } from '../helpers/stores.ts';

// set binds before where: $(1) is bound first, $(0) last, the constants 'failed' and null between
const fail = statement('test_fail_run', (db, $) =>
  db
    .updateTable('runs')
    .set({ error: $(1), status: 'failed', duration_ms: null })
    .where('id', '=', $(0))
    .returning(['id', 'status']),
);

for (const backend of BACKENDS) {
  describe(`prepared statement with placed arguments (${backend.name})`, () => {
    let s: Store & { drop(): Promise<void> };
    beforeAll(async () => {
      s = await backend.open();
      for (const id of ['a', 'b']) await createRun(s.db, runFixture(id, { model: 'm' }), FIXTURE_TIME);
    });
    afterAll(() => s.drop());

    it('binds each argument where it stands and keeps the constants, call after call', async () => {
      expect(await fail(s.db, 'a', '"first"')).toEqual([{ id: 'a', status: 'failed' }]);
      expect(await s.db.transaction().execute((tx) => fail(tx, 'b', '"second"'))).toEqual([{ id: 'b', status: 'failed' }]);
      expect(await fail(s.db, 'nobody', '"x"')).toEqual([]);
      expect(await getRun(s.db, 'a')).toMatchObject({ status: 'failed', error: '"first"', duration_ms: null });
      expect(await getRun(s.db, 'b')).toMatchObject({ status: 'failed', error: '"second"' });
    });
  });
}
