import { randomBytes } from 'node:crypto';
import { dec, str } from '../../engine/core/decimal.ts';
import { isBoundedDecimal } from '../../engine/core/decimal-text.ts';
import type { Issue, IssueCode } from '../../engine/core/errors.ts';
import type { CoefInfo, CompiledModel, DimInfo } from '../../engine/model/types.ts';
import { unitSymbol } from '../../reports/format.ts';
import type { Label } from '../../reports/labels.ts';
import { attrs, esc } from '../html.ts';
import { type Lang, sayer } from '../i18n.ts';
import { SCENARIO_LABELS } from '../labels/scenario.ts';
import { problemMessage } from '../problems.ts';

/** The four kinds of rows of the builder, named as in the scenario file. */
export const SECTIONS = ['coefficients', 'conversions', 'growth', 'uncertainty'] as const;
export type Section = (typeof SECTIONS)[number];

/** The fields of a row of each section, as the form posts them (`<prefix>.<field>`, repeated once per row). */
const FIELDS = {
  coefficients: ['uid', 'coefficient', 'key', 'mode', 'value', 'from', 'until', 'price_year', 'source'],
  conversions: ['uid', 'region', 'from_type', 'to_type', 'area', 'unit', 'from', 'source'],
  growth: ['uid', 'input', 'key', 'region', 'base_year', 'rate', 'source'],
  uncertainty: ['uid', 'target', 'key', 'low', 'high', 'mode', 'distribution', 'source'],
} as const satisfies Record<Section, readonly string[]>;
const PREFIX: Record<Section, string> = { coefficients: 'c', conversions: 'v', growth: 'g', uncertainty: 'u' };

export type Row = Record<string, string>;
type RowOf<S extends Section> = Record<(typeof FIELDS)[S][number], string>;
/** What the builder's form holds: text as typed, rows in page order. */
export interface FormState {
  id: string;
  label_zh: string;
  label_en: string;
  description: string;
  model: string;
  dataset: string;
  rows: Record<Section, Row[]>;
}

/** What the form needs from the base: the model and the dataset's regions (with their names). */
export interface FormBase {
  model: CompiledModel;
  models: { ref: string; title: Label }[];
  datasets: { name: string; label: Label }[];
  regions: { id: string; name: Label }[];
}

/** A problem as the form shows it: in its row (section and index) and field, or on the scenario as a whole. */
export interface RowProblem {
  section?: Section;
  row?: number;
  field: string;
  message: string;
  /** the issue's code, when it has one: the zh summary says its message in Chinese (web/problems.ts) */
  code?: IssueCode;
}

const text = (v: unknown): string => (Array.isArray(v) ? String(v[0] ?? '') : v === undefined ? '' : String(v));
const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : v === undefined ? [] : [String(v)]);

/** The form's fields (a parsed urlencoded body or query) as rows: repeated names line up, one per row. */
export function formState(body: Record<string, unknown>): FormState {
  const rows = {} as Record<Section, Row[]>;
  for (const s of SECTIONS) {
    const cols = Object.fromEntries(FIELDS[s].map((f) => [f, list(body[`${PREFIX[s]}.${f}`])]));
    const n = Math.max(0, ...Object.values(cols).map((c) => c.length));
    rows[s] = Array.from({ length: n }, (_, i) => Object.fromEntries(FIELDS[s].map((f) => [f, (cols[f]![i] ?? '').trim()])));
  }
  return {
    id: text(body.id).trim(),
    label_zh: text(body.label_zh).trim(),
    label_en: text(body.label_en).trim(),
    description: text(body.description).trim(),
    model: text(body.model).trim(),
    dataset: text(body.dataset).trim(),
    rows,
  };
}

/** A year as typed: a number when it is one, else the text (the schema then names the field). */
const yearOf = (t: string): number | string => (/^\d{1,4}$/.test(t) ? Number(t) : t);
const opt = <T>(t: string, f: (t: string) => T) => (t === '' ? undefined : f(t));

/**
 * The scenario a form describes, in the format of engine/scenario/schema.ts, with the problems only the form can
 * have (a multiplier given a key). Empty optional fields are left out; a year that is not a number is passed on as
 * text, so that the one validation (api/scenario-save.ts) names its row and field.
 */
