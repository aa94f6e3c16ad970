import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApi, testApi } from '../helpers/api.ts';
import { HAVE_CHROMIUM, openWorkbench, type Workbench } from '../helpers/browser.ts';

/** Does a row of the workbook hold this exact total: as the exact decimal text, or as the number it rounds to? */
function rowHolds(row: ExcelJS.Row, exact: string): boolean {
  let hit = false;
  row.eachCell((c) => {
    const v = c.value;
    if (v === exact || (typeof v === 'number' && v === Number(exact))) hit = true;
  });
  return hit;
}

describe('GET /ui/runs/:id/downloads', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await testApi({ keyedReads: true });
  });
  afterAll(() => api.close());

  it('links the HTML, XLSX and CSV reports in the page’s language; without a key, the box says to enter one', async () => {
    const post = await api.app.inject({ method: 'POST', url: '/runs', headers: api.auth, payload: { years: [2022] } });
    const id = post.json().id as string;
    const r = await api.app.inject({
      url: `/ui/runs/${id}/downloads`,
      headers: { ...api.auth, 'hx-request': 'true', 'accept-language': 'en' },
    });
    expect(r.statusCode).toBe(200);
    for (const f of ['html', 'xlsx', 'csv']) expect(r.body).toContain(`href="/runs/${id}/report.${f}?lang=en" data-download`);
    expect(r.body).toContain('Download the reports');
    const zh = await api.app.inject({
      url: `/ui/runs/${id}/downloads`,
      headers: { ...api.auth, 'hx-request': 'true', 'accept-language': 'zh-CN' },
    });
    expect(zh.body).toContain(`report.xlsx?lang=zh`);
    const none = await api.app.inject({ url: `/ui/runs/${id}/downloads`, headers: { 'hx-request': 'true' } });
    expect(none.statusCode).toBe(401);
    expect(none.body).toContain('data-code="api_key_missing"');
    expect(none.body).toContain('请在页面右上角输入 API 密钥');
    const wrong = await api.app.inject({
      url: `/ui/runs/${id}/downloads`,
      headers: { authorization: 'Bearer nope', 'hx-request': 'true', 'accept-language': 'en' },
    });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.body).toContain('This API key is unknown or revoked');
  });
});

describe.runIf(HAVE_CHROMIUM)('downloads, language and keys in Chromium (keyed reads)', () => {
  let w: Workbench;
  beforeAll(async () => {
    w = await openWorkbench({ keyedReads: true });
  }, 60_000);
  afterAll(() => w?.close());

  it('without a key asks for one; with it runs the sample from the home page, downloads the XLSX whose GEP total is the JSON result’s, and switches to English', async () => {
    const { page } = w;
    // 1. keyed reads, no key: the latest runs ask for the key
    await page.goto(`${w.base}/`);
    await page.waitForSelector('#latest-runs .problem[data-code="api_key_missing"]');
    expect(await page.textContent('#latest-runs .key-needed')).toContain('请在页面右上角输入 API 密钥');
    await w.shot('downloads-1-no-key');
    // 2. the key entered: the same box loads again and shows the data (no run yet)
    await page.fill('#api-key', w.api.key);
    await page.press('#api-key', 'Enter');
    await page.waitForSelector('#latest-runs table.runs, #latest-runs p:not(.loading):not(.key-needed)');
    expect(await page.locator('#latest-runs .problem').count()).toBe(0);
    await w.shot('downloads-2-key');
    // 3. the sample in one click, to its page
    await page.click('#run-sample');
    await page.waitForURL(/\/ui\/runs\/[0-9a-f]{16}$/, { timeout: 60_000 });
    const id = page.url().split('/').pop()!;
    await page.waitForSelector('section.downloads a[href*="report.xlsx?lang=zh"]');
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    expect(await page.locator('section.downloads').count()).toBe(1); // once, not from both the shell and the fragment
    await w.shot('downloads-3-run-page');
    // 4. the XLSX, fetched with the key (keyed reads) and saved under the server's name
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('section.downloads a[href*="report.xlsx"]')]);
    expect(download.suggestedFilename()).toBe(`gep-${id}-zh.xlsx`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile((await download.path())!);
    // the JSON result's total GEP of 2022 at current prices, exact
    const json = await w.api.app.inject({
      url: `/runs/${id}/results?indicator=gep&level=total&year=2022&basis=current`,
      headers: w.api.auth,
    });
    const total = json.json().items[0].money_value as string;
    expect(total).toMatch(/^21277646995\.56/); // the sample's GEP 2022, 212.78 亿元 (README, "Two commands")
    const summary = book.worksheets[0]!;
    const rows: ExcelJS.Row[] = [];
    summary.eachRow((r) => {
      if (rowHolds(r, '2022') || r.values.toString().includes('2022')) rows.push(r);
    });
    expect(rows.some((r) => rowHolds(r, total))).toBe(true);
    // 5. English: switch on the run's own page (the real results page); it comes back to the same run, in English
    await page.click('a.lang');
    await page.waitForURL(`${w.base}/ui/runs/${id}`);
    await page.waitForSelector('section.downloads a[href$="report.xlsx?lang=en"]');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.textContent('#downloads-h')).toBe('Download the reports');
    expect(await page.textContent('#results')).toContain('Tianfu New Area (illustrative sample)');
    await w.shot('downloads-4-english-run');
    // the choice stays: the runs list is in English too, and names the region
    await page.goto(`${w.base}/ui/runs`);
    await page.waitForSelector(`#run-list tr[data-run="${id}"]`);
    expect(await page.textContent('h1')).toBe('Runs');
    expect(await page.textContent('#run-list')).toContain('Tianfu New Area (illustrative sample)');
    await w.shot('downloads-5-english-list');
    // 6. the key forgotten: what the page shows from the store asks for it again
    await page.goto(`${w.base}/ui/runs`);
    await page.waitForSelector('#run-list table.runs');
    await page.click('#key-forget');
    await page.waitForSelector('#run-list .problem[data-code="api_key_missing"]');
    expect(await page.textContent('#run-list .key-needed')).toContain('Enter your API key');
    await w.shot('downloads-6-key-forgotten');
    expect(w.errors).toEqual([]);
    expect(w.offsite).toEqual([]);
  }, 120_000);
});
