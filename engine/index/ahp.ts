import { Dec, dec, ONE, ZERO } from '../core/decimal.ts';

/**
 * Saaty's random consistency index RI by matrix order n (Saaty 1980, The Analytic Hierarchy Process, McGraw-Hill,
 * Table of random indices; the values every AHP text reprints: 0, 0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49).
 * Orders above 10 use the continuation 1.51, 1.48, 1.56, 1.57, 1.59 (Saaty 2000, Fundamentals of Decision Making, 2nd ed.).
 */
export const RANDOM_INDEX = [
  '0',
  '0',
  '0',
  '0.58',
  '0.90',
  '1.12',
  '1.24',
  '1.32',
  '1.41',
  '1.45',
  '1.49',
  '1.51',
  '1.48',
  '1.56',
  '1.57',
  '1.59',
];
/** Saaty's rule: judgements are acceptably consistent when CR < 0.1. */
export const CR_LIMIT = dec('0.1');
export const AHP_MAX_ORDER = RANDOM_INDEX.length - 1;

export type AhpMethod = 'eigenvector' | 'geometric_mean';

export interface AhpResult {
  weights: Dec[];
  /** λmax = (1/n) Σ (A·w)_i / w_i, from the weights found (for the eigenvector method: the principal eigenvalue). */
  lambdaMax: Dec;
  /** CI = (λmax − n) / (n − 1); 0 for n ≤ 2. */
  ci: Dec;
  ri: Dec;
  /** CR = CI / RI; 0 for n ≤ 2 (a matrix of order 1 or 2 is always consistent). */
  cr: Dec;
  method: AhpMethod;
  /** Power iterations run (eigenvector method). */
  iterations: number;
}

/** A judgement as written: "3", "1/3", "0.2". */
export const judgement = (text: string): Dec => dec(text);

/** What is wrong with a pairwise matrix: not square, a diagonal ≠ 1, a non-positive entry, a_ji ≠ 1/a_ij. */
export function pairwiseProblems(m: Dec[][]): string[] {
  const n = m.length;
  const out: string[] = [];
  if (n > AHP_MAX_ORDER) out.push(`${n} items: AHP judgements are limited to ${AHP_MAX_ORDER} per matrix (Saaty's RI table)`);
  m.forEach((row, i) => {
    if (row.length !== n) out.push(`row ${i + 1} has ${row.length} entries, not ${n}`);
  });
  if (out.length) return out;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      const a = m[i]![j]!;
      if (!a.gt(0)) out.push(`entry (${i + 1}, ${j + 1}) is ${a}: judgements are positive`);
      else if (i === j && !a.eq(1)) out.push(`entry (${i + 1}, ${i + 1}) is ${a}: an item compared with itself is 1`);
      else if (j > i) {
        const b = m[j]![i]!;
        // reciprocals written as decimals (0.333) are accepted within half a unit of their last written place
        if (b.gt(0) && a.mul(b).minus(1).abs().gt(dec('0.005')))
          out.push(`entries (${i + 1}, ${j + 1}) = ${a} and (${j + 1}, ${i + 1}) = ${b} are not reciprocal (write 1/${a})`);
      }
    }
  return out;
}

const TOLERANCE = dec('1e-28');
const MAX_ITERATIONS = 500;

/**
 * Weights from a reciprocal pairwise matrix (Saaty's AHP). `eigenvector`: the principal right eigenvector by power
 * iteration in decimals (from the uniform vector, normalised to sum 1 each step, until no weight moves by more than
 * 1e-28 or 500 steps); `geometric_mean`: the normalised geometric means of the rows (Crawford & Williams 1985). Both
 * take λmax as the mean of (A·w)_i / w_i, CI = (λmax − n)/(n − 1), CR = CI / RI(n).
 */
export function ahpWeights(m: Dec[][], method: AhpMethod = 'eigenvector'): AhpResult {
  const problems = pairwiseProblems(m);
  if (problems.length) throw new Error(`not a pairwise comparison matrix: ${problems.join('; ')}`);
  const n = m.length;
  const normalise = (v: Dec[]) => {
    const s = v.reduce((a, b) => a.plus(b), ZERO);
    return v.map((x) => x.div(s));
  };
  const times = (v: Dec[]) => m.map((row) => row.reduce((a, x, j) => a.plus(x.mul(v[j]!)), ZERO));
  let w: Dec[];
  let iterations = 0;
  if (method === 'geometric_mean') {
    w = normalise(m.map((row) => row.reduce((a, x) => a.mul(x), ONE).pow(ONE.div(n))));
  } else {
    w = m.map(() => ONE.div(n));
    for (; iterations < MAX_ITERATIONS; ) {
      iterations++;
      const next = normalise(times(w));
      const moved = next.reduce((a, x, i) => Dec.max(a, x.minus(w[i]!).abs()), ZERO);
      w = next;
      if (moved.lte(TOLERANCE)) break;
    }
  }
  const aw = times(w);
  const lambdaMax = aw.reduce((a, x, i) => a.plus(x.div(w[i]!)), ZERO).div(n);
  const ri = dec(RANDOM_INDEX[n]!);
  const ci = n <= 2 ? ZERO : lambdaMax.minus(n).div(n - 1);
  const cr = n <= 2 || ri.isZero() ? ZERO : ci.div(ri);
  return { weights: w, lambdaMax, ci, ri, cr, method, iterations };
}
