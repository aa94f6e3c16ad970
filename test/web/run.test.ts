import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runRequestOf } from '../../web/views/run-form.ts';
import { sampleUpload, type TestApi, testApi } from '../helpers/api.ts';
import { HAVE_CHROMIUM, openWorkbench, type Workbench } from '../helpers/browser.ts';

const form = (o: Record<string, string | string[]>) =>
  new URLSearchParams(Object.entries(o).flatMap(([k, v]) => [v].flat().map((x) => [k, x]))).toString();
const htmx = (api: TestApi) => ({ ...api.auth, 'hx-request': 'true', 'content-type': 'application/x-www-form-urlencoded' });

/** The sample without its carbon activity (manifest entry and file). */
function noCarbon() {
  const body = sampleUpload({
    'dataset.yaml': (t) => t.replace('id: tianfu-sample', 'id: no-carbon').replace(/^ {2}carbon_activity: .*\n/m, ''),
  });
  return { files: body.files.filter((f) => f.name !== 'carbon-activity.csv') };
}

describe('the run form and POST /ui/runs', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await testApi();
  });
  afterAll(() => api.close());

  it('offers the dataset’s years, the kinds with what each adds, and each service’s method variants by name', async () => {
    const r = await api.app.inject({ url: '/ui/run/form?model=cn-gep-2022%401.1.0' });
    expect(r.statusCode).toBe(200);
    for (const y of [2020, 2021, 2022]) expect(r.body).toContain(`name="years" value="${y}" checked`);
    expect(r.body).toContain('value="dual"');
    expect(r.body).toContain('碳达峰预测');
    // cn-gep-2022@1.1.0 declares variants (models/cn-gep-2022/1.1.0.yaml), named as the model names them
    expect(r.body).toContain('name="method.oxygen_release"');
    expect(r.body).toContain('净初级生产力法(干物质)');
    expect(r.body).toContain('由固碳量折算(32/44)（默认）');
    const plain = await api.app.inject({ url: '/ui/run/form' });
    expect(plain.body).toContain('此模型未声明方法变体');
  });

  it('turns the form into a RunRequest: variants other than the default, draws only when given', async () => {
    expect(
      runRequestOf({ dataset: 'd', kind: 'gep', years: ['2021', '2022'], draws: '', seed: '1', years_listed: '1' }, undefined),
    ).toEqual({
      kind: 'gep',
      dataset: 'd',
      years: [2021, 2022],
    });
    expect(runRequestOf({ years_listed: '1', draws: '200', seed: '7' }, undefined)).toEqual({
      kind: 'gep',
      years: [],
      uncertainty: { draws: 200, seed: 7 },
    });
  });

  it('names every field of a bad form at once, and a kind the dataset cannot give', async () => {
    const r = await api.app.inject({
      method: 'POST',
      url: '/ui/runs',
      headers: htmx(api),
      payload: form({ dataset: 'tianfu-sample', kind: 'gep', years_listed: '1', draws: 'many', seed: '1' }),
    });
    expect(r.statusCode).toBe(400);
    expect(r.body).toContain('<td>years</td>');
    expect(r.body).toContain('<td>uncertainty.draws</td>');
    // a dataset without carbon activity cannot be run as kind carbon: the problem names the dataset field
    const up = await api.app.inject({
      method: 'POST',
      url: '/datasets',
      headers: api.auth,
      payload: noCarbon(),
    });
    expect(up.statusCode, up.body).toBe(201);
    const r2 = await api.app.inject({
      method: 'POST',
      url: '/ui/runs',
      headers: htmx(api),
      payload: form({ dataset: up.json().id, kind: 'carbon' }),
    });
    expect(r2.statusCode).toBe(422);
    expect(r2.body).toContain('data-code="carbon_missing"');
    expect(r2.body).toContain('<td>dataset</td>');
    // and the form does not offer it
    const f = await api.app.inject({ url: `/ui/run/form?dataset=${up.json().id}` });
    expect(f.body).toMatch(/value="carbon" disabled/);
  });

  it('a run done at once sends the browser to its page (HX-Redirect)', async () => {
    const r = await api.app.inject({
      method: 'POST',
      url: '/ui/runs',
      headers: htmx(api),
      payload: form({ dataset: 'tianfu-sample', kind: 'gep', years: '2022', years_listed: '1' }),
    });
    expect(r.statusCode).toBe(200);
    expect(r.headers['hx-redirect']).toMatch(/^\/ui\/runs\/[0-9a-f]{16}$/);
  });
});

describe('a long run shows its progress', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await testApi({ syncWaitMs: 0, chunkDraws: 25 });
  });
  afterAll(() => api.close());

  it('answers with a box that polls every second, counting the Monte Carlo chunks, then redirects', async () => {
    const r = await api.app.inject({
      method: 'POST',
      url: '/ui/runs',
      headers: htmx(api),
      payload: form({ dataset: 'tianfu-sample', kind: 'gep', years: '2022', years_listed: '1', draws: '100', seed: '3' }),
    });
    expect(r.statusCode).toBe(200);
    expect(r.headers['hx-redirect']).toBeUndefined();
    expect(r.body).toContain('hx-trigger="every 1s"');
    const id = /data-run="([0-9a-f]{16})"/.exec(r.body)![1]!;
    // 100 draws in chunks of 25: four chunks
    expect(r.body).toMatch(/已完成 \d \/ 4 组/);
    let redirect: string | undefined;
    for (let i = 0; i < 240 && !redirect; i++) {
      const p = await api.app.inject({ url: `/ui/runs/${id}/progress`, headers: { 'hx-request': 'true' } });
      redirect = p.headers['hx-redirect'] as string | undefined;
      if (!redirect) await new Promise((ok) => setTimeout(ok, 250));
    }
    expect(redirect).toBe(`/ui/runs/${id}`);
  }, 120_000);
});

describe.runIf(HAVE_CHROMIUM)('running the sample in Chromium', () => {
  let w: Workbench;
  beforeAll(async () => {
    w = await openWorkbench();
  }, 60_000);
  afterAll(() => w?.close());

  it('runs the sample from the form and lands on its results page', async () => {
    const { page } = w;
    await page.goto(`${w.base}/ui/run`);
    await page.waitForSelector('#run-dataset');
    expect(await page.inputValue('#run-dataset')).toMatch(/^tianfu-sample-/);
    await page.fill('#api-key', w.api.key);
    await page.press('#api-key', 'Enter');
    await w.shot('run-1-form');
    await page.click('#run button[type=submit]');
    await page.waitForURL(/\/ui\/runs\/[0-9a-f]{16}$/, { timeout: 60_000 });
    const id = page.url().split('/').pop()!;
    const run = await w.api.app.inject({ url: `/runs/${id}` });
    expect(run.json().status).toBe('done');
    expect(run.json().dataset.id).toMatch(/^tianfu-sample-/);
    expect(run.json().params.years).toEqual([2020, 2021, 2022]);
    await page.waitForLoadState('networkidle');
    await w.shot('run-2-results');
    // the runs list shows it, by name
    await page.click('nav a[href="/ui/runs"]');
    await page.waitForSelector(`#run-list tr[data-run="${id}"]`);
    expect(await page.textContent(`#run-list tr[data-run="${id}"]`)).toContain('天府新区(示例数据)');
    await w.shot('run-3-list');
    expect(w.errors).toEqual([]);
    expect(w.offsite).toEqual([]);
  }, 120_000);
});
