import type { Catalogue } from '../../api/catalogue.ts';
import type { CompiledModel } from '../../engine/model/types.ts';
import { listModels, modelVersions } from '../../models/load.ts';
import { esc } from '../html.ts';
import { type Lang, sayer } from '../i18n.ts';
import { DATA_LABELS } from '../labels/data.ts';
import { datasetName, datasetYears, type StoredDataset } from './dataset-list.ts';

/** Every model this server runs, each version kept beside it too (cn-gep-2022@1.1.0 declares method variants). */
export function modelChoices(catalogue: Catalogue, lang: Lang): { ref: string; id: string; title: string }[] {
  const out = new Map<string, { ref: string; id: string; title: string }>();
  for (const id of listModels()) {
    const refs = [id, ...modelVersions(id).map((v) => `${id}@${v}`)];
    for (const r of refs) {
      const m = catalogue.model(r);
      if (!out.has(m.ref)) out.set(m.ref, { ref: m.ref, id: m.id, title: m.title[lang] });
    }
  }
  return [...out.values()];
}

/** The kinds the form offers, and the dataset file each needs beyond the GEP account's. */
export const FORM_KINDS = [
  { id: 'gep', label: 'kind_gep', note: 'kind_gep_note', needs: undefined },
  { id: 'dual', label: 'kind_dual', note: 'kind_dual_note', needs: 'economy' },
  { id: 'carbon', label: 'kind_carbon', note: 'kind_carbon_note', needs: 'carbon_activity' },
] as const;
const NEEDS_FILE = { economy: 'economy.csv', carbon_activity: 'carbon-activity.csv' } as const;

export interface RunFormState {
  dataset: StoredDataset;
  datasets: StoredDataset[];
  model: CompiledModel;
  models: { ref: string; title: string }[];
  kind: string;
  method: Record<string, string>;
  draws: string;
  seed: string;
}

/**
 * The run form: dataset, model, kind (what each adds), years of the dataset, a method variant per service that
 * declares some, and optional Monte Carlo draws. Choosing another dataset or model draws the form again
 * (GET /ui/run/form) with its years and variants.
 */
