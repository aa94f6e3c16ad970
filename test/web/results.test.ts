import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRun } from '../../api/store/runs.ts';
import { Dec } from '../../engine/core/decimal.ts';
import { money, moneyUnitFor } from '../../reports/format.ts';
import { type TestApi, testApi } from '../helpers/api.ts';

type Row = { indicator: string; level: string; region: string; year: string; money_value: string; price_basis: string };

let api: TestApi;
let id: string;
let rows: Row[];
const hx = { 'hx-request': 'true' };

beforeAll(async () => {
  api = await testApi();
  const r = await api.app.inject({ method: 'POST', url: '/runs', headers: api.auth, payload: { kind: 'carbon' } });
  expect(r.statusCode).toBe(201);
  id = (r.json() as { id: string }).id;
  const res = await api.app.inject({ url: `/runs/${id}/results?limit=5000` });
  rows = (res.json() as { items: Row[] }).items;
}, 120_000);
afterAll(() => api.close());

/** One of the page's own sections (not the report's embedded ones), by its id. */
function sectionOf(html: string, sid: string): string {
  const start = html.indexOf(`<section id="${sid}"`);
  expect(start, sid).toBeGreaterThanOrEqual(0);
  return html.slice(start, html.indexOf('</section>', start));
}
/** What a person reads: tags and <code> (ids shown as ids on purpose: run id, model ref, dataset id) left out. */
const visible = (html: string) =>
  html
    .replace(/<code[^>]*>[^<]*<\/code>/g, ' ')
    .replace(/<script[^>]*>[\s\S]*?<\/script>/g, ' ')
    .replace(/<[^>]+>/g, ' ');

