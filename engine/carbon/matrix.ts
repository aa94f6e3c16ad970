/**
 * The few float matrix operations the STIRPAT fit needs, on plain arrays. They repeat mathjs's algorithms
 * operation for operation (products summed from the first term, Gauss–Jordan inversion with partial
 * pivoting), so a fit gives the same bits as it did with mathjs, without loading mathjs (seconds at start-up).
 */
export type Matrix = number[][];

export const transpose = (a: Matrix): Matrix => a[0]!.map((_, j) => a.map((row) => row[j]!));

export const add = (a: Matrix, b: Matrix): Matrix => a.map((row, i) => row.map((v, j) => v + b[i]![j]!));

/** Σ_k x_k y_k, summed from the first product as mathjs does (a leading 0 + would turn −0 into 0). */
function dot(n: number, x: (k: number) => number, y: (k: number) => number): number {
  let sum = x(0) * y(0);
  for (let k = 1; k < n; k++) sum = sum + x(k) * y(k);
  return sum;
}

export const multiply = (a: Matrix, b: Matrix): Matrix =>
  a.map((row) =>
    b[0]!.map((_, j) =>
      dot(
        row.length,
        (k) => row[k]!,
        (k) => b[k]![j]!,
      ),
    ),
  );

export const multiplyVector = (a: Matrix, v: number[]): number[] =>
  a.map((row) =>
    dot(
      row.length,
      (k) => row[k]!,
      (k) => v[k]!,
    ),
  );

/** The inverse of a square matrix of size ≥ 3 by Gauss–Jordan elimination; throws when it is singular. */
export function inverse(m: Matrix): Matrix {
  const n = m.length;
  const a = m.map((row) => [...row]);
  if (n < 3 || m.some((row) => row.length !== n)) throw new Error('inverse() is for square matrices of size 3 or more');
  const b: Matrix = m.map((_, i) => m.map((_, j) => (i === j ? 1 : 0)));
  for (let c = 0; c < n; c++) {
    let big = Math.abs(a[c]![c]!);
    let rBig = c;
    for (let r = c + 1; r < n; r++) {
      if (Math.abs(a[r]![c]!) > big) {
        big = Math.abs(a[r]![c]!);
        rBig = r;
      }
    }
    if (big === 0) throw new Error('Cannot calculate inverse, determinant is zero');
    if (rBig !== c) {
      [a[c], a[rBig]] = [a[rBig]!, a[c]!];
      [b[c], b[rBig]] = [b[rBig]!, b[c]!];
    }
    const ac = a[c]!;
    const bc = b[c]!;
    for (let r = 0; r < n; r++) {
      const ar = a[r]!;
      const br = b[r]!;
      if (r !== c) {
        if (ar[c] !== 0) {
          const f = -ar[c]! / ac[c]!;
          for (let s = c; s < n; s++) ar[s] = ar[s]! + f * ac[s]!;
          for (let s = 0; s < n; s++) br[s] = br[s]! + f * bc[s]!;
        }
      } else {
        const f = ac[c]!;
        for (let s = c; s < n; s++) ar[s] = ar[s]! / f;
        for (let s = 0; s < n; s++) br[s] = br[s]! / f;
      }
    }
  }
  return b;
}
