import { type Dec, grouped, str } from '../engine/core/decimal.ts';
import type { Band } from '../engine/finance/rights-band.ts';
import type { FinanceRun } from '../lib/finance.ts';
import { financeResultRows } from '../lib/finance-rows.ts';
import { financeLabel } from './finance-labels.ts';
import { esc, moneyColumn, named, section, table, type Cell } from './html.ts';
import { quantity, unitSymbol } from './format.ts';
import { HOLDER_KIND_NAMES, INSTRUMENT_NAMES, RIGHT_STATUS_NAMES, ecosystemTypeName, regionName, wordOf } from './names.ts';
import type { Lang } from './labels.ts';
import { markdown } from './summary.ts';
import type { ExtraSheet } from './xlsx.ts';

const km2 = (d: Dec) => grouped(d, 2);

/** The tables of a finance run, as rows of text (shared by the HTML section and the summary). */
function tables(run: FinanceRun, lang: Lang) {
  const L = (k: Parameters<typeof financeLabel>[0]) => financeLabel(k, lang);
  const service = (id: string) => run.gep.model.services.find((s) => s.id === id)?.label[lang] ?? id;
  const typeName = (t: string) => run.prices.types[t as keyof typeof run.prices.types]?.label[lang] ?? t;
  const lmh = [L('low'), L('central'), L('high')];
  const region = (id: string) => regionName(run.gep.dataset.manifest.regions, id, lang);
  const u = (unit: string) => unitSymbol(unit, lang);
  const name = (text: string): Cell => ({ html: named(text, lang) });
  const holderName = (id: string) => run.valued.find((v) => v.row.holder === id)?.row.holderName ?? id;
  const credit = moneyColumn(
    run.credit.flatMap((c) => [c.basisBand.high, c.band.high]),
    lang,
  );
  const book = moneyColumn(
    run.financed.map((f) => f.exposure.outstanding),
    lang,
  );
  const wan = moneyColumn(
    run.valued.flatMap((v) => (v.value ? [v.value.high] : [])),
    lang,
  );
  const mband = (b: Band | undefined): Cell[] =>
    b ? [{ n: wan.cell(b.low) }, { n: wan.cell(b.central) }, { n: wan.cell(b.high) }] : ['–', '–', '–'];
  return {
    ledger: {
      head: [
        L('region'),
        L('year'),
        L('holder'),
        L('right_type'),
        L('quantity'),
        L('unit'),
        L('vintage'),
        L('status'),
        L('valuation'),
        ...lmh.map((x) => `${x} (${wan.unit})`),
      ],
      rows: run.valued.map((v): Cell[] => [
        region(v.row.region),
        String(v.row.year),
        {
          html: `${named(v.row.holderName, lang)}${lang === 'zh' ? '（' : ' ('}${esc(wordOf(HOLDER_KIND_NAMES, v.row.holderKind, lang))}${lang === 'zh' ? '）' : ')'}`,
        },
        typeName(v.row.type),
        { n: quantity(v.row.quantity) },
        u(v.row.unit),
        String(v.row.vintage),
        wordOf(RIGHT_STATUS_NAMES, v.row.status, lang),
        v.method === 'market'
          ? `${L('price_from')} ${v.price!.from}${v.price!.verified ? '' : ' *'}`
          : v.method === 'income'
            ? `${L('income_approach')}, r = ${run.prices.forest_income.discount_rate} *`
            : '—',
        ...mband(v.value),
      ]),
    },
    sameFlow: {
      head: [
        L('region'),
        L('year'),
        L('service'),
        `${L('gep_service_value')} (${wan.unit})`,
        L('right_type'),
        L('holder'),
        L('quantity'),
        ...lmh.map((x) => `${L('rights_value')} ${x} (${wan.unit})`),
      ],
      rows: run.sameFlows.flatMap((p) =>
        p.rights.map((r, n): Cell[] => [
          region(p.region),
          String(p.year),
          service(p.service),
          n === 0 && p.gep ? { n: wan.cell(p.gep.money) } : n === 0 ? '–' : '″',
          typeName(r.type),
          name(holderName(r.holder)),
          `${quantity(r.quantity)} ${u(r.unit)}`,
          ...mband(r.value),
        ]),
      ),
    },
    credit: {
      head: [
        L('region'),
        L('year'),
        L('basis'),
        L('ratio'),
        ...lmh.map((x) => `${L('basis')} ${x} (${credit.unit})`),
        ...lmh.map((x) => `${x} (${credit.unit})`),
      ],
      rows: run.credit.map((c): Cell[] => [
        region(c.region),
        String(c.year),
        `${c.basis === 'gep' ? 'GEP' : L('basis_marketable')}${c.fromMonteCarlo ? ' (P5/P50/P95)' : ''}`,
        { n: str(c.ratio) },
        ...[c.basisBand, c.band].flatMap((b) => [{ n: credit.cell(b.low) }, { n: credit.cell(b.central) }, { n: credit.cell(b.high) }]),
      ]),
    },
    financed: {
      head: [
        L('region'),
        L('year'),
        L('exposure'),
        L('borrower'),
        `${L('outstanding')} (${book.unit})`,
        L('attribution'),
        `${L('scope1')} (${u('tCO2e')})`,
        `${L('scope2')} (${u('tCO2e')})`,
        `Σ (${u('tCO2e')})`,
        L('data_quality'),
      ],
      rows: run.financed.map((f): Cell[] => [
        region(f.exposure.region),
        String(f.exposure.year),
        { html: `<code>${esc(f.exposure.id)}</code> ${esc(wordOf(INSTRUMENT_NAMES, f.exposure.instrument, lang))}` },
        name(f.exposure.borrowerName),
        { n: book.cell(f.exposure.outstanding) },
        { n: grouped(f.factor, 6) },
        { n: grouped(f.scope1, 2) },
        { n: grouped(f.scope2, 2) },
        { n: grouped(f.total, 2) },
        String(f.exposure.quality),
      ]),
    },
    book: run.book.map(
      (b) => `${region(b.region)} ${b.year}: Σ ${grouped(b.total, 2)} ${u('tCO2e')}, ${L('data_quality')} ${grouped(b.quality, 2)}`,
    ),
    deltas: {
      head: [L('region'), L('year'), L('exposure'), L('borrower'), L('catalogue'), `${L('project_delta')} (${u('tCO2e/a')})`],
      rows: run.deltas.map((d): Cell[] => [
        region(d.exposure.region),
        String(d.exposure.year),
        { html: `<code>${esc(d.exposure.id)}</code>` },
        name(d.exposure.borrowerName),
        d.exposure.catalogue ? name(d.exposure.catalogue) : '',
        { n: grouped(d.delta, 2) },
      ]),
    },
    extent: run.extent.map((x) => ({
      title: `${region(x.region)} ${x.fromYear}→${x.toYear}`,
      head: [
        L('key'),
        `${L('opening')} (km²)`,
        `${L('closing')} (km²)`,
        `${L('change')} (km²)`,
        `${L('change')} (%)`,
        `${L('gains')} (km²)`,
        `${L('losses')} (km²)`,
      ],
      rows: x.rows.map((r): Cell[] => [
        ecosystemTypeName(run.gep.model, r.type, lang),
        { n: km2(r.opening) },
        { n: km2(r.closing) },
        { n: km2(r.change) },
        { n: r.changePct ? grouped(r.changePct, 2) : '–' },
        { n: r.gains ? km2(r.gains) : '–' },
        { n: r.losses ? km2(r.losses) : '–' },
      ]),
      conversions: x.conversions.map((c): Cell[] => [
        `${ecosystemTypeName(run.gep.model, c.from, lang)} → ${ecosystemTypeName(run.gep.model, c.to, lang)}`,
        { n: km2(c.area) },
      ]),
    })),
  };
}