export function scenarioOf(f: FormState): { scenario: Record<string, unknown>; problems: RowProblem[] } {
  const problems: RowProblem[] = [];
  const coefficients = (f.rows.coefficients as RowOf<'coefficients'>[]).map((r, n) => {
    if (r.mode === 'scale' && r.key)
      problems.push({ section: 'coefficients', row: n, field: 'key', message: SCENARIO_LABELS.scale_key.en });
    const change = r.mode === 'scale' ? { scale: r.value } : r.key ? { table: { [r.key]: r.value } } : { value: r.value };
    return clean({
      coefficient: r.coefficient,
      from: yearOf(r.from),
      until: opt(r.until, yearOf),
      ...change,
      price_year: r.mode === 'scale' ? undefined : opt(r.price_year, yearOf),
      source: r.source,
    });
  });
  const conversions = (f.rows.conversions as RowOf<'conversions'>[]).map((r) =>
    clean({
      region: opt(r.region, (x) => x),
      from_type: r.from_type,
      to_type: r.to_type,
      // km² → ha is × 100, exact; text that is not a number is passed on for the schema to refuse
      area_ha: r.unit === 'km2' && isBoundedDecimal(r.area, { fractions: true }) ? str(dec(r.area).times(100)) : r.area,
      from: yearOf(r.from),
      source: r.source,
    }),
  );
  const growth = (f.rows.growth as RowOf<'growth'>[]).map((r) =>
    clean({
      input: r.input,
      key: r.key,
      region: opt(r.region, (x) => x),
      base_year: yearOf(r.base_year),
      rate: r.rate,
      source: r.source,
    }),
  );
  const uncertainty = (f.rows.uncertainty as RowOf<'uncertainty'>[]).map((r) => {
    const [kind, name] = r.target.split(':') as [string, string | undefined];
    return clean({
      [kind === 'input' ? 'input' : 'coefficient']: name ?? '',
      key: opt(r.key, (x) => x),
      low: r.low,
      high: r.high,
      mode: opt(r.mode, (x) => x),
      distribution: r.distribution || 'uniform',
      source: opt(r.source, (x) => x),
    });
  });
  const label = f.label_zh && f.label_en ? { zh: f.label_zh, en: f.label_en } : f.label_zh || f.label_en;
  return {
    scenario: clean({
      id: f.id,
      label,
      description: opt(f.description, (x) => x),
      base: { model: f.model, dataset: f.dataset },
      overrides: { coefficients, inputs: [], conversions, growth },
      uncertainty,
    }),
    problems,
  };
}

function clean<T extends Record<string, unknown>>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** A scenario as stored (or uploaded) back into the form, so that a stored one can be edited into a new one. */
export function formOf(s: Record<string, unknown>, fallback: { model: string; dataset: string }): FormState {
  const sc = s as {
    id?: string;
    label?: string | Label;
    description?: string;
    base?: { model?: string; dataset?: string };
    overrides?: { coefficients?: Record<string, unknown>[]; conversions?: Record<string, unknown>[]; growth?: Record<string, unknown>[] };
    uncertainty?: Record<string, unknown>[];
  };
  const t = (v: unknown) => (v === undefined || v === null ? '' : String(v));
  const label = typeof sc.label === 'string' ? { zh: sc.label, en: '' } : (sc.label ?? { zh: '', en: '' });
  return {
    id: t(sc.id),
    label_zh: label.zh,
    label_en: label.en,
    description: t(sc.description),
    model: sc.base?.model ?? fallback.model,
    dataset: sc.base?.dataset ?? fallback.dataset,
    rows: {
      coefficients: (sc.overrides?.coefficients ?? []).map((c) => {
        const table = c.table as Record<string, unknown> | undefined;
        const [key, v] = table ? (Object.entries(table)[0] ?? ['', '']) : ['', ''];
        return {
          uid: uid(),
          coefficient: t(c.coefficient),
          key: t(key),
          mode: c.scale !== undefined ? 'scale' : 'value',
          value: t(c.scale ?? c.value ?? (typeof v === 'object' ? (v as { value?: unknown }).value : v)),
          from: t(c.from),
          until: t(c.until),
          price_year: t(c.price_year),
          source: t(c.source),
        };
      }),
      conversions: (sc.overrides?.conversions ?? []).map((c) => ({
        uid: uid(),
        region: t(c.region),
        from_type: t(c.from_type),
        to_type: t(c.to_type),
        area: t(c.area_ha),
        unit: 'ha',
        from: t(c.from),
        source: t(c.source),
      })),
      growth: (sc.overrides?.growth ?? []).map((g) => ({
        uid: uid(),
        input: t(g.input),
        key: t(g.key),
        region: t(g.region),
        base_year: t(g.base_year),
        rate: t(g.rate),
        source: t(g.source),
      })),
      uncertainty: (sc.uncertainty ?? []).map((u) => ({
        uid: uid(),
        target: u.input !== undefined ? `input:${t(u.input)}` : `coefficient:${t(u.coefficient)}`,
        key: t(u.key),
        low: t(u.low),
        high: t(u.high),
        mode: t(u.mode),
        distribution: t(u.distribution) || 'uniform',
        source: t(u.source),
      })),
    },
  };
}

