import { esc } from '../html.ts';
import { type Lang, sayer } from '../i18n.ts';
import { CORE_LABELS } from '../labels/core.ts';
import { DATA_LABELS } from '../labels/data.ts';

/**
 * A region of a page whose content is store data, loaded with htmx once the page is there and again whenever the
 * session's key changes (web/static/app.js fires gep:key on the body) or one of `also` events fires: a page
 * opened without the key shows the "enter your API key" box, and shows the data as soon as the key is entered.
 */
export function keyedLoad(url: string, lang: Lang, id: string, also: string[] = []): string {
  const L = sayer(CORE_LABELS, lang);
  const trigger = ['load', 'gep:key from:body', ...also.map((e) => `${e} from:body`)].join(', ');
  return `<div id="${esc(id)}" hx-get="${esc(url)}" hx-trigger="${esc(trigger)}" hx-swap="innerHTML"><p class="loading" role="status">${esc(L('loading'))}</p></div>`;
}

/** A stored time (ISO-8601 UTC) as an analyst reads it: 2026-12-01 15:04 UTC. */
export const when = (iso: string): string => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;

const STATUS = {
  queued: 'status_queued',
  running: 'status_running',
  done: 'status_done',
  failed: 'status_failed',
  interrupted: 'status_interrupted',
} as const;

/** A run's status in words, with a class for its colour. */
export function statusText(status: string, lang: Lang): string {
  const key = STATUS[status as keyof typeof STATUS];
  return `<span class="status status-${esc(status)}">${esc(key ? DATA_LABELS[key][lang] : status)}</span>`;
}

/** A name given in both languages (a manifest's name, a model's title), in the page's language. */
export const named = (name: unknown, lang: Lang, fallback: string): string => {
  const n = name as { zh?: unknown; en?: unknown } | undefined;
  const v = n?.[lang] ?? n?.[lang === 'zh' ? 'en' : 'zh'];
  return typeof v === 'string' && v ? v : fallback;
};
