import { type Dec, dec, ONE, ZERO } from '../core/decimal.ts';
import { IssuesError, type Issue } from '../core/errors.ts';
import { conversion, parseUnit } from '../core/units.ts';
import { entryInForce } from '../eval/coefficients.ts';
import type { AccountingData, RegionYearValues } from '../eval/data.ts';
import type { TransitionRow } from '../gep/extent.ts';
import { flattenTable } from '../model/compile.ts';
import type { Cell, CoefInfo, CompiledModel, InputInfo, ResolvedEntry } from '../model/types.ts';
import { collectParams } from '../uncertainty/params.ts';
import { inputFactorSignProblems, overrideSignProblems, rangeSignProblems } from './coefficient-sign.ts';
import type { CoefficientOverride, Scenario } from './schema.ts';
import type { IssueCode } from '../core/issue-codes.ts';

export type Transition = TransitionRow & { region: string; fromYear: number; toYear: number };

/** What a scenario changes, ready for accountGep: replaced coefficients, overlaid data, adjusted transitions. */
export interface Overlay {
  coefficients: Map<string, CoefInfo>;
  data: AccountingData;
  transitions: Transition[];
  /** Notes that do not stop the run (e.g. a transition matrix that could not carry a conversion). */
  notes: string[];
}

/**
 * Lay a scenario over a compiled model and its data. Pure: the model and the data are not changed, the
 * result reads through to them. Every problem (unknown coefficient, key or type, a year outside the
 * dataset, more hectares moved than exist…) is collected and thrown together, naming the field.
 * A scenario without overrides returns the data object itself and no replaced coefficient.
 */