/** A fresh id for a row's controls (label for=…): rows are added and removed in the page, in any order. */
export const uid = (): string => randomBytes(4).toString('hex');

/**
 * Issues of the one validation (the schema: `overrides.coefficients.0.value`; the overlay:
 * `overrides.coefficients[0].value`) placed on their section, row and field.
 */
export function rowProblems(issues: (Pick<Issue, 'path' | 'message' | 'column'> & { code?: IssueCode })[]): RowProblem[] {
  return issues.map((i) => {
    const path = i.path ?? i.column ?? '';
    const code = i.code ? { code: i.code } : {};
    const m = /^(?:overrides\.)?(coefficients|conversions|growth|uncertainty)(?:\.(\d+)|\[(\d+)\])\.?(.*)$/.exec(path);
    if (!m) return { field: path, message: i.message, ...code };
    const section = m[1] as Section;
    const field = FORM_FIELD[section][m[4]!.split('.')[0]!] ?? (m[4]!.split('.')[0] || '');
    return { section, row: Number(m[2] ?? m[3]), field, message: i.message, ...code };
  });
}

/** Which form field a path's field is in (a table row's value is the value box; area_ha the area box). */
const FORM_FIELD: Record<Section, Record<string, string>> = {
  coefficients: { table: 'value', scale: 'value', value: 'value', range: 'value' },
  conversions: { area_ha: 'area' },
  growth: {},
  uncertainty: { coefficient: 'target', input: 'target', factor: 'target' },
};

type L = ReturnType<typeof sayer<typeof SCENARIO_LABELS>>;
const name = (label: Label | undefined, id: string, lang: Lang) => (label ? `${label[lang]}（${id}）` : id);

function select(id: string, fname: string, options: { value: string; text: string }[], chosen: string, extra = ''): string {
  const opts = options.map((o) => `<option${attrs({ value: o.value, selected: o.value === chosen })}>${esc(o.text)}</option>`).join('');
  return `<select id="${esc(id)}" name="${esc(fname)}"${extra}>${opts}</select>`;
}
function field(L: L, id: string, label: keyof typeof SCENARIO_LABELS, control: string, problem?: string): string {
  return `<div class="field${problem ? ' invalid' : ''}"><label for="${esc(id)}">${esc(L(label))}</label>${control}${
    problem ? `<p class="field-problem" id="${esc(id)}-problem">${esc(problem)}</p>` : ''
  }</div>`;
}
function input(id: string, fname: string, value: string, o: { size?: number; problem?: string; mode?: string } = {}): string {
  return `<input${attrs({
    id,
    name: fname,
    value,
    size: o.size ?? 10,
    inputmode: o.mode,
    'aria-invalid': o.problem ? 'true' : undefined,
    'aria-describedby': o.problem ? `${id}-problem` : undefined,
    autocomplete: 'off',
  })}>`;
}

/** The entry of a coefficient in force in `year` (the latest when the year is not given or before every entry). */
function entryAt(c: CoefInfo, year: number | undefined) {
  const before = year === undefined ? [] : c.entries.filter((e) => e.from <= year);
  return before.at(-1) ?? c.entries.at(-1)!;
}

