/**
 * getRun is a prepared statement (api/store/runs.ts). On PostgreSQL a named prepared `select *` fails on every later
 * call on its connection once the table gains a column ("cached plan must not change result type"): a newer server
 * migrating the store that an older one still serves would turn each post and poll of the older one into a 500. The
 * statement names its columns, so a column added under it changes nothing.
 */
import { FIXTURE_TIME, runFixture } from '../helpers/run-fixture.ts';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRun, getRun } from '../../api/store/runs.ts';
import type { Store } from '../../api/store/db.ts';
import { BACKENDS } from '../helpers/stores.ts';

for (const backend of BACKENDS) {
  describe(`getRun after a column is added to runs (${backend.name})`, () => {
    let s: Store & { drop(): Promise<void> };
    beforeAll(async () => {
      s = await backend.open();
    });
    afterAll(() => s.drop());
    it('still reads the run', async () => {
      await createRun(s.db, runFixture('r1'), FIXTURE_TIME);
      // prepared on every connection of the pool that may answer next
      await Promise.all(Array.from({ length: 4 }, () => getRun(s.db, 'r1')));
      await sql`alter table runs add column added_later text`.execute(s.db);
      for (let i = 0; i < 4; i++) expect((await getRun(s.db, 'r1'))?.id).toBe('r1');
    });
  });
}
