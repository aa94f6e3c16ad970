import { type Dec, grouped } from '../engine/core/decimal.ts';
import type { BatchResult } from '../lib/batch.ts';
import type { DualRun } from '../lib/dual.ts';
import type { UncertaintyRun } from '../lib/uncertainty.ts';
import { markdown, yi, type Table } from './summary.ts';

/** Tables and markdown summaries of the dual, uncertainty and batch runs (the exact values are in the files; compare: compare-summary.ts). */
const pct = (v: Dec | undefined) => (v === undefined ? '–' : `${grouped(v.mul(100), 2)} %`);
const ratio = (v: Dec) => grouped(v, 4);

export function dualTable(run: DualRun): Table {
  return {
    head: [
      'region',
      'year',
      'GEP 10⁸ CNY',
      'GDP 10⁸ CNY',
      'GEP/GDP',
      'GEP growth',
      'GDP growth',
      'realisation',
      'GEEP 10⁸ CNY',
      'GEEP growth',
      'GEP/km² 10⁴ CNY',
      'GEP/capita CNY',
    ],
    rows: run.dual.rows.map((r) => [
      r.region,
      String(r.year),
      yi(r.gep),
      yi(r.gdp),
      ratio(r.ratio),
      pct(r.yoy?.gep),
      pct(r.yoy?.gdp),
      pct(r.realisationRate),
      yi(r.geep),
      pct(r.yoy?.geep),
      r.gepPerKm2 ? grouped(r.gepPerKm2.div(10000), 1) : '–',
      r.gepPerCapita ? grouped(r.gepPerCapita, 0) : '–',
    ]),
  };
}

export function driversTable(run: DualRun, region: string): Table | undefined {
  const ds = run.drivers.filter((d) => d.region === region);
  const d = ds.at(-1);
  if (!d) return undefined;
  return {
    head: [`rank (${d.fromYear}→${d.toYear})`, 'service', 'quantity effect', 'price effect', 'Δ 10⁸ CNY', 'share of ΔGEP'],
    align: ['r', 'l', 'r', 'r', 'r', 'r'],
    rows: d.services.slice(0, 6).map((s) => [String(s.rank), s.id, yi(s.quantity), yi(s.price), yi(s.delta), pct(s.share)]),
  };
}

export function scoreTable(run: DualRun): Table {
  const last = run.scores.at(-1) ?? [];
  return {
    head: ['rank', 'region', 'year', 'score', 'coverage', ...run.scorecard.indicators.map((i) => i.indicator.slice(5))],
    rows: last.map((s) => [
      String(s.rank),
      s.region,
      String(s.year),
      grouped(s.score, 1),
      pct(s.coverage),
      ...s.indicators.map((i) => `${i.light} ${grouped(i.score, 0)}`),
    ]),
  };
}

export function dualSummaryMarkdown(run: DualRun): string {
  const m = run.meta;
  const out = [`# GEP–GDP dual account — ${run.gep.dataset.manifest.name.en}`, ''];
  if (m.dataset.illustrative) out.push('> **Illustrative data**: not to be published as facts about a real region.', '');
  out.push(
    `- GEP model \`${m.model}\`, dual spec \`${m.dual_spec}\`, scorecard \`${m.scorecard}\`, scenario ${m.scenario}; run \`${m.id}\` (GEP run \`${m.gep_run}\`)`,
    `- Growth at constant ${run.dual.baseYear} prices (GEP: Σ Q_t × P_${run.dual.baseYear}; GDP: chained volume index); money in 10⁸ CNY`,
    '',
    '## Indicators',
    '',
    markdown(dualTable(run)),
    '',
  );
  for (const region of run.gep.account.regions) {
    const t = driversTable(run, region);
    if (t) out.push(`## What drove ΔGEP, ${region}`, '', markdown(t), '');
  }
  out.push(`## Scorecard ${m.scorecard}`, '', markdown(scoreTable(run)), '');
  return out.join('\n');
}

