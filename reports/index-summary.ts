import { grouped } from '../engine/core/decimal.ts';
import type { IndexRun } from '../lib/index-run.ts';
import { type Table, textTable } from './summary.ts';

/** Which way a threshold points: ≥ for a higher-is-better indicator, ≤ for a lower-is-better one. */
const sign = (i: { direction: 'higher' | 'lower' }) => (i.direction === 'higher' ? '≥' : '≤');
const pts = (d: import('../engine/core/decimal.ts').Dec) => grouped(d, 1);

/** Region, year, composite (light), rank, change and each dimension's score: the table the CLI prints. */
export function indexTable(run: IndexRun): Table {
  const dims = run.system.dimensions;
  return {
    head: [
      'region',
      'year',
      'composite',
      'rank',
      'change',
      ...dims.map((d) => d.id),
      ...(run.system.aggregation.coupling ? ['coupling D'] : []),
    ],
    rows: run.index.scores.map((s) => [
      s.region,
      String(s.year),
      `${pts(s.composite)} ${s.light}`,
      String(s.rank),
      s.change ? pts(s.change) : '–',
      ...s.dimensions.map((d) => `${pts(d.score)} ${d.light}`),
      ...(s.coupling ? [`${grouped(s.coupling.coordination, 3)} ${s.coupling.band.id}`] : []),
    ]),
    align: ['l', 'r', 'r', 'r', 'r', ...dims.map(() => 'r' as const), 'r'],
  };
}

/** Every score down to its raw value: raw (where from) → normalised (formula) × weight → contribution, light. */
export function indexExplainLines(run: IndexRun, region?: string, year?: number): string[] {
  const out: string[] = [];
  const label = new Map(run.system.dimensions.flatMap((d) => d.indicators.map((i) => [i.id, i] as const)));
  for (const s of run.index.scores) {
    if ((region && s.region !== region) || (year && s.year !== year)) continue;
    out.push(`${s.region} ${s.year}: composite ${pts(s.composite)} (${s.light}), rank ${s.rank}`);
    for (const d of s.dimensions) {
      out.push(`  ${d.id} = ${pts(d.score)} (${d.light}), weight ${grouped(d.weight, 4)}`);
      for (const i of s.indicators.filter((x) => x.dimension === d.id)) {
        const ind = label.get(i.id)!;
        out.push(
          `    ${i.id} (${ind.label.zh}) raw ${i.raw.toSignificantDigits(8)} ${ind.unit} [${i.from}] → ${i.formula}; weight ${grouped(i.weightInDimension, 4)} in the dimension, ${grouped(i.weight, 4)} in all${i.contribution ? ` → ${grouped(i.contribution, 2)} points` : ''}; ${i.light} (target ${sign(ind)} ${ind.target}, amber ${sign(ind)} ${ind.amber})`,
        );
      }
    }
  }
  return out;
}

/** summary.md of an index run. */
export function indexSummaryMarkdown(run: IndexRun): string {
  const m = run.meta;
  const lines = [
    `# ${run.system.title.en} — ${run.system.title.zh}`,
    '',
    `System ${m.system} (hash ${m.system_hash.slice(0, 12)}…), dataset ${m.dataset.id}${m.dataset.illustrative ? ' (ILLUSTRATIVE: do not publish as facts)' : ''}, run ${m.id}.`,
    `Normalisation ${m.normalisation.method} (over ${m.normalisation.over}), weighting ${m.weighting}, aggregation ${m.aggregation.method}${m.aggregation.coupling ? ' with the coupling coordination degree' : ''}.`,
    '',
    '```',
    textTable(indexTable(run)),
    '```',
    '',
    '## Every score down to its raw value',
    '',
    '```',
    ...indexExplainLines(run),
    '```',
    '',
  ];
  return lines.join('\n');
}
