import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIZE_LIMITS } from '../../engine/core/limits.ts';
import { type TestApi, testApi } from '../helpers/api.ts';

let api: TestApi;
beforeAll(async () => {
  api = await testApi();
});
afterAll(() => api.close());

const post = (body: object) => api.app.inject({ method: 'POST', url: '/runs', headers: api.auth, payload: body });
const runCount = async () =>
  (await api.store.db
    .selectFrom('runs')
    .select((e) => e.fn.countAll().as('n'))
    .executeTakeFirst())!.n;

describe('POST /runs caps the ids it is given (stop-10 note: RunRequest strings were not capped)', () => {
  it.each(['model', 'dataset', 'scenario', 'factors'])(
    'a %s of more than 128 characters is a 400 naming the field; nothing is stored',
    async (field) => {
      const before = await runCount();
      const r = await post({ [field]: 'x'.repeat(SIZE_LIMITS.refLength + 1) });
      expect(r.statusCode).toBe(400);
      const body = r.json();
      expect(body.errors.map((e: { field: string }) => e.field)).toContain(`body.${field}`);
      expect(body.errors[0].message).toBe('at most 128 characters');
      expect(await runCount()).toBe(before);
    },
  );

  it('a region id of more than 64 characters is a 400; at the cap it is looked up (and not found)', async () => {
    const long = await post({ regions: ['r'.repeat(SIZE_LIMITS.idLength + 1)] });
    expect(long.statusCode).toBe(400);
    expect(long.json().errors[0].field).toBe('body.regions.0');
    const atCap = await post({ regions: ['r'.repeat(SIZE_LIMITS.idLength)] });
    expect(atCap.statusCode).not.toBe(500);
    expect(atCap.statusCode).toBeGreaterThanOrEqual(400);
  });

  it('a 100,000-character model name answers 400 quickly and the answer is clipped', async () => {
    const r = await post({ model: 'm'.repeat(100_000) });
    expect(r.statusCode).toBe(400);
    expect(r.body.length).toBeLessThan(5_000);
  });
});
