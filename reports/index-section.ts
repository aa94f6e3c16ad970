import { grouped } from '../engine/core/decimal.ts';
import type { Light } from '../engine/index/evaluate.ts';
import type { IndexRun } from '../lib/index-run.ts';
import { indexRows } from '../lib/index-rows.ts';
import { num, stackedBars } from './charts.ts';
import { esc, section, table, type Cell } from './html.ts';
import { il, METHOD_LABELS } from './index-labels.ts';
import type { Label, Lang } from './labels.ts';
import { regionName } from './names.ts';
import type { ExtraSheet } from './xlsx.ts';

const LIGHT: Record<Light, string> = { green: '#2e7d32', yellow: '#f9a825', red: '#c62828' };
const dot = (l: Light, text: string, lang: Lang): Cell => ({
  html: `<span style="color:${LIGHT[l]}" title="${esc(il(l, lang))}">●</span> ${esc(text)}`,
});

/**
 * The index section of the HTML report: composite and dimension scores with lights, a bar chart per dimension, every
 * indicator. Regions by the dataset manifest's names (`regions`: the report's GEP account gives them).
 */
export function indexSection(run: IndexRun, lang: Lang, regions: readonly { id: string; name: Label }[] = []): string {
  const sys = run.system;
  const rn = (id: string) => regionName(regions, id, lang);
  const L = (k: Parameters<typeof il>[0]) => il(k, lang);
  const M = (k: string) => METHOD_LABELS[k]?.[lang] ?? k;
  const body: string[] = [
    `<p class="note">${esc(L('system'))}: ${esc(sys.title[lang])} (${esc(run.meta.system)}). ${esc(L('method'))}: ${esc(M(run.meta.normalisation.method))}; ${esc(M(run.meta.weighting))}; ${esc(M(run.meta.aggregation.method))}.${run.meta.dataset.illustrative ? ` <strong>${esc(L('illustrative'))}</strong>` : ''}</p>`,
  ];
  body.push(
    table(
      [
        L('region'),
        L('year'),
        `${L('composite')} (${L('points')})`,
        L('rank'),
        L('change'),
        ...sys.dimensions.map((d) => d.label[lang]),
        ...(sys.aggregation.coupling ? [L('coupling')] : []),
      ],
      run.index.scores.map((s) => [
        rn(s.region),
        String(s.year),
        dot(s.light, grouped(s.composite, 1), lang),
        String(s.rank),
        { n: s.change ? grouped(s.change, 1) : '–' },
        ...s.dimensions.map((d) => dot(d.light, grouped(d.score, 1), lang)),
        ...(s.coupling ? [`${grouped(s.coupling.coordination, 3)} ${s.coupling.band[lang]}`] : []),
      ]),
    ),
  );
  for (const [n, region] of run.meta.regions.entries()) {
    const scores = run.index.scores.filter((s) => s.region === region);
    body.push(
      `<figure>${stackedBars(
        `index${n}`,
        `${rn(region)} — ${L('chart')}`,
        sys.dimensions.map((d) => d.label[lang]),
        scores.map((s) => ({ name: String(s.year), values: s.dimensions.map((d) => num(d.score)) })),
        L('points'),
        false,
      )}</figure>`,
    );
  }
  const weights = run.index.weights;
  body.push(
    `<h3>${esc(L('weights'))} — ${esc(M(weights.method))}</h3>` +
      table(
        [L('dimension'), L('weight'), ...(weights.ahp ? [L('cr')] : [])],
        weights.dimensions.map((d) => [
          sys.dimensions.find((x) => x.id === d.id)!.label[lang],
          { n: grouped(d.weight, 4) },
          ...(weights.ahp ? [{ n: grouped(weights.ahp.indicators[d.id]!.cr, 4) }] : []),
        ]),
        weights.ahp ? `CR (${lang === 'zh' ? '维度判断矩阵' : 'dimension matrix'}) = ${grouped(weights.ahp.dimensions.cr, 4)}` : undefined,
      ),
  );
  const inds = new Map(sys.dimensions.flatMap((d) => d.indicators.map((i) => [i.id, { ...i, dim: d.label[lang] }] as const)));
  body.push(
    `<h3>${esc(L('indicator'))}</h3>` +
      table(
        [
          L('region'),
          L('year'),
          L('dimension'),
          L('indicator'),
          L('unit'),
          L('raw'),
          L('target'),
          L('normalised'),
          L('weight'),
          L('contribution'),
          L('from'),
        ],
        run.index.scores.flatMap((s) =>
          s.indicators.map((i) => {
            const ind = inds.get(i.id)!;
            return [
              rn(s.region),
              String(s.year),
              ind.dim,
              ind.label[lang],
              ind.unit,
              dot(i.light, i.raw.toSignificantDigits(6).toString(), lang),
              // the sign says which way the target points (≤ for a lower-is-better indicator)
              { n: `${ind.direction === 'higher' ? '≥' : '≤'} ${ind.target}` },
              { n: grouped(i.normalised, 4) },
              { n: grouped(i.weight, 4) },
              { n: i.contribution ? grouped(i.contribution, 2) : '–' },
              i.from,
            ] as Cell[];
          }),
        ),
      ),
  );
  return section('index', `${L('index')} — ${sys.title[lang]}`, body.join(''));
}

/** The index rows as an XLSX sheet (exact text). */
export function indexSheet(run: IndexRun, lang: Lang): ExtraSheet {
  return { name: il('sheet', lang), long: indexRows(run) };
}
