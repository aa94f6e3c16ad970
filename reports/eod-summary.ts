import { type Dec, grouped, str } from '../engine/core/decimal.ts';
import type { EodRun } from '../lib/eod.ts';
import { te } from './eod-labels.ts';

/** summary.md of an EOD run (English): the key figures and the five links, units stated. */
export function eodSummaryMarkdown(r: EodRun): string {
  const a = r.appraisal;
  const p = r.project;
  const wan = (d: Dec | undefined) => (d === undefined ? '–' : grouped(d.div('10000'), 0));
  const lines = [
    `# ${te('eod', 'en')}: ${p.label.en}`,
    '',
    p.illustrative ? `**${te('eod_illustrative', 'en')}**\n` : '',
    `Run ${r.meta.id}; ΔGEP from ${r.meta.scenario.scenario} vs ${r.meta.reference.scenario} (compare run ${r.meta.compare}), ${r.meta.scenario.model}, dataset ${r.meta.scenario.dataset.id}.`,
    `Horizon ${p.start}–${p.end}, constant ${p.price_year} prices, discount rate ${str(a.rate)} (${p.discount_rate.source.trim()}).`,
    '',
    '| item | value | unit |',
    '|---|---:|---|',
    `| NPV | ${wan(a.npv)} | 10⁴ CNY |`,
    `| IRR | ${a.irr ? grouped(a.irr.mul(100), 2) + ' %' : `– (${a.irrNote})`} | |`,
    `| payback | ${a.payback ? grouped(a.payback, 2) : '–'} | years |`,
    `| discounted payback | ${a.discountedPayback ? grouped(a.discountedPayback, 2) : '–'} | years |`,
    `| self-balance ratio | ${a.selfBalance ? grouped(a.selfBalance, 4) : '–'} | (PV revenues − PV operating costs) / PV investment |`,
    r.band
      ? `| NPV P5 / P50 / P95 | ${wan(r.band.p5)} / ${wan(r.band.p50)} / ${wan(r.band.p95)} | 10⁴ CNY, ${r.band.draws} draws, seed ${r.band.seed} |`
      : '| NPV band | none | |',
    '',
    '| link | measure | value | unit |',
    '|---|---|---:|---|',
    ...a.links.flatMap((k) =>
      k.measures.map(
        (m) =>
          `| ${k.id} | ${m.id} | ${m.value === undefined ? '–' : m.unit.startsWith('CNY') ? wan(m.value) : grouped(m.value, 4)} | ${m.unit.startsWith('CNY') ? m.unit.replace('CNY', '10⁴ CNY') : m.unit} |`,
      ),
    ),
    '',
    'Exact values (CNY) are in result.json and results.csv.',
    '',
  ];
  return lines.join('\n');
}
