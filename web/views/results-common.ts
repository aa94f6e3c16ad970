import type { Lang } from '../../reports/labels.ts';
import { unitSymbol } from '../../reports/format.ts';
import { esc } from '../html.ts';

/** What every results view needs: the run, the language, names for ids. */
export interface ResultsCtx {
  runId: string;
  lang: Lang;
  regionName: (id: string) => string;
}

/**
 * A clickable figure: a button that loads the figure's explanation into the panel #explain (GET
 * /ui/runs/:id/explain). Its text is the figure as shown; its accessible name says what the figure is.
 */
export function fig(c: ResultsCtx, region: string, year: number, indicator: string, text: string, name: string): string {
  const q = new URLSearchParams({ region, year: String(year), indicator, lang: c.lang });
  return `<button type="button" class="fig" data-explain hx-get="/ui/runs/${esc(encodeURIComponent(c.runId))}/explain?${esc(q.toString())}" hx-target="#explain" hx-swap="innerHTML" aria-label="${esc(`${name}: ${text}`)}">${esc(text)}</button>`;
}

/**
 * A chart drawn in the browser by web/static/app.js: the ECharts option as JSON data (no inline script runs,
 * the CSP forbids it) beside a box with an accessible name. `<` is escaped so that the JSON cannot end the script.
 */
export function chart(label: string, option: unknown, height = 360): string {
  const json = JSON.stringify(option).replace(/</g, '\\u003c');
  return `<figure class="chart"><div class="chart-box" role="img" aria-label="${esc(label)}" style="height:${height}px"></div><figcaption>${esc(label)}</figcaption><script type="application/json" class="chart-option">${json}</script></figure>`;
}

/** A palette whose colours keep 3:1 against white for bars (their labels are drawn in dark ink beside them). */
export const PALETTE = ['#1f5fa8', '#2e7d32', '#b8860b', '#8e44ad', '#c0392b', '#16a085', '#7f8c8d'];

/** A unit for people (reports/format.ts unitSymbol), with the counting units a Chinese table writes in words. */
export function unitText(unit: string, lang: Lang): string {
  const s = unitSymbol(unit, lang);
  return lang === 'zh' ? s.replace(/\bvisit\b/g, '人次') : s.replace(/\bvisit\b/g, 'visits');
}
