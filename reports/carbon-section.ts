import { type Dec, grouped } from '../engine/core/decimal.ts';
import { LMDI_FACTORS } from '../engine/carbon/lmdi.ts';
import { DEFAULT_PATHS } from '../engine/carbon/projection.ts';
import type { CarbonRun } from '../lib/carbon-run.ts';
import { carbonRows } from '../lib/carbon-rows.ts';
import type { CompiledModel } from '../engine/model/types.ts';
import { hbars, lines, num } from './charts.ts';
import { esc, named, section, table, type Cell } from './html.ts';
import { quantity, unitSymbol } from './format.ts';
import { indicatorLabel, t, type Lang } from './labels.ts';
import { dualLightWord, isChinese, regionName, sectorName } from './names.ts';
import type { ExtraSheet } from './xlsx.ts';
import { PATH_LABELS } from './xlsx-labels.ts';

const kt = (d: Dec) => grouped(d.div(1000), 1);
const LIGHT: Record<string, string> = { green: '#2e7d32', yellow: '#f9a825', orange: '#ef6c00', red: '#c62828' };

/**
 * The carbon section of the HTML report: the inventory (scopes, gross, sinks apart, energy, intensities),
 * emissions by sector, dual control with its lights, the projection paths with their peaks, and LMDI.
 */
