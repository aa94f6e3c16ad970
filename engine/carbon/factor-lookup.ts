import { type Dec, dec, str } from '../core/decimal.ts';
import type { Issue } from '../core/errors.ts';
import type { Read } from '../eval/trace.ts';
import { entryInForce } from '../params/in-force.ts';
import type { ParamStatus } from '../params/parameter.ts';
import type { FactorSet } from './factors.ts';

export const CO2_PER_C = dec('44/12');

/** A factor as used in one year: its value in the engine's unit, the entry it came from and that entry's source. */
export interface Resolved {
  name: string;
  /** The factor set it comes from (id@version). */
  set: string;
  value: Dec;
  unit: string;
  source: string;
  status?: ParamStatus;
  from: number;
  until?: number;
  /** The value and unit as written in the factor set, when the unit was converted. */
  given?: string;
  /** The year is before the factor's first entry, which is used in its place (engine/params/in-force.ts). */
  beforeFirstEntry?: true;
}

/** The value of factor `name` in force in `year`, or the issue that says why there is none. */
export function factorAt(
  set: FactorSet,
  name: string,
  year: number,
): { factor: Resolved; issue?: undefined } | { factor?: undefined; issue: Issue } {
  const p = set.params.get(name);
  if (!p) return { issue: { code: 'factor_missing', message: `${set.ref} has no factor "${name}"` } };
  const r = entryInForce(p, year);
  if (r.issue) return { issue: { ...r.issue, message: `${p.set}: ${r.issue.message}` } };
  const e = r.entry;
  return {
    factor: {
      name,
      set: p.set,
      value: e.scalar!.value,
      unit: p.unit.text,
      source: e.source,
      ...(e.status ? { status: e.status } : {}),
      from: e.from,
      ...(e.until !== undefined ? { until: e.until } : {}),
      ...(e.given ? { given: e.given } : {}),
      ...(r.beforeFirstEntry ? { beforeFirstEntry: true } : {}),
    },
  };
}

export interface FuelFactors {
  fuel: string;
  unit: string;
  ncv: Resolved; // GJ per activity unit
  cc?: Resolved; // tC/GJ
  of?: Resolved;
  efEnergy?: Resolved; // tCO2/GJ (IPCC form)
  sce?: Resolved; // tce per activity unit, when the set gives it
  /** tCO2 per activity unit: NCV × CC × OF × 44/12, or NCV × EF. */
  ef: Dec;
  formula: string;
  publishedEf?: Resolved;
}

/**
 * The combustion factors of a fuel in force in `year`: NCV with either the IPCC CO2 factor per energy or the
 * carbon content and oxidation fraction (each entry of the set gives one form), and the standard-coal factor
 * when the set has one. Every combustion factor that is missing is an issue.
 */
export function fuelFactors(set: FactorSet, fuel: string, year: number): { factors?: FuelFactors; issues: Issue[] } {
  const unit = set.fuels.get(fuel)?.unit;
  if (!unit) return { issues: [{ code: 'factor_missing', message: `${set.ref} has no fuel "${fuel}"` }] };
  const issues: Issue[] = [];
  const has = (k: string) => set.params.has(`fuel.${fuel}.${k}`);
  const at = (k: string) => {
    const r = factorAt(set, `fuel.${fuel}.${k}`, year);
    if (r.issue) issues.push(r.issue);
    return r.factor;
  };
  const ncv = at('ncv');
  const sce = has('sce') ? at('sce') : undefined;
  const published = has('published_ef') ? factorAt(set, `fuel.${fuel}.published_ef`, year).factor : undefined;
  const base = { fuel, unit, ...(published ? { publishedEf: published } : {}), ...(sce ? { sce } : {}) };
  // The IPCC form when its factor is in force; else the guideline's carbon content and oxidation.
  const ipcc = has('ef_co2') ? factorAt(set, `fuel.${fuel}.ef_co2`, year) : undefined;
  if (ipcc?.factor) {
    if (!ncv || issues.length) return { issues };
    const ef = ncv.value.mul(ipcc.factor.value);
    return { factors: { ...base, ncv, efEnergy: ipcc.factor, ef, formula: 'AD × NCV × EF_CO2' }, issues };
  }
  if (ipcc && !has('cc')) return { issues: [...issues, ipcc.issue!] };
  const cc = at('cc'),
    of = at('of');
  if (!ncv || !cc || !of || issues.length) return { issues };
  const ef = ncv.value.mul(cc.value).mul(of.value).mul(CO2_PER_C);
  return { factors: { ...base, ncv, cc, of, ef, formula: 'AD × NCV × CC × OF × 44/12' }, issues };
}

/** A factor or a fuel's factors as found in one year: the value, or the issue that says why there is none. */
export type Found<T> = { value: T; issue?: undefined } | { value?: undefined; issue: Issue };

/** The factors of one set in one year, each looked up once. */
export interface YearFactors {
  factor(name: string): Found<Resolved>;
  fuel(fuel: string): Found<FuelFactors>;
}

