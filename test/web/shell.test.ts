import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ASSET_NAMES } from '../../web/assets.ts';
import { CSP } from '../../web/plugin.ts';
import { type TestApi, testApi } from '../helpers/api.ts';
import { HAVE_CHROMIUM, openWorkbench } from '../helpers/browser.ts';

let api: TestApi;
beforeAll(async () => {
  api = await testApi();
});
afterAll(() => api.close());

describe('the workbench shell', () => {
  it('serves / in Chinese by default and in English with ?lang=en, with a CSP that lets nothing else load', async () => {
    const zh = await api.app.inject({ url: '/' });
    expect(zh.statusCode).toBe(200);
    expect(zh.headers['content-type']).toMatch(/^text\/html/);
    expect(zh.headers['content-security-policy']).toBe(CSP);
    expect(zh.body).toContain('<html lang="zh-CN">');
    expect(zh.body).toContain('GEP 核算工作台');
    const en = await api.app.inject({ url: '/?lang=en' });
    expect(en.body).toContain('GEP accounting workbench');
  });

  it('the language switch sets a cookie and goes back only to a path on this server', async () => {
    const r = await api.app.inject({ url: '/ui/lang/en?back=%2Fui%2Fruns' });
    expect(r.statusCode).toBe(303);
    expect(r.headers.location).toBe('/ui/runs');
    expect(String(r.headers['set-cookie'])).toMatch(/^gep_lang=en;/);
    const evil = await api.app.inject({ url: '/ui/lang/zh?back=%2F%2Fevil.example' });
    expect(evil.headers.location).toBe('/');
    const cookie = await api.app.inject({ url: '/', headers: { cookie: 'gep_lang=en' } });
    expect(cookie.body).toContain('<html lang="en">');
  });

  it('serves every asset from installed packages or web/static, and nothing else', async () => {
    for (const name of ASSET_NAMES) {
      const r = await api.app.inject({ url: `/assets/${name}` });
      expect(r.statusCode, name).toBe(200);
      expect(r.rawPayload.length, name).toBeGreaterThan(500);
    }
    expect((await api.app.inject({ url: '/assets/..%2Fpackage.json' })).statusCode).toBe(404);
    expect((await api.app.inject({ url: '/assets/constructor' })).statusCode).toBe(404);
  });
});

describe.runIf(HAVE_CHROMIUM)('the workbench shell in Chromium', () => {
  it('loads with no console error and no request off this server; the key box keeps a key for the session', async () => {
    const w = await openWorkbench();
    try {
      await w.page.goto(`${w.base}/`);
      await w.page.waitForFunction(() => 'htmx' in window && 'echarts' in window);
      await w.page.fill('#api-key', 'k-123');
      await w.page.press('#api-key', 'Enter');
      await expect.poll(() => w.page.textContent('#key-state')).toBe('已使用密钥');
      expect(await w.page.evaluate(() => sessionStorage.getItem('gep-api-key'))).toBe('k-123');
      await w.page.click('a.lang');
      await w.page.waitForURL(`${w.base}/`);
      expect(await w.page.textContent('h1')).toBe('GEP accounting workbench');
      await w.shot('shell-en');
      expect(w.errors).toEqual([]);
      expect(w.offsite).toEqual([]);
    } finally {
      await w.close();
    }
  }, 60_000);
});
