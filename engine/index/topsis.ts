import { Dec, ZERO } from '../core/decimal.ts';

export interface TopsisResult {
  /** C_i = S⁻_i / (S⁺_i + S⁻_i): relative closeness to the ideal, in [0, 1]. */
  closeness: Dec[];
  /** Euclidean distance of each alternative's weighted normalised row to the positive ideal A⁺. */
  toIdeal: Dec[];
  /** … and to the negative ideal A⁻. */
  toNegative: Dec[];
  /** The weighted normalised matrix v_ij = w_j · x_ij / √(Σ_i x_ij²). */
  weighted: Dec[][];
}

/**
 * TOPSIS (Hwang & Yoon 1981, Multiple Attribute Decision Making, §4.1.3): vector normalisation of each column,
 * weighting, the ideal A⁺ (column maximum of a benefit criterion, minimum of a cost criterion) and the negative ideal
 * A⁻ (the reverse), Euclidean distances to both and the relative closeness. A column of zeros normalises to zeros.
 * When an alternative is both ideals at once (all alternatives equal), its closeness is taken as 1.
 */
export function topsis(x: Dec[][], weights: Dec[], benefit: boolean[]): TopsisResult {
  const m = x.length;
  const n = weights.length;
  const norms = weights.map((_, j) => x.reduce((a, row) => a.plus(row[j]!.pow(2)), ZERO).sqrt());
  const weighted = x.map((row) => row.map((v, j) => (norms[j]!.isZero() ? ZERO : v.div(norms[j]!).mul(weights[j]!))));
  const col = (j: number) => weighted.map((r) => r[j]!);
  const best = Array.from({ length: n }, (_, j) => (benefit[j] ? Dec.max(...col(j)) : Dec.min(...col(j))));
  const worst = Array.from({ length: n }, (_, j) => (benefit[j] ? Dec.min(...col(j)) : Dec.max(...col(j))));
  const dist = (row: Dec[], to: Dec[]) => row.reduce((a, v, j) => a.plus(v.minus(to[j]!).pow(2)), ZERO).sqrt();
  const toIdeal = weighted.map((r) => dist(r, best));
  const toNegative = weighted.map((r) => dist(r, worst));
  const closeness = Array.from({ length: m }, (_, i) => {
    const s = toIdeal[i]!.plus(toNegative[i]!);
    return s.isZero() ? new Dec(1) : toNegative[i]!.div(s);
  });
  return { closeness, toIdeal, toNegative, weighted };
}