describe('the results page of a run (/ui/runs/:id)', () => {
  it('is an open shell that loads its figures in a fragment and has the explanation panel', async () => {
    const r = await api.app.inject({ url: `/ui/runs/${id}` });
    expect(r.statusCode).toBe(200);
    expect(r.body).toContain(`hx-get="/ui/runs/${id}/results?lang=zh"`);
    expect(r.body).toContain('<aside id="explain" class="explain" aria-live="polite"');
  });

  it('shows the GEP total formatted by reports/format.ts, equal to the exact total of /runs/:id/results, in zh and en', async () => {
    const totals = rows.filter((r) => r.indicator === 'gep' && r.level === 'total');
    const exact = totals.find((r) => r.year === '2022' && r.price_basis === 'current')!.money_value;
    const unit = moneyUnitFor(totals.map((r) => new Dec(r.money_value)));
    // 21,277,646,995.56… CNY ÷ 10⁸ = 212.78 亿元 (README: GEP current 2022 = 212.78)
    expect(unit).toBe('yi');
    expect(money(new Dec(exact), unit)).toBe('212.78');
    for (const lang of ['zh', 'en'] as const) {
      const f = await api.app.inject({ url: `/ui/runs/${id}/results?lang=${lang}`, headers: hx });
      expect(f.statusCode).toBe(200);
      const gep = sectionOf(f.body, 'gep');
      const button = new RegExp(
        `<button type="button" class="fig" data-explain hx-get="/ui/runs/${id}/explain\\?region=tianfu&amp;year=2022&amp;indicator=gep&amp;lang=${lang}" hx-target="#explain"[^>]*>212\\.78</button>`,
      );
      expect(gep).toMatch(button);
      expect(gep).toContain(lang === 'zh' ? '亿元' : '10⁸ CNY');
    }
  });

  it('names regions, categories and services, never their ids (zh and en)', async () => {
    const want = {
      zh: ['天府新区(示例)', '物质产品', '调节服务', '人次', '水源涵养', '不变价', '数量效应', '价格效应', '范围一排放'],
      en: [
        'Tianfu New Area (illustrative)',
        'Provisioning services',
        'Water conservation',
        'Quantity effect',
        'Price effect',
        'Scope 1 emissions',
      ],
    };
    for (const lang of ['zh', 'en'] as const) {
      const f = await api.app.inject({ url: `/ui/runs/${id}/results?lang=${lang}`, headers: hx });
      const own = ['run-block', 'gep', 'services', 'change', 'carbon-figures'].map((s) => visible(sectionOf(f.body, s))).join(' ');
      for (const w of want[lang]) expect(own, w).toContain(w);
      for (const raw of ['tianfu', 'water_conservation', 'provisioning', 'regulating', 'carbon.gross', 'm3'])
        expect(own, raw).not.toMatch(new RegExp(`(^|[\\s(])${raw.replace('.', '\\.')}($|[\\s),])`));
      // the services' physical units as symbols
      expect(own).toContain('m³');
      // the dual-control, peak and projection sections of the report are laid after the page's own
      expect(f.body).toContain('data-part="carbon"');
    }
  });

  it('keeps every value exact behind the display: the category sum the panel explains is the stored category total', async () => {
    const exactOf = (indicator: string) =>
      rows.find((r) => r.indicator === indicator && r.year === '2022' && r.price_basis === 'current' && r.level !== 'detail')!.money_value;
    for (const cat of ['provisioning', 'regulating', 'cultural', 'gep']) {
      const e = await api.app.inject({ url: `/ui/runs/${id}/explain?region=tianfu&year=2022&indicator=${cat}&lang=zh`, headers: hx });
      expect(e.statusCode).toBe(200);
      const value = /data-value="([^"]+)"/.exec(e.body)![1]!;
      expect(new Dec(value).eq(exactOf(cat)), cat).toBe(true);
    }
  });

  it('explains a service value: formula as the model writes it, coefficient with its source, the quantity it reads to drill into', async () => {
    const e = await api.app.inject({
      url: `/ui/runs/${id}/explain?region=tianfu&year=2022&indicator=water_conservation.money&lang=zh`,
      headers: hx,
    });
    expect(e.statusCode).toBe(200);
    expect(e.body).toContain('<code class="formula">physical * reservoir_cost</code>');
    expect(e.body).toContain('水库单位库容造价');
    expect(e.body).toContain('白玛卓嘎 et al. 2017, 生态学报 37(19):6302, Table 3');
    // 7.06 CNY/m³ of 2010 × CPI 1.318025 (2010 → 2022) = 9.3052565 (README: gep explain)
    expect(e.body).toContain('9.3052565 元/m³');
    expect(e.body).toContain('按 2010 年价格 × 价格指数 1.318025');
    expect(e.body).toMatch(/data-indicator="water_conservation\.physical"[^>]*hx-get="[^"]*trail=water_conservation\.money"/);
    expect(e.body).toContain('autofocus');
    const p = await api.app.inject({
      url: `/ui/runs/${id}/explain?region=tianfu&year=2022&indicator=water_conservation.physical&trail=water_conservation.money&lang=en`,
      headers: hx,
    });
    expect(p.body).toContain('<nav class="trail"');
    expect(p.body).toContain('observations.csv'); // precipitation and evapotranspiration
    expect(p.body).toContain('extent.csv'); // area
    expect(p.body).toContain('Coniferous forest'); // keys by name
    expect(p.body).toContain('Summed over Ecosystem type');
  });

  it('names the keys of any dimension in the panel (pollutants as well as ecosystem types)', async () => {
    const e = await api.app.inject({
      url: `/ui/runs/${id}/explain?region=tianfu&year=2022&indicator=air_purification.physical&lang=zh`,
      headers: hx,
    });
    expect(e.statusCode).toBe(200);
    expect(e.body).toContain('二氧化硫');
    expect(e.body).not.toMatch(/<td>so2<\/td>/);
  });

  it('shows the Monte Carlo band of a run that has one: P5, P50, P95 beside the deterministic figure, and the path', async () => {
    const r = await api.app.inject({
      method: 'POST',
      url: '/runs',
      headers: api.auth,
      payload: { kind: 'gep', uncertainty: { draws: 20, seed: 7 } },
    });
    expect(r.statusCode).toBe(201);
    const f = await api.app.inject({ url: `/ui/runs/${(r.json() as { id: string }).id}/results?lang=zh`, headers: hx });
    const u = sectionOf(f.body, 'uncertainty');
    expect(u).toContain('20 次抽样，随机种子 7');
    expect(u).toContain('浮点快速路径');
    for (const w of ['P5（下限）', 'P50（中位数）', 'P95（上限）']) expect(u).toContain(w);
    // the deterministic GEP of the last year is the exact account's: 212.78 亿元
    expect(u).toMatch(/<td class="n">212\.78<\/td>/);
  }, 120_000);

  it('lays the dual accounting and scorecard section of a dual run after the GEP figures', async () => {
    const r = await api.app.inject({ method: 'POST', url: '/runs', headers: api.auth, payload: { kind: 'dual' } });
    expect(r.statusCode).toBe(201);
    const f = await api.app.inject({ url: `/ui/runs/${(r.json() as { id: string }).id}/results?lang=zh`, headers: hx });
    expect(visible(sectionOf(f.body, 'run-block'))).toContain('GEP–GDP 双核算');
    expect(f.body).toContain('data-part="dual"');
    expect(f.body.indexOf('data-part="dual"')).toBeGreaterThan(f.body.indexOf('<section id="change"'));
  }, 120_000);

  it('explains a carbon figure from the carbon trace of its year', async () => {
    const e = await api.app.inject({ url: `/ui/runs/${id}/explain?region=tianfu&year=2018&indicator=carbon.gross&lang=zh`, headers: hx });
    expect(e.statusCode).toBe(200);
    expect(e.body).toContain('scope1 + scope2');
    expect(e.body).toContain('data-indicator="carbon.scope1"');
    // a factor's source and how well it was checked (cn-carbon-factors: GB/T 2589-2008 via a reprint, status secondary)
    const energy = await api.app.inject({
      url: `/ui/runs/${id}/explain?region=tianfu&year=2015&indicator=carbon.energy.calorific&lang=zh`,
      headers: hx,
    });
    expect(energy.body).toContain('能源消费总量（当量值）');
    expect(energy.body).toContain('GB/T 2589-2008 综合能耗计算通则');
    expect(energy.body).toContain('转引（二手来源）');
  });

  it('a run still computing says so and asks again; an unknown run or region is a problem box, not a stack', async () => {
    await createRun(
      api.store.db,
      {
        id: 'pending-1',
        kind: 'gep',
        engine_version: 'x',
        model: 'cn-gep-2022@1.0.0',
        model_hash: 'x',
        dataset_id: 'd',
        dataset_hash: 'h',
        scenario: 'baseline',
        scenario_hash: null,
        base_year: 2020,
        params: {},
      },
      '2026-12-01T00:00:00.000Z',
    );
    const f = await api.app.inject({ url: '/ui/runs/pending-1/results?lang=en', headers: hx });
    expect(f.statusCode).toBe(200);
    expect(f.body).toContain('data-status="queued"');
    expect(f.body).toContain('hx-trigger="load delay:2s"');
    expect(f.body).toContain('Computing');
    const missing = await api.app.inject({ url: '/ui/runs/nope/results', headers: hx });
    expect(missing.statusCode).toBe(404);
    expect(missing.body).toContain('class="problem"');
    const region = await api.app.inject({ url: `/ui/runs/${id}/explain?region=elsewhere&indicator=gep`, headers: hx });
    expect(region.statusCode).toBe(400);
    expect(region.body).toContain('tianfu');
    expect(region.body).not.toMatch(/at .*\.ts:\d+/);
  });
});

describe('with keyed reads', () => {
  let keyed: TestApi;
  beforeAll(async () => {
    keyed = await testApi({ keyedReads: true });
  });
  afterAll(() => keyed.close());
  it('the shell stays open and the fragments need the key', async () => {
    expect((await keyed.app.inject({ url: '/ui/runs/abc' })).statusCode).toBe(200);
    expect((await keyed.app.inject({ url: '/ui/runs/abc/results', headers: hx })).statusCode).toBe(401);
    expect((await keyed.app.inject({ url: '/ui/runs/abc/explain?indicator=gep', headers: hx })).statusCode).toBe(401);
    expect((await keyed.app.inject({ url: '/ui/runs/abc/results', headers: { ...hx, ...keyed.auth } })).statusCode).toBe(404);
  });
});
