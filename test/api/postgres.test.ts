import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../api/app.ts';
import { tableCounts } from '../../api/store/migrations.ts';
import { createKey } from '../../api/store/keys.ts';
import { runAccount } from '../../lib/run.ts';
import { resultRows } from '../../reports/results-csv.ts';
import { BACKENDS } from '../helpers/stores.ts';
import { sampleUpload } from '../helpers/api.ts';

/** The API end to end on each store backend (SQLite always; PostgreSQL when TEST_DATABASE_URL is set, as in CI). */
describe.each(BACKENDS)('API on $name', (backend) => {
  it('uploads, refuses a bad upload whole, runs, and serves exact results', async () => {
    const store = await backend.open();
    const dir = mkdtempSync(join(tmpdir(), 'gep-api-pg-'));
    const app = await buildApp({ store, dataDir: dir });
    try {
      const { key } = await createKey(store.db, 't', '2026-11-25T00:00:00.000Z');
      const auth = { authorization: `Bearer ${key}` };
      const renamed = (t: string) => t.replace('id: tianfu-sample', 'id: pg-upload');
      const before = await tableCounts(store.db);
      const bad = await app.inject({
        method: 'POST',
        url: '/datasets',
        headers: auth,
        payload: sampleUpload({ 'dataset.yaml': renamed, 'extent.csv': (t) => t.replace(',9000,', ',nine,') }),
      });
      expect(bad.statusCode).toBe(422);
      expect(await tableCounts(store.db)).toEqual(before);
      const ok = await app.inject({ method: 'POST', url: '/datasets', headers: auth, payload: sampleUpload({ 'dataset.yaml': renamed }) });
      expect(ok.statusCode).toBe(201);
      const run = await app.inject({ method: 'POST', url: '/runs', headers: auth, payload: { dataset: 'pg-upload', years: [2022] } });
      expect(run.statusCode).toBe(201);
      const page = (await app.inject({ url: `/runs/${run.json().id}/results?limit=1000` })).json();
      expect(page.items.map((r: any) => r.money_value)).toEqual(resultRows(runAccount({ years: [2022] })).map((r) => r.money_value));
      const audit = await store.db.selectFrom('audit_log').select(['path', 'status']).orderBy('id').execute();
      expect(audit).toEqual([
        { path: '/datasets', status: 201 },
        { path: '/runs', status: 201 },
      ]);
    } finally {
      await app.close();
      await store.drop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
