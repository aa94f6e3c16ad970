import { ENGINE_VERSION } from '../engine/version.ts';
import { esc } from './html.ts';
import { type Lang, sayer } from './i18n.ts';
import { CORE_LABELS } from './labels/core.ts';

/** The workbench's top-level pages, in navigation order: the `active` of page() names one. */
export const NAV = [
  { id: 'home', href: '/', label: 'nav_home' },
  { id: 'datasets', href: '/ui/datasets', label: 'nav_datasets' },
  { id: 'run', href: '/ui/run', label: 'nav_run' },
  { id: 'runs', href: '/ui/runs', label: 'nav_runs' },
  { id: 'scenarios', href: '/ui/scenarios', label: 'nav_scenarios' },
  { id: 'compare', href: '/ui/compare', label: 'nav_compare' },
] as const;
export type NavId = (typeof NAV)[number]['id'];

export interface PageOptions {
  lang: Lang;
  title: string;
  active?: NavId;
  body: string;
  /** the page's own path and query (without lang), for the language switch to come back to */
  path: string;
}

/**
 * A whole workbench page: header with navigation, language switch and the API key box, then the body.
 * Pages are open shells; what they show from the store comes in fragments loaded with htmx
 * (hx-get … hx-trigger="load"), so that the key kept in the browser session (web/static/app.js adds it to
 * every htmx request) is sent when the server keys reads. Every asset is served by this server
 * (web/assets.ts); the Content-Security-Policy (web/plugin.ts) lets nothing else load.
 */
export function page(o: PageOptions): string {
  const L = sayer(CORE_LABELS, o.lang);
  const other: Lang = o.lang === 'zh' ? 'en' : 'zh';
  const nav = NAV.map((n) => `<li><a href="${n.href}"${n.id === o.active ? ' aria-current="page"' : ''}>${esc(L(n.label))}</a></li>`).join(
    '',
  );
  return `<!doctype html>
<html lang="${o.lang === 'zh' ? 'zh-CN' : 'en'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="htmx-config" content='{"allowEval":false,"includeIndicatorStyles":false,"responseHandling":[{"code":"204","swap":false},{"code":"[23]..","swap":true},{"code":"4..","swap":true,"error":false},{"code":"5..","swap":true,"error":true}]}'>
<title>${esc(o.title)} · ${esc(L('app_title'))}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/assets/app.css">
<script src="/assets/htmx.min.js" defer></script>
<script src="/assets/echarts.min.js" defer></script>
<script src="/assets/app.js" defer></script>
</head>
<body data-lang="${o.lang}">
<a class="skip" href="#main">${esc(L('skip_to_content'))}</a>
<header class="top">
<a class="brand" href="/">${esc(L('app_title'))}</a>
<nav aria-label="${esc(L('app_title'))}"><ul>${nav}<li><a href="/docs">${esc(L('nav_api'))}</a></li></ul></nav>
<a class="lang" href="/ui/lang/${other}?back=${encodeURIComponent(o.path)}" hreflang="${other === 'zh' ? 'zh-CN' : 'en'}" aria-label="${esc(L('lang_switch_label'))}">${esc(L('lang_switch'))}</a>
<form class="key" id="key-form" autocomplete="off">
<label for="api-key">${esc(L('key_label'))}</label>
<input id="api-key" name="key" type="password" autocomplete="off" spellcheck="false">
<button type="submit">${esc(L('key_save'))}</button>
<button type="button" id="key-forget">${esc(L('key_forget'))}</button>
<output id="key-state" aria-live="polite" data-saved="${esc(L('key_saved'))}" data-none="${esc(L('key_none'))}"></output>
</form>
</header>
<main id="main" tabindex="-1">
<h1>${esc(o.title)}</h1>
${o.body}
</main>
<footer><small>gep-ledger ${esc(ENGINE_VERSION)}</small></footer>
</body>
</html>
`;
}

/** A fragment that loads itself from `url` once the page is there (with the session's key, if any). */
export function loadInto(url: string, lang: Lang, id?: string): string {
  const L = sayer(CORE_LABELS, lang);
  return `<div${id ? ` id="${esc(id)}"` : ''} hx-get="${esc(url)}" hx-trigger="load" hx-swap="outerHTML"><p class="loading" role="status">${esc(L('loading'))}</p></div>`;
}