export function uncertaintyTable(run: UncertaintyRun): Table {
  return {
    head: ['indicator', 'unit', 'deterministic', 'mean', 'P5', 'P50', 'P95'],
    align: ['l', 'l', 'r', 'r', 'r', 'r', 'r'],
    rows: run.summaries
      .filter((s) => !s.id.endsWith('|physical'))
      .map((s) => {
        const m = run.measured[run.summaries.indexOf(s)]!;
        const f = (v: Dec) => (m.money ? yi(v) : m.unit === '1' ? grouped(v, 4) : grouped(v, 0));
        return [
          s.id.replace('|money', '').replace('|current', '').replace('|constant', ` (${run.meta.base_year} prices)`),
          m.money ? '10⁸ CNY' : m.unit,
          f(s.deterministic),
          f(s.mean),
          f(s.p5),
          f(s.p50),
          f(s.p95),
        ];
      }),
  };
}

export function tornadoTable(run: UncertaintyRun): Table {
  return {
    head: ['parameter', 'low', 'high', 'GEP at low', 'GEP at high', 'swing 10⁸ CNY'],
    align: ['l', 'r', 'r', 'r', 'r', 'r'],
    rows: run.tornado.map((t) => [t.param, grouped(t.low, 4), grouped(t.high, 4), yi(t.outputLow), yi(t.outputHigh), yi(t.swing)]),
  };
}

/** What the draws were computed on (the run says so: meta.path, this line in the summary and the CLI). */
export function mcPathLine(path: 'float' | 'exact'): string {
  return path === 'float'
    ? 'Draws on the float64 path (engine/fast, held to the exact path to 1e-9): mean, percentiles and tornado come from float64 draws; the deterministic column is the exact account.'
    : 'Draws on the exact path: every draw is a full decimal account.';
}

export function uncertaintySummaryMarkdown(run: UncertaintyRun): string {
  const m = run.meta;
  return [
    `# Uncertainty — ${m.region} ${m.year}, scenario ${m.scenario}`,
    '',
    `- Monte Carlo: **${m.draws} draws, seed ${m.seed}** (sfc32 streams per draw; the same seed gives the same output); model \`${m.model}\`, run \`${m.id}\``,
    '- Normal and lognormal ranges are read as 95 % intervals (low = P2.5, high = P97.5); inputs vary as factors on the data.',
    `- ${mcPathLine(m.path)}`,
    '',
    '## Parameters',
    '',
    markdown({
      head: ['parameter', 'distribution', 'low', 'mode/central', 'high', 'source'],
      rows: m.parameters.map((p) => [p.id, p.distribution, p.low, p.mode, p.high, p.source]),
      align: ['l', 'l', 'r', 'r', 'r', 'l'],
    }),
    '',
    '## Indicators (current prices unless said)',
    '',
    markdown(uncertaintyTable(run)),
    '',
    '## One-at-a-time sensitivity of GEP (tornado)',
    '',
    markdown(tornadoTable(run)),
    '',
  ].join('\n');
}

export function batchTable(b: BatchResult): Table {
  return {
    head: ['year', 'regions', 'Σ GEP 10⁸ CNY', 'Σ GDP 10⁸ CNY', 'Σ GEP / Σ GDP'],
    rows: b.years.map((y) => {
      const t = b.totals[y]!;
      return [String(y), String(b.regions), yi(t.gep), yi(t.gdp), grouped(t.gep.div(t.gdp), 4)];
    }),
  };
}

/** The best and worst regions of a batch on its scorecard (last year), with their lights. */
export function batchRankingTable(b: BatchResult, n = 5): Table {
  const pick = b.scores.length <= 2 * n ? b.scores : [...b.scores.slice(0, n), ...b.scores.slice(-n)];
  return {
    head: ['rank', 'region', 'score', 'green', 'yellow', 'red', 'no value'],
    rows: pick.map((s) => [
      String(s.rank),
      s.region,
      grouped(s.score, 1),
      String(s.lights.green),
      String(s.lights.yellow),
      String(s.lights.red),
      String(s.lights.none),
    ]),
  };
}