// A national batch asks for the same few factors millions of times. A compiled set is never changed (a scenario
// or a Monte Carlo draw makes a new one), so what was found for a set and a year stays true and can be kept.
const memo = new WeakMap<FactorSet, Map<number, YearFactors>>();

/** The factor lookups of `set` in `year`, memoised per set and year. */
export function yearFactors(set: FactorSet, year: number): YearFactors {
  let byYear = memo.get(set);
  if (!byYear) memo.set(set, (byYear = new Map()));
  let y = byYear.get(year);
  if (!y) {
    const factors = new Map<string, Found<Resolved>>();
    const fuels = new Map<string, Found<FuelFactors>>();
    y = {
      factor(name) {
        let f = factors.get(name);
        if (!f) {
          const r = factorAt(set, name, year);
          factors.set(name, (f = r.issue ? { issue: r.issue } : { value: r.factor }));
        }
        return f;
      },
      fuel(fuel) {
        let f = fuels.get(fuel);
        if (!f) {
          const r = fuelFactors(set, fuel, year);
          const issue = { code: r.issues[0]?.code ?? 'factor_missing', message: r.issues.map((i) => i.message).join('; ') };
          fuels.set(fuel, (f = r.factors ? { value: r.factors } : { issue }));
        }
        return f;
      },
    };
    byYear.set(year, y);
  }
  return y;
}

/** How grid factors are chosen: geography, kind, and a fixed vintage or the inventory year's own. */
export interface GridChoice {
  geography: string;
  kind: string;
  vintage: 'year' | number;
}

/** The grid factor as an inventory records it (carbon.json): value in tCO2/MWh, source, status and the series it belongs to. */
export interface GridFactor {
  value: Dec;
  /** The factor set it comes from (id@version). */
  set: string;
  unit: string;
  source: string;
  status?: ParamStatus;
  given?: string;
  geography: string;
  vintage: number;
  kind: string;
}

export const gridFactorName = (c: Pick<GridChoice, 'geography' | 'kind'>) => `grid.${c.geography}.${c.kind}`;

/**
 * The grid factor for an inventory year. Vintages are the entries of grid.<geography>.<kind>: with vintage
 * "year", the entry in force (the latest vintage at or before the year); a year before the first vintage gets
 * the first one and says so (`backcast`), never silently. A fixed vintage is that entry, whatever the year.
 */
export function gridFactor(set: FactorSet, choice: GridChoice, year: number): { factor?: GridFactor; backcast: boolean; issue?: Issue } {
  const name = gridFactorName(choice);
  const p = set.params.get(name);
  const what = `${choice.geography}/${choice.kind}${choice.vintage === 'year' ? '' : ` vintage ${choice.vintage}`}`;
  if (!p?.entries.length)
    return { backcast: false, issue: { code: 'factor_missing', message: `${set.ref} has no grid factor for ${what}` } };
  const vintages = () => p.entries.map((e) => e.from).join(', ');
  let entry = choice.vintage === 'year' ? undefined : p.entries.find((e) => e.from === choice.vintage);
  let backcast = false;
  if (choice.vintage !== 'year' && !entry)
    return { backcast, issue: { code: 'factor_missing', message: `${set.ref} has no grid factor for ${what} (vintages: ${vintages()})` } };
  if (!entry) {
    const r = entryInForce(p, year);
    if (r.entry) [entry, backcast] = [r.entry, r.beforeFirstEntry === true];
    else return { backcast, issue: { ...r.issue, message: `${p.set}: ${r.issue.message}` } };
  }
  return {
    factor: {
      value: entry.scalar!.value,
      set: p.set,
      unit: p.unit.text,
      source: entry.source,
      ...(entry.status ? { status: entry.status } : {}),
      ...(entry.given ? { given: entry.given } : {}),
      geography: choice.geography,
      vintage: entry.from,
      kind: choice.kind,
    },
    backcast,
  };
}

/** A factor read in a trace, named as a scenario overrides it and shown as GEP coefficients are (entry from/until, source, status). */
export function factorRead(r: Resolved): Read {
  return {
    kind: 'coefficient',
    name: r.name,
    value: str(r.value),
    unit: r.unit,
    // the set is named with the source: in a run that combines sets, each factor says where it came from
    source: `${r.set}: ${r.source}`,
    ...(r.status ? { status: r.status } : {}),
    validFrom: r.from,
    ...(r.until !== undefined ? { validUntil: r.until } : {}),
    ...(r.beforeFirstEntry ? { beforeFirstEntry: true } : {}),
  };
}

/** The grid factor of a line as a factor read (its vintage is the entry's from). */
export function gridRead(choice: GridChoice, g: GridFactor): Read {
  return factorRead({
    name: gridFactorName(choice),
    set: g.set,
    value: g.value,
    unit: g.unit,
    source: g.source,
    ...(g.status ? { status: g.status } : {}),
    from: g.vintage,
  });
}
