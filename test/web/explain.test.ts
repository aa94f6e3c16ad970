import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { HAVE_CHROMIUM, openWorkbench, SHOTS, type Workbench } from '../helpers/browser.ts';

/**
 * The results page in Chromium: run the sample (POST /runs via inject), open /ui/runs/:id, click a service's
 * money value and read its formula and a coefficient's source in the panel, drill into the physical quantity it
 * reads, go back by the breadcrumb; then the same with the keyboard alone. Screenshots of each step in
 * out/test/workbench/explain-*.png.
 */
describe.runIf(HAVE_CHROMIUM)('click a figure to see its explanation', () => {
  let w: Workbench;
  let id: string;
  beforeAll(async () => {
    w = await openWorkbench({}, { width: 1400, height: 1000 });
    const r = await w.api.app.inject({ method: 'POST', url: '/runs', headers: w.api.auth, payload: { kind: 'carbon' } });
    expect(r.statusCode).toBe(201);
    id = (r.json() as { id: string }).id;
  }, 120_000);
  afterAll(() => w?.close());

  const money2022 = 'details[data-year="2022"] tr[data-service="water_conservation"] td:nth-child(5) button.fig';
  const panel = (indicator: string) => `#explain .explain-panel[data-indicator="${indicator}"]`;
  /** the whole page, and the window as the analyst sees it with the panel beside the figure */
  const shots = async (name: string, at: string) => {
    await w.shot(name);
    await w.page.locator(at).first().scrollIntoViewIfNeeded();
    await w.page.screenshot({ path: resolve(SHOTS, `${name}-view.png`) });
  };
  const focused = () => w.page.evaluate(() => document.activeElement?.id ?? document.activeElement?.tagName);

  it('with the mouse: formula, coefficient source, drill into the physical quantity, back by the breadcrumb', async () => {
    const { page } = w;
    await page.goto(`${w.base}/ui/runs/${id}`);
    await page.waitForSelector(money2022);
    await page.waitForSelector('#gep figure.chart .chart-box svg'); // the category chart is drawn
    await shots('explain-1-results', '#gep');
    await shots('explain-1-change', '#change figure.chart');
    // the 2022 money value of water conservation: 580,876,369.16 CNY (README, `gep explain water_conservation`) → 5.81 亿元
    expect((await page.textContent(money2022))?.trim()).toBe('5.81');
    await page.click(money2022);
    await page.waitForSelector(panel('water_conservation.money'));
    expect(await page.textContent('#explain code.formula')).toBe('physical * reservoir_cost');
    const coef = await page.textContent('#explain table.coefficients');
    expect(coef).toContain('水库单位库容造价');
    expect(coef).toContain('白玛卓嘎 et al. 2017, 生态学报 37(19):6302, Table 3');
    expect(await page.textContent('#explain .explain-value strong')).toBe('5.81 亿元');
    await shots('explain-2-money', money2022);

    await page.click('#explain button[data-indicator="water_conservation.physical"]');
    await page.waitForSelector(panel('water_conservation.physical'));
    expect(await page.textContent('#explain code.formula')).toBe(
      'area * max(precipitation - precipitation * runoff_coefficient - evapotranspiration, 0)',
    );
    // 62,424,541.35 m³ (README): 4 significant figures → 62,424,541 (no decimals from 1,000 up)
    expect(await page.textContent('#explain .explain-value strong')).toBe('62,424,541 m³');
    expect(await page.textContent('#explain table.inputs')).toContain('observations.csv');
    expect(await page.textContent('#explain table.coefficients')).toContain('龚诗涵');
    await shots('explain-3-physical', money2022);

    await page.click('#explain .trail button[data-indicator="water_conservation.money"]');
    await page.waitForSelector(panel('water_conservation.money'));
    expect(await page.$('#explain .trail')).toBeNull();
    await shots('explain-4-back', money2022);

    // a carbon figure opens the carbon trace of its year
    await page.click('#carbon-figures tr:last-child td:nth-child(5) button.fig');
    await page.waitForSelector(panel('carbon.gross'));
    expect(await page.textContent('#explain code.formula')).toContain('scope1 + scope2');
    await shots('explain-5-carbon', '#carbon-figures');
    expect(w.errors).toEqual([]);
    expect(w.offsite).toEqual([]);
  }, 120_000);

  it('with the keyboard alone: Tab reaches the figure, Enter opens it, focus moves to the panel heading', async () => {
    const { page } = w;
    await page.goto(`${w.base}/ui/runs/${id}?lang=en`);
    await page.waitForSelector(money2022);
    let reached = false;
    for (let i = 0; i < 300 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate((sel) => document.activeElement === document.querySelector(sel), money2022);
    }
    expect(reached).toBe(true);
    await shots('explain-6-keyboard-focus', money2022);
    await page.keyboard.press('Enter');
    await page.waitForSelector(panel('water_conservation.money'));
    await expect.poll(focused).toBe('explain-h');
    expect(await page.textContent('#explain-h')).toBe(
      'Water conservation · money value (current prices): Tianfu New Area (illustrative), 2022',
    );
    expect(await page.textContent('#explain .explain-value strong')).toBe('5.81 10⁸ CNY');
    // the next stop after the heading is the indicator it reads
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => (document.activeElement as HTMLElement).dataset.indicator)).toBe('water_conservation.physical');
    await page.keyboard.press('Enter');
    await page.waitForSelector(panel('water_conservation.physical'));
    await expect.poll(focused).toBe('explain-h');
    await shots('explain-7-keyboard-drill', money2022);
    // back: the breadcrumb stands before the heading
    await page.keyboard.press('Shift+Tab');
    expect(await page.evaluate(() => (document.activeElement as HTMLElement).dataset.indicator)).toBe('water_conservation.money');
    await page.keyboard.press('Enter');
    await page.waitForSelector(panel('water_conservation.money'));
    await expect.poll(focused).toBe('explain-h');
    await shots('explain-8-keyboard-back', money2022);
    expect(w.errors).toEqual([]);
    expect(w.offsite).toEqual([]);
  }, 120_000);
});
