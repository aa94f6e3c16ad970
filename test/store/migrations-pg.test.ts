import { describe, expect, it } from 'vitest';
import { BACKENDS } from '../helpers/stores.ts';

/**
 * Two stores in two schemas of one PostgreSQL database (two deployments, or test files running in parallel).
 * Kysely looked for its migration tables in every schema, found the first store's and skipped creating its own:
 * the second store failed with 'relation "kysely_migration_lock" does not exist' (issue 12).
 */
const pg = BACKENDS.find((b) => b.name === 'postgres');

describe.skipIf(!pg)('store migrations on a PostgreSQL database that already holds a store', () => {
  it('a second store in another schema migrates and works', async () => {
    const first = await pg!.open();
    try {
      const second = await pg!.open();
      try {
        expect(await second.db.selectFrom('runs').select('id').execute()).toEqual([]);
      } finally {
        await second.drop();
      }
    } finally {
      await first.drop();
    }
  });
});