export function runForm(s: RunFormState, lang: Lang): string {
  const L = sayer(DATA_LABELS, lang);
  const refresh = `hx-get="/ui/run/form" hx-trigger="change" hx-target="#run-form" hx-swap="innerHTML" hx-include="closest form"`;
  const datasets = s.datasets
    .map(
      (d) => `<option value="${esc(d.id)}"${d.id === s.dataset.id ? ' selected' : ''}>${esc(datasetName(d, lang))} (${esc(d.id)})</option>`,
    )
    .join('');
  const models = s.models
    .map((m) => `<option value="${esc(m.ref)}"${m.ref === s.model.ref ? ' selected' : ''}>${esc(m.title)} (${esc(m.ref)})</option>`)
    .join('');
  const files = (s.dataset.manifest as { files?: Record<string, string> }).files ?? {};
  const kinds = FORM_KINDS.map((k) => {
    const missing = k.needs !== undefined && !files[k.needs];
    const checked = s.kind === k.id && !missing;
    return `<li><input type="radio" id="kind-${k.id}" name="kind" value="${k.id}"${checked ? ' checked' : ''}${missing ? ' disabled' : ''} aria-describedby="kind-${k.id}-note">
<label for="kind-${k.id}">${esc(L(k.label))}</label> <small id="kind-${k.id}-note">${esc(L(k.note))}${missing ? ` — ${esc(L('kind_needs', { file: NEEDS_FILE[k.needs] }))}` : ''}</small></li>`;
  }).join('\n');
  const years = datasetYears(s.dataset)
    .map((y) => `<li><input type="checkbox" id="year-${y}" name="years" value="${y}" checked><label for="year-${y}">${y}</label></li>`)
    .join('');
  const variants = [...s.model.variants.entries()]
    .filter(([, vs]) => vs.length > 1)
    .map(([service, vs]) => {
      const svc = s.model.services.find((x) => x.id === service);
      const chosen = s.method[service] ?? vs.find((v) => v.default)?.id;
      const opts = vs
        .map(
          (v) =>
            `<option value="${esc(v.id)}"${v.id === chosen ? ' selected' : ''}>${esc(v.label[lang])}${v.default ? esc(L('run_methods_default')) : ''}</option>`,
        )
        .join('');
      return `<tr><th scope="row"><label for="method-${esc(service)}">${esc(svc ? svc.label[lang] : service)}</label></th><td><select id="method-${esc(service)}" name="method.${esc(service)}">${opts}</select></td></tr>`;
    })
    .join('');
  const methods = variants
    ? `<table class="methods"><thead><tr><th scope="col">${esc(L('run_service'))}</th><th scope="col">${esc(L('run_variant'))}</th></tr></thead><tbody>${variants}</tbody></table>`
    : `<p>${esc(L('run_methods_none'))}</p>`;
  return `<form id="run" hx-post="/ui/runs" hx-target="#run-result" hx-swap="innerHTML" hx-disabled-elt="find button[type=submit]" hx-indicator="#run-busy">
<p><label for="run-dataset">${esc(L('run_dataset'))}</label> <select id="run-dataset" name="dataset" ${refresh}>${datasets}</select></p>
<p><label for="run-model">${esc(L('run_model'))}</label> <select id="run-model" name="model" ${refresh}>${models}</select></p>
<fieldset><legend>${esc(L('run_kind'))}</legend><ul class="choices">${kinds}</ul></fieldset>
<fieldset><legend>${esc(L('run_years'))}</legend><input type="hidden" name="years_listed" value="1"><ul class="choices inline">${years}</ul></fieldset>
<fieldset><legend>${esc(L('run_methods'))}</legend>${methods}</fieldset>
<fieldset><legend>${esc(L('run_uncertainty'))}</legend>
<p><label for="run-draws">${esc(L('run_draws'))}</label> <input id="run-draws" name="draws" inputmode="numeric" size="8" value="${esc(s.draws)}">
<label for="run-seed">${esc(L('run_seed'))}</label> <input id="run-seed" name="seed" inputmode="numeric" size="10" value="${esc(s.seed)}"></p>
</fieldset>
<p><button type="submit">${esc(L('run_submit'))}</button> <span id="run-busy" class="busy" role="status">${esc(L('run_busy'))}</span></p>
</form>`;
}

/** A whole number as typed, or the text itself (so that the schema names the field that is not a number). */
export const wholeNumber = (s: string): number | string => (/^\s*\d{1,10}\s*$/.test(s) ? Number(s.trim()) : s);

/**
 * The form's fields as a RunRequest body (api/runs.ts checks it, as it checks POST /runs): the variants
 * chosen other than a service's default (an explicit default gives the same run), draws only when given.
 */
export function runRequestOf(body: Record<string, unknown>, model: CompiledModel | undefined): Record<string, unknown> {
  const one = (k: string) => {
    const v = body[k];
    return typeof v === 'string' ? v : Array.isArray(v) ? String(v[0] ?? '') : '';
  };
  const years = ([] as unknown[]).concat(body.years ?? []).map((y) => wholeNumber(String(y)));
  const method: Record<string, string> = {};
  for (const [k, v] of Object.entries(body)) {
    if (!k.startsWith('method.') || typeof v !== 'string') continue;
    const service = k.slice('method.'.length);
    const def = model?.variants.get(service)?.find((x) => x.default)?.id;
    if (v !== def) method[service] = v;
  }
  const draws = one('draws').trim();
  return {
    kind: one('kind') || 'gep',
    ...(one('dataset') ? { dataset: one('dataset') } : {}),
    ...(one('model') ? { model: one('model') } : {}),
    // the form lists the years: none ticked is a mistake the schema names, not "all years"
    ...(years.length || body.years_listed ? { years } : {}),
    ...(Object.keys(method).length ? { method } : {}),
    ...(draws ? { uncertainty: { draws: wholeNumber(draws), seed: wholeNumber(one('seed').trim() || '0') } } : {}),
  };
}
