import { type Dec, str } from '../engine/core/decimal.ts';
import type { Band } from '../engine/finance/rights-band.ts';
import type { FinanceRun } from './finance.ts';
import type { ResultRow } from './rows.ts';

// The long rows of a finance run (level "finance"). Indicators:
//   right_value (key line=…;holder=…;stat=low|central|high): each right valued, money; its quantity as the physical value
//   rights_by_holder / rights_by_type (key holder=… / type=…;stat=…): rights only, summed; GEP is never in them
//   same_flow_gep (key service=…): the GEP service a right describes, beside it (never summed with it)
//   gep_credit (key basis=gep|marketable;ratio=…;stat=…): the lender's ratio × the basis band
//   financed_emissions, attribution_factor (key loan=…), book_financed_emissions, book_quality (key '')
//   project_delta_tco2e (key loan=…;catalogue=…): a financed project's baseline − project emissions per year
//   extent_opening / extent_closing / extent_change (key type=…), extent_conversion (key from=…;to=…), km²

const STATS = ['low', 'central', 'high'] as const;

export function financeResultRows(run: FinanceRun): ResultRow[] {
  const m = run.meta;
  const rows: ResultRow[] = [];
  const ref = `${run.prices.id}@${run.prices.version}`;
  const row = (r: Partial<ResultRow> & Pick<ResultRow, 'indicator' | 'region' | 'year' | 'key'>): void => {
    rows.push({
      level: 'finance',
      category: '',
      scenario: m.scenario,
      physical_value: '',
      physical_unit: '',
      money_value: '',
      currency: '',
      price_year: '',
      price_basis: '',
      method: '',
      model: m.model,
      ...r,
    });
  };
  const money = (v: Dec, year: number) => ({ money_value: str(v), currency: 'CNY', price_year: String(year), price_basis: 'current' });
  const banded = (b: Band, f: (stat: string, v: Dec) => void) => {
    for (const s of STATS) f(s, b[s]);
  };
  for (const v of run.valued) {
    const r = v.row;
    const base = { indicator: 'right_value', category: r.type, region: r.region, year: String(r.year) };
    const key = `line=${r.line};holder=${r.holderKind}:${r.holder};vintage=${r.vintage};status=${r.status}`;
    const method =
      v.method === 'income'
        ? `income approach, ${ref}`
        : v.method === 'market'
          ? `market price in force ${v.price!.from}, ${ref}`
          : 'retired: not an asset';
    const physical = { physical_value: str(r.quantity), physical_unit: r.unit };
    if (!v.value) row({ ...base, key, ...physical, method });
    else banded(v.value, (s, x) => row({ ...base, key: `${key};stat=${s}`, ...physical, ...money(x, r.year), method }));
  }
  for (const [indicator, list, what] of [
    ['rights_by_holder', run.byHolder, 'holder'],
    ['rights_by_type', run.byType, 'type'],
  ] as const)
    for (const t of list)
      banded(t.value, (s, x) =>
        row({
          indicator,
          region: t.region,
          year: String(t.year),
          key: `${what}=${t.key};stat=${s}`,
          ...money(x, t.year),
          method: `${t.rows} rights, ${ref}`,
        }),
      );
  for (const p of run.sameFlows)
    if (p.gep)
      row({
        indicator: 'same_flow_gep',
        category: p.service,
        region: p.region,
        year: String(p.year),
        key: `service=${p.service}`,
        physical_value: p.gep.physical ? str(p.gep.physical) : '',
        physical_unit: p.gep.physical ? p.gep.physicalUnit : '',
        ...money(p.gep.money, p.year),
        method: `GEP service beside ${p.rights.length} right(s) of the same flow: shown, never summed`,
      });
  for (const c of run.credit)
    banded(c.band, (s, x) =>
      row({
        indicator: 'gep_credit',
        region: c.region,
        year: String(c.year),
        key: `basis=${c.basis};ratio=${str(c.ratio)};stat=${s}`,
        ...money(x, c.year),
        method: c.fromMonteCarlo
          ? `lender's ratio × ${c.basis} P5/P50/P95 (Monte Carlo)`
          : `lender's ratio × ${c.basis} (point: no Monte Carlo)`,
      }),
    );
  for (const f of run.financed) {
    const e = f.exposure;
    const at = { region: e.region, year: String(e.year), category: e.instrument };
    const method = `PCAF 2022 Part A, outstanding / ${f.denominator === 'evic' ? 'EVIC' : 'equity + debt'}; data quality ${e.quality}`;
    row({ ...at, indicator: 'attribution_factor', key: `loan=${e.id}`, physical_value: str(f.factor), physical_unit: '1', method });
    for (const [k, v] of [
      ['scope1', f.scope1],
      ['scope2', f.scope2],
      ['total', f.total],
    ] as const)
      row({
        ...at,
        indicator: 'financed_emissions',
        key: `loan=${e.id};scope=${k}`,
        physical_value: str(v),
        physical_unit: 'tCO2e',
        method,
      });
  }
  for (const b of run.book) {
    const at = { region: b.region, year: String(b.year), key: '' };
    row({
      ...at,
      indicator: 'book_financed_emissions',
      physical_value: str(b.total),
      physical_unit: 'tCO2e',
      method: `PCAF 2022 Part A, ${b.exposures} exposures`,
    });
    row({ ...at, indicator: 'book_outstanding', ...money(b.outstanding, b.year) });
    row({
      ...at,
      indicator: 'book_quality',
      physical_value: str(b.quality),
      physical_unit: '1',
      method: 'outstanding-weighted PCAF data-quality score',
    });
  }
  for (const d of run.deltas)
    row({
      indicator: 'project_delta_tco2e',
      category: d.exposure.instrument,
      region: d.exposure.region,
      year: String(d.exposure.year),
      key: `loan=${d.exposure.id}${d.exposure.catalogue ? `;catalogue=${d.exposure.catalogue}` : ''}`,
      physical_value: str(d.delta),
      physical_unit: 'tCO2e',
      method: 'baseline − project emissions per year; kept apart from financed emissions',
    });
  for (const x of run.extent) {
    const period = `${x.fromYear}-${x.toYear}`;
    for (const r of x.rows)
      for (const [indicator, v] of [
        ['extent_opening', r.opening],
        ['extent_closing', r.closing],
        ['extent_change', r.change],
      ] as const)
        row({
          indicator,
          category: r.type,
          region: x.region,
          year: String(x.toYear),
          key: `type=${r.type};period=${period}`,
          physical_value: str(v),
          physical_unit: 'km2',
          method: 'TNFD C1.1 / A5.1',
        });
    for (const c of x.conversions)
      row({
        indicator: 'extent_conversion',
        region: x.region,
        year: String(x.toYear),
        key: `from=${c.from};to=${c.to};period=${period}`,
        physical_value: str(c.area),
        physical_unit: 'km2',
        method: 'TNFD C1.1, transition matrix',
      });
  }
  return rows;
}