export function applyScenario(model: CompiledModel, data: AccountingData, scenario: Scenario, transitions: Transition[] = []): Overlay {
  const issues: Issue[] = [];
  const at = (path: string, code: IssueCode, message: string) => issues.push({ code, message, path, file: `scenario ${scenario.id}` });
  const yearOk = (y: number, path: string) => {
    if (data.years.includes(y)) return true;
    at(path, 'year_unknown', `${y} is outside the dataset's years (${data.years.join(', ')})`);
    return false;
  };
  const regionsOf = (region: string | undefined, path: string): string[] => {
    if (region === undefined) return data.regions;
    if (data.regions.includes(region)) return [region];
    at(path, 'region_unknown', `region "${region}" is not in the dataset (${data.regions.join(', ')})`);
    return [];
  };
  const o = scenario.overrides;

  // Coefficients: applied in order of their `from` year, each on top of the previous.
  const coefficients = new Map<string, CoefInfo>();
  [...o.coefficients.entries()]
    .sort((a, b) => a[1].from - b[1].from)
    .forEach(([n, ov]) => {
      const path = `overrides.coefficients[${n}]`;
      const c0 = coefficients.get(ov.coefficient) ?? model.coefficients.get(ov.coefficient);
      // every check runs before giving up on an override, so all its problems are reported together
      if (!c0)
        at(
          `${path}.coefficient`,
          'coefficient_unknown',
          `unknown coefficient "${ov.coefficient}"${suggest(ov.coefficient, model.coefficients.keys())}`,
        );
      const signs = c0 ? overrideSignProblems(model.coefficients.get(ov.coefficient)!, ov) : [];
      for (const p of signs) at(`${path}.${p.field}`, p.code, p.message);
      if (!yearOk(ov.from, `${path}.from`) || !c0 || signs.length) return;
      const c = overrideCoefficient(c0, ov, scenario.id, (field, code, msg) => at(`${path}.${field}`, code, msg));
      if (c) coefficients.set(c.name, c);
    });

  // Inputs, then growth paths (anchored on the overridden values), then conversions of area.
  const edits = new Map<string, RegionYearValues>();
  const ry = (r: string, y: number) => `${r}\0${y}`;
  const current = (r: string, y: number): RegionYearValues | undefined => edits.get(ry(r, y)) ?? data.values(r, y);
  const set = (r: string, y: number, input: string, key: string, v: Dec) => {
    let vals = edits.get(ry(r, y));
    if (!vals) {
      vals = new Map([...(data.values(r, y) ?? new Map())].map(([k, m]) => [k, m]));
      edits.set(ry(r, y), vals);
    }
    const byKey = new Map(vals.get(input) ?? []);
    byKey.set(key, v);
    vals.set(input, byKey);
  };
  const inputInfo = (name: string, key: string, path: string): InputInfo | undefined => {
    const info = model.inputs.get(name);
    if (!info) {
      at(`${path}.input`, 'input_unknown', `unknown input "${name}"${suggest(name, model.inputs.keys())}`);
      return undefined;
    }
    if (info.table === 'extent') {
      at(
        `${path}.input`,
        'input_is_extent',
        `"${name}" is the ecosystem extent: change it with a conversion (overrides.conversions), which keeps the total area`,
      );
      return undefined;
    }
    const parts = key === '' ? [] : key.split('|');
    if (parts.length !== info.dims.length) {
      at(
        `${path}.key`,
        'key_shape',
        info.dims.length ? `${name} is keyed by ${info.dims.map((d) => d.name).join(' | ')}` : `${name} has no dimension: leave key empty`,
      );
      return undefined;
    }
    for (const [i, d] of info.dims.entries()) {
      if (!d.open && !d.keyLabels.has(parts[i]!)) {
        at(`${path}.key`, 'key_unknown', `"${parts[i]}" is not a key of ${d.name} (${d.keys.join(', ')})`);
        return undefined;
      }
    }
    return info;
  };
  const checkBounds = (info: InputInfo, v: Dec, path: string, where: string): boolean => {
    if (info.min && v.lt(info.min)) {
      at(path, 'below_minimum', `${where}: ${v} is below the minimum ${info.min} of ${info.name}`);
      return false;
    }
    if (info.max && v.gt(info.max)) {
      at(path, 'above_maximum', `${where}: ${v} is above the maximum ${info.max} of ${info.name}`);
      return false;
    }
    return true;
  };

  // Cells set by an input override: a growth path reaching one would silently replace it, so it is an issue.
  const overridden = new Map<string, number>();
  const cell = (r: string, y: number, input: string, key: string) => `${r}\0${y}\0${input}\0${key}`;
  o.inputs.forEach((ov, n) => {
    const path = `overrides.inputs[${n}]`;
    const info = inputInfo(ov.input, ov.key, path);
    const regions = regionsOf(ov.region, `${path}.region`);
    const yearsOk = [yearOk(ov.from, `${path}.from`), ov.to === undefined || yearOk(ov.to, `${path}.to`)].every(Boolean);
    if (!yearsOk || !info) return;
    let value: Dec | undefined;
    if (ov.value !== undefined) {
      try {
        const f = conversion(parseUnit(ov.unit!), info.unit);
        value = dec(ov.value).mul(f.num).div(f.den);
      } catch (e) {
        at(
          `${path}.unit`,
          'unit_mismatch',
          `${ov.input} is in ${info.unit.text}; "${ov.unit}" cannot be converted to it (${(e as Error).message})`,
        );
        return;
      }
    }
    for (const r of regions) {
      for (const y of data.years.filter((y) => y >= ov.from && (ov.to === undefined || y <= ov.to))) {
        const old = current(r, y)?.get(ov.input)?.get(ov.key);
        if (ov.scale !== undefined && old === undefined) {
          at(`${path}.scale`, 'data_missing', `${r} ${y} has no value of ${ov.input}${ov.key ? ` [${ov.key}]` : ''} to scale`);
          continue;
        }
        const v = value ?? old!.mul(dec(ov.scale!));
        if (checkBounds(info, v, `${path}.${ov.value !== undefined ? 'value' : 'scale'}`, `${r} ${y}`)) set(r, y, ov.input, ov.key, v);
        overridden.set(cell(r, y, ov.input, ov.key), n);
      }
    }
  });

  o.growth.forEach((g, n) => {
    const path = `overrides.growth[${n}]`;
    const info = inputInfo(g.input, g.key, path);
    const regions = regionsOf(g.region, `${path}.region`);
    const rate = dec(g.rate);
    const rateOk = rate.gt(-1);
    if (!rateOk)
      at(
        `${path}.rate`,
        'rate_invalid',
        `a rate of ${g.rate} would make the value zero or negative (rates are fractions: "0.05" = 5 % a year)`,
      );
    if (!yearOk(g.base_year, `${path}.base_year`) || !info || !rateOk) return;
    for (const r of regions) {
      const base = current(r, g.base_year)?.get(g.input)?.get(g.key);
      if (base === undefined) {
        at(
          `${path}.base_year`,
          'data_missing',
          `${r} has no value of ${g.input}${g.key ? ` [${g.key}]` : ''} in ${g.base_year} to grow from`,
        );
        continue;
      }
      for (const y of data.years.filter((y) => y > g.base_year)) {
        const m = overridden.get(cell(r, y, g.input, g.key));
        if (m !== undefined) {
          at(
            path,
            'growth_conflict',
            `conflicts with overrides.inputs[${m}] in ${y} (${r}, ${g.input}${g.key ? ` [${g.key}]` : ''}): the growth path would replace the override; end the override at the base year or start the growth later`,
          );
          continue;
        }
        const v = base.mul(ONE.plus(rate).pow(y - g.base_year));
        if (checkBounds(info, v, `${path}.rate`, `${r} ${y}`)) set(r, y, g.input, g.key, v);
      }
    }
  });

  const extent = [...model.inputs.values()].find((i) => i.table === 'extent');
  const adjusted = [...transitions];
  const notes: string[] = [];
  o.conversions.forEach((cv, n) => {
    const path = `overrides.conversions[${n}]`;
    if (!extent) {
      at(path, 'no_extent', `${model.ref} has no extent input to convert`);
      return;
    }
    const dim = extent.dims[0]!;
    let ok = true;
    for (const f of ['from_type', 'to_type'] as const) {
      if (!dim.keyLabels.has(cv[f])) {
        at(
          `${path}.${f}`,
          'key_unknown',
          `unknown ecosystem type "${cv[f]}"${dim.groups.has(cv[f]) ? ` ("${cv[f]}" is a group: name one of its types)` : suggest(cv[f], dim.keys)}`,
        );
        ok = false;
      }
    }
    if (ok && cv.from_type === cv.to_type) {
      at(`${path}.to_type`, 'conversion_same_type', `from_type and to_type are both "${cv.to_type}"`);
      ok = false;
    }
    const f = conversion(parseUnit('ha'), extent.unit);
    const moved = dec(cv.area_ha).mul(f.num).div(f.den);
    if (!moved.gt(0)) {
      at(
        `${path}.area_ha`,
        'not_positive',
        `area_ha must be positive (got ${cv.area_ha}); swap from_type and to_type to convert the other way`,
      );
      ok = false;
    }
    const regions = regionsOf(cv.region, `${path}.region`);
    if (!yearOk(cv.from, `${path}.from`) || !ok) return;
    for (const r of regions) {
      for (const y of data.years.filter((y) => y >= cv.from)) {
        const areas = current(r, y)?.get(extent.name);
        const have = areas?.get(cv.from_type) ?? ZERO;
        if (have.lt(moved)) {
          at(
            `${path}.area_ha`,
            'conversion_exceeds_area',
            `moves ${cv.area_ha} ha of ${cv.from_type} in ${r} ${y}, but only ${have} ${extent.unit.text} of it exist${n ? ' after the conversions before it' : ''}`,
          );
          continue;
        }
        set(r, y, extent.name, cv.from_type, have.minus(moved));
        set(r, y, extent.name, cv.to_type, (areas?.get(cv.to_type) ?? ZERO).plus(moved));
      }
      adjustTransitions(adjusted, r, cv.from, cv.from_type, cv.to_type, moved, notes);
    }
  });

  // The uncertainty list is used by Monte Carlo only, but a scenario naming what does not exist is wrong
  // wherever it is run: check it as Monte Carlo will (last year, on the scenario's coefficients).
  const mcIssues: Issue[] = [];
  for (const [n, r] of scenario.uncertainty.entries()) {
    const c = r.coefficient !== undefined ? model.coefficients.get(r.coefficient) : undefined;
    const i = r.input !== undefined ? model.inputs.get(r.input) : undefined;
    const signs = c ? rangeSignProblems(c, r) : i ? inputFactorSignProblems(i, r) : [];
    for (const p of signs) at(`uncertainty[${n}].${p.field}`, p.code, p.message);
  }
  collectParams(model, Math.max(...data.years), scenario.uncertainty, mcIssues, coefficients);
  for (const i of mcIssues) at(i.path ?? 'uncertainty', i.code, i.message);

  if (issues.length) throw new IssuesError('scenario', issues);
  const overlaid: AccountingData = edits.size ? { ...data, values: (r, y) => edits.get(ry(r, y)) ?? data.values(r, y) } : data;
  return { coefficients, data: overlaid, transitions: adjusted, notes };
}