const keyName = (dims: readonly DimInfo[], key: string, lang: Lang) =>
  key
    .split('|')
    .map((k, n) => dims[n]?.keyLabels.get(k)?.[lang] ?? dims[n]?.groups.get(k)?.[lang] ?? k)
    .join(' · ');

/** The model's value of a coefficient (for the key and year of a row), its unit, price year and source: shown beside the input. */
export function coefficientNow(model: CompiledModel, r: Row, lang: Lang): string {
  const L = sayer(SCENARIO_LABELS, lang);
  const c = model.coefficients.get(r.coefficient ?? '');
  if (!c) return '';
  const y = /^\d{4}$/.test(r.from ?? '') ? Number(r.from) : undefined;
  const e = entryAt(c, y);
  const cell = e.scalar ?? (r.key ? e.table?.get(r.key) : undefined);
  const value = cell
    ? str(cell.value)
    : [...(e.table ?? new Map())].map(([k, v]) => `${keyName(c.dims, k, lang)} ${str(v.value)}`).join('；');
  const price = c.currency ? L('priced_in', { year: e.priceYear }) : L('not_money');
  return `<div class="coef-now" data-coefficient="${esc(c.name)}"><strong>${esc(L('current'))}</strong>: <span class="coef-value" data-exact="${esc(cell ? str(cell.value) : '')}">${esc(
    L('current_value', { value, unit: unitSymbol(c.unit.text, lang), year: e.from, price }),
  )}</span><br><small>${esc(L('source_of'))}: ${esc(e.source)}</small></div>`;
}

/** The keys a row of a coefficient may change: the table rows of its entry in force (groups included). */
function coefficientKeys(c: CoefInfo | undefined, year: number | undefined): string[] {
  if (!c?.dims.length) return [];
  return [...(entryAt(c, year).table?.keys() ?? [])];
}

