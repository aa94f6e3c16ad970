import { mathjs } from '../core/mathjs.ts';
import { Dec } from '../core/decimal.ts';

/**
 * STIRPAT (Dietz & Rosa 1994; York et al. 2003): ln C = a + b ln P + c ln A + d ln T, fitted by ridge
 * regression (Hoerl & Kennard 1970) because population, affluence and technology move together in a growing
 * district. Columns are standardised, β = (XᵀX + kI)⁻¹ Xᵀy, then brought back to the original scale so b, c, d
 * are elasticities. The fit runs in binary floats (a statistic, not an account); only the elasticities leave
 * it, rounded to 6 significant digits and passed on as exact decimals.
 */
export interface StirpatObservation {
  year: number;
  co2: Dec;
  population: Dec;
  gdpPerCapita: Dec;
  energyIntensity: Dec;
}
export interface StirpatFit {
  k: number;
  n: number;
  intercept: Dec;
  elasticities: { population: Dec; affluence: Dec; technology: Dec };
  r2: number;
  adjustedR2: number;
  rmse: number;
  /** Variance inflation factors of the three regressors (collinearity: > 10 is severe). */
  vif: number[];
  years: number[];
  /** Collinear regressors (VIF above 10, the usual threshold of severe collinearity): the elasticities are unreliable. */
  warnings?: string[];
}

const REGRESSORS = ['population', 'GDP per capita', 'energy intensity'];
/** A regressor whose ln varies by less than this (standard deviation) carries no information: the fit is refused. */
export const NEAR_CONSTANT_SD = 1e-3;

const ln = (d: Dec) => Number(d.ln().toPrecision(17));
const asDec = (x: number) => new Dec(x.toPrecision(6));

export function fitStirpat(obs: StirpatObservation[], k = 0.1): StirpatFit {
  const n = obs.length;
  // lib/carbon-run.ts catches this and reports the projection without STIRPAT (stirpatError): not a refusal
  if (n < 5) throw new Error(`STIRPAT needs at least 5 years of history (got ${n})`);
  const X = obs.map((o) => [ln(o.population), ln(o.gdpPerCapita), ln(o.energyIntensity)]);
  const y = obs.map((o) => ln(o.co2));
  const mean = (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length;
  const sd = (v: number[]) => {
    const m = mean(v);
    return Math.sqrt(v.reduce((s, x) => s + (x - m) ** 2, 0) / (v.length - 1));
  };
  const cols = [0, 1, 2].map((j) => X.map((r) => r[j]!));
  // A (near-)constant regressor makes the fit meaningless (an elasticity of −2.05 with R² 0.992 was printed for one):
  // refused, naming it; lib/carbon-run.ts reports the projection without STIRPAT.
  const flat = cols.map((c, j) => [REGRESSORS[j]!, sd(c)] as const).filter(([, v]) => !(v >= NEAR_CONSTANT_SD));
  if (flat.length)
    throw new Error(
      `STIRPAT refused: ${flat.map(([name, v]) => `${name} is (near-)constant over ${obs[0]!.year}–${obs.at(-1)!.year} (sd of ln ${v.toPrecision(3)} < ${NEAR_CONSTANT_SD})`).join('; ')}`,
    );
  const mx = cols.map(mean),
    sx = cols.map((c) => sd(c)),
    my = mean(y);
  const Z = X.map((r) => r.map((v, j) => (v - mx[j]!) / sx[j]!));
  const yc = y.map((v) => v - my);
  const { add, inv, multiply, transpose } = mathjs(); // loaded here, not when the CLI starts
  const Zt = transpose(Z);
  const ZtZ = multiply(Zt, Z) as number[][];
  const penalty = ZtZ.map((row, i) => row.map((_, j) => (i === j ? k * (n - 1) : 0)));
  const beta = multiply(inv(add(ZtZ, penalty)), multiply(Zt, yc)) as number[];
  const b = beta.map((v, j) => v / sx[j]!);
  const a = my - b.reduce((s, v, j) => s + v * mx[j]!, 0);
  const fitted = X.map((r) => a + r.reduce((s, v, j) => s + v * b[j]!, 0));
  const ssRes = y.reduce((s, v, i) => s + (v - fitted[i]!) ** 2, 0),
    ssTot = yc.reduce((s, v) => s + v * v, 0);
  const r2 = ssTot === 0 ? 1 : 1 - ssRes / ssTot;
  // VIF = diagonal of the inverse correlation matrix (without the ridge penalty).
  const corr = (ZtZ as number[][]).map((row) => row.map((v) => v / (n - 1)));
  let vif: number[];
  try {
    const ci = inv(corr) as number[][];
    vif = [0, 1, 2].map((j) => ci[j]![j]!);
  } catch {
    vif = [Infinity, Infinity, Infinity];
  }
  const warnings = vif.flatMap((v, j) => (v > 10 ? [`${REGRESSORS[j]} is collinear with the others (VIF ${v.toPrecision(3)} > 10)`] : []));
  return {
    ...(warnings.length ? { warnings } : {}),
    k,
    n,
    intercept: asDec(a),
    elasticities: { population: asDec(b[0]!), affluence: asDec(b[1]!), technology: asDec(b[2]!) },
    r2,
    adjustedR2: 1 - ((1 - r2) * (n - 1)) / (n - 3 - 1),
    rmse: Math.sqrt(ssRes / n),
    vif,
    years: obs.map((o) => o.year),
  };
}
