import type { listDatasets } from '../../api/store/datasets.ts';
import { esc } from '../html.ts';
import { type Lang, sayer } from '../i18n.ts';
import { DATA_LABELS } from '../labels/data.ts';
import { named, when } from './run-common.ts';

export type StoredDataset = Awaited<ReturnType<typeof listDatasets>>[number];
type Manifest = { name?: unknown; regions?: { id: string; name?: unknown }[]; years?: number[] };

/** The regions of a dataset by name (the manifest's), never by id. */
export const regionNames = (d: StoredDataset, lang: Lang): string =>
  ((d.manifest as Manifest).regions ?? []).map((r) => named(r.name, lang, r.id)).join('、');

export const datasetYears = (d: StoredDataset): number[] => (d.manifest as Manifest).years ?? [];

/** A dataset's name in the page's language (the manifest's name), else its manifest id. */
export const datasetName = (d: Pick<StoredDataset, 'manifest' | 'name'>, lang: Lang): string =>
  named((d.manifest as Manifest).name, lang, d.name);

const runLink = (d: StoredDataset, lang: Lang) =>
  `<a class="button" href="/ui/run?dataset=${encodeURIComponent(d.id)}">${esc(DATA_LABELS.ds_run_it[lang])}</a>`;

/** The stored datasets, newest first: name, id, regions, years, the model it was checked against, when stored. */
export function datasetTable(rows: StoredDataset[], lang: Lang, modelTitle: (ref: string) => string): string {
  const L = sayer(DATA_LABELS, lang);
  if (!rows.length) return `<p>${esc(L('datasets_none'))}</p>`;
  const body = rows
    .map(
      (
        d,
      ) => `<tr data-dataset="${esc(d.id)}"><th scope="row">${esc(datasetName(d, lang))}${d.illustrative ? ` <small class="tag">${esc(L('ds_illustrative'))}</small>` : ''}</th>
<td><code>${esc(d.id)}</code></td><td>${esc(regionNames(d, lang))}</td><td>${esc(datasetYears(d).join(', '))}</td><td>${esc(modelTitle(d.model))}</td><td>${esc(when(d.created_at))}</td><td>${runLink(d, lang)}</td></tr>`,
    )
    .join('\n');
  return `<table class="datasets"><caption>${esc(L('datasets_stored'))}</caption><thead><tr><th scope="col">${esc(L('ds_name'))}</th><th scope="col">${esc(L('ds_id'))}</th><th scope="col">${esc(L('ds_regions'))}</th><th scope="col">${esc(L('ds_years'))}</th><th scope="col">${esc(L('ds_model'))}</th><th scope="col">${esc(L('ds_stored_at'))}</th><th scope="col"><span class="sr">${esc(L('ds_run_it'))}</span></th></tr></thead>
<tbody>${body}</tbody></table>`;
}

/** The card an upload that passed answers with: the dataset, what was left out, and "run it". */
export function datasetCard(d: StoredDataset, created: boolean, ignored: string[], lang: Lang, modelTitle: string): string {
  const L = sayer(DATA_LABELS, lang);
  return `<section class="card ok" role="status" data-dataset="${esc(d.id)}">
<h3>${esc(L(created ? 'upload_ok' : 'upload_same'))}</h3>
<dl><dt>${esc(L('ds_name'))}</dt><dd>${esc(datasetName(d, lang))}</dd><dt>${esc(L('ds_id'))}</dt><dd><code>${esc(d.id)}</code></dd>
<dt>${esc(L('ds_regions'))}</dt><dd>${esc(regionNames(d, lang))}</dd><dt>${esc(L('ds_years'))}</dt><dd>${esc(datasetYears(d).join(', '))}</dd>
<dt>${esc(L('ds_model'))}</dt><dd>${esc(modelTitle)}</dd></dl>
${ignored.length ? `<p class="note">${esc(L('upload_ignored', { files: ignored.join(', ') }))}</p>` : ''}
<p>${runLink(d, lang)}</p>
</section>`;
}

/** The upload form: a folder, or files (CSVs with their manifest, or one workbook), and the model to check against. */
export function uploadForm(models: { ref: string; title: string }[], chosen: string, lang: Lang): string {
  const L = sayer(DATA_LABELS, lang);
  const options = models
    .map((m) => `<option value="${esc(m.ref)}"${m.ref === chosen ? ' selected' : ''}>${esc(m.title)} (${esc(m.ref)})</option>`)
    .join('');
  return `<section aria-labelledby="upload-h"><h2 id="upload-h">${esc(L('upload_title'))}</h2>
<p>${esc(L('upload_intro'))}</p>
<form id="upload-form" hx-post="/ui/datasets" hx-encoding="multipart/form-data" hx-target="#upload-result" hx-swap="innerHTML" hx-disabled-elt="find button" hx-indicator="#upload-busy">
<p><label for="up-folder">${esc(L('upload_folder'))}</label><br><input id="up-folder" name="folder" type="file" multiple webkitdirectory></p>
<p><label for="up-files">${esc(L('upload_files'))}</label><br><input id="up-files" name="files" type="file" multiple accept=".csv,.yaml,.yml,.xlsx,text/csv"></p>
<p><label for="up-model">${esc(L('upload_model'))}</label> <select id="up-model" name="model">${options}</select></p>
<p><button type="submit">${esc(L('upload_submit'))}</button> <span id="upload-busy" class="busy" role="status">${esc(L('upload_busy'))}</span></p>
</form>
<div id="upload-result" aria-live="polite"></div>
</section>`;
}
