import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { loadScenario } from '../../lib/scenario.ts';
import { type TestApi, testApi } from '../helpers/api.ts';
import { HAVE_CHROMIUM, htmxSettled, openWorkbench, type Workbench } from '../helpers/browser.ts';

const MODEL = 'cn-gep-2022@1.0.0';

/** A urlencoded form body; a field given a list is repeated, one per row (as the builder posts it). */
function form(fields: Record<string, string | string[]>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) q.append(k, x);
  return q.toString();
}
const FORM = { 'content-type': 'application/x-www-form-urlencoded', 'hx-request': 'true' };

/** The fieldsets of one section of the builder, in page order, as HTML text. */
const rowsOf = (html: string, section: string) =>
  [...html.matchAll(/<fieldset class="row"([^>]*)>([\s\S]*?)<\/fieldset>/g)]
    .filter((m) => m[1]!.includes(`data-section="${section}"`))
    .map((m) => m[0]);

let api: TestApi;
beforeAll(async () => {
  api = await testApi();
});
afterAll(() => api.close());

describe('the scenario builder (server side)', () => {
  it('serves the page as an open shell and the builder with the model coefficients by their names', async () => {
    const pageRes = await api.app.inject({ url: '/ui/scenarios' });
    expect(pageRes.statusCode).toBe(200);
    expect(pageRes.body).toContain('hx-get="/ui/scenarios/form');
    const f = await api.app.inject({ url: '/ui/scenarios/form', headers: { 'hx-request': 'true' } });
    expect(f.statusCode).toBe(200);
    expect(f.body).toContain('<form id="builder"');
    expect(f.body).toContain(`value="${MODEL}" selected`);
    // every control has a label
    const ids = [...f.body.matchAll(/<(?:input|select|textarea) id="([^"]+)"/g)].map((m) => m[1]);
    for (const id of ids) expect(f.body, id).toContain(`<label for="${id}">`);
    // a coefficient row offers the coefficients by their zh names, and shows the model's value, unit and source beside it
    const row = await api.app.inject({
      url: `/ui/scenarios/row/coefficients?model=${MODEL}&c.coefficient=hydropower_price&c.from=2020&c.mode=value&c.uid=abc`,
    });
    expect(row.body).toContain('水电上网电价（hydropower_price）');
    // the model's entry: 0.53 CNY/kWh from 2010, priced in 2010 (models/cn-gep-2022/coefficients.yaml)
    expect(row.body).toContain('0.53 元/kWh（2010 年起，2010 年价格）');
    expect(row.body).toContain('白玛卓嘎 et al. 2017');
    // a table coefficient offers its keys by name
    const table = await api.app.inject({
      url: `/ui/scenarios/row/coefficients?model=${MODEL}&c.coefficient=water_price&c.uid=abd&lang=en`,
    });
    expect(table.body).toMatch(/<option value="domestic">[^<]+<\/option>/);
  });

  it('refuses a bad value and an unknown coefficient, each on its own row and field, in one answer; the good row has none', async () => {
    const r = await api.app.inject({
      method: 'POST',
      url: '/ui/scenarios',
      headers: { ...FORM, ...api.auth },
      payload: form({
        id: 'bad-one',
        label_zh: '错误示例',
        label_en: 'Bad example',
        model: MODEL,
        dataset: 'tianfu-sample',
        'c.uid': ['a', 'b', 'c'],
        'c.coefficient': ['hydropower_price', 'oxygen_price', 'no_such_price'],
        'c.key': ['', '', ''],
        'c.mode': ['value', 'value', 'value'],
        'c.value': ['0.80', '7,00', '1'],
        'c.from': ['2020', '2020', '2020'],
        'c.until': ['', '', ''],
        'c.price_year': ['', '', ''],
        'c.source': ['assumption', 'assumption', 'assumption'],
      }),
    });
    expect(r.statusCode).toBe(422);
    const rows = rowsOf(r.body, 'coefficients');
    expect(rows).toHaveLength(3);
    expect(rows[0]).not.toContain('field-problem');
    // row 2: the value box is marked and says why
    expect(rows[1]).toMatch(/<input id="c-value-b"[^>]*aria-invalid="true"/);
    expect(rows[1]).toContain('id="c-value-b-problem"');
    // row 3: the coefficient is unknown (found by the check against the model, though row 2 failed the schema)
    expect(rows[2]).toMatch(/id="c-coefficient-c-problem">[^<]*unknown coefficient &quot;no_such_price&quot;/);
    // the summary lists both, with their rows
    expect(r.body).toContain('data-errors="2"');
    expect(r.body).toMatch(/<tr data-section="coefficients" data-row="1"><td>系数调整 第 2 行<\/td><td><code>value<\/code>/);
    expect(r.body).toMatch(/<tr data-section="coefficients" data-row="2"><td>系数调整 第 3 行<\/td><td><code>coefficient<\/code>/);
    // nothing was stored
    expect((await api.app.inject({ url: '/scenarios/bad-one' })).statusCode).toBe(404);
  });

  it('places problems of conversions and uncertainty ranges on their rows too, and needs a key to save', async () => {
    const payload = form({
      id: 'bad-two',
      label_zh: '错误示例二',
      model: MODEL,
      dataset: 'tianfu-sample',
      'v.uid': ['x'],
      'v.region': [''],
      'v.from_type': ['bare_land'],
      'v.to_type': ['urban_green'],
      'v.area': ['abc'],
      'v.unit': ['ha'],
      'v.from': ['2021'],
      'v.source': ['plan'],
      'u.uid': ['y', 'z'],
      'u.target': ['coefficient:oxygen_price', 'input:visits'],
      'u.key': ['', 'park_greenway'],
      'u.low': ['900', '0.9'],
      'u.high': ['800', '1.1'],
      'u.mode': ['', ''],
      'u.distribution': ['uniform', 'normal'],
      'u.source': ['', ''],
    });
    expect((await api.app.inject({ method: 'POST', url: '/ui/scenarios', headers: FORM, payload })).statusCode).toBe(401);
    const r = await api.app.inject({ method: 'POST', url: '/ui/scenarios', headers: { ...FORM, ...api.auth }, payload });
    expect(r.statusCode).toBe(422);
    expect(rowsOf(r.body, 'conversions')[0]).toMatch(/<input id="v-area-x"[^>]*aria-invalid="true"/);
    const ranges = rowsOf(r.body, 'uncertainty');
    expect(ranges[0]).toContain('id="u-high-y-problem">low must not be above high');
    expect(ranges[1]).not.toContain('field-problem');
  });

  it('an uploaded scenario file goes through the same checks; a good one is stored as the API stores it', async () => {
    const boundary = 'xx-boundary';
    const upload = (name: string, text: string) => ({
      method: 'POST' as const,
      url: '/ui/scenarios/upload',
      headers: { ...api.auth, 'hx-request': 'true', 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/yaml\r\n\r\n${text}\r\n--${boundary}--\r\n`,
    });
    const bad = await api.app.inject(
      upload(
        'bad.yaml',
        'id: up\nlabel: x\nbase: { model: cn-gep-2022@1.0.0, dataset: tianfu-sample }\noverrides:\n  coefficients:\n    - { coefficient: oxygen_pricee, from: 2020, value: "1", source: test }\n',
      ),
    );
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toMatch(
      /data-row="0"><td>系数调整 第 1 行<\/td><td><code>coefficient<\/code><\/td><td><span class="msg-zh" data-zh="meaning">模型中没有该系数<\/span><span class="msg-en" lang="en">unknown coefficient &quot;oxygen_pricee&quot;/,
    );
    expect(bad.body).toContain('hx-swap-oob="true"'); // the upload lands in the builder, to be mended there
    const good = await api.app.inject(upload('price-high.yaml', YAML.stringify(loadScenario('scenarios/price-high.yaml'))));
    expect(good.statusCode).toBe(200);
    const id = /data-scenario="([^"]+)"/.exec(good.body)![1]!;
    const viaApi = await api.app.inject({
      method: 'POST',
      url: '/scenarios',
      headers: api.auth,
      payload: loadScenario('scenarios/price-high.yaml'),
    });
    expect(viaApi.json().id).toBe(id);
  });
});

describe.runIf(HAVE_CHROMIUM)('the scenario builder in Chromium', () => {
  let w: Workbench;
  beforeAll(async () => {
    w = await openWorkbench();
  }, 60_000);
  afterAll(() => w?.close());

  it('builds a scenario that changes one price, saves it, runs it and shows GEP moved by the hand-computed amount', async () => {
    const { page } = w;
    await page.goto(`${w.base}/ui/scenarios`);
    await page.fill('#api-key', w.api.key);
    await page.press('#api-key', 'Enter');
    await page.waitForSelector('#builder #sc-id');
    await page.fill('#sc-id', 'hydro-price');
    await page.fill('#sc-label_zh', '水电价格上调');
    await page.fill('#sc-label_en', 'Higher hydropower price');
    await page.fill('#sc-description', 'Hydropower valued at 0.80 CNY/kWh from 2020.');
    await page.click('button.add >> text=系数调整');
    const row = page.locator('fieldset.row[data-section="coefficients"]');
    await row.waitFor();
    await htmxSettled(page); // the row's select answers only once htmx has settled it
    await row.locator('select[name="c.coefficient"]').selectOption('hydropower_price');
    // the row is drawn again with the model's value beside the input
    await page.waitForSelector('fieldset.row .coef-now[data-coefficient="hydropower_price"]');
    await w.shot('scenario-1-coefficient-chosen');
    await row.locator('input[name="c.value"]').fill('0.80');
    await row.locator('input[name="c.from"]').fill('2020');
    await row.locator('input[name="c.source"]').fill('assumption: a higher feed-in price');
    // keyboard only: focus the save button and press Enter
    await page.focus('#builder button[type="submit"]');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#scenario-result .saved');
    await w.shot('scenario-2-saved');
    const id = await page.getAttribute('#scenario-result .saved', 'data-scenario');

    // the stored scenario is the YAML an analyst would write by hand
    const byHand = `
id: hydro-price
label: { zh: 水电价格上调, en: Higher hydropower price }
description: Hydropower valued at 0.80 CNY/kWh from 2020.
base: { model: cn-gep-2022@1.0.0, dataset: tianfu-sample }
overrides:
  coefficients:
    - { coefficient: hydropower_price, from: 2020, value: "0.80", source: "assumption: a higher feed-in price" }
`;
    const stored = (await w.api.app.inject({ url: `/scenarios/${id}` })).json();
    expect(stored.scenario).toEqual(loadScenario(YAML.parse(byHand)));

    await page.click('#scenario-result .saved button.primary');
    await page.waitForSelector('#scenario-result .scenario-run table.delta', { timeout: 100_000 });
    await w.shot('scenario-3-run');
    // Hand computation (datasets/tianfu-sample, models/cn-gep-2022): ecological energy 2020 = hydropower 18,000,000 kWh
    // (observations.csv) × hydropower_price. The model's price is 0.53 CNY/kWh in 2010 prices, × CPI 128.0656/100
    // (price-index.csv) = 0.67874768 CNY/kWh in 2020. The scenario's 0.80 is priced in 2020 (price_year = from).
    // ΔGEP 2020 (current prices) = 18,000,000 × (0.80 − 0.67874768) = 18,000,000 × 0.12125232 = 2,182,541.76 CNY
    // = 218.25 万元, all of it a price effect (the quantity is unchanged).
    const cells = page.locator('table.delta tr[data-year="2020"][data-basis="current"] td');
    const delta = page.locator('table.delta tr[data-year="2020"][data-basis="current"] td.delta');
    expect(await delta.getAttribute('data-exact')).toBe('2182541.76');
    expect(await delta.textContent()).toBe('218.25');
    expect(await page.locator('table.delta thead').textContent()).toContain('ΔGEP（万元）');
    expect(await cells.nth(6).getAttribute('data-exact')).toBe('0'); // quantity effect
    expect(await cells.nth(7).getAttribute('data-exact')).toBe('2182541.76'); // price effect
    expect(await page.locator('table.delta tbody th').first().textContent()).toBe('天府新区(示例)');
    expect(await page.getAttribute('.scenario-run a >> nth=0', 'href')).toMatch(/^\/ui\/runs\//);
    expect(w.errors).toEqual([]);
    expect(w.offsite).toEqual([]);
  }, 180_000);
});
