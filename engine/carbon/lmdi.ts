import { Dec, ZERO } from '../core/decimal.ts';
import { IssuesError } from '../core/errors.ts';

/**
 * Additive LMDI-I (Ang 2005, Energy Policy 33:867) of the change in energy CO2 between two years:
 *   C = Σ_i P · (G/P) · (E/G) · (E_i/E) · (C_i/E_i)
 *   effect_k = Σ_i L(C_i^T, C_i^0) · ln(x_k,i^T / x_k,i^0),  L(a,b) = (a − b)/(ln a − ln b), L(a,a) = a.
 * Zero values follow Ang & Liu (2007, Energy Policy 35:238): a category that appears (C_i^0 = 0) gives its whole
 * C_i^T to the factor that was zero (the energy share when E_i^0 = 0, else the emission factor), and one that
 * disappears gives −C_i^0 to the factor that became zero; the other factors get nothing.
 *
 * Exactness: emissions are first rounded to `places` decimals (half-even), so ΔC_i is an exact fixed-point
 * number; each effect is computed at 34 digits with exact-precision ln, then the effects of each category are
 * rounded to the same grid by largest remainder, so that they add up to ΔC_i exactly and each differs from
 * its formula by less than two units of the last place. All further sums are fixed-point and exact.
 */
export const LMDI_FACTORS = ['population', 'affluence', 'intensity', 'mix', 'emission_factor'] as const;
export type LmdiFactor = (typeof LMDI_FACTORS)[number];
export const LMDI_FORMULAS: Record<LmdiFactor, string> = {
  population: 'Σ_i L(C_i^T, C_i^0) · ln(P^T/P^0)',
  affluence: 'Σ_i L(C_i^T, C_i^0) · ln(A^T/A^0), A = GDP/P (constant prices)',
  intensity: 'Σ_i L(C_i^T, C_i^0) · ln(EI^T/EI^0), EI = E/GDP',
  mix: 'Σ_i L(C_i^T, C_i^0) · ln(S_i^T/S_i^0), S_i = E_i/E',
  emission_factor: 'Σ_i L(C_i^T, C_i^0) · ln(F_i^T/F_i^0), F_i = C_i/E_i',
};

export interface LmdiYear {
  year: number;
  population: Dec;
  gdp: Dec;
  categories: Map<string, { energy: Dec; co2: Dec }>;
}
export interface LmdiCategory {
  category: string;
  c0: Dec;
  cT: Dec;
  rule: 'log-mean' | 'appears' | 'disappears' | 'zero';
  effects: Record<LmdiFactor, Dec>;
  exact: Record<LmdiFactor, Dec>;
}
export interface LmdiResult {
  from: number;
  to: number;
  places: number;
  c0: Dec;
  cT: Dec;
  delta: Dec;
  effects: Record<LmdiFactor, Dec>;
  categories: LmdiCategory[];
}

/** The logarithmic mean, exact to the engine's 34 digits. */
export function logMean(a: Dec, b: Dec): Dec {
  if (a.eq(b)) return a;
  return a.minus(b).div(a.ln().minus(b.ln()));
}

const zeros = (): Record<LmdiFactor, Dec> => ({ population: ZERO, affluence: ZERO, intensity: ZERO, mix: ZERO, emission_factor: ZERO });

