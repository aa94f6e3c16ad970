import { Dec, dec, ONE, ZERO } from '../core/decimal.ts';
import { IssuesError, type Issue } from '../core/errors.ts';
import type { GepAccount } from '../gep/account.ts';
import type { DualSpec } from './spec.ts';

/** What dual accounting needs from the economy (datasets/economy.ts provides it; the engine reads no file). */
export interface EconomyData {
  value(region: string, variable: 'gdp' | 'population', year: number): Dec | undefined;
  /** GDP of `year` at `baseYear` prices (chained volume index); throws when the chain is broken. */
  gdpConstant(region: string, year: number, baseYear: number): Dec;
  gdpVolumeRatio(region: string, from: number, to: number): Dec;
}

export interface Growth {
  fromYear: number;
  gep: Dec;
  gdp: Dec;
  geep?: Dec;
}

export interface DualRegionYear {
  region: string;
  year: number;
  gep: Dec;
  /** At the base year's prices. */
  gepConstant: Dec;
  gdp: Dec;
  gdpConstant: Dec;
  population?: Dec;
  areaKm2?: Dec;
  /** GEP / GDP, both at current prices. */
  ratio: Dec;
  gepPerKm2?: Dec;
  gepPerCapita?: Dec;
  gdpPerCapita?: Dec;
  realised: Dec;
  /** Realised value / GEP; absent when GEP is 0 (undefined, not 0 %). */
  realisationRate?: Dec;
  /** GEEP = GDP + GEP − GEP already in GDP − Σ adjustments. */
  geep: Dec;
  /** GEEP at the base year's prices: GDP, GEP and the in-GDP part at constant prices, adjustments as shares of constant GDP. */
  geepConstant: Dec;
  gepInGdp: Dec;
  adjustments: { id: string; value: Dec }[];
  /** Constant-price growth against the year before (absent when that year is not accounted). */
  yoy?: Growth;
  /** Constant-price growth against the base year (absent for the base year itself). */
  vsBase?: Growth;
}

export interface DualAccount {
  baseYear: number;
  spec: string;
  rows: DualRegionYear[];
}

/** Ratios and rates are kept to 12 decimal places, like every indicator (engine/eval/evaluate.ts QUANTUM). */
const q = (x: Dec) => x.toDecimalPlaces(12, Dec.ROUND_HALF_EVEN);

/** Check that the services a spec names exist in the GEP model. */
export function checkDualSpec(spec: DualSpec, services: string[], modelId?: string): Issue[] {
  const issues: Issue[] = [];
  if (modelId !== undefined && modelId !== spec.gep_model)
    issues.push({
      code: 'model_mismatch',
      path: 'gep_model',
      file: spec.id,
      message: `the spec is written for the GEP model "${spec.gep_model}", the account uses "${modelId}"`,
    });
  const known = new Set(services);
  const check = (id: string, path: string) => {
    if (!known.has(id))
      issues.push({
        code: 'service_unknown',
        path,
        file: spec.id,
        message: `"${id}" is not a service of the GEP model (${services.join(', ')})`,
      });
  };
  for (const [n, s] of spec.realisation.services.entries()) check(s, `realisation.services[${n}]`);
  const realised = new Set(spec.realisation.services);
  spec.realisation.traded_rights.forEach((t, n) => {
    const path = `realisation.traded_rights[${n}]`;
    check(t.service, `${path}.service`);
    if (realised.has(t.service))
      issues.push({
        code: 'realised_twice',
        path: `${path}.service`,
        file: spec.id,
        message: `"${t.service}" is already realised in full (realisation.services): a traded share of it would count it twice`,
      });
    const share = dec(t.share);
    if (!share.gt(0) || share.gt(1))
      issues.push({
        code: 'not_a_fraction',
        path: `${path}.share`,
        file: spec.id,
        message: `a traded share is a fraction of the service's value, above 0 and at most 1 (got ${t.share})`,
      });
  });
  for (const [n, s] of spec.geep.in_gdp.entries()) check(s, `geep.in_gdp[${n}]`);
  return issues;
}

/**
 * GEP and GDP side by side for every region-year of a GEP account (METHODS.md §3). All-or-nothing: every
 * missing GDP, population or volume-index row is reported together.
 */