/** One row of a section, as a fieldset the add and remove buttons act on; its problems shown inside it. */
export function rowHtml(section: Section, r: Row, base: FormBase, lang: Lang, problems: RowProblem[] = []): string {
  const L = sayer(SCENARIO_LABELS, lang);
  const p = PREFIX[section];
  const u = r.uid || uid();
  const id = (f: string) => `${p}-${f}-${u}`;
  const fn = (f: string) => `${p}.${f}`;
  const prob = (f: string) =>
    problems
      .filter((x) => x.field === f)
      .map((x) => x.message)
      .join('; ') || undefined;
  const general = problems.filter((x) => !FIELDS[section].includes(x.field as never)).map((x) => x.message);
  const v = (f: string) => r[f] ?? '';
  const inp = (f: string, label: keyof typeof SCENARIO_LABELS, size = 8, mode?: string) =>
    field(L, id(f), label, input(id(f), fn(f), v(f), { size, problem: prob(f), ...(mode ? { mode } : {}) }), prob(f));
  const sel = (f: string, label: keyof typeof SCENARIO_LABELS, options: { value: string; text: string }[], extra = '') =>
    field(L, id(f), label, select(id(f), fn(f), options, v(f), `${prob(f) ? ' aria-invalid="true"' : ''}${extra}`), prob(f));
  const { model } = base;
  const regions = [{ value: '', text: L('region_all') }, ...base.regions.map((x) => ({ value: x.id, text: x.name[lang] }))];
  // a choice that changes what the row offers (a coefficient's keys and value now) redraws the row in place
  const redraw = ` hx-get="/ui/scenarios/row/${section}?lang=${lang}&amp;model=${encodeURIComponent(model.ref)}" hx-trigger="change" hx-target="closest fieldset" hx-swap="outerHTML" hx-include="closest fieldset"`;
  let cells: string[];
  if (section === 'coefficients') {
    const c = model.coefficients.get(v('coefficient'));
    const year = /^\d{4}$/.test(v('from')) ? Number(v('from')) : undefined;
    const keys = coefficientKeys(c, year);
    cells = [
      sel(
        'coefficient',
        'coefficient',
        [
          { value: '', text: L('choose') },
          ...[...model.coefficients.values()].map((x) => ({ value: x.name, text: name(x.label, x.name, lang) })),
        ],
        redraw,
      ),
      sel('key', 'key', [{ value: '', text: L('key_all') }, ...keys.map((k) => ({ value: k, text: keyName(c!.dims, k, lang) }))], redraw),
      sel('mode', 'mode', [
        { value: 'value', text: L('mode_value') },
        { value: 'scale', text: L('mode_scale') },
      ]),
      inp('value', 'value', 12, 'decimal'),
      inp('from', 'from', 5, 'numeric'),
      inp('until', 'until', 5, 'numeric'),
      inp('price_year', 'price_year', 5, 'numeric'),
      inp('source', 'source', 30),
      `<div class="field wide">${coefficientNow(model, r, lang)}</div>`,
    ];
  } else if (section === 'conversions') {
    const dim = [...model.inputs.values()].find((i) => i.table === 'extent')?.dims[0];
    const types = [
      { value: '', text: L('choose') },
      ...(dim?.keys ?? []).map((k) => ({ value: k, text: name(dim!.keyLabels.get(k), k, lang) })),
    ];
    cells = [
      sel('region', 'region', regions),
      sel('from_type', 'from_type', types),
      sel('to_type', 'to_type', types),
      inp('area', 'area', 8, 'decimal'),
      sel('unit', 'area_unit', [
        { value: 'ha', text: L('unit_ha') },
        { value: 'km2', text: L('unit_km2') },
      ]),
      inp('from', 'year', 5, 'numeric'),
      inp('source', 'source', 30),
    ];
  } else if (section === 'growth') {
    cells = [
      sel('input', 'input', [
        { value: '', text: L('choose') },
        ...[...model.inputs.values()]
          .filter((i) => i.table !== 'extent')
          .map((i) => ({ value: i.name, text: name(i.label, i.name, lang) })),
      ]),
      inp('key', 'key', 12),
      sel('region', 'region', regions),
      inp('base_year', 'base_year', 5, 'numeric'),
      inp('rate', 'rate', 8, 'decimal'),
      inp('source', 'source', 30),
    ];
  } else {
    cells = [
      field(
        L,
        id('target'),
        'target',
        `<select id="${esc(id('target'))}" name="${esc(fn('target'))}"${prob('target') ? ' aria-invalid="true"' : ''}><option value="">${esc(L('choose'))}</option><optgroup label="${esc(L('target_coefficients'))}">${[...model.coefficients.values()].map((x) => `<option${attrs({ value: `coefficient:${x.name}`, selected: v('target') === `coefficient:${x.name}` })}>${esc(name(x.label, x.name, lang))}</option>`).join('')}</optgroup><optgroup label="${esc(L('target_inputs'))}">${[...model.inputs.values()].map((x) => `<option${attrs({ value: `input:${x.name}`, selected: v('target') === `input:${x.name}` })}>${esc(name(x.label, x.name, lang))}</option>`).join('')}</optgroup></select>`,
        prob('target'),
      ),
      inp('key', 'key', 12),
      inp('low', 'low', 8, 'decimal'),
      inp('high', 'high', 8, 'decimal'),
      inp('mode', 'mode_value_opt', 8, 'decimal'),
      sel(
        'distribution',
        'distribution',
        (['uniform', 'triangular', 'normal', 'lognormal'] as const).map((d) => ({ value: d, text: L(`dist_${d}`) })),
      ),
      inp('source', 'source', 30),
    ];
  }
  const legend = `${L(section)} <span class="row-n"></span>`;
  return `<fieldset class="row"${attrs({ 'data-section': section, 'data-invalid': problems.length ? 'true' : undefined })}><legend>${legend}</legend><input type="hidden" name="${fn('uid')}" value="${esc(u)}">${cells.join('')}${
    general.length ? `<p class="field-problem" role="alert">${esc(general.join('; '))}</p>` : ''
  }<button type="button" class="remove" hx-get="/ui/scenarios/none" hx-target="closest fieldset" hx-swap="delete">${esc(L('remove_row'))}</button></fieldset>`;
}

/** A blank row of a section (what "add a row" appends). */
export function blankRow(section: Section, base: FormBase): Row {
  const r: Row = Object.fromEntries(FIELDS[section].map((f) => [f, ''])) as Row;
  r.uid = uid();
  if (section === 'coefficients') r.mode = 'value';
  if (section === 'conversions') r.unit = 'ha';
  if (section === 'uncertainty') r.distribution = 'uniform';
  void base;
  return r;
}

