import { existsSync, mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { type TestApi, testApi } from './api.ts';
import type { ApiConfig } from '../../api/config.ts';

/** Debian's Chromium; never a browser a tool downloads. CI sets GEP_REQUIRE_CHROMIUM=1 so that its absence fails. */
export const CHROMIUM = '/usr/bin/chromium';
export const HAVE_CHROMIUM = existsSync(CHROMIUM);
if (!HAVE_CHROMIUM && process.env.GEP_REQUIRE_CHROMIUM === '1') throw new Error(`GEP_REQUIRE_CHROMIUM=1 but ${CHROMIUM} is absent`);

/** The flags every test launches Debian's Chromium with: headless, and none of its own connections to the internet. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
export const launchChromium = () => chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });

/** Where browser tests write their screenshots (test artefacts, not checked in). */
export const SHOTS = resolve('out/test/workbench');

export interface Workbench {
  api: TestApi;
  base: string;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** console errors and warnings, and uncaught page errors, seen so far */
  errors: string[];
  /** every request to anything but this server */
  offsite: string[];
  /** a full-page screenshot out/test/workbench/<name>.png */
  shot(name: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * A workbench on a fresh store (testApi), listening on a loopback port, with headless Chromium on it. The page
 * records console errors and any request that leaves this server; a test ends with both empty.
 */
export async function openWorkbench(config: Partial<ApiConfig> = {}, viewport = { width: 1280, height: 900 }): Promise<Workbench> {
  const api = await testApi(config);
  await api.app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(api.app.server.address() as AddressInfo).port}`;
  const browser = await launchChromium();
  const context = await browser.newContext({ viewport, acceptDownloads: true, locale: 'zh-CN' });
  const page = await context.newPage();
  const errors: string[] = [];
  const offsite: string[] = [];
  // A fragment's 4xx answer is a problem box htmx swaps in (web/plugin.ts keeps the status), which Chromium logs
  // as "Failed to load resource": not an error of the page, when it answered an htmx (xhr) or fetch request.
  const answered4xx = new Set<string>();
  page.on('response', (r) => {
    const type = r.request().resourceType();
    if ((type === 'xhr' || type === 'fetch') && r.status() >= 400 && r.status() < 500) answered4xx.add(r.url());
  });
  page.on('console', (m) => {
    if (m.type() !== 'error' && m.type() !== 'warning') return;
    if (/^Failed to load resource: the server responded with a status of 4\d\d/.test(m.text()) && answered4xx.has(m.location().url)) return;
    errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  context.on('request', (r) => {
    if (!r.url().startsWith(base) && !r.url().startsWith('data:') && !r.url().startsWith('blob:')) offsite.push(r.url());
  });
  mkdirSync(SHOTS, { recursive: true });
  return {
    api,
    base,
    browser,
    context,
    page,
    errors,
    offsite,
    async shot(name) {
      const path = resolve(SHOTS, `${name}.png`);
      await page.screenshot({ path, fullPage: true });
      return path;
    },
    async close() {
      await browser.close();
      await api.close();
    },
  };
}

/**
 * htmx has finished what it swapped in: new content is bound (its triggers answer) only in htmx's settle step, about
 * 20 ms after it appears, so a control used at once is not heard (seen: a coefficient chosen in a row just added sent
 * no request). Until then htmx marks the content and its target with these classes.
 */
export const htmxSettled = (page: Page) =>
  page.waitForFunction(() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling, .htmx-added'));
