import { type Dec, dec, ONE } from '../core/decimal.ts';
import type { Issue } from '../core/errors.ts';
import { entryInForce } from '../eval/coefficients.ts';
import type { AccountingData, RegionYearValues } from '../eval/data.ts';
import type { Cell, CoefInfo, CompiledModel, ResolvedEntry } from '../model/types.ts';
import type { UncertainRange } from '../scenario/schema.ts';
import type { Spread } from './distributions.ts';
import type { IssueCode } from '../core/issue-codes.ts';

/** One uncertain parameter: a coefficient (or one row of it) in absolute terms, or an input as a factor on the data. */
export interface Param {
  /** "coefficient:reservoir_cost", "coefficient:cover_factor[dry_farmland]", "input:nep[wetland]". */
  id: string;
  kind: 'coefficient' | 'input';
  name: string;
  key?: string;
  spread: Spread;
  /** The deterministic value: the coefficient in force, or 1 for an input factor. */
  central: Dec;
  source: string;
}

/**
 * Every uncertain parameter of a region-year: the model's ranges (a scalar entry's `range`, a table cell's
 * low/high) for the entries in force in `year`, replaced or extended by the scenario's `uncertainty` list.
 * Sorted by id, so the order of draws is fixed by the model, not by file order.
 */
export function collectParams(
  model: CompiledModel,
  year: number,
  extra: UncertainRange[],
  issues: Issue[],
  overrides?: ReadonlyMap<string, CoefInfo>,
): Param[] {
  const params = new Map<string, Param>();
  // a scenario's coefficients replace the model's: their entries (and ranges) are the ones in force
  const coefficient = (name: string) => overrides?.get(name) ?? model.coefficients.get(name);
  const idOf = (kind: string, name: string, key?: string) => `${kind}:${name}${key ? `[${key}]` : ''}`;
  for (const name of model.coefficients.keys()) {
    const c = coefficient(name)!;
    const e = entryInForce(c, year);
    if (!e) continue;
    if (e.scalar && e.range) {
      const r = e.range;
      params.set(idOf('coefficient', c.name), {
        id: idOf('coefficient', c.name),
        kind: 'coefficient',
        name: c.name,
        spread: { distribution: r.distribution, low: dec(r.low), high: dec(r.high), mode: r.mode ? dec(r.mode) : e.scalar.value },
        central: e.scalar.value,
        source: r.source ?? e.source,
      });
    }
    for (const [key, cell] of e.table ?? []) {
      if (cell.low === undefined || cell.high === undefined) continue;
      const id = idOf('coefficient', c.name, key);
      params.set(id, {
        id,
        kind: 'coefficient',
        name: c.name,
        key,
        spread: { distribution: 'uniform', low: cell.low, high: cell.high, mode: cell.value },
        central: cell.value,
        source: e.source,
      });
    }
  }
  extra.forEach((r, n) => {
    const path = `uncertainty[${n}]`;
    const fail = (field: string, code: IssueCode, message: string) => issues.push({ code, path: `${path}.${field}`, message });
    const [low, high] = [dec(r.low), dec(r.high)];
    if (low.gt(high)) {
      fail('high', 'range_order', `high ${r.high} is below low ${r.low}`);
      return;
    }
    if (r.distribution === 'lognormal' && !low.gt(0)) {
      fail('low', 'range_lognormal', 'a lognormal range needs low > 0');
      return;
    }
    if (r.coefficient) {
      const c = coefficient(r.coefficient);
      if (!c) {
        fail('coefficient', 'coefficient_unknown', `unknown coefficient "${r.coefficient}"`);
        return;
      }
      const e = entryInForce(c, year);
      if (!e) {
        fail('coefficient', 'coefficient_not_in_force', `"${r.coefficient}" has no entry in force in ${year}`);
        return;
      }
      const cell: Cell | undefined = r.key === undefined ? e.scalar : e.table?.get(r.key);
      if (!cell) {
        fail(
          r.key === undefined ? 'coefficient' : 'key',
          'key_unknown',
          r.key === undefined
            ? `"${r.coefficient}" is a table: name the row (key)`
            : `"${r.coefficient}" has no row "${r.key}" in its entry from ${e.from} (rows: ${[...(e.table?.keys() ?? [])].join(', ')})`,
        );
        return;
      }
      const mode = r.mode ? dec(r.mode) : cell.value;
      if (r.distribution === 'triangular' && (mode.lt(low) || mode.gt(high))) {
        fail('mode', 'range_mode', `mode ${mode} is outside ${r.low}–${r.high}`);
        return;
      }
      const id = idOf('coefficient', c.name, r.key);
      params.set(id, {
        id,
        kind: 'coefficient',
        name: c.name,
        ...(r.key ? { key: r.key } : {}),
        spread: { distribution: r.distribution, low, high, mode },
        central: cell.value,
        source: r.source ?? 'scenario',
      });
    } else {
      const info = model.inputs.get(r.input!);
      if (!info) {
        fail('input', 'input_unknown', `unknown input "${r.input}"`);
        return;
      }
      if (
        r.key !== undefined &&
        info.dims.length &&
        !info.dims[0]!.open &&
        !r.key.split('|').every((k, i) => info.dims[i]?.keyLabels.has(k))
      ) {
        fail('key', 'key_unknown', `"${r.key}" is not a key of ${info.name} (${info.dims.map((d) => d.keys.join(', ')).join(' | ')})`);
        return;
      }
      const mode = r.mode ? dec(r.mode) : ONE;
      if (r.distribution === 'triangular' && (mode.lt(low) || mode.gt(high))) {
        fail('mode', 'range_mode', `mode ${mode} is outside ${r.low}–${r.high} (input ranges are factors on the data: "0.9", "1.1")`);
        return;
      }
      const id = idOf('input', info.name, r.key);
      params.set(id, {
        id,
        kind: 'input',
        name: info.name,
        ...(r.key ? { key: r.key } : {}),
        spread: { distribution: r.distribution, low, high, mode },
        central: ONE,
        source: r.source ?? 'scenario',
      });
    }
  });
  return [...params.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * The model and data with one value per parameter. A coefficient's entry in force in `year` takes the value
 * exactly; its other entries move by the same ratio (so constant prices of another year move with it).
 * An input factor multiplies the data value (every year, the key named or every key).
 */
export function withValues(
  model: CompiledModel,
  data: AccountingData,
  year: number,
  params: Param[],
  values: Dec[],
  base?: ReadonlyMap<string, CoefInfo>,
): { coefficients: Map<string, CoefInfo>; data: AccountingData } {
  const coefficients = new Map<string, CoefInfo>(base ?? []);
  const factors: { name: string; key?: string; f: Dec }[] = [];
  params.forEach((p, n) => {
    const v = values[n]!;
    if (p.kind === 'input') {
      if (!v.eq(ONE)) factors.push({ name: p.name, ...(p.key ? { key: p.key } : {}), f: v });
      return;
    }
    if (v.eq(p.central)) return;
    const c = coefficients.get(p.name) ?? model.coefficients.get(p.name)!;
    const inForce = entryInForce(c, year)!;
    const ratio = v.div(p.central);
    const move = (cell: Cell, exact: boolean): Cell => ({ ...cell, value: exact ? v : cell.value.mul(ratio) });
    const entries: ResolvedEntry[] = c.entries.map((e) => {
      const exact = e === inForce;
      if (p.key === undefined) return e.scalar ? { ...e, scalar: move(e.scalar, exact) } : e;
      const cell = e.table?.get(p.key);
      return cell ? { ...e, table: new Map(e.table!).set(p.key, move(cell, exact)) } : e;
    });
    coefficients.set(p.name, { ...c, entries });
  });
  if (!factors.length) return { coefficients, data };
  const cache = new Map<string, RegionYearValues | undefined>();
  return {
    coefficients,
    data: {
      ...data,
      values(region, y) {
        const k = `${region}\0${y}`;
        if (cache.has(k)) return cache.get(k);
        const own = data.values(region, y);
        let out = own;
        if (own) {
          out = new Map(own);
          for (const { name, key, f } of factors) {
            const byKey = out.get(name);
            if (!byKey) continue;
            out.set(name, new Map([...byKey].map(([kk, x]) => [kk, key === undefined || kk === key ? x.mul(f) : x])));
          }
        }
        cache.set(k, out);
        return out;
      },
    },
  };
}
