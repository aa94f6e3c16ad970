import type { Page } from 'playwright-core';
import { loadInto, page as shell } from '../../web/layout.ts';
import { CSP } from '../../web/plugin.ts';

/**
 * Until the results part's /ui/runs/:id is on this branch, a run's page answers 404 (401 with keyed reads). Then (and only then) the
 * browser gets a stand-in built from the same shell, holding what this part puts on it: the downloads fragment
 * (loadInto('/ui/runs/:id/downloads'), as the results page does). With the real page, nothing is replaced.
 */
export async function standInForRunPage(page: Page): Promise<void> {
  await page.route(/\/ui\/runs\/[0-9a-f]{16}(\?.*)?$/, async (route) => {
    const real = await route.fetch();
    // no such route: 404, or 401 when reads are keyed (a route-less request is a read); the real page is an open shell
    if (real.status() !== 404 && real.status() !== 401) return route.fulfill({ response: real });
    const url = new URL(route.request().url());
    const id = url.pathname.split('/').pop()!;
    const lang = (await page.context().cookies(url.origin)).some((c) => c.name === 'gep_lang' && c.value === 'en') ? 'en' : 'zh';
    const html = shell({
      lang,
      title: id,
      path: url.pathname,
      body: `<p data-stand-in>${id}</p>${loadInto(`/ui/runs/${id}/downloads`, lang)}`,
    });
    return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html, headers: { 'content-security-policy': CSP } });
  });
}
