/** POST /runs accepts the method choice of the CLI (method, covers) on a model version kept beside the default. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAccount } from '../../lib/run.ts';
import { testApi, type TestApi } from '../helpers/api.ts';

let t: TestApi;
beforeAll(async () => {
  t = await testApi();
});
afterAll(async () => {
  await t.close();
});
const post = (payload: object) => t.app.inject({ method: 'POST', url: '/runs', headers: t.auth, payload });

describe('POST /runs with method and covers', () => {
  it('runs cn-gep-2022@1.1.0 under the variant asked for, under the id the CLI gives it', async () => {
    const body = {
      model: 'cn-gep-2022@1.1.0',
      years: [2022],
      trace: false,
      covers: { pest_control: ['forest'] },
      method: { oxygen_release: 'nep' },
    };
    const res = await post(body);
    expect(res.statusCode).toBe(201);
    const run = res.json();
    expect(run.model).toBe('cn-gep-2022@1.1.0');
    expect(run.meta.method.covers).toEqual({ pest_control: ['coniferous_forest', 'mixed_forest', 'broadleaf_forest'] });
    const direct = runAccount({ model: 'cn-gep-2022@1.1.0', years: [2022], trace: false, covers: { pest_control: ['forest'] } });
    expect(run.id).toBe(direct.meta.id);
    const plain = await post({ ...body, covers: undefined });
    expect(plain.json().id).not.toBe(run.id);
  });

  it('refuses an unknown variant with 422 naming the field, with the variants that exist', async () => {
    const res = await post({ model: 'cn-gep-2022@1.1.0', method: { oxygen_release: 'nnp' } });
    expect(res.statusCode).toBe(422);
    expect(JSON.stringify(res.json())).toMatch(/oxygen_release has no variant \\"nnp\\".*its variants are nep, npp/);
  });
});
