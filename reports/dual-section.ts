import { type Dec, grouped } from '../engine/core/decimal.ts';
import type { DualRun } from '../lib/dual.ts';
import { num, stackedBars } from './charts.ts';
import { esc, section, table, yi, type Cell } from './html.ts';
import { indicatorLabel, t, type Lang } from './labels.ts';
import { dualRows } from '../lib/dual.ts';
import type { ExtraSheet } from './xlsx.ts';

const YI = '100000000';
const ratio = (d: Dec | undefined, places = 4) => (d === undefined ? '–' : grouped(d, places));
const pct = (d: Dec | undefined) => (d === undefined ? '–' : `${grouped(d.mul(100), 2)}%`);
const LIGHT = { green: '#2e7d32', yellow: '#f9a825', red: '#c62828', none: '#bbb' } as const;

/** The dual-accounting section of the HTML report: GEP beside GDP, ratios, growth, drivers and the scorecard. */
export function dualSection(run: DualRun, lang: Lang): string {
  const { dual, gep, drivers, scores, scorecard } = run;
  const model = gep.model;
  const L = (k: Parameters<typeof t>[0]) => t(k, lang);
  const regionName = (r: string) => gep.dataset.manifest.regions.find((x) => x.id === r)?.name[lang] ?? r;
  const ind = (id: string) => indicatorLabel(model, id, lang);
  const body: string[] = [`<p class="note">${esc(L('dual_note'))} ${esc(run.meta.dual_spec)}</p>`];
  body.push(
    table(
      [
        L('region'),
        L('year'),
        `${ind('dual.gep')} (${L('yi_cny')})`,
        `${ind('dual.gdp')} (${L('yi_cny')})`,
        ind('dual.gep_gdp_ratio'),
        `${ind('dual.gep_per_km2')} (CNY/km²)`,
        `${ind('dual.gep_per_capita')} (CNY)`,
        ind('dual.realisation_rate'),
        `${ind('dual.geep')} (${L('yi_cny')})`,
        ind('dual.gep_growth_yoy'),
        ind('dual.gdp_growth_yoy'),
      ],
      dual.rows.map((r) => [
        regionName(r.region),
        String(r.year),
        { n: yi(r.gep) },
        { n: yi(r.gdp) },
        { n: ratio(r.ratio) },
        { n: r.gepPerKm2 ? grouped(r.gepPerKm2, 0) : '–' },
        { n: r.gepPerCapita ? grouped(r.gepPerCapita, 0) : '–' },
        { n: pct(r.realisationRate) },
        { n: yi(r.geep) },
        { n: pct(r.yoy?.gep) },
        { n: pct(r.yoy?.gdp) },
      ]),
    ),
  );
  for (const [n, region] of gep.account.regions.entries()) {
    const rows = dual.rows.filter((r) => r.region === region);
    body.push(
      `<figure>${stackedBars(
        `dual${n}`,
        `${regionName(region)} — ${L('dual_chart')}`,
        rows.map((r) => String(r.year)),
        [
          { name: ind('dual.gep'), values: rows.map((r) => num(r.gep, YI)) },
          { name: ind('dual.gdp'), values: rows.map((r) => num(r.gdp, YI)) },
        ],
        L('yi_cny'),
        false,
      )}</figure>`,
    );
  }
  if (drivers.length) {
    body.push(
      `<h3>${esc(L('drivers'))}</h3>` +
        table(
          [
            L('region'),
            L('change'),
            L('rank'),
            L('service'),
            `${L('quantity_effect')} (${L('yi_cny')})`,
            `${L('price_effect')} (${L('yi_cny')})`,
            `${L('delta')} (${L('yi_cny')})`,
          ],
          drivers.flatMap((d) =>
            d.services
              .slice(0, 5)
              .map(
                (s) =>
                  [
                    regionName(d.region),
                    `${d.fromYear} → ${d.toYear}`,
                    String(s.rank),
                    ind(s.id),
                    { n: yi(s.quantity) },
                    { n: yi(s.price) },
                    { n: yi(s.delta) },
                  ] as Cell[],
              ),
          ),
        ),
    );
  }
  const cardLabel = (i: string) => scorecard.indicators.find((x) => x.indicator === i)?.label[lang] ?? ind(i);
  body.push(
    `<h3>${esc(L('scorecard'))} — ${esc(scorecard.title[lang])}</h3>` +
      table(
        [L('region'), L('year'), L('score'), L('rank'), ...scorecard.indicators.map((i) => cardLabel(i.indicator))],
        scores.flat().map((s) => [
          regionName(s.region),
          String(s.year),
          { n: grouped(s.score, 1) },
          String(s.rank),
          ...s.indicators.map((i) => ({
            html: `<span style="color:${LIGHT[i.light]}">●</span> ${esc(i.value === undefined ? '–' : grouped(i.value, 4))}`,
          })),
        ]),
      ),
  );
  return section('dual', L('dual'), body.join(''));
}

/** The dual rows as an XLSX sheet (exact text). */
export function dualSheet(run: DualRun, lang: Lang): ExtraSheet {
  return { name: t('sheet_dual', lang), long: dualRows(run) };
}
