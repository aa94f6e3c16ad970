import { DEFAULTS } from '../../models/defaults.ts';
import { esc } from '../html.ts';
import { type Lang, sayer } from '../i18n.ts';
import { DATA_LABELS } from '../labels/data.ts';
import { keyedLoad } from './run-common.ts';

/** The home page's start: the sample region ready to run in one click, and the latest runs. */
export function homeSample(lang: Lang): string {
  const L = sayer(DATA_LABELS, lang);
  return `<section class="sample" aria-labelledby="sample-h"><h2 id="sample-h">${esc(L('home_sample_title'))}</h2>
<p class="note">${esc(L('home_sample_note'))}</p>
<form hx-post="/ui/runs" hx-target="#home-run-result" hx-swap="innerHTML" hx-disabled-elt="find button" hx-indicator="#home-busy">
<input type="hidden" name="dataset" value="${esc(DEFAULTS.gep.dataset)}"><input type="hidden" name="kind" value="gep">
<button type="submit" id="run-sample">${esc(L('home_sample_run'))}</button> <span id="home-busy" class="busy" role="status">${esc(L('run_busy'))}</span>
</form>
<div id="home-run-result" aria-live="polite"></div>
</section>
<section aria-labelledby="latest-h"><h2 id="latest-h">${esc(L('home_latest'))}</h2>
${keyedLoad('/ui/runs/list?limit=5', lang, 'latest-runs')}
<p><a href="/ui/runs">${esc(L('home_all_runs'))}</a></p>
</section>`;
}
