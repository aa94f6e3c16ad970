import { localCoefficientRows } from './local-coefficients.ts';
import { Dec, grouped } from '../engine/core/decimal.ts';
import type { AccountRun } from '../lib/run.ts';
import { GIVEN_MARK, isGiven } from './given-notes.ts';
import { serviceMethod } from './labels.ts';

const YI = new Dec('100000000');
/** Money for people: 10⁸ CNY (亿元), two decimals, half-even. The files keep the exact values. */
export const yi = (v: Dec) => grouped(v.div(YI), 2);
const num = (v: Dec, places = 2) => grouped(v, places);

export type Table = { head: string[]; rows: string[][]; align?: ('l' | 'r')[] };

export function markdown(t: Table): string {
  return [...markdownHead(t), ...t.rows.map(markdownRow)].join('\n');
}

/** A markdown table's head and alignment lines (a streamed table writes its rows after them: reports/account-stream.ts). */
export function markdownHead(t: Pick<Table, 'head' | 'align'>): string[] {
  const al = t.align ?? t.head.map((_, n) => (n === 0 ? 'l' : 'r'));
  return [`| ${t.head.join(' | ')} |`, `|${al.map((a) => (a === 'l' ? '---' : '---:')).join('|')}|`];
}

export const markdownRow = (r: string[]) => `| ${r.join(' | ')} |`;

/** A plain-text table for the terminal (widths by characters; CJK labels are kept out of aligned columns). */
export function textTable(t: Table): string {
  const al = t.align ?? t.head.map((_, n) => (n === 0 ? 'l' : 'r'));
  const w = t.head.map((h, n) => Math.max(h.length, ...t.rows.map((r) => r[n]!.length)));
  const line = (r: string[]) => r.map((c, n) => (al[n] === 'l' ? c.padEnd(w[n]!) : c.padStart(w[n]!))).join('  ');
  return [line(t.head), w.map((x) => '-'.repeat(x)).join('  '), ...t.rows.map(line)].join('\n');
}

/** GEP for the national method; ESV for the value-equivalent method (it is not GEP: it counts supporting services). */
export const measure = (run: AccountRun) => (run.model.kind === 'esv' ? 'ESV' : 'GEP');

export function totalsTable(run: AccountRun): Table {
  const { account, model } = run;
  return {
    head: [
      'region',
      'year',
      `${measure(run)} current`,
      `${measure(run)} at ${account.baseYear} prices`,
      ...model.categories.map((c) => `${c.id} (current)`),
    ],
    rows: account.regionYears.map((ry) => [
      ry.region,
      String(ry.year),
      yi(ry.gep.current),
      yi(ry.gep.constant),
      ...model.categories.map((c) => yi(ry.categories.get(c.id)!.current)),
    ]),
  };
}

export function servicesTable(run: AccountRun, region: string, year: number, lang: 'en' | 'zh' = 'en'): Table {
  const { account, model } = run;
  const ry = account.regionYears.find((r) => r.region === region && r.year === year)!;
  const mark = (id: string) => (isGiven(run, region, year, id) ? ` ${GIVEN_MARK}` : '');
  return {
    head: ['service', 'category', 'physical', 'unit', 'money (10⁸ CNY)', 'share'],
    align: ['l', 'l', 'r', 'l', 'r', 'r'],
    rows: ry.services.map((s) => {
      const svc = model.services.find((x) => x.id === s.id)!;
      const share = ry.gep.current.isZero() ? '–' : grouped(s.money.div(ry.gep.current).mul(100), 1) + '%';
      const service = lang === 'zh' ? `${svc.label.zh} ${s.id}` : s.id;
      const physical = s.physical ? num(s.physical, 0) + mark(svc.physical) : '—';
      return [service, s.category, physical, s.physicalUnit, yi(s.money) + mark(svc.money), share];
    }),
  };
}

/** Under the services table: what the given mark means and which values carry it (nothing when none is given). */
export function givenLegend(run: AccountRun, region: string, year: number): string[] {
  const ids = run.model.services.flatMap((s) => [s.physical, s.money]).filter((id) => isGiven(run, region, year, id));
  if (!ids.length) return [];
  return [`${GIVEN_MARK} given by the dataset, not computed (gep explain <indicator> shows its row): ${ids.join(', ')}`];
}

export function decompositionTable(run: AccountRun, region: string): Table {
  const ds = run.account.decompositions.filter((d) => d.region === region);
  return {
    head: ['change', 'from', 'to', 'quantity effect', 'price effect', `Δ ${measure(run)}`],
    rows: ds.map((d) => [
      `${d.fromYear} → ${d.toYear}`,
      yi(d.total.v0),
      yi(d.total.v1),
      yi(d.total.quantity),
      yi(d.total.price),
      yi(d.total.delta),
    ]),
  };
}

/** summary.md: what a reader needs first, with every table's unit and price year stated. */
/** The method variants in force and the coverage chosen, one line each (none for a model without variants). */
function methodLines({ model }: AccountRun): string[] {
  return model.services
    .filter((s) => s.variant || model.method.covers[s.id])
    .map((s) => `- ${s.label.en} (${s.label.zh}): ${serviceMethod(model, s, 'en')}`);
}

