import type { FastifyRequest } from 'fastify';
import type { Label, Lang } from '../reports/labels.ts';

export type { Lang } from '../reports/labels.ts';

/** The cookie that keeps the chosen language between pages (set by GET /ui/lang/:lang). */
export const LANG_COOKIE = 'gep_lang';

/**
 * The page's language: ?lang=, else (for a fragment htmx loads) the language of the page that asks, which
 * web/static/app.js sends as Accept-Language, else the cookie, else Chinese (the users' language).
 */
export function langOf(req: FastifyRequest): Lang {
  const q = (req.query as Record<string, unknown> | undefined)?.lang;
  if (q === 'zh' || q === 'en') return q;
  if (req.headers['hx-request'] === 'true') {
    const a = req.headers['accept-language'];
    if (a === 'en' || a === 'zh-CN') return a === 'en' ? 'en' : 'zh';
  }
  const m = new RegExp(`(?:^|;\\s*)${LANG_COOKIE}=(zh|en)`).exec(req.headers.cookie ?? '');
  return (m?.[1] as Lang | undefined) ?? 'zh';
}

/** A label in a language, with {name} placeholders filled. */
export function say(label: Label, lang: Lang, vars: Record<string, string | number> = {}): string {
  return label[lang].replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
}

/** A function that says a table's labels in one language: `const L = sayer(CORE_LABELS, lang); L('nav_home')`. */
export function sayer<T extends Record<string, Label>>(labels: T, lang: Lang) {
  return (key: keyof T, vars?: Record<string, string | number>) => say(labels[key]!, lang, vars);
}
