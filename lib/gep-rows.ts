import { type Dec, str } from '../engine/core/decimal.ts';
import { isMoney } from '../engine/core/units.ts';
import type { IndicatorValue } from '../engine/eval/evaluate.ts';
import type { ResultRow } from './rows.ts';
import type { AccountRun } from './run.ts';

type Row = ResultRow;

/** The long rows of a GEP account run (what results.csv holds and the store persists). */
export function resultRows(run: AccountRun): ResultRow[] {
  const { meta, model, account } = run;
  const rows: Row[] = [];
  const base = (region: string, year: number): Base => ({ region, year: String(year), scenario: meta.scenario, model: meta.model });
  // the currency, price year and basis of each basis's rows, made once: the row takes its money value beside them
  // (a Money object and a year's text per row were ~15 % of resultRows' allocation, bench/worker-gc.ts)
  const priced = (priceYear: number, basis: string): Priced => ({ currency: 'CNY', price_year: String(priceYear), price_basis: basis });

  for (const ry of account.regionYears) {
    const b = base(ry.region, ry.year);
    for (const [basis, at, res] of [
      ['current', priced(ry.year, 'current'), ry.current],
      ['constant', priced(account.baseYear, 'constant'), ry.constant],
    ] as const) {
      for (const s of model.services) {
        // absent: the money value is given and the physical quantity is neither given nor computable
        const phys = res.values.get(s.physical),
          mon = res.values.get(s.money)!;
        const method = s.method.en;
        const physUnit = model.indicatorById.get(s.physical)!.unit.text;
        rows.push(
          row(
            b,
            s.id,
            'service',
            s.category,
            '',
            phys ? str(phys.value) : '',
            phys ? physUnit : '',
            mon.value,
            at,
            method,
            origin(phys, mon),
          ),
        );
        for (const p of s.parts) {
          const plan = model.indicatorById.get(p)!;
          const iv = res.values.get(p);
          if (!iv) continue; // not computed: made unnecessary by a given value, or part of an absent physical quantity
          const v = iv.value;
          const money_ = isMoney(plan.unit);
          rows.push(
            row(
              b,
              p,
              'part',
              s.category,
              '',
              money_ ? '' : str(v),
              money_ ? '' : plan.unit.text,
              money_ ? v : undefined,
              at,
              method,
              origin(iv),
            ),
          );
        }
        for (const [key, pv, mv] of breakdown(
          model.indicatorById.get(s.physical)!.over.map((o) => o.dim.name),
          phys,
          model.indicatorById.get(s.money)!.over.map((o) => o.dim.name),
          mon,
        )) {
          rows.push(
            row(
              b,
              s.id,
              'detail',
              s.category,
              key,
              pv === undefined ? '' : str(pv),
              pv === undefined ? '' : physUnit,
              mv,
              at,
              method,
              origin(pv === undefined ? undefined : phys, mv === undefined ? undefined : mon),
            ),
          );
        }
      }
      for (const c of model.categories) {
        rows.push(row(b, c.id, 'category', c.id, '', '', '', ry.categories.get(c.id)![basis], at, ''));
      }
      rows.push(row(b, 'gep', 'total', '', '', '', '', ry.gep[basis], at, model.title.en));
    }
  }
  for (const e of account.extent) {
    for (const y of e.years) {
      for (const t of e.types) {
        const v = e.area.get(y)!.get(t);
        if (v === undefined) continue;
        rows.push(
          row(
            base(e.region, y),
            'extent.area',
            'extent',
            '',
            `ecosystem_type=${t}`,
            str(v),
            e.unit,
            undefined,
            NO_MONEY,
            'ecosystem extent',
          ),
        );
      }
    }
  }
  return rows;
}

type Base = Pick<Row, 'region' | 'year' | 'scenario' | 'model'>;
type Priced = Pick<Row, 'currency' | 'price_year' | 'price_basis'>;
const NO_MONEY: Priced = { currency: '', price_year: '', price_basis: '' };

/**
 * One long row, its fields written out in column order (origin last, only where the row has one). Built as
 * `{ ...b, …, ...money(…) }` before: two spreads in one object literal took V8's slow path on Node 20, ~20 µs a row
 * (5 ms for the 188 rows of one region-year, more than its accounting).
 */
function row(
  b: Base,
  indicator: string,
  level: string,
  category: string,
  key: string,
  physical_value: string,
  physical_unit: string,
  /** The money value; none: the row has no money columns. */
  money: Dec | undefined,
  m: Priced,
  method: string,
  origin?: string,
): Row {
  const r: Row = {
    region: b.region,
    year: b.year,
    scenario: b.scenario,
    model: b.model,
    indicator,
    level,
    category,
    key,
    physical_value,
    physical_unit,
    money_value: money === undefined ? '' : str(money),
    currency: money === undefined ? '' : m.currency,
    price_year: money === undefined ? '' : m.price_year,
    price_basis: money === undefined ? '' : m.price_basis,
    method,
  };
  if (origin !== undefined) r.origin = origin;
  return r;
}

/**
 * Whether the row's values were given by the dataset: `given` (all of them), `computed` (none), or, for a service
 * row with both a physical and a money value, `given_physical` (the quantity given, its value computed from it)
 * or `given_money` (the money value given).
 */
function origin(a: IndicatorValue | undefined, b?: IndicatorValue): string {
  // the values present, given or not (two arrays a row before: the same answers, none made)
  const ga = a === undefined ? undefined : a.origin === 'given';
  const gb = b === undefined ? undefined : b.origin === 'given';
  if (!ga && !gb) return 'computed';
  if (ga !== false && gb !== false) return 'given';
  return ga ? 'given_physical' : 'given_money'; // one given, one not: both are present, a first
}

/** Rows by key: physical and money side by side when both are broken down by the same dimensions. */
function breakdown(
  pDims: string[],
  p: IndicatorValue | undefined,
  mDims: string[],
  m: IndicatorValue,
): [string, Dec | undefined, Dec | undefined][] {
  const same = pDims.join() === mDims.join();
  // a key of one part (most) is labelled without splitting it
  const label = (dims: string[], k: string) =>
    k.includes('|')
      ? k
          .split('|')
          .map((part, n) => `${dims[n]}=${part}`)
          .join(';')
      : `${dims[0]}=${k}`;
  const out: [string, Dec | undefined, Dec | undefined][] = [];
  if (p?.by) for (const [k, v] of p.by) out.push([label(pDims, k), v, same ? m.by?.get(k) : undefined]);
  if (m.by && !same) for (const [k, v] of m.by) out.push([label(mDims, k), undefined, v]);
  return out;
}