/**
 * The coefficient with the override laid over it. From `from` on, the entry in force (re-dated to `from`)
 * and every later entry carry the override; earlier entries are kept, so years before `from` are unchanged.
 */
function overrideCoefficient(
  c: CoefInfo,
  ov: CoefficientOverride,
  scenarioId: string,
  fail: (field: string, code: IssueCode, msg: string) => void,
): CoefInfo | undefined {
  const inForce = entryInForce(c, ov.from);
  if (!inForce) {
    fail(
      'from',
      'coefficient_not_in_force',
      `coefficient "${c.name}" has no entry in force in ${ov.from} to override (its first entry is from ${c.entries[0]!.from})`,
    );
    return undefined;
  }
  const note = `scenario ${scenarioId}: ${ov.source}`;
  const before = c.entries.filter((e) => e.from < ov.from);
  const after = [{ ...inForce, from: ov.from }, ...c.entries.filter((e) => e.from > ov.from)];
  const priceYear = ov.price_year ?? ov.from;
  let entries: ResolvedEntry[];
  if (ov.value !== undefined) {
    if (c.dims.length) {
      fail(
        'value',
        'table_expected',
        `coefficient "${c.name}" varies by ${c.dims.map((d) => d.name).join(' × ')}: give table rows or a scale`,
      );
      return undefined;
    }
    const range = ov.range;
    entries = [
      {
        from: ov.from,
        priceYear,
        source: note,
        scalar: { value: dec(ov.value), ...(range ? { low: dec(range.low), high: dec(range.high) } : {}) },
        ...(range ? { range } : {}),
      },
    ];
  } else if (ov.table !== undefined) {
    if (!c.dims.length) {
      fail('table', 'value_expected', `coefficient "${c.name}" has no dimension: give a value, not a table`);
      return undefined;
    }
    const problems: string[] = [];
    const rows = flattenTable(ov.table, c.dims, (m) => problems.push(m));
    for (const p of problems) fail('table', 'table_key', p);
    if (problems.length) return undefined;
    entries = [];
    for (const e of after) {
      if (c.currency && e.priceYear !== priceYear) {
        fail(
          'price_year',
          'price_year_mismatch',
          `the rows replace part of an entry of "${c.name}" priced in ${e.priceYear}: give price_year ${e.priceYear} (and values in ${e.priceYear} prices), or override from a year whose entries share the price year`,
        );
        return undefined;
      }
      // A group or "*" row replaces every row it covers: otherwise the model's more specific rows would win the lookup.
      const kept = [...e.table!].filter(([key]) => ![...rows.keys()].some((ok) => covers(c.dims, ok, key)));
      entries.push({ ...e, source: `${e.source}; rows ${[...rows.keys()].join(', ')} by ${note}`, table: new Map([...kept, ...rows]) });
    }
  } else {
    const k = dec(ov.scale!);
    if (!k.gt(0)) {
      fail('scale', 'not_positive', `scale must be positive (got ${ov.scale})`);
      return undefined;
    }
    const cell = (x: Cell): Cell => ({
      value: x.value.mul(k),
      ...(x.low ? { low: x.low.mul(k) } : {}),
      ...(x.high ? { high: x.high.mul(k) } : {}),
    });
    entries = after.map((e) => ({
      ...e,
      source: `${e.source}; ×${ov.scale} by ${note}`,
      ...(e.scalar ? { scalar: cell(e.scalar) } : {}),
      ...(e.table ? { table: new Map([...e.table].map(([key, x]) => [key, cell(x)])) } : {}),
      ...(e.range
        ? {
            range: {
              ...e.range,
              low: dec(e.range.low).mul(k).toString(),
              high: dec(e.range.high).mul(k).toString(),
              ...(e.range.mode ? { mode: dec(e.range.mode).mul(k).toString() } : {}),
            },
          }
        : {}),
    }));
  }
  return { ...c, entries: [...before, ...entries] };
}

