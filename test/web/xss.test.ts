import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { readFileSync } from 'node:fs';
import { sampleUpload, type TestApi, testApi } from '../helpers/api.ts';

/** Names that would run script or break out of an attribute or a <script type="application/json"> if not escaped. */
const EVIL = ['<script>alert(1)</script>', '"><img src=x onerror=alert(2)>', "'</script><img src=x onerror=alert(3)>"];
const evil = (i: number) => `X${EVIL[i % EVIL.length]}`;
/** What must never appear raw in a page: the tags and the handler the names carry. */
const RAW = [/<script>alert/, /<img src=x/i, /<\/script><img/i];
const inert = (body: string, where: string) => {
  for (const r of RAW) expect(body, `${where} holds ${r}`).not.toMatch(r);
};

describe('user-controlled names are rendered inert in the workbench and the reports', () => {
  let api: TestApi;
  let run = '';
  let scenarioRun = '';
  beforeAll(async () => {
    api = await testApi();
    const up = sampleUpload({
      'dataset.yaml': (t) => {
        const m = YAML.parse(t);
        m.id = 'evil-ds';
        m.name = { zh: evil(0), en: evil(1) };
        m.regions[0].name = { zh: evil(2), en: evil(0) };
        return YAML.stringify(m);
      },
    });
    const d = await api.app.inject({ method: 'POST', url: '/datasets', headers: api.auth, payload: up });
    expect(d.statusCode, d.body).toBe(201);
    const r = await api.app.inject({
      method: 'POST',
      url: '/runs',
      headers: api.auth,
      payload: { dataset: 'evil-ds', years: [2020, 2022], kind: 'gep' },
    });
    expect(r.statusCode, r.body).toBeLessThan(300);
    run = r.json().id;
    const g = YAML.parse(readFileSync('scenarios/greenway.yaml', 'utf8'));
    g.id = 'evil-sc';
    g.label = { zh: evil(0), en: evil(1) };
    g.description = evil(2);
    g.base.dataset = 'evil-ds';
    g.overrides.inputs[0].source = evil(1);
    g.overrides.conversions[0].source = evil(2);
    const s = await api.app.inject({ method: 'POST', url: '/scenarios', headers: api.auth, payload: g });
    expect(s.statusCode, s.body).toBe(201);
    const sr = await api.app.inject({
      method: 'POST',
      url: '/runs',
      headers: api.auth,
      payload: { scenario: 'evil-sc', years: [2020, 2022] },
    });
    expect(sr.statusCode, sr.body).toBeLessThan(300);
    scenarioRun = sr.json().id;
  }, 120_000);
  afterAll(() => api?.close());

  it('every page and fragment that shows the dataset, its region, the scenario or its runs escapes them', async () => {
    const urls = [
      '/ui/datasets/list',
      '/ui/run/form?dataset=evil-ds',
      '/ui/runs/list',
      `/ui/runs/${run}/results`,
      `/ui/runs/${run}/downloads`,
      `/ui/runs/${run}/explain?region=tianfu&year=2022&indicator=gep`,
      `/ui/runs/${scenarioRun}/results`,
      '/ui/scenarios/list',
      '/ui/scenarios/form?from=evil-sc',
      `/ui/compare/table?base=${run}&runs=${scenarioRun}`,
      `/ui/compare/form?base=${run}&runs=${scenarioRun}`,
      `/runs/${run}/report.html?lang=zh`,
      `/runs/${run}/report.html?lang=en`,
      `/runs/${scenarioRun}/report.html?lang=zh`,
      `/runs/${scenarioRun}/report.html?lang=en`,
    ];
    let shown = 0; // pages that show a name (escaped): the check is not vacuous
    for (const lang of ['zh', 'en'])
      for (const url of urls) {
        const res = await api.app.inject({
          url,
          headers: { ...api.auth, 'hx-request': 'true', 'accept-language': lang === 'en' ? 'en' : 'zh-CN' },
        });
        expect(res.statusCode, url).toBe(200);
        if (/X&lt;script|X\\u003cscript|X&quot;&gt;&lt;img|X&#39;&lt;\/script/.test(res.body)) shown++;
        inert(res.body, `${url} (${lang})`);
      }
    expect(shown).toBeGreaterThanOrEqual(20);
  }, 120_000);
});

describe('with keyed reads, no page or fragment shows store data without a key', () => {
  let api: TestApi;
  let run = '';
  beforeAll(async () => {
    api = await testApi({ keyedReads: true });
    const up = sampleUpload({
      'dataset.yaml': (t) =>
        t.replace('id: tianfu-sample', 'id: secret-ds').replace('天府新区(示例数据)', '机密新区').replace('天府新区(示例)', '机密区域'),
    });
    expect((await api.app.inject({ method: 'POST', url: '/datasets', headers: api.auth, payload: up })).statusCode).toBe(201);
    const r = await api.app.inject({ method: 'POST', url: '/runs', headers: api.auth, payload: { dataset: 'secret-ds', years: [2022] } });
    run = r.json().id;
  }, 120_000);
  afterAll(() => api?.close());

  it('fragments answer 401 without a key; the open shells name nothing from the store', async () => {
    const fragments = [
      '/ui/datasets/list',
      '/ui/run/form?dataset=secret-ds',
      '/ui/runs/list',
      `/ui/runs/${run}/results`,
      `/ui/runs/${run}/progress`,
      `/ui/runs/${run}/downloads`,
      `/ui/runs/${run}/explain?region=tianfu&year=2022&indicator=gep`,
      '/ui/scenarios/list',
      '/ui/scenarios/form',
      `/ui/compare/form?base=${run}`,
      `/ui/compare/table?base=${run}&runs=${run}`,
      `/runs/${run}/report.html`,
    ];
    for (const url of fragments) {
      const res = await api.app.inject({ url, headers: { 'hx-request': 'true' } });
      expect(res.statusCode, url).toBe(401);
      expect(res.body, url).not.toMatch(/机密/);
    }
    for (const url of [
      '/',
      '/ui/datasets',
      '/ui/run?dataset=secret-ds',
      '/ui/runs',
      `/ui/runs/${run}`,
      '/ui/scenarios',
      `/ui/compare?base=${run}`,
    ]) {
      const res = await api.app.inject({ url });
      expect(res.statusCode, url).toBe(200);
      expect(res.body, url).not.toMatch(/机密/);
    }
    // and a key in a cookie or the query is no key (only the Authorization or X-API-Key header is)
    for (const headers of [{ cookie: `key=${api.key}; api_key=${api.key}; authorization=Bearer%20${api.key}` }, {}]) {
      const q = await api.app.inject({ url: `/ui/runs/list?key=${api.key}&api_key=${api.key}`, headers });
      expect(q.statusCode).toBe(401);
      const w = await api.app.inject({ method: 'POST', url: `/ui/runs?key=${api.key}`, headers, payload: { kind: 'gep' } });
      expect(w.statusCode).toBe(401);
    }
  });
});