/** The finance run's HTML section: ledger, same-flow pairs (no sum), credit band, financed emissions, ΔtCO2e, extent change. */
export function financeSection(run: FinanceRun, lang: Lang): string {
  const L = (k: Parameters<typeof financeLabel>[0]) => financeLabel(k, lang);
  const x = tables(run, lang);
  const body: string[] = [
    `<p class="note">${esc(run.prices.title[lang])} <code>${esc(`${run.prices.id}@${run.prices.version}`)}</code>. ${esc(`${L('fin_note_rights_apart')} * ${L('fin_illustrative_price')}`)}</p>`,
    `<h3>${esc(L('rights_ledger'))}</h3>`,
    table(x.ledger.head, x.ledger.rows),
    `<h3>${esc(L('same_flow'))}</h3><p class="note">${esc(L('fin_note_not_summed'))}</p>`,
    table(x.sameFlow.head, x.sameFlow.rows),
  ];
  if (x.credit.rows.length)
    body.push(
      `<h3>${esc(L('credit_band'))}</h3><p class="note">${esc(L('fin_note_lender_ratio'))}</p>`,
      table(x.credit.head, x.credit.rows),
    );
  if (x.financed.rows.length)
    body.push(
      `<h3>${esc(L('financed_emissions'))}</h3>`,
      table(x.financed.head, x.financed.rows),
      `<p class="note">${esc(x.book.join('; '))}</p>`,
    );
  if (x.deltas.rows.length) body.push(`<h3>${esc(L('project_delta'))}</h3>`, table(x.deltas.head, x.deltas.rows));
  for (const e of x.extent) {
    body.push(`<h3>${esc(`${L('extent_change')} — ${e.title}`)}</h3>`, table(e.head, e.rows));
    if (e.conversions.length) body.push(table([L('conversions'), 'km²'], e.conversions));
  }
  return section('green-finance', L('green_finance'), body.join(''));
}

/** The finance run's workbook sheet: its long rows (the finance sheet carries the summary lines). */
export function financeSheet(run: FinanceRun, lang: Lang): ExtraSheet {
  return { name: financeLabel('sheet_green_finance', lang), long: financeResultRows(run) };
}

const text = (c: Cell) => (typeof c === 'string' ? c : 'n' in c ? c.n : c.html);

/** summary.md of a finance run (English). */
export function financeSummaryMarkdown(run: FinanceRun): string {
  const x = tables(run, 'en');
  const md = (t: { head: string[]; rows: Cell[][] }) => `${markdown({ head: t.head, rows: t.rows.map((r) => r.map(text)) })}\n`;
  const out = [
    `# Green finance — run ${run.meta.id}`,
    '',
    `Prices: ${run.prices.id}@${run.prices.version}; GEP run ${run.meta.gep_run}; dataset ${run.meta.dataset.id}${run.meta.dataset.illustrative ? ' (ILLUSTRATIVE)' : ''}.`,
    'Rights are kept apart from GEP and never added to it; * marks an illustrative price or stand.',
    '',
    '## Rights ledger',
    md(x.ledger),
    '## Rights beside the GEP service of the same flow (never added)',
    md(x.sameFlow),
  ];
  if (x.credit.rows.length) out.push("## GEP-linked credit band (the lender's ratio)", md(x.credit));
  if (x.financed.rows.length) out.push('## Financed emissions (PCAF)', md(x.financed), x.book.join('; '), '');
  if (x.deltas.rows.length) out.push('## Project ΔtCO2e', md(x.deltas));
  for (const e of x.extent) out.push(`## Extent and change (TNFD) ${e.title}`, md(e));
  return `${out.join('\n')}\n`;
}
