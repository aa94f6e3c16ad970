import type { IndicatorTable } from '../datasets/indicators.ts';
import { type Dec, dec } from '../engine/core/decimal.ts';
import type { Issue } from '../engine/core/errors.ts';
import { conversion, parseUnit } from '../engine/core/units.ts';
import type { RawValue, RegionYear } from '../engine/index/evaluate.ts';
import type { BaseRef, IndicatorSystem } from '../engine/index/schema.ts';
import type { ResultRow } from './rows.ts';

/** The runs an indicator system reads, by the name its value references use. */
export type IndexRunName = 'gep' | 'dual' | 'carbon';
export type IndexRunRows = Partial<Record<IndexRunName, ResultRow[]>>;

/** The runs an indicator system's values come from, and whether it reads indicators.csv. */
export function systemNeeds(system: IndicatorSystem): { runs: Set<IndexRunName>; table: boolean } {
  const runs = new Set<IndexRunName>();
  let table = false;
  const add = (r: BaseRef) => {
    if ('run' in r) runs.add(r.run);
    else table = true;
  };
  for (const d of system.dimensions)
    for (const i of d.indicators) {
      add(i.value);
      if ('per' in i.value && i.value.per) add(i.value.per);
    }
  return { runs, table };
}

interface Found {
  value: Dec;
  unit: string;
  from: string;
}

/**
 * The raw value of every indicator of the system for every region-year, in the indicator's unit, with where it came
 * from (indicators.csv and its line and source, or the run's row); what cannot be found or converted is an issue, all
 * of them at once. A `per` reference divides the value, and its unit divides the unit (ha / ha is converted to %).
 */
export function indexValues(
  system: IndicatorSystem,
  objects: RegionYear[],
  runs: IndexRunRows,
  table: IndicatorTable | undefined,
): { values: Map<string, RawValue>; issues: Issue[] } {
  const values = new Map<string, RawValue>();
  const issues: Issue[] = [];
  const byRun = new Map<string, ResultRow[]>();
  for (const [name, rows] of Object.entries(runs))
    for (const r of rows ?? []) {
      const k = `${name}\0${r.indicator}\0${r.region}\0${r.year}\0${r.key}`;
      const list = byRun.get(k);
      if (list) list.push(r);
      else byRun.set(k, [r]);
    }
  const find = (ref: BaseRef, o: RegionYear): Found | string => {
    if (!('run' in ref)) {
      const row = table?.get(o.region, o.year, ref.indicator);
      if (!row) return `no row of ${table?.file ?? 'indicators.csv'} for ${o.region} ${o.year}, indicator ${ref.indicator}`;
      return { value: row.value, unit: row.unit, from: `${table!.file} line ${row.line} (${row.source})` };
    }
    const rows = byRun.get(`${ref.run}\0${ref.indicator}\0${o.region}\0${o.year}\0${ref.key}`) ?? [];
    const row = ref.basis ? rows.find((r) => r.price_basis === ref.basis) : (rows.find((r) => r.price_basis === 'current') ?? rows[0]);
    if (!row)
      return `the ${ref.run} run has no row ${ref.indicator}${ref.key ? ` [${ref.key}]` : ''}${ref.basis ? ` at ${ref.basis} prices` : ''} for ${o.region} ${o.year}`;
    const physical = row.physical_value !== '';
    const text = physical ? row.physical_value : row.money_value;
    if (text === '') return `the ${ref.run} run's row ${ref.indicator} for ${o.region} ${o.year} has no value`;
    return {
      value: dec(text),
      unit: physical ? row.physical_unit || '1' : row.currency,
      from: `${ref.run} run, ${ref.indicator}${ref.key ? ` [${ref.key}]` : ''}${row.price_basis ? ` (${row.price_basis} prices${row.price_year ? ` of ${row.price_year}` : ''})` : ''}`,
    };
  };
  for (const d of system.dimensions)
    for (const ind of d.indicators) {
      const path = `${d.id}.${ind.id}`;
      for (const o of objects) {
        const num = find(ind.value, o);
        const per = 'per' in ind.value && ind.value.per ? find(ind.value.per, o) : undefined;
        const missing = [num, per].filter((x): x is string => typeof x === 'string');
        if (missing.length) {
          for (const m of missing) issues.push({ code: 'indicator_value_missing', path, message: `${ind.id} (${ind.label.en}): ${m}` });
          continue;
        }
        const n = num as Found;
        const p = per as Found | undefined;
        if (p?.value.isZero()) {
          issues.push({
            code: 'indicator_value_missing',
            path,
            message: `${ind.id} for ${o.region} ${o.year}: ${p.from} is 0, it cannot divide`,
          });
          continue;
        }
        const unit = p ? `(${n.unit})/(${p.unit})` : n.unit;
        let value = p ? n.value.div(p.value) : n.value;
        try {
          const f = conversion(parseUnit(unit), parseUnit(ind.unit));
          if (!f.identity) value = value.mul(f.num).div(f.den);
        } catch (e) {
          issues.push({
            code: 'unit_mismatch',
            path,
            message: `${ind.id} is in ${ind.unit}; its value for ${o.region} ${o.year} is in ${unit}: ${(e as Error).message}`,
          });
          continue;
        }
        values.set(`${o.region}\0${o.year}\0${ind.id}`, { value, from: p ? `${n.from} ÷ ${p.from}` : n.from });
      }
    }
  return { values, issues };
}