export function lmdi(y0: LmdiYear, yT: LmdiYear, places = 6): LmdiResult {
  const problems: string[] = [];
  for (const y of [y0, yT]) {
    if (!y.population.gt(0)) problems.push(`population in ${y.year} is not positive`);
    if (!y.gdp.gt(0)) problems.push(`GDP in ${y.year} is not positive`);
    for (const [k, v] of y.categories) {
      if (v.energy.isNegative() || v.co2.isNegative()) problems.push(`${k} in ${y.year} is negative`);
      if (v.energy.isZero() && !v.co2.isZero()) problems.push(`${k} in ${y.year} emits without energy use`);
    }
  }
  const sumE = (y: LmdiYear) => [...y.categories.values()].reduce((s, v) => s.plus(v.energy), ZERO);
  const E0 = sumE(y0),
    ET = sumE(yT);
  if (!E0.gt(0) || !ET.gt(0)) problems.push('total energy is zero');
  if (problems.length)
    throw new IssuesError(
      'run',
      problems.map((message) => ({ code: 'lmdi_input', message })),
    );

  const q = (d: Dec) => d.toDecimalPlaces(places, Dec.ROUND_HALF_EVEN);
  const lnRatio = (t: Dec, o: Dec) => t.div(o).ln();
  const common = {
    population: lnRatio(yT.population, y0.population),
    affluence: lnRatio(yT.gdp.div(yT.population), y0.gdp.div(y0.population)),
    intensity: lnRatio(ET.div(yT.gdp), E0.div(y0.gdp)),
  };
  const names = [...new Set([...y0.categories.keys(), ...yT.categories.keys()])].sort();
  const categories: LmdiCategory[] = [];
  const total = zeros();
  let c0 = ZERO,
    cT = ZERO;
  for (const name of names) {
    const a = y0.categories.get(name) ?? { energy: ZERO, co2: ZERO },
      b = yT.categories.get(name) ?? { energy: ZERO, co2: ZERO };
    const C0 = q(a.co2),
      CT = q(b.co2);
    const exact = zeros();
    let rule: LmdiCategory['rule'];
    if (C0.gt(0) && CT.gt(0)) {
      rule = 'log-mean';
      const L = logMean(CT, C0);
      exact.population = L.mul(common.population);
      exact.affluence = L.mul(common.affluence);
      exact.intensity = L.mul(common.intensity);
      exact.mix = L.mul(lnRatio(b.energy.div(ET), a.energy.div(E0)));
      exact.emission_factor = L.mul(lnRatio(CT.div(b.energy), C0.div(a.energy))); // rounded C, so Σ_k = L·ln(C^T/C^0) = ΔC
    } else if (C0.isZero() && CT.gt(0)) {
      rule = 'appears';
      exact[a.energy.isZero() ? 'mix' : 'emission_factor'] = CT;
    } else if (C0.gt(0) && CT.isZero()) {
      rule = 'disappears';
      exact[b.energy.isZero() ? 'mix' : 'emission_factor'] = C0.neg();
    } else rule = 'zero';
    const effects = apportion(exact, CT.minus(C0), places);
    for (const k of LMDI_FACTORS) total[k] = total[k].plus(effects[k]);
    c0 = c0.plus(C0);
    cT = cT.plus(CT);
    categories.push({ category: name, c0: C0, cT: CT, rule, effects, exact });
  }
  return { from: y0.year, to: yT.year, places, c0, cT, delta: cT.minus(c0), effects: total, categories };
}

/**
 * Round the effects to `places` decimals so that they add up to `target` exactly (largest-remainder method):
 * floor each, then give the missing units of the last place to the largest remainders (or take the surplus
 * from the smallest). Deterministic: ties go to the factor listed first.
 */
function apportion(exact: Record<LmdiFactor, Dec>, target: Dec, places: number): Record<LmdiFactor, Dec> {
  const ulp = new Dec(10).pow(-places);
  const units = LMDI_FACTORS.map((k) => exact[k].div(ulp));
  const floors = units.map((u) => u.floor());
  const rems = units.map((u, n) => u.minus(floors[n]!));
  // A count of last-place units (at most a few per factor), not an accounting value: a JS integer is exact here.
  let missing = target
    .div(ulp)
    .minus(floors.reduce((s, f) => s.plus(f), ZERO))
    .toNumber();
  const order = LMDI_FACTORS.map((_, n) => n).sort((x, y) => rems[y]!.cmp(rems[x]!) || x - y);
  for (let i = 0; missing !== 0; i++) {
    const n = missing > 0 ? order[i % order.length]! : order[order.length - 1 - (i % order.length)]!;
    floors[n] = floors[n]!.plus(missing > 0 ? 1 : -1);
    missing += missing > 0 ? -1 : 1;
  }
  const out = zeros();
  LMDI_FACTORS.forEach((k, n) => {
    out[k] = floors[n]!.mul(ulp);
  });
  return out;
}
