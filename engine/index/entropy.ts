import { Dec, ONE, ZERO } from '../core/decimal.ts';

export interface EntropyResult {
  /** e_j = −(1/ln m) Σ_i p_ij ln p_ij, p_ij = x_ij / Σ_i x_ij (0 · ln 0 taken as 0). */
  entropy: Dec[];
  /** d_j = 1 − e_j: the degree of diversification. */
  diversification: Dec[];
  /** w_j = d_j / Σ d. */
  weights: Dec[];
}

/**
 * Entropy weights of the columns of a non-negative matrix (rows: the alternatives or region-years, columns: the
 * indicators), as in Hwang & Yoon 1981 (Multiple Attribute Decision Making, §4.1.2 entropy method, after Zeleny
 * 1982 and Shannon 1948). ln is decimal.js's natural logarithm at 34 digits. A column of zeros carries no
 * information (its p are undefined): its entropy is taken as 1, so its weight is 0. When every column has
 * entropy 1 (no indicator varies), the weights are equal.
 */
export function entropyWeights(x: Dec[][]): EntropyResult {
  const m = x.length;
  const cols = x[0]?.length ?? 0;
  if (m < 2) throw new Error(`entropy weights need at least 2 alternatives (region-years); there ${m === 1 ? 'is 1' : 'are none'}`);
  const k = ONE.div(new Dec(m).ln());
  const entropy: Dec[] = [];
  for (let j = 0; j < cols; j++) {
    const col = x.map((row) => row[j]!);
    if (col.some((v) => v.isNeg())) throw new Error(`entropy weights need non-negative values (column ${j + 1})`);
    const sum = col.reduce((a, b) => a.plus(b), ZERO);
    if (sum.isZero()) {
      entropy.push(ONE);
      continue;
    }
    const h = col.reduce((a, v) => {
      if (v.isZero()) return a;
      const p = v.div(sum);
      return a.plus(p.mul(p.ln()));
    }, ZERO);
    entropy.push(h.neg().mul(k));
  }
  const diversification = entropy.map((e) => ONE.minus(e));
  const total = diversification.reduce((a, b) => a.plus(b), ZERO);
  const weights = total.isZero() ? diversification.map(() => ONE.div(cols)) : diversification.map((d) => d.div(total));
  return { entropy, diversification, weights };
}