/** True when an override row key (keys, groups or "*") covers a table row key, dimension by dimension. */
function covers(dims: CoefInfo['dims'], over: string, row: string): boolean {
  const o = over.split('|'),
    r = row.split('|');
  return dims.every((d, i) => o[i] === r[i] || o[i] === '*' || d.groupOf.get(r[i]!) === o[i]);
}

/**
 * Keep the extent account's transition matrices consistent with a conversion: for each matrix of the region
 * the conversion touches, `moved` leaves the a→a diagonal and goes to a→b (when it starts inside the period)
 * or b→b (when it was already in place at the opening). A matrix whose diagonal is too small is dropped
 * (the account then shows net changes only) and a note says so.
 */
function adjustTransitions(rows: Transition[], region: string, from: number, a: string, b: string, moved: Dec, notes: string[]): void {
  const periods = new Set(rows.filter((t) => t.region === region && from <= t.toYear).map((t) => `${t.fromYear}-${t.toYear}`));
  for (const p of periods) {
    const [y0, y1] = p.split('-').map(Number) as [number, number];
    const inPeriod = (t: Transition) => t.region === region && t.fromYear === y0 && t.toYear === y1;
    const diag = rows.findIndex((t) => inPeriod(t) && t.fromType === a && t.toType === a);
    if (diag < 0 || rows[diag]!.area.lt(moved)) {
      for (let i = rows.length - 1; i >= 0; i--) if (inPeriod(rows[i]!)) rows.splice(i, 1);
      notes.push(`${region} ${y0}→${y1}: the transition matrix cannot carry the conversion ${a} → ${b} and is left out (net changes only)`);
      continue;
    }
    rows[diag] = { ...rows[diag]!, area: rows[diag]!.area.minus(moved) };
    // already converted at the opening: a→a loses, b→b gains; converted inside the period: a→a loses, a→b gains
    const fromType = from <= y0 ? b : a;
    const k = rows.findIndex((t) => inPeriod(t) && t.fromType === fromType && t.toType === b);
    if (k >= 0) rows[k] = { ...rows[k]!, area: rows[k]!.area.plus(moved) };
    else rows.push({ region, fromYear: y0, toYear: y1, fromType, toType: b, area: moved });
  }
}

function suggest(name: string, known: Iterable<string>): string {
  const all = [...known];
  const close = all.filter((k) => k.includes(name) || name.includes(k) || levenshtein(k, name) <= 2);
  return close.length
    ? ` (did you mean ${close
        .slice(0, 3)
        .map((k) => `"${k}"`)
        .join(', ')}?)`
    : '';
}

function levenshtein(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++)
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
  return d[a.length]![b.length]!;
}