export function accountDual(gep: GepAccount, economy: EconomyData, areaKm2: ReadonlyMap<string, Dec>, spec: DualSpec): DualAccount {
  const issues = checkDualSpec(
    spec,
    gep.model.services.map((s) => s.id),
    gep.model.id,
  );
  if (issues.length) throw new IssuesError('model', issues);
  const realisedSet = new Set(spec.realisation.services);
  const inGdpSet = new Set(spec.geep.in_gdp);
  const traded = spec.realisation.traded_rights.map((t) => ({ service: t.service, share: dec(t.share) }));
  const adjustments = spec.geep.adjustments.map((a) => ({ id: a.id, share: dec(a.value) }));
  const rows: DualRegionYear[] = [];
  const byKey = new Map<string, DualRegionYear>();
  const tryDec = (f: () => Dec): Dec | undefined => {
    try {
      return f();
    } catch (e) {
      if (e instanceof IssuesError) {
        issues.push(...e.issues);
        return undefined;
      }
      throw e;
    }
  };

  for (const ry of gep.regionYears) {
    const { region, year } = ry;
    const gdp = economy.value(region, 'gdp', year);
    if (!gdp) {
      issues.push({ code: 'economy_missing', message: `no gdp for ${region} in ${year} (economy.csv)` });
      continue;
    }
    const gdpConstant = tryDec(() => economy.gdpConstant(region, year, gep.baseYear));
    if (!gdpConstant) continue;
    if (gdp.isZero()) {
      issues.push({ code: 'not_positive', message: `gdp of ${region} in ${year} is 0: GEP/GDP is undefined` });
      continue;
    }
    const population = economy.value(region, 'population', year);
    const area = areaKm2.get(region);
    const sumOf = (pick: (id: string) => boolean) => ry.services.filter((s) => pick(s.id)).reduce((a, s) => a.plus(s.money), ZERO);
    const realised = sumOf((id) => realisedSet.has(id)).plus(
      traded.reduce((a, t) => a.plus(ry.services.find((s) => s.id === t.service)!.money.mul(t.share)), ZERO),
    );
    const gepInGdp = sumOf((id) => inGdpSet.has(id));
    const adj = adjustments.map((a) => ({ id: a.id, value: q(gdp.mul(a.share)) }));
    const geep = gdp
      .plus(ry.gep.current)
      .minus(gepInGdp)
      .minus(adj.reduce((a, x) => a.plus(x.value), ZERO));
    const gepInGdpConstant = ry.services.filter((s) => inGdpSet.has(s.id)).reduce((a, s) => a.plus(s.moneyConstant), ZERO);
    const shares = adjustments.reduce((a, x) => a.plus(x.share), ZERO);
    const geepConstant = q(gdpConstant.plus(ry.gep.constant).minus(gepInGdpConstant).minus(gdpConstant.mul(shares)));
    const row: DualRegionYear = {
      region,
      year,
      gep: ry.gep.current,
      gepConstant: ry.gep.constant,
      gdp,
      gdpConstant: q(gdpConstant),
      ...(population ? { population } : {}),
      ...(area ? { areaKm2: area } : {}),
      ratio: q(ry.gep.current.div(gdp)),
      ...(area && !area.isZero() ? { gepPerKm2: q(ry.gep.current.div(area)) } : {}),
      ...(population && !population.isZero()
        ? { gepPerCapita: q(ry.gep.current.div(population)), gdpPerCapita: q(gdp.div(population)) }
        : {}),
      realised,
      ...(ry.gep.current.isZero() ? {} : { realisationRate: q(realised.div(ry.gep.current)) }),
      geep,
      geepConstant,
      gepInGdp,
      adjustments: adj,
    };
    rows.push(row);
    byKey.set(`${region}\0${year}`, row);
  }
  // Growth at constant (base-year) prices: GEP from the account's constant series, GDP from the chained
  // volume index, GEEP from its constant-price terms.
  const growth = (r: DualRegionYear, from: DualRegionYear): Growth | undefined => {
    const gdpRatio = tryDec(() => economy.gdpVolumeRatio(r.region, from.year, r.year));
    if (!gdpRatio || from.gepConstant.isZero() || from.geepConstant.isZero()) return undefined;
    return {
      fromYear: from.year,
      gep: q(r.gepConstant.div(from.gepConstant).minus(ONE)),
      gdp: q(gdpRatio.minus(ONE)),
      geep: q(r.geepConstant.div(from.geepConstant).minus(ONE)),
    };
  };
  for (const r of rows) {
    // year on year means the calendar year before: with a gap in the accounted years there is no yoy
    const prev = byKey.get(`${r.region}\0${r.year - 1}`);
    const base = r.year !== gep.baseYear ? byKey.get(`${r.region}\0${gep.baseYear}`) : undefined;
    const yoy = prev && growth(r, prev);
    const vsBase = base && growth(r, base);
    if (yoy) r.yoy = yoy;
    if (vsBase) r.vsBase = vsBase;
  }
  if (issues.length) throw new IssuesError('run', issues);
  return { baseYear: gep.baseYear, spec: `${spec.id}@${spec.version}`, rows };
}