/** The whole builder: scenario fields, base, the four sections of rows, the problems of the last save at the top. */
export function builderHtml(f: FormState, base: FormBase, lang: Lang, problems: RowProblem[] = []): string {
  const L = sayer(SCENARIO_LABELS, lang);
  const top = (k: string) => problems.filter((p) => p.section === undefined && (p.field === k || p.field.startsWith(`${k}.`)));
  const msg = (k: string) =>
    top(k)
      .map((p) => p.message)
      .join('; ') || undefined;
  const t = (k: 'id' | 'label_zh' | 'label_en' | 'description', size: number, path: string = k) =>
    field(L, `sc-${k}`, k, input(`sc-${k}`, k, f[k], { size, problem: msg(path) }), msg(path));
  const sections = SECTIONS.map((s) => {
    const rows = f.rows[s]
      .map((r, n) =>
        rowHtml(
          s,
          r,
          base,
          lang,
          problems.filter((p) => p.section === s && p.row === n),
        ),
      )
      .join('');
    return `<section class="rows" aria-labelledby="h-${s}"><h3 id="h-${s}">${esc(L(s))}</h3><div id="rows-${s}" class="row-list">${rows}</div><button type="button" class="add" hx-get="/ui/scenarios/row/${s}?lang=${lang}&amp;model=${encodeURIComponent(base.model.ref)}" hx-target="#rows-${s}" hx-swap="beforeend">${esc(L('add_row'))}：${esc(L(s))}</button></section>`;
  }).join('');
  const summary = problems.length ? problemSummary(problems, lang) : '';
  return `<form id="builder" class="builder" hx-post="/ui/scenarios?lang=${lang}" hx-target="#builder" hx-swap="outerHTML" autocomplete="off">
${summary}
<fieldset class="head"><legend>${esc(L('builder'))}</legend>
${t('id', 24)}${t('label_zh', 24, 'label')}${t('label_en', 24, 'label')}
<div class="field wide${msg('description') ? ' invalid' : ''}"><label for="sc-description">${esc(L('description'))}</label><textarea id="sc-description" name="description" rows="2" cols="80">${esc(f.description)}</textarea></div>
${field(
  L,
  'sc-model',
  'model',
  select(
    'sc-model',
    'model',
    base.models.map((m) => ({ value: m.ref, text: `${m.title[lang]}（${m.ref}）` })),
    f.model,
    ` hx-get="/ui/scenarios/form?lang=${lang}" hx-trigger="change" hx-target="#builder" hx-swap="outerHTML" hx-include="#builder"`,
  ),
  msg('base.model'),
)}
${field(
  L,
  'sc-dataset',
  'dataset',
  select(
    'sc-dataset',
    'dataset',
    base.datasets.map((d) => ({ value: d.name, text: `${d.label[lang]}（${d.name}）` })),
    f.dataset,
  ),
  msg('base.dataset'),
)}
</fieldset>
${sections}
<p><button type="submit" class="primary">${esc(L('save'))}</button></p>
</form>`;
}

/** Every problem of a save, each with its row (section and number) and field, as one table at the top of the form. */
export function problemSummary(problems: RowProblem[], lang: Lang): string {
  const L = sayer(SCENARIO_LABELS, lang);
  const rows = problems
    .map(
      (p) =>
        `<tr${attrs({ 'data-section': p.section, 'data-row': p.row })}><td>${esc(p.section ? `${L(p.section)} ${L('row_n', { n: (p.row ?? 0) + 1 })}` : L('general'))}</td><td><code>${esc(p.field)}</code></td><td>${p.code ? problemMessage({ code: p.code, message: p.message }, lang) : esc(p.message)}</td></tr>`,
    )
    .join('');
  return `<div class="problem" role="alert" data-errors="${problems.length}"><p><strong>${esc(L('problems_found', { n: problems.length }))}</strong></p><table class="problems"><thead><tr><th scope="col">${esc(L('problem_where'))}</th><th scope="col">${esc(L('problem_field'))}</th><th scope="col">${esc(L('problem_message'))}</th></tr></thead><tbody>${rows}</tbody></table></div>`;
}
