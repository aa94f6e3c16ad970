import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dec, str } from '../../engine/core/decimal.ts';
import { loadScenario } from '../../lib/scenario.ts';
import { MONEY_UNITS, type MoneyUnit, money } from '../../reports/format.ts';
import type { TestApi } from '../helpers/api.ts';
import { HAVE_CHROMIUM, openWorkbench, type Workbench } from '../helpers/browser.ts';

/** Post a run and wait until it is stored as done (a long run answers 202 first). */
async function run(api: TestApi, body: Record<string, unknown>): Promise<string> {
  const r = await api.app.inject({ method: 'POST', url: '/runs', headers: api.auth, payload: body });
  expect([200, 201, 202], r.body).toContain(r.statusCode);
  const id = r.json().id as string;
  for (let i = 0; i < 600; i++) {
    const s = (await api.app.inject({ url: `/runs/${id}` })).json().status;
    if (s === 'done') return id;
    if (s === 'failed') throw new Error(`run ${id} failed`);
    await new Promise((res) => setTimeout(res, 250));
  }
  throw new Error(`run ${id} did not finish`);
}

/** A run's exact GEP of one year and price basis, as the API serves it. */
async function gep(api: TestApi, id: string, year: number, basis: string): Promise<string> {
  const r = await api.app.inject({ url: `/runs/${id}/results?level=total&indicator=gep&year=${year}&basis=${basis}` });
  const items = r.json().items as { money_value: string }[];
  expect(items).toHaveLength(1);
  return items[0]!.money_value;
}

describe.runIf(HAVE_CHROMIUM)('the comparison page in Chromium', () => {
  let w: Workbench;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    w = await openWorkbench();
    const { api } = w;
    for (const file of ['price-high', 'wetland-restoration']) {
      const s = await api.app.inject({
        method: 'POST',
        url: '/scenarios',
        headers: api.auth,
        payload: loadScenario(`scenarios/${file}.yaml`),
      });
      expect(s.statusCode, s.body).toBeLessThan(300);
      ids[file] = await run(api, { scenario: s.json().id });
    }
    ids.baseline = await run(api, {});
  }, 240_000);
  afterAll(() => w?.close());

  it('shows two scenarios side by side with the baseline; each Δ is the difference of the runs’ exact totals', async () => {
    const { page } = w;
    await page.goto(`${w.base}/ui/compare`);
    await page.waitForSelector('#compare-form #cmp-base');
    await page.selectOption('#cmp-base', ids.baseline!);
    await page.check(`input[name="runs"][value="${ids['price-high']}"]`);
    await page.check(`input[name="runs"][value="${ids['wetland-restoration']}"]`);
    await page.selectOption('#cmp-year', '2022');
    await page.selectOption('#cmp-basis', 'current');
    await w.shot('compare-1-chosen');
    // keyboard only: focus the button and press Enter
    await page.focus('#compare-form button[type="submit"]');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#compare-result table.compare');
    await page.waitForSelector('#compare-result figure.chart .chart-box svg');
    await w.shot('compare-2-table');

    const table = page.locator('#compare-result table.compare');
    const unit = (await table.getAttribute('data-unit-change')) as MoneyUnit;
    expect(Object.keys(MONEY_UNITS)).toContain(unit);
    // names, not ids: the scenarios' zh names head their columns
    const head = await table.locator('thead').textContent();
    expect(head).toContain('高价格情景(示例)');
    expect(head).toContain('鹿溪河湿地修复(示例)');
    expect(head).toContain('基准');
    const base = await gep(w.api, ids.baseline!, 2022, 'current');
    const gepRow = table.locator('tr[data-item="gep"]');
    for (const file of ['price-high', 'wetland-restoration']) {
      const scen = await gep(w.api, ids[file]!, 2022, 'current');
      const delta = dec(scen).minus(dec(base)); // the difference of the two runs' exact totals
      const cell = gepRow.locator(`td.delta[data-run="${ids[file]}"]`);
      expect(await cell.getAttribute('data-exact'), file).toBe(str(delta));
      expect(await cell.textContent(), file).toBe(money(delta, unit));
      expect(delta.isZero(), file).toBe(false);
    }
    // each category is there, by name, and a changed service (carbon sequestration, priced 1.5× in price-high)
    expect(await table.locator('tr[data-level="category"]').count()).toBe(3);
    expect(await table.locator('tr[data-item="provisioning"] th').textContent()).toBe('物质产品'); // the model's zh name of the category (models/cn-gep-2022/model.yaml)
    expect(await table.locator('tr[data-item="carbon_sequestration"]').count()).toBe(1);
    expect(w.errors).toEqual([]);
    expect(w.offsite).toEqual([]);
  }, 120_000);

  it('opens on a comparison given in the address (as the scenario page links to it), in English too', async () => {
    const { page } = w;
    await page.goto(`${w.base}/ui/compare?lang=en&base=${ids.baseline}&runs=${ids['price-high']}&year=2020&basis=constant`);
    await page.waitForSelector('#compare-result table.compare');
    const caption = await page.locator('#compare-result table.compare caption').textContent();
    expect(caption).toBe('Tianfu New Area (illustrative) · 2020 · constant 2020 prices');
    const base = await gep(w.api, ids.baseline!, 2020, 'constant');
    const scen = await gep(w.api, ids['price-high']!, 2020, 'constant');
    expect(await page.locator('tr[data-item="gep"] td.delta.s0').getAttribute('data-exact')).toBe(str(dec(scen).minus(dec(base))));
    await w.shot('compare-3-en');
    expect(w.errors).toEqual([]);
    expect(w.offsite).toEqual([]);
  }, 60_000);
});
