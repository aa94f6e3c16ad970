import { Dec } from '../../engine/core/decimal.ts';
import type { Read, TraceNode } from '../../engine/eval/trace.ts';
import type { CompiledModel } from '../../engine/model/types.ts';
import { money, moneyLabel, moneyUnitFor, quantity } from '../../reports/format.ts';
import { indicatorLabel, type Lang } from '../../reports/labels.ts';
import { anyKeyName } from '../../reports/names.ts';
import { esc } from '../html.ts';
import { sayer } from '../i18n.ts';
import { RESULTS_LABELS } from '../labels/results.ts';
import { unitText } from './results-common.ts';

/** What the panel needs besides the trace: names for ids and where the dataset's tables are written. */
export interface ExplainCtx {
  runId: string;
  lang: Lang;
  region: string;
  year: number;
  regionName: string;
  model: CompiledModel;
  /** The dataset's files by table (dataset.yaml `files`: extent → extent.csv …). */
  files: Record<string, string | undefined>;
}

/**
 * The trace nodes of a region-year, with the GEP total and the category subtotals added as sums of what they
 * add up (the engine traces services and their parts; a total is the sum of its services' money values).
 */
export function withTotals(nodes: Map<string, TraceNode>, model: CompiledModel, lang: Lang): Map<string, TraceNode> {
  const sum = (reads: Read[]) => reads.map((r) => indicatorLabel(model, r.name.replace(/\.money$/, ''), lang)).join(' + ');
  const out = new Map(nodes);
  const catReads: Read[] = [];
  let gep = new Dec(0);
  for (const cat of model.categories) {
    const reads: Read[] = [];
    let total = new Dec(0);
    for (const s of model.services.filter((x) => x.category === cat.id)) {
      const n = nodes.get(`${s.id}.money`);
      if (!n) continue;
      reads.push({ kind: 'indicator', name: n.id, value: n.value, unit: n.unit });
      total = total.plus(n.value);
    }
    if (!reads.length) continue;
    out.set(cat.id, { id: cat.id, formula: `${cat.label[lang]} = ${sum(reads)}`, unit: 'CNY', value: total.toString(), reads });
    catReads.push({ kind: 'indicator', name: cat.id, value: total.toString(), unit: 'CNY' });
    gep = gep.plus(total);
  }
  if (catReads.length && !out.has('gep'))
    out.set('gep', { id: 'gep', formula: `GEP = ${sum(catReads)}`, unit: 'CNY', value: gep.toString(), reads: catReads });
  return out;
}

/** A value in its unit, for people: money in 亿元/万元/元 by magnitude, anything else to 4 significant figures. */
export function shown(value: string, unit: string, lang: Lang): string {
  if (value === 'absent') return '–';
  const d = new Dec(value);
  if (unit === 'CNY') {
    const u = moneyUnitFor([d]);
    return `${money(d, u)} ${moneyLabel(u, lang)}`;
  }
  return `${quantity(d)}${unit === '1' ? '' : ` ${unitText(unit, lang)}`}`;
}

/** The button that opens (or drills into) another indicator's explanation, keeping the trail back. */
function drill(c: ExplainCtx, indicator: string, trail: string[], text: string): string {
  const q = new URLSearchParams({ region: c.region, year: String(c.year), indicator, lang: c.lang });
  if (trail.length) q.set('trail', trail.join(','));
  return `<button type="button" class="fig" data-explain data-indicator="${esc(indicator)}" hx-get="/ui/runs/${esc(encodeURIComponent(c.runId))}/explain?${esc(q.toString())}" hx-target="#explain" hx-swap="innerHTML">${esc(text)}</button>`;
}

/** Carbon trace ids whose name the labels keep under another id. */
const ALIAS: Record<string, string> = {
  'carbon.energy.calorific': 'energy.total_calorific',
  'carbon.energy.equivalent': 'energy.total_equivalent',
  'carbon.energy.feedstock': 'energy.feedstock',
};
const name = (c: ExplainCtx, id: string) => {
  const L = sayer(RESULTS_LABELS, c.lang);
  // <service>.physical / .money / .<part>: the service's name and which of its figures
  const dot = id.lastIndexOf('.');
  const s = dot > 0 ? c.model.services.find((x) => x.id === id.slice(0, dot)) : undefined;
  if (s) {
    const part = id.slice(dot + 1);
    if (part === 'physical') return `${s.label[c.lang]} · ${L('physical')}`;
    if (part === 'money') return `${s.label[c.lang]} · ${L('money')}`;
    const l = indicatorLabel(c.model, id, c.lang);
    return l === s.label[c.lang] || l === id ? `${s.label[c.lang]} · ${part}` : l;
  }
  return indicatorLabel(c.model, ALIAS[id] ?? id, c.lang);
};

