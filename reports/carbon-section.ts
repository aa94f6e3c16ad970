import { type Dec, grouped } from '../engine/core/decimal.ts';
import { LMDI_FACTORS } from '../engine/carbon/lmdi.ts';
import type { CarbonRun } from '../lib/carbon-run.ts';
import { carbonRows } from '../lib/carbon-rows.ts';
import type { CompiledModel } from '../engine/model/types.ts';
import { hbars, lines, num } from './charts.ts';
import { esc, section, table, type Cell } from './html.ts';
import { indicatorLabel, t, type Lang } from './labels.ts';
import type { ExtraSheet } from './xlsx.ts';

const kt = (d: Dec) => grouped(d.div(1000), 1);
const LIGHT: Record<string, string> = { green: '#2e7d32', yellow: '#f9a825', orange: '#ef6c00', red: '#c62828' };

/**
 * The carbon section of the HTML report: the inventory (scopes, gross, sinks apart, energy, intensities),
 * emissions by sector, dual control with its lights, the projection paths with their peaks, and LMDI.
 */
export function carbonSection(model: CompiledModel, run: CarbonRun, lang: Lang): string {
  const L = (k: Parameters<typeof t>[0]) => t(k, lang);
  const ind = (id: string) => indicatorLabel(model, id, lang);
  const body: string[] = [
    `<p class="note">${esc(L('carbon_note'))} ${esc(run.meta.model)} · GWP ${esc(run.meta.gwp)} · grid ${esc(`${run.meta.grid.geography}/${run.meta.grid.kind}`)}</p>`,
  ];
  body.push(
    table(
      [
        L('region'),
        L('year'),
        `${ind('carbon.scope1')} (${L('kt')} tCO2e)`,
        `${ind('carbon.scope2')} (${L('kt')} tCO2e)`,
        `${ind('carbon.gross')} (${L('kt')} tCO2e)`,
        `${ind('carbon.sinks')} (${L('kt')} tCO2)`,
        `${ind('energy.total_calorific')} (${L('kt')} tce)`,
        `${ind('carbon.intensity_gdp')} (tCO2e/10⁴ CNY, ${run.meta.price_year})`,
        `${ind('carbon.per_capita')} (tCO2e)`,
      ],
      run.inventory.map((e) => [
        e.region,
        String(e.year),
        { n: kt(e.inventory.scope1) },
        { n: kt(e.inventory.scope2) },
        { n: kt(e.inventory.gross) },
        { n: kt(e.inventory.sinks) },
        { n: kt(e.inventory.energy.calorific) },
        { n: e.intensities.co2PerGdp ? grouped(e.intensities.co2PerGdp, 4) : '–' },
        { n: e.intensities.co2PerCapita ? grouped(e.intensities.co2PerCapita, 2) : '–' },
      ]),
    ),
  );
  // the two views side by side, with the line that reconciles them (never one silently for the other)
  body.push(
    table(
      [
        L('region'),
        L('year'),
        `${ind('carbon.gross')} (${L('kt')} tCO2e)`,
        `${ind('carbon.territorial')} (${L('kt')} tCO2e)`,
        `${ind('carbon.energy_generation')} (${L('kt')} tCO2)`,
        `${ind('carbon.scope2')} (${L('kt')} tCO2e)`,
        `${ind('carbon.view_difference')} (${L('kt')} tCO2e)`,
      ],
      run.inventory.map((e) => [
        e.region,
        String(e.year),
        { n: kt(e.inventory.views.consumption) },
        { n: kt(e.inventory.views.territorial) },
        { n: kt(e.inventory.gpc.energyGeneration) },
        { n: kt(e.inventory.scope2) },
        { n: kt(e.inventory.views.difference) },
      ]),
    ),
  );
  for (const [n, region] of [...new Set(run.inventory.map((e) => e.region))].entries()) {
    const last = run.inventory.filter((e) => e.region === region).at(-1)!;
    const sectors = [...last.inventory.bySector]
      .map(([s, v]) => ({ name: s, value: num(v.scope1.plus(v.scope2), '1000') }))
      .sort((a, b) => b.value - a.value || a.name.localeCompare(b.name));
    body.push(`<figure>${hbars(`sec${n}`, `${region} ${last.year} — ${L('by_sector')}`, sectors, `${L('kt')} tCO2e`)}</figure>`);
  }
  for (const d of run.dual) {
    body.push(
      `<h3>${esc(L('dual_control'))} — ${esc(d.region)}</h3>` +
        table(
          [L('item'), L('year'), L('value'), L('unit'), 'decline', 'required', L('light')],
          d.lines.map((l) => [
            ind(l.indicator),
            String(l.year),
            { n: grouped(l.value, 4) },
            l.unit,
            { n: l.decline ? `${grouped(l.decline.mul(100), 2)}%` : '' },
            { n: l.required ? `${grouped(l.required.mul(100), 2)}%` : '' },
            l.light ? { html: `<span style="color:${LIGHT[l.light]}">●</span> ${esc(l.light)}` } : '',
          ]),
        ),
    );
  }
  for (const [n, p] of run.projection.entries()) {
    const o = p.observed;
    body.push(
      `<h3>${esc(L('observed_peak'))} — ${esc(p.region)}</h3>` +
        table(
          [
            L('observed_years'),
            L('peak_year'),
            `${L('peak_value')} (tCO2e)`,
            L('peaked_observed'),
            L('rebound'),
            L('plateau_from'),
            L('years_since_peak'),
            L('below_peak'),
            L('peak_target'),
            L('years_to_target'),
          ],
          [
            [
              `${o.firstYear}–${o.lastYear}`,
              String(o.year),
              { n: grouped(o.value, 2) },
              L(o.peaked ? 'yes' : 'no'),
              o.rebound ? `${o.rebound.firstPeakYear} → ${o.rebound.reboundYear}` : L('no'),
              o.plateauFrom ? String(o.plateauFrom) : '',
              { n: String(o.yearsSincePeak) },
              { n: `${grouped(o.belowPeak.mul(100), 2)}%` },
              o.targetYear !== undefined ? String(o.targetYear) : '',
              { n: o.yearsToTarget !== undefined ? String(o.yearsToTarget) : '' },
            ],
          ],
        ),
    );
    if (!p.scenarios.length) {
      body.push(`<p class="note">${esc(L('no_projection'))}: ${esc(p.projectionError ?? '')}</p>`);
      continue;
    }
    const years = p.scenarios[0]!.years.map((y) => y.year);
    body.push(
      `<h3>${esc(L('projection'))} — ${esc(p.region)}</h3><figure>${lines(
        `proj${n}`,
        `${p.region} — ${L('projection')}`,
        years.map(String),
        p.scenarios.map((s) => ({
          name: s.path.label ?? s.path.id,
          values: s.years.map((y) => num(y.co2, '1000')),
          mark: { index: years.indexOf(s.peak.year), label: `${s.peak.year}` },
        })),
        `${L('kt')} tCO2e`,
      )}</figure>` +
        table(
          [L('path'), L('peak_year'), `${L('peak_value')} (${L('kt')} tCO2e)`, L('peaked')],
          p.scenarios.map(
            (s) => [s.path.label ?? s.path.id, String(s.peak.year), { n: kt(s.peak.value) }, L(s.peak.peaked ? 'yes' : 'no')] as Cell[],
          ),
        ),
    );
  }
  for (const d of run.decomposition) {
    body.push(
      `<h3>${esc(L('lmdi'))} — ${esc(d.region)} ${d.lmdi.from} → ${d.lmdi.to}</h3>` +
        table(
          [L('effect'), `${L('kt')} tCO2e`],
          [
            ...LMDI_FACTORS.map((k) => [ind(`carbon.lmdi.${k}`), { n: kt(d.lmdi.effects[k]) }] as Cell[]),
            [ind('carbon.lmdi.delta_energy'), { n: kt(d.lmdi.delta) }],
            [ind('carbon.lmdi.non_energy'), { n: kt(d.nonEnergy.delta) }],
          ],
        ),
    );
  }
  return section('carbon', L('carbon'), body.join(''));
}

export function carbonSheet(run: CarbonRun, lang: Lang): ExtraSheet {
  return { name: t('sheet_carbon', lang), long: carbonRows(run) };
}
