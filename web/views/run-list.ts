import type { RunTable } from '../../api/store/schema.ts';
import { esc } from '../html.ts';
import { type Lang, sayer } from '../i18n.ts';
import { DATA_LABELS } from '../labels/data.ts';
import { FORM_KINDS } from './run-form.ts';
import { statusText, when } from './run-common.ts';

export interface RunNames {
  dataset(id: string): string;
  model(ref: string): string;
  /** a scenario's name for people, from its id */
  scenario(id: string): string;
}

const kindName = (kind: string, lang: Lang) => {
  const k = FORM_KINDS.find((x) => x.id === kind);
  return k ? DATA_LABELS[k.label][lang] : kind;
};

/** The stored runs, newest first: kind, dataset and model by name, scenario, years, status, when; each opens its page. */
export function runsTable(rows: RunTable[], names: RunNames, lang: Lang): string {
  const L = sayer(DATA_LABELS, lang);
  if (!rows.length) return `<p>${esc(L('runs_none'))}</p>`;
  const body = rows
    .map((r) => {
      const years = (JSON.parse(r.params) as { years?: number[] }).years ?? [];
      const span = years.length > 1 ? `${years[0]}–${years[years.length - 1]}` : String(years[0] ?? '');
      return `<tr data-run="${esc(r.id)}"><td>${esc(when(r.created_at))}</td><td>${esc(kindName(r.kind, lang))}</td><td>${esc(names.dataset(r.dataset_id))}</td><td>${esc(names.model(r.model))}</td><td>${esc(r.scenario === 'baseline' ? L('scenario_baseline') : names.scenario(r.scenario))}</td><td>${esc(span)}</td><td>${statusText(r.status, lang)}</td><td><a href="/ui/runs/${encodeURIComponent(r.id)}">${esc(L('runs_open'))}<span class="sr"> ${esc(r.id)}</span></a></td></tr>`;
    })
    .join('\n');
  return `<table class="runs"><thead><tr><th scope="col">${esc(L('runs_when'))}</th><th scope="col">${esc(L('runs_kind'))}</th><th scope="col">${esc(L('runs_dataset'))}</th><th scope="col">${esc(L('runs_model'))}</th><th scope="col">${esc(L('runs_scenario'))}</th><th scope="col">${esc(L('runs_years'))}</th><th scope="col">${esc(L('runs_status'))}</th><th scope="col"><span class="sr">${esc(L('runs_open'))}</span></th></tr></thead>
<tbody>${body}</tbody></table>`;
}

/** A run in progress: its status (and the Monte Carlo chunks done), polling every second until it ends. */
export function runProgress(id: string, status: string, chunks: { done: number; total: number } | undefined, lang: Lang): string {
  const L = sayer(DATA_LABELS, lang);
  const bar = chunks
    ? `<p><label for="progress-${esc(id)}">${esc(L('run_progress_chunks', chunks))}</label> <progress id="progress-${esc(id)}" max="${chunks.total}" value="${chunks.done}">${chunks.done}/${chunks.total}</progress></p>`
    : '';
  return `<div class="progress" id="run-progress" data-run="${esc(id)}" data-status="${esc(status)}" hx-get="/ui/runs/${encodeURIComponent(id)}/progress" hx-trigger="every 1s" hx-swap="outerHTML" role="status">
<p>${esc(L('run_progress'))}: ${statusText(status, lang)}</p>${bar}</div>`;
}

/** Links to a run's reports in the page's language; app.js fetches them with the session's key when there is one. */
export function downloadLinks(id: string, lang: Lang): string {
  const L = sayer(DATA_LABELS, lang);
  const link = (format: 'html' | 'xlsx' | 'csv', label: 'download_html' | 'download_xlsx' | 'download_csv') =>
    `<li><a href="/runs/${encodeURIComponent(id)}/report.${format}?lang=${lang}" data-download download="gep-${esc(id)}-${lang}.${format}" data-failed="${esc(L('download_failed', { status: '{status}' }))}">${esc(L(label))}</a></li>`;
  return `<section class="downloads" aria-labelledby="downloads-h"><h2 id="downloads-h">${esc(L('downloads_title'))}</h2>
<ul>${link('html', 'download_html')}${link('xlsx', 'download_xlsx')}${link('csv', 'download_csv')}</ul><output class="download-state" aria-live="polite"></output></section>`;
}