/** A value read as written (inputs and coefficients): the exact decimal text, grouped, with its unit. */
const exact = (value: string, unit: string, lang: Lang) => {
  const [int, frac] = value.split('.');
  const g = /^-?\d+$/.test(int ?? '') ? int!.replace(/\B(?=(\d{3})+(?!\d))/g, ',') : value;
  return `${frac !== undefined && g !== value ? `${g}.${frac}` : g}${unit === '1' ? '' : ` ${unitText(unit, lang)}`}`;
};

/** Keys by their names in the model (ecosystem types, pollutants, uses …), whichever dimension names them. */
const keyText = (c: ExplainCtx, key: string, indicator?: string) => anyKeyName(c.model, key, c.lang, indicator);
const keysText = (c: ExplainCtx, keys: string[] | undefined, indicator?: string) =>
  (keys ?? []).map((k) => keyText(c, k, indicator)).join(' | ') || '—';

/**
 * The explanation of one figure: breadcrumb back up the drill-down, the figure with its unit, its formula as
 * the model writes it, what it reads (inputs with their table and file, coefficients with value, unit, entry and
 * SOURCE with its status, local coefficients saying they are the dataset's own), and the indicators it reads as
 * buttons that drill down. The heading takes the focus when htmx swaps the panel in (autofocus).
 */