export function summaryMarkdown(run: AccountRun): string {
  const { account } = run;
  return [
    ...summaryHead(run),
    markdown(totalsTable(run)),
    '',
    ...account.regions.flatMap((region) => summaryRegion(run, region)),
    ...summaryTail(diagnosticCounts(account.diagnostics)),
  ].join('\n');
}

/** summary.md down to the totals table: the method, dataset and run, the local coefficients, the table's title. */
export function summaryHead(run: AccountRun): string[] {
  const { meta, model, dataset, account } = run;
  const out: string[] = [];
  out.push(`# ${measure(run)} account — ${dataset.manifest.name.en} (${dataset.manifest.name.zh})`, '');
  if (dataset.manifest.illustrative)
    out.push(
      '> **Illustrative data.** The dataset is labelled illustrative: these figures must not be published as facts about a real region.',
      '',
    );
  out.push(
    `- Method: **${model.title.en}** (${model.title.zh}), model \`${meta.model}\``,
    `- Dataset: \`${meta.dataset.id}\`, sha256 \`${meta.dataset.hash.slice(0, 16)}…\``,
    `- Engine ${meta.engine_version}; run \`${meta.id}\`; scenario ${meta.scenario}`,
    ...methodLines(run),
    ...(meta.not_accounted ?? []).map((n) => `- Not accounted (left out of the GEP): ${n.service}: ${n.reason}`),
    `- Money in 10⁸ CNY (亿元); "current" = each year's own prices, constant = ${account.baseYear} prices.`,
    '',
    ...(meta.local_coefficients
      ? [
          "## Local coefficients (the dataset's own values, replacing the model's)",
          '',
          markdown({
            head: ['coefficient', 'region', 'key', 'from', 'value', 'price year', 'source', 'file:line'],
            rows: localCoefficientRows(meta),
            align: ['l', 'l', 'l', 'r', 'r', 'r', 'l', 'l'],
          }),
          '',
        ]
      : []),
    `## ${model.kind === 'esv' ? 'Ecosystem service value' : 'Gross ecosystem product'}`,
    '',
  );
  return out;
}

/** summary.md's sections of one region: its services, what changed its GEP, its extent (the account holds the region). */
export function summaryRegion(run: AccountRun, region: string): string[] {
  const { account } = run;
  const out: string[] = [];
  const last = account.years[account.years.length - 1]!;
  out.push(`## Services, ${region} ${last} (current prices)`, '', markdown(servicesTable(run, region, last, 'zh')), '');
  const legend = givenLegend(run, region, last);
  if (legend.length) out.push(...legend, '');
  if (account.decompositions.some((d) => d.region === region)) {
    out.push(
      `## What changed ${measure(run)}, ${region} (quantity effect at the earlier year's prices + price effect = Δ)`,
      '',
      markdown(decompositionTable(run, region)),
      '',
    );
    const d = account.decompositions.filter((x) => x.region === region).at(-1)!;
    const drivers = [...d.services].sort((a, b) => b.delta.abs().cmp(a.delta.abs())).slice(0, 5);
    out.push(
      `Largest changes ${d.fromYear} → ${d.toYear}:`,
      '',
      markdown({
        head: ['service', 'quantity effect', 'price effect', 'Δ'],
        rows: drivers.map((s) => [s.id, yi(s.quantity), yi(s.price), yi(s.delta)]),
      }),
      '',
    );
  }
  const e = account.extent.find((x) => x.region === region);
  if (e) {
    out.push(
      `## Ecosystem extent, ${region} (${e.unit})`,
      '',
      markdown({
        head: ['type', ...e.years.map(String), ...e.changes.map((c) => `Δ ${c.fromYear}→${c.toYear}`)],
        rows: e.types.map((t) => [
          t,
          ...e.years.map((y) => num(e.area.get(y)!.get(t) ?? new Dec(0), 0)),
          ...e.changes.map((c) => num(c.rows.find((r) => r.type === t)!.net, 0)),
        ]),
      }),
      '',
    );
  }
  return out;
}

/** How many diagnostics of each code, in the order the codes first appear. */
export function diagnosticCounts(diagnostics: readonly { code: string }[], counts = new Map<string, number>()): Map<string, number> {
  for (const d of diagnostics) counts.set(d.code, (counts.get(d.code) ?? 0) + 1);
  return counts;
}

/** summary.md from the diagnostics on; its last element is '' (the file ends with a line break). */
export function summaryTail(counts: ReadonlyMap<string, number>): string[] {
  const out: string[] = [];
  out.push('## Diagnostics', '');
  if (!counts.size) out.push('None.', '');
  else {
    out.push(...[...counts].map(([code, n]) => `- ${code}: ${n}`), '');
    out.push(
      "Caps that bound mean a pollutant-removal service was limited to the load there was to remove; fallbacks mean a coefficient's default row was used.",
      '',
    );
  }
  out.push('Every value can be explained: `gep explain <indicator> --region <r> --year <y>`.', '');
  return out;
}
