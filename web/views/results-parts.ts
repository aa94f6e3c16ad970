import { Dec } from '../../engine/core/decimal.ts';
import { quantity } from '../../reports/format.ts';
import { indicatorLabel } from '../../reports/labels.ts';
import type { ReportDoc } from '../../reports/render.ts';
import { esc } from '../html.ts';
import { sayer } from '../i18n.ts';
import { RESULTS_LABELS } from '../labels/results.ts';
import { fig, type ResultsCtx } from './results-common.ts';

const TEN_THOUSAND = new Dec(10000);

/**
 * The carbon inventory of a carbon run as clickable figures (10⁴ tCO₂e): each opens the carbon trace of its
 * region-year (scope 1, scope 2, gross, energy), as /runs/:id/trace gives it.
 */
export function carbonFigures(c: ResultsCtx, doc: ReportDoc): string {
  const run = doc.finance.carbon;
  if (!run) return '';
  const L = sayer(RESULTS_LABELS, c.lang);
  const model = doc.account.model;
  const cols: { id: string; get: (e: NonNullable<ReportDoc['finance']['carbon']>['inventory'][number]) => Dec | undefined }[] = [
    { id: 'carbon.scope1', get: (e) => e.inventory.scope1 },
    { id: 'carbon.scope2', get: (e) => e.inventory.scope2 },
    { id: 'carbon.gross', get: (e) => e.inventory.gross },
    { id: 'carbon.energy.calorific', get: (e) => e.inventory.energy.calorific },
  ];
  const label = (id: string) => indicatorLabel(model, id === 'carbon.energy.calorific' ? 'energy.total_calorific' : id, c.lang);
  const rows = run.inventory
    .map((e) => {
      const cells = cols
        .map((col) => {
          const v = col.get(e);
          if (!v) return '<td class="n">–</td>';
          const text = quantity(v.div(TEN_THOUSAND));
          return `<td class="n">${run.meta.trace ? fig(c, e.region, e.year, col.id, text, `${c.regionName(e.region)} ${e.year} ${label(col.id)}`) : esc(text)}</td>`;
        })
        .join('');
      return `<tr><th scope="row">${esc(c.regionName(e.region))}</th><td class="n">${e.year}</td>${cells}</tr>`;
    })
    .join('');
  return `<section id="carbon-figures" aria-labelledby="carbon-figures-h"><h2 id="carbon-figures-h">${esc(L('carbon_inventory'))}</h2><p class="note">${esc(L('carbon_unit_note'))}</p><table class="carbon-inventory"><thead><tr><th scope="col">${esc(L('region'))}</th><th scope="col">${esc(L('year'))}</th>${cols.map((col) => `<th scope="col">${esc(label(col.id))}</th>`).join('')}</tr></thead><tbody>${rows}</tbody></table></section>`;
}

/**
 * The report's own sections for the run's other parts (dual accounting and the scorecard, the carbon accounts
 * with dual-control lights, peak status and projections, a scenario's comparison), as reports/ renders them for
 * the HTML report, each headed by the part. Their header cells get a scope for screen readers.
 */
export function reportParts(c: ResultsCtx, doc: ReportDoc): string {
  return doc.parts
    .filter((p) => p.section)
    .map(
      (p) =>
        `<div class="report-part" data-part="${esc(p.key)}">${p.section!(doc.account, c.lang).replaceAll('<th>', '<th scope="col">')}</div>`,
    )
    .join('');
}
