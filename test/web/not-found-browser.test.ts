import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAVE_CHROMIUM, openWorkbench, type Workbench } from '../helpers/browser.ts';

describe.runIf(HAVE_CHROMIUM)('a run that does not exist, in Chromium', () => {
  let w: Workbench;
  beforeAll(async () => {
    w = await openWorkbench();
  }, 60_000);
  afterAll(() => w?.close());

  it('/ui/runs/nonexistent shows the page with a readable problem box, not a blank page or JSON', async () => {
    await w.page.goto(`${w.base}/ui/runs/nonexistent`);
    const box = w.page.locator('.problem[role=alert]');
    await box.waitFor({ timeout: 30_000 });
    const text = (await box.textContent()) ?? '';
    expect(text).toContain('nonexistent');
    await w.shot('run-not-found');
    // an id no page is made for (a plain navigation, not htmx): the API's problem+json, the id escaped as JSON
    const bad = await w.api.app.inject({ url: '/ui/runs/%3Cscript%3E' });
    expect(bad.statusCode).toBe(404);
    expect(bad.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(bad.body).not.toMatch(/\bat .*\.ts:\d+|stack/);
    expect(w.offsite).toEqual([]);
    expect(w.errors).toEqual([]);
  }, 90_000);
});
