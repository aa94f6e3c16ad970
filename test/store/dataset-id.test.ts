/**
 * datasetIdOf (api/store/datasets.ts): the one prepared statement a POST /runs resolves its dataset with chooses as
 * getDataset does: a dataset by its id first, else the newest stored under the name (ties by id), else none.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../api/store/db.ts';
import { datasetIdOf, getDataset, insertDataset } from '../../api/store/datasets.ts';
import { BACKENDS } from '../helpers/stores.ts';

const dataset = (id: string, name: string) => ({
  id,
  name,
  hash: `h-${id}`,
  modelRef: 'm@1',
  manifest: {},
  illustrative: false,
  files: [{ name: 'dataset.yaml', sha256: 's', content: `id: ${name}` }],
});

for (const backend of BACKENDS) {
  describe(`dataset id by id or name (${backend.name})`, () => {
    let s: Store & { drop(): Promise<void> };
    beforeAll(async () => {
      s = await backend.open();
      await insertDataset(s.db, dataset('park-1', 'park'), '2026-01-01T00:00:00.000Z');
      await insertDataset(s.db, dataset('park-3', 'park'), '2026-03-01T00:00:00.000Z');
      await insertDataset(s.db, dataset('park-2', 'park'), '2026-02-01T00:00:00.000Z');
      await insertDataset(s.db, dataset('b-same', 'same'), '2026-04-01T00:00:00.000Z');
      await insertDataset(s.db, dataset('a-same', 'same'), '2026-04-01T00:00:00.000Z');
      // a dataset whose manifest id is another dataset's id: that id still names the dataset it is
      await insertDataset(s.db, dataset('clash', 'park-1'), '2026-05-01T00:00:00.000Z');
    });
    afterAll(() => s.drop());

    it('names a dataset by id first, else the newest under the name, as getDataset does', async () => {
      const cases: [string, string | undefined][] = [
        ['park', 'park-3'],
        ['park-2', 'park-2'],
        ['same', 'a-same'],
        ['park-1', 'park-1'],
        ['clash', 'clash'],
        ['nothing', undefined],
      ];
      for (const [asked, id] of cases) {
        expect(await datasetIdOf(s.db, asked)).toBe(id);
        expect((await getDataset(s.db, asked))?.id).toBe(id);
      }
    });
  });
}
