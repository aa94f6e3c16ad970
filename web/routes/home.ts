import type { FastifyPluginAsync } from 'fastify';
import type { Ctx } from '../../api/context.ts';
import { esc } from '../html.ts';
import { LANG_COOKIE, langOf, sayer } from '../i18n.ts';
import { page } from '../layout.ts';
import { CORE_LABELS } from '../labels/core.ts';
import { homeSample } from '../views/run-home.ts';

/**
 * Where the language switch may send the browser back to: a path on this server, never another site. Printable
 * ASCII only (what a page's own percent-encoded path holds): anything else is no valid Location header, which
 * Node refuses with a 500 after the route has answered.
 */
const safeBack = (b: unknown) => (typeof b === 'string' && /^\/(?![/\\])[\x21-\x5b\x5d-\x7e]*$/.test(b) ? b : '/');

/** GET / (the workbench's first page) and GET /ui/lang/:lang (the language switch). */
export const homeRoutes: FastifyPluginAsync<Ctx> = async (app) => {
  app.get('/', { config: { auth: 'open' } }, async (req, reply) => {
    const lang = langOf(req);
    const L = sayer(CORE_LABELS, lang);
    const body = `<p>${esc(L('home_intro'))}</p>
<ol class="steps">
<li><a href="/ui/datasets">${esc(L('home_step_dataset'))}</a></li>
<li><a href="/ui/run">${esc(L('home_step_run'))}</a></li>
<li><a href="/ui/scenarios">${esc(L('home_step_scenario'))}</a></li>
</ol>
${homeSample(lang)}`;
    return reply.type('text/html; charset=utf-8').send(page({ lang, title: L('app_title'), active: 'home', body, path: '/' }));
  });

  app.get<{ Params: { lang: string }; Querystring: { back?: string } }>(
    '/ui/lang/:lang',
    { config: { auth: 'open' } },
    async (req, reply) => {
      const lang = req.params.lang === 'en' ? 'en' : 'zh';
      return reply
        .header('set-cookie', `${LANG_COOKIE}=${lang}; Path=/; Max-Age=31536000; SameSite=Lax`)
        .redirect(safeBack(req.query.back), 303);
    },
  );
};
