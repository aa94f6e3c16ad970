import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { audit, auditLog } from '../../api/store/audit.ts';
import { datasetFiles, getDataset, insertDataset } from '../../api/store/datasets.ts';
import { checkKey, createKey, hashKey, listKeys, revokeKey } from '../../api/store/keys.ts';
import { migrate, tableCounts } from '../../api/store/migrations.ts';
import { coefficientHistory, listStoredModels, syncModel } from '../../api/store/models.ts';
import { getScenario, insertScenario } from '../../api/store/scenarios.ts';
import { createRun, finishRun, getRun, markRunning, queryResults, traceNodes } from '../../api/store/runs.ts';
import type { ResultRow } from '../../reports/results-csv.ts';
import { loadModel } from '../../models/load.ts';
import { BACKENDS } from '../helpers/stores.ts';

const NOW = '2026-11-25T20:00:00.000Z';
const model = loadModel('cn-gep-2022');

function row(over: Partial<ResultRow>): ResultRow {
  return {
    indicator: 'gep',
    level: 'total',
    category: '',
    region: 'r1',
    year: '2020',
    scenario: 'baseline',
    key: '',
    physical_value: '',
    physical_unit: '',
    money_value: '1',
    currency: 'CNY',
    price_year: '2020',
    price_basis: 'current',
    method: 'm',
    model: 'x@1',
    ...over,
  };
}

const newRun = (id: string) => ({
  id,
  kind: 'gep',
  engine_version: '0.1.0',
  model: model.ref,
  model_hash: model.hash,
  dataset_id: 'd1',
  dataset_hash: 'h',
  scenario: 'baseline',
  scenario_hash: null,
  base_year: 2020,
  params: { regions: ['r1'] },
});