export function carbonSection(model: CompiledModel, run: CarbonRun, lang: Lang): string {
  const L = (k: Parameters<typeof t>[0]) => t(k, lang);
  const ind = (id: string) => indicatorLabel(model, id, lang);
  const region = (id: string) => regionName(run.data.manifest.regions, id, lang);
  const u = (unit: string) => unitSymbol(unit, lang);
  const KT = (unit: string) => `${L('kt')} ${u(unit)}`;
  const body: string[] = [
    `<p class="note">${esc(L('carbon_note'))} ${esc(run.factors.title[lang])} <code>${esc(run.meta.model)}</code> · GWP <code>${esc(run.meta.gwp)}</code> · ${esc(L('grid_factor'))} <code>${esc(`${run.meta.grid.geography}/${run.meta.grid.kind}`)}</code></p>`,
  ];
  body.push(
    table(
      [
        L('region'),
        L('year'),
        `${ind('carbon.scope1')} (${KT('tCO2e')})`,
        `${ind('carbon.scope2')} (${KT('tCO2e')})`,
        `${ind('carbon.gross')} (${KT('tCO2e')})`,
        `${ind('carbon.sinks')} (${KT('tCO2')})`,
        `${ind('energy.total_calorific')} (${KT('tce')})`,
        `${ind('carbon.intensity_gdp')} (${u('tCO2e/10^4 CNY')}, ${run.meta.price_year})`,
        `${ind('carbon.per_capita')} (${u('tCO2e')})`,
      ],
      run.inventory.map((e) => [
        region(e.region),
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
        `${ind('carbon.gross')} (${KT('tCO2e')})`,
        `${ind('carbon.territorial')} (${KT('tCO2e')})`,
        `${ind('carbon.energy_generation')} (${KT('tCO2')})`,
        `${ind('carbon.scope2')} (${KT('tCO2e')})`,
        `${ind('carbon.view_difference')} (${KT('tCO2e')})`,
      ],
      run.inventory.map((e) => [
        region(e.region),
        String(e.year),
        { n: kt(e.inventory.views.consumption) },
        { n: kt(e.inventory.views.territorial) },
        { n: kt(e.inventory.gpc.energyGeneration) },
        { n: kt(e.inventory.scope2) },
        { n: kt(e.inventory.views.difference) },
      ]),
    ),
  );
  for (const [n, r] of [...new Set(run.inventory.map((e) => e.region))].entries()) {
    const last = run.inventory.filter((e) => e.region === r).at(-1)!;
    const sectors = [...last.inventory.bySector]
      .map(([s, v]) => ({ id: s, name: sectorName(run.factors, s, lang), value: num(v.scope1.plus(v.scope2), '1000') }))
      .sort((a, b) => b.value - a.value || a.id.localeCompare(b.id));
    body.push(`<figure>${hbars(`sec${n}`, `${region(r)} ${last.year} — ${L('by_sector')}`, sectors, KT('tCO2e'))}</figure>`);
  }
  for (const d of run.dual) {
    body.push(
      `<h3>${esc(L('dual_control'))} — ${esc(region(d.region))}</h3>` +
        table(
          [L('item'), L('year'), L('value'), L('unit'), L('decline'), L('required'), L('light')],
          d.lines.map((l) => {
            // a fraction (intensity decline) as a percent; a total's allowed path in its unit
            const frac = (x: Dec | undefined) => (x === undefined ? '' : x.abs().lte(1) ? `${grouped(x.mul(100), 2)}%` : quantity(x));
            return [
              ind(l.indicator),
              String(l.year),
              { n: l.unit === '1' ? grouped(l.value, 4) : quantity(l.value) },
              l.unit === '1' ? '' : u(l.unit),
              { n: frac(l.decline) },
              { n: frac(l.required) },
              l.light
                ? {
                    html: `<span style="color:${LIGHT[l.light]}" aria-hidden="true">●</span> ${esc(dualLightWord(l.light, lang, d.targets.ladder))}`,
                  }
                : '',
            ];
          }),
        ),
    );
  }
  for (const [n, p] of run.projection.entries()) {
    const o = p.observed;
    body.push(
      `<h3>${esc(L('observed_peak'))} — ${esc(region(p.region))}</h3>` +
        table(
          [
            L('observed_years'),
            L('peak_year'),
            `${L('peak_value')} (${u('tCO2e')})`,
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
      `<h3>${esc(L('projection'))} — ${esc(region(p.region))}</h3><figure>${lines(
        `proj${n}`,
        `${region(p.region)} — ${L('projection')}`,
        years.map(String),
        p.scenarios.map((s, i) => ({
          name: pathName(s.path, lang, i),
          values: s.years.map((y) => num(y.co2, '1000')),
          mark: { index: years.indexOf(s.peak.year), label: `${s.peak.year}` },
        })),
        KT('tCO2e'),
      )}</figure>` +
        table(
          [L('path'), L('peak_year'), `${L('peak_value')} (${KT('tCO2e')})`, L('peaked')],
          p.scenarios.map(
            (s, i) =>
              [
                { html: pathCell(s.path, lang, i) },
                String(s.peak.year),
                { n: kt(s.peak.value) },
                L(s.peak.peaked ? 'yes' : 'no'),
              ] as Cell[],
          ),
        ),
    );
  }
  for (const d of run.decomposition) {
    body.push(
      `<h3>${esc(L('lmdi'))} — ${esc(region(d.region))} ${d.lmdi.from} → ${d.lmdi.to}</h3>` +
        table(
          [L('effect'), KT('tCO2e')],
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

/**
 * A projection path's name: its label in the report's language; a path named in the other language only is
 * "路径 n" in a chart's legend, and in the table "路径 n" beside its name as given (marked with its language).
 */
function pathName(path: { id: string; label?: string }, lang: Lang, n: number): string {
  const builtIn = builtInPathName(path, lang);
  if (builtIn) return builtIn;
  const label = path.label ?? path.id;
  return isChinese(label) === (lang === 'zh') ? label : `${t('path', lang)} ${n + 1}`;
}
/**
 * The engine's own default paths (engine/carbon/projection.ts DEFAULT_PATHS, labelled in English there) are named
 * by the report's words, not shown as a name the data gave in English only.
 */
function builtInPathName(path: { id: string; label?: string }, lang: Lang): string | undefined {
  const own = DEFAULT_PATHS.find((p) => p.id === path.id);
  if (!own || (path.label !== undefined && path.label !== own.label)) return undefined;
  return path.id === 'baseline' ? t('baseline', lang) : PATH_LABELS[path.id]?.[lang];
}
function pathCell(path: { id: string; label?: string }, lang: Lang, n: number): string {
  const name = pathName(path, lang, n);
  const label = path.label ?? path.id;
  return name === label || builtInPathName(path, lang) ? esc(name) : `${esc(name)} ${named(label, lang)}`;
}

export function carbonSheet(run: CarbonRun, lang: Lang): ExtraSheet {
  return { name: t('sheet_carbon', lang), long: carbonRows(run) };
}