export function explainPanel(c: ExplainCtx, nodes: Map<string, TraceNode>, id: string, trail: string[]): string {
  const L = sayer(RESULTS_LABELS, c.lang);
  const n = nodes.get(id)!;
  const crumbs = trail.length
    ? `<nav class="trail" aria-label="${esc(L('trail'))}"><ol>${trail.map((t, i) => `<li>${drill(c, t, trail.slice(0, i), name(c, t))}</li>`).join('')}<li aria-current="step">${esc(name(c, id))}</li></ol></nav>`
    : '';
  const parts: string[] = [
    crumbs,
    `<h2 id="explain-h" tabindex="-1" autofocus>${esc(L('explain_of', { name: name(c, id), region: c.regionName, year: c.year }))}</h2>`,
    `<p class="explain-value" data-value="${esc(n.value)}"><strong>${esc(shown(n.value, n.unit, c.lang))}</strong> <small>(${esc(n.value)} ${esc(unitText(n.unit, c.lang))})</small></p>`,
  ];
  if (n.given) {
    parts.push(`<p><strong>${esc(L('given'))}</strong></p><ul class="given">`);
    for (const g of n.given)
      parts.push(
        `<li>${esc(g.key ? `${keyText(c, g.key, n.id)}: ` : '')}${esc(L('given_row', { file: g.row.file, line: g.row.line ?? '–', value: g.row.value, unit: unitText(g.row.unit, c.lang) }))}</li>`,
      );
    parts.push('</ul>');
    if (n.computed !== undefined)
      parts.push(`<p class="note">${esc(L('formula_gives', { value: shown(n.computed, n.unit, c.lang) }))}</p>`);
  }
  parts.push(`<h3>${esc(L('formula'))}</h3><p><code class="formula">${esc(n.formula)}</code></p>`);
  if (n.over)
    parts.push(`<p class="note">${esc(L('over', { dims: n.over.map((d) => c.model.dims.get(d)?.label[c.lang] ?? d).join(' × ') }))}</p>`);
  if (n.conversion)
    parts.push(
      `<p class="note">${esc(L('conversion', { from: unitText(n.conversion.from, c.lang), to: unitText(n.conversion.to, c.lang), factor: n.conversion.factor }))}</p>`,
    );
  if (n.by) {
    const rows = Object.entries(n.by)
      .map(([k, v]) => `<tr><th scope="row">${esc(keyText(c, k, n.id))}</th><td class="n">${esc(shown(v, n.unit, c.lang))}</td></tr>`)
      .join('');
    parts.push(
      `<h3>${esc(L('by_key'))}</h3><table class="by"><thead><tr><th scope="col">${esc(L('key'))}</th><th scope="col">${esc(L('value'))}</th></tr></thead><tbody>${rows}</tbody></table>`,
    );
  }
  // a symbol read once per key of a sum is listed once per key (a scalar read at every key, once)
  const once = new Set<string>();
  const distinct = n.reads.filter((r) => {
    const k = `${r.kind}|${r.name}|${r.keys?.join('|') ?? ''}|${r.value}`;
    return !once.has(k) && !!once.add(k);
  });
  const inputs = distinct.filter((r) => r.kind === 'input');
  const coefs = distinct.filter((r) => r.kind === 'coefficient');
  const inds = n.reads.filter((r) => r.kind === 'indicator');
  if (inds.length) {
    const seen = new Set<string>();
    const items = inds
      .filter((r) => !seen.has(`${r.name}|${r.keys?.join('|') ?? ''}`) && !!seen.add(`${r.name}|${r.keys?.join('|') ?? ''}`))
      .map((r) => {
        const label = `${name(c, r.name)}${r.keys?.length ? ` [${keysText(c, r.keys, n.id)}]` : ''}`;
        const value = shown(r.value, r.unit, c.lang);
        return nodes.has(r.name)
          ? `<li>${drill(c, r.name, [...trail, id], `${label} = ${value}`)}</li>`
          : `<li>${esc(`${label} = ${value}`)} <small>${esc(L('not_traced'))}</small></li>`;
      });
    parts.push(`<h3>${esc(L('reads_indicators'))}</h3><ul class="reads">${items.join('')}</ul>`);
  }
  if (inputs.length) {
    const rows = inputs
      .map((r) => {
        const info = c.model.inputs.get(r.name);
        const file = info ? c.files[info.table] : undefined;
        const year = r.year !== undefined ? `${r.year}${r.indexFactor ? ` (${L('deflated', { factor: r.indexFactor })})` : ''}` : '';
        return `<tr><th scope="row">${esc(info?.label[c.lang] ?? r.name)} <code>${esc(r.name)}</code></th><td>${esc(keysText(c, r.keys, n.id))}</td><td class="n">${esc(exact(r.value, r.unit, c.lang))}</td><td>${esc(year)}</td><td>${esc(file ?? info?.table ?? '')}</td></tr>`;
      })
      .join('');
    parts.push(
      `<h3>${esc(L('inputs'))}</h3><table class="inputs"><thead><tr><th scope="col">${esc(L('name'))}</th><th scope="col">${esc(L('key'))}</th><th scope="col">${esc(L('value'))}</th><th scope="col">${esc(L('data_year'))}</th><th scope="col">${esc(L('file'))}</th></tr></thead><tbody>${rows}</tbody></table>`,
    );
  }
  if (coefs.length) {
    const rows = coefs
      .map((r) => {
        const info = c.model.coefficients.get(r.name);
        const entry =
          r.validFrom === undefined
            ? ''
            : r.validUntil !== undefined
              ? L('entry_until', { from: r.validFrom, until: r.validUntil })
              : L('entry_from', { from: r.validFrom });
        const notes = [
          r.indexFactor && r.priceYear !== undefined ? L('repriced', { year: r.priceYear, factor: r.indexFactor }) : '',
          r.fallback ? L('fallback_row') : '',
          r.matched ? L('matched', { row: keyText(c, r.matched, n.id) }) : '',
          r.beforeFirstEntry && r.validFrom !== undefined ? L('before_first', { from: r.validFrom }) : '',
        ].filter(Boolean);
        const status = L(
          r.status === 'verified'
            ? 'status_verified'
            : r.status === 'secondary'
              ? 'status_secondary'
              : r.status === 'unverified'
                ? 'status_unverified'
                : 'status_unknown',
        );
        const source = r.local
          ? `${L('local_value', { file: r.local.file, line: r.local.line })}${r.source ? `; ${r.source}` : ''}`
          : (r.source ?? '');
        return `<tr${r.local ? ' class="local"' : ''}><th scope="row">${esc(info?.label[c.lang] ?? r.name)} <code>${esc(r.name)}</code></th><td>${esc(keysText(c, r.keys, n.id))}</td><td class="n">${esc(exact(r.value, r.unit, c.lang))}</td><td>${esc([entry, ...notes].filter(Boolean).join(c.lang === 'zh' ? '；' : '; '))}</td><td class="source">${esc(source)}</td><td>${esc(status)}</td></tr>`;
      })
      .join('');
    parts.push(
      `<h3>${esc(L('coefficients'))}</h3><table class="coefficients"><thead><tr><th scope="col">${esc(L('name'))}</th><th scope="col">${esc(L('key'))}</th><th scope="col">${esc(L('value'))}</th><th scope="col">${esc(L('entry'))}</th><th scope="col">${esc(L('source'))}</th><th scope="col">${esc(L('status'))}</th></tr></thead><tbody>${rows}</tbody></table>`,
    );
  }
  return `<div class="explain-panel" data-indicator="${esc(id)}">${parts.join('')}</div>`;
}

/** The panel's text before any figure is clicked, or when a figure cannot be explained. */
export function explainNote(lang: Lang, text: string, focus = false): string {
  const L = sayer(RESULTS_LABELS, lang);
  return `<h2 id="explain-h" tabindex="-1"${focus ? ' autofocus' : ''}>${esc(L('explain_title'))}</h2><p>${esc(text)}</p>`;
}