describe.each(BACKENDS)('store on $name', (backend) => {
  let store: Awaited<ReturnType<typeof backend.open>>;
  beforeEach(async () => {
    store = await backend.open();
  });
  afterEach(async () => {
    await store.drop();
  });

  it('migrates once: a second migration run changes nothing', async () => {
    const before = await tableCounts(store.db);
    await migrate(store.db, store.kind);
    expect(await tableCounts(store.db)).toEqual(before);
  });

  it('keeps every dated coefficient entry with its source, and skips a model already stored', async () => {
    await syncModel(store.db, model, NOW);
    await syncModel(store.db, model, NOW);
    expect((await listStoredModels(store.db)).map((m) => m.ref)).toEqual([model.ref]);
    const h = await coefficientHistory(store.db, model.ref, 'reservoir_cost');
    // models/cn-gep-2022/coefficients.yaml: 7.06 CNY/m3 (2010), 白玛卓嘎 et al. 2017, Table 3
    expect(h[0]).toMatchObject({ valid_from: 2010, value: '7.06', unit: 'CNY/m3', price_year: 2010 });
    expect(h[0]!.source).toContain('白玛卓嘎');
    const n = [...model.coefficients.values()].reduce((s, c) => s + c.entries.length, 0);
    expect((await tableCounts(store.db)).coefficients).toBe(n);
  });

  it('stores a dataset with its files all-or-nothing', async () => {
    const d = {
      id: 'ds1',
      name: 'sample',
      hash: 'abc',
      modelRef: model.ref,
      manifest: { id: 'sample' },
      illustrative: true,
      files: [{ name: 'a.csv', sha256: 's', content: 'x,y\n1,2\n' }],
    };
    expect(await insertDataset(store.db, d, NOW)).toEqual({ created: true });
    expect(await insertDataset(store.db, d, NOW)).toEqual({ created: false });
    const before = await tableCounts(store.db);
    // two files with one name break the primary key: the dataset row must not stay behind
    await expect(insertDataset(store.db, { ...d, id: 'ds2', files: [d.files[0]!, d.files[0]!] }, NOW)).rejects.toThrow();
    expect(await tableCounts(store.db)).toEqual(before);
    expect((await getDataset(store.db, 'sample'))?.id).toBe('ds1');
    expect(await datasetFiles(store.db, 'ds1')).toEqual([{ name: 'a.csv', content: 'x,y\n1,2\n' }]);
  });

  it('keeps 34-digit decimals exactly, filters and pages results in order', async () => {
    expect(await createRun(store.db, newRun('run1'), NOW)).toBe(true);
    expect(await createRun(store.db, newRun('run1'), NOW)).toBe(false); // an equal run stored already: nothing written
    await markRunning(store.db, 'run1', NOW);
    const big = '123456789012345678901234.5678901234';
    const rows = [
      row({ money_value: big }),
      ...Array.from({ length: 450 }, (_, n) =>
        row({ indicator: 'svc', level: 'service', region: n % 2 ? 'r2' : 'r1', year: String(2020 + (n % 3)), money_value: `0.${n}` }),
      ),
    ];
    await finishRun(store.db, 'run1', {
      meta: { id: 'run1' },
      rows,
      traces: [{ region: 'r1', year: 2020, indicator: 'gep', node: { id: 'gep', value: big } }],
      now: NOW,
      durationMs: 12,
    });
    const run = await getRun(store.db, 'run1');
    expect(run).toMatchObject({ status: 'done', row_count: 451, duration_ms: 12 });
    const all = await queryResults(store.db, 'run1', {}, 1000, 0);
    expect(all.total).toBe(451);
    expect(all.rows[0]!.money_value).toBe(big);
    expect(all.rows.map((r) => r.money_value)).toEqual(rows.map((r) => r.money_value));
    const f = await queryResults(store.db, 'run1', { indicator: 'svc', region: 'r2', year: 2021 }, 10, 5);
    const expected = rows.filter((r) => r.indicator === 'svc' && r.region === 'r2' && r.year === '2021');
    expect(f.total).toBe(expected.length);
    expect(f.rows).toEqual(expected.slice(5, 15));
    expect((await traceNodes(store.db, 'run1', 'r1', 2020)).get('gep')).toEqual({ id: 'gep', value: big });
    // the value is TEXT in the database, not a number type that would round it
    const raw = await store.db
      .selectFrom('results')
      .select(sql<string>`money_value`.as('v'))
      .where('seq', '=', 0)
      .executeTakeFirstOrThrow();
    expect(raw.v).toBe(big);
  });

  it('stores API keys hashed; a revoked key no longer works', async () => {
    const { id, key } = await createKey(store.db, 'analyst', NOW);
    expect(await checkKey(store.db, key)).toBe(id);
    expect(await checkKey(store.db, key + 'x')).toBeUndefined();
    const stored = await store.db.selectFrom('api_keys').selectAll().execute();
    expect(stored[0]!.hash).toBe(hashKey(key));
    expect(JSON.stringify(stored)).not.toContain(key);
    expect((await listKeys(store.db)).map((k) => k.name)).toEqual(['analyst']);
    expect(await revokeKey(store.db, id, NOW)).toBe(true);
    expect(await revokeKey(store.db, id, NOW)).toBe(false);
    expect(await checkKey(store.db, key)).toBeUndefined();
  });

  it('appends to the audit log, newest first', async () => {
    await audit(store.db, { at: NOW, key_id: 'k', method: 'POST', path: '/runs', status: 201, subject: 'r1' });
    await audit(store.db, { at: NOW, key_id: 'k', method: 'POST', path: '/datasets', status: 201, subject: 'd1' });
    expect((await auditLog(store.db)).map((a) => a.path)).toEqual(['/datasets', '/runs']);
  });

  it('stores a scenario once and finds it by id or by scenario id', async () => {
    expect(
      await insertScenario(store.db, { id: 'greenway-abc', hash: 'abc', name: 'greenway', body: { id: 'greenway', n: '1.08' } }, NOW),
    ).toEqual({ created: true });
    expect(await insertScenario(store.db, { id: 'greenway-abc', hash: 'abc', name: 'greenway', body: {} }, NOW)).toEqual({
      created: false,
    });
    expect((await getScenario(store.db, 'greenway'))?.scenario).toEqual({ id: 'greenway', n: '1.08' });
    expect(await getScenario(store.db, 'nope')).toBeUndefined();
  });

  it('rolls a failed transaction back', async () => {
    await expect(
      store.db.transaction().execute(async (tx) => {
        await tx.insertInto('scenarios').values({ id: 's', hash: 'h', name: 'n', body: '{}', created_at: NOW }).execute();
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect((await tableCounts(store.db)).scenarios).toBe(0);
  });
});
