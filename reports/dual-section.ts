import { type Dec, grouped } from '../engine/core/decimal.ts';
import type { DualRun } from '../lib/dual.ts';
import { num, stackedBars } from './charts.ts';
import { esc, moneyColumn, section, table, type Cell } from './html.ts';
import { moneyLabel } from './format.ts';
import { scoreLightWord } from './names.ts';
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
  const body: string[] = [`<p class="note">${esc(L('dual_note'))} <code>${esc(run.meta.dual_spec)}</code></p>`];
  const big = moneyColumn(
    dual.rows.flatMap((r) => [r.gep, r.gdp, r.geep]),
    lang,
  );
  const perKm2 = moneyColumn(
    dual.rows.flatMap((r) => (r.gepPerKm2 ? [r.gepPerKm2] : [])),
    lang,
  );
  const perHead = moneyColumn(
    dual.rows.flatMap((r) => (r.gepPerCapita ? [r.gepPerCapita] : [])),
    lang,
  );
  const perKm2Unit = lang === 'zh' ? `${perKm2.unit}/km²` : `${perKm2.unit}/km²`;
  const perHeadUnit = lang === 'zh' ? `${perHead.unit}/人` : `${perHead.unit} per person`;
  body.push(
    table(
      [
        L('region'),
        L('year'),
        `${ind('dual.gep')} (${big.unit})`,
        `${ind('dual.gdp')} (${big.unit})`,
        ind('dual.gep_gdp_ratio'),
        `${ind('dual.gep_per_km2')} (${perKm2Unit})`,
        `${ind('dual.gep_per_capita')} (${perHeadUnit})`,
        ind('dual.realisation_rate'),
        `${ind('dual.geep')} (${big.unit})`,
        ind('dual.gep_growth_yoy'),
        ind('dual.gdp_growth_yoy'),
      ],
      dual.rows.map((r) => [
        regionName(r.region),
        String(r.year),
        { n: big.cell(r.gep) },
        { n: big.cell(r.gdp) },
        { n: ratio(r.ratio) },
        { n: r.gepPerKm2 ? perKm2.cell(r.gepPerKm2) : '–' },
        { n: r.gepPerCapita ? perHead.cell(r.gepPerCapita) : '–' },
        { n: pct(r.realisationRate) },
        { n: big.cell(r.geep) },
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
        moneyLabel('yi', lang),
        false,
      )}</figure>`,
    );
  }
  if (drivers.length) {
    const dc = moneyColumn(
      drivers.flatMap((d) => d.services.slice(0, 5).flatMap((s) => [s.quantity, s.price, s.delta])),
      lang,
    );
    body.push(
      `<h3>${esc(L('drivers'))}</h3>` +
        table(
          [
            L('region'),
            L('change'),
            L('rank'),
            L('service'),
            `${L('quantity_effect')} (${dc.unit})`,
            `${L('price_effect')} (${dc.unit})`,
            `${L('delta')} (${dc.unit})`,
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
                    { n: dc.cell(s.quantity) },
                    { n: dc.cell(s.price) },
                    { n: dc.cell(s.delta) },
                  ] as Cell[],
              ),
          ),
        ),
    );
  }
  const cardName = (i: string) => scorecard.indicators.find((x) => x.indicator === i)?.label[lang] ?? ind(i);
  // the scorecard's figures read as in the dual table above: money per km² or per person in its unit, rates and
  // growth as percent (they were raw ratios to 4 places: 0.4657 beside 46.57 %, 10,919,434.6948 with no unit)
  const cardLabel = (i: string) =>
    i === 'dual.gep_per_km2'
      ? `${cardName(i)} (${perKm2Unit})`
      : i === 'dual.gep_per_capita'
        ? `${cardName(i)} (${perHeadUnit})`
        : cardName(i);
  const cardValue = (i: string, v: Dec) =>
    i === 'dual.gep_per_km2'
      ? perKm2.cell(v)
      : i === 'dual.gep_per_capita'
        ? perHead.cell(v)
        : /growth|rate|share/.test(i)
          ? pct(v)
          : grouped(v, 4);
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
            html: `<span style="color:${LIGHT[i.light]}" title="${esc(scoreLightWord(i.light, lang))}" aria-label="${esc(scoreLightWord(i.light, lang))}">●</span> ${esc(i.value === undefined ? '–' : cardValue(i.indicator, i.value))}`,
          })),
        ]),
      ),
  );
  body.push(
    `<p class="note">${(['green', 'yellow', 'red', 'none'] as const).map((l) => `<span style="color:${LIGHT[l]}" aria-hidden="true">●</span> ${esc(scoreLightWord(l, lang))}`).join(' · ')}</p>`,
  );
  return section('dual', L('dual'), body.join(''));
}

/** The dual rows as an XLSX sheet (exact text). */
export function dualSheet(run: DualRun, lang: Lang): ExtraSheet {
  return { name: t('sheet_dual', lang), long: dualRows(run) };
}
