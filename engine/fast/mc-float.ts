import type { AccountingData } from '../eval/data.ts';
import type { CoefInfo, CompiledModel } from '../model/types.ts';
import { sampler } from '../uncertainty/distributions.ts';
import type { Param } from '../uncertainty/params.ts';
import { drawStream } from '../uncertainty/prng.ts';
import { type FloatRows, floatRows } from './account-float.ts';
import { coefficientVector } from './columns.ts';

/**
 * Monte Carlo of one region-year on the float64 path. The region-year's two rows (current prices, base-year prices)
 * and their coefficient vectors are built once; a draw scales the coefficient slots and input columns its parameters
 * move (a coefficient cell by value / central, as engine/uncertainty/params.ts moves every entry of it by that
 * ratio; an input by its factor) and runs the compiled program. Draw i uses drawStream(seed, i) and the values
 * sample() gives, so a draw is the exact path's draw; draws [a, b) can be computed anywhere and concatenated.
 */
export interface FloatMc {
  rows: FloatRows;
  params: Param[];
  /** Per parameter: its sampler, its central value, the C cells and X columns it scales. */
  draws: { sample: (u: number) => number; central: number; cells: Int32Array; columns: Int32Array }[];
  /** Output columns of the program (row 0 current, row 1 constant prices). */
  width: number;
}

export function floatMc(
  model: CompiledModel,
  data: AccountingData,
  at: { region: string; year: number; baseYear: number },
  params: Param[],
  coefficients?: ReadonlyMap<string, CoefInfo>,
): FloatMc {
  const rows = floatRows(model, data, [{ region: at.region, year: at.year }], at.baseYear, coefficients);
  const p = rows.program;
  const CW = p.coefficients.length;
  // what each coefficient vector's slots resolved to (which entry cell, local or the model's)
  const vectors = new Map<number, ReturnType<typeof coefficientVector>['resolved']>();
  rows.keys.forEach((k, r) => {
    const v = rows.cRow[r]!;
    if (!vectors.has(v))
      vectors.set(
        v,
        coefficientVector(p, data, k.year, k.priceYear, data.localCoefficients?.size ? k.region : undefined, coefficients).resolved,
      );
  });
  const draws = params.map((par) => {
    const cells: number[] = [];
    const columns: number[] = [];
    if (par.kind === 'coefficient')
      for (const [v, resolved] of vectors)
        p.coefficients.forEach((slot, i) => {
          const r = resolved[i];
          // a local (dataset) value is the data's, not the model's: a draw does not move it
          if (slot.name !== par.name || !r || r.local) return;
          if (par.key === undefined ? r.entry.scalar : r.matched === par.key) cells.push(v * CW + i);
        });
    if (par.kind === 'input') {
      const col = p.inputs.get(par.name);
      if (col)
        rows.keys.forEach((_, r) => {
          const keys = col.keys ?? [''];
          keys.forEach((k, i) => {
            if (par.key === undefined || par.key === k) columns.push(r * p.width + col.offset + i);
          });
        });
    }
    return {
      sample: sampler(par.spread),
      central: par.central.toNumber(),
      cells: Int32Array.from(cells),
      columns: Int32Array.from(columns),
    };
  });
  return { rows, params, draws, width: p.indicators.length };
}

/** Scratch arrays of one thread: the draw's X, C and output. */
export interface McScratch {
  X: Float64Array;
  C: Float64Array;
  O: Float64Array;
}

export function scratch(mc: FloatMc): McScratch {
  return { X: new Float64Array(mc.rows.X.length), C: new Float64Array(mc.rows.C.length), O: new Float64Array(2 * mc.width) };
}

/** Evaluate the region-year with one value per parameter: the output rows in s.O (row 0 current, row 1 constant). */
export function evaluateFloat(mc: FloatMc, values: ArrayLike<number>, s: McScratch = scratch(mc)): Float64Array {
  s.X.set(mc.rows.X);
  s.C.set(mc.rows.C);
  for (let n = 0; n < mc.draws.length; n++) {
    const d = mc.draws[n]!;
    const v = values[n]!;
    if (v === d.central) continue;
    if (d.cells.length) {
      const ratio = v / d.central;
      for (let i = 0; i < d.cells.length; i++) s.C[d.cells[i]!] = s.C[d.cells[i]!]! * ratio;
    }
    for (let i = 0; i < d.columns.length; i++) s.X[d.columns[i]!] = s.X[d.columns[i]!]! * v;
  }
  mc.rows.program.run(s.X, s.C, mc.rows.cRow, 2, s.O);
  return s.O;
}

/** The parameter values of draw `index`: the same numbers as drawValues (engine/uncertainty/montecarlo.ts). */
export function floatDrawValues(mc: FloatMc, seed: number, index: number, out = new Float64Array(mc.draws.length)): Float64Array {
  const rng = drawStream(seed, index);
  for (let n = 0; n < mc.draws.length; n++) out[n] = mc.draws[n]!.sample(rng());
  return out;
}

/** Draws evaluated per call of the program: the block's rows are the draws' rows one after another. */
export const DRAW_BLOCK = 256;

/**
 * Draws [from, to): `measure` reads each draw's output rows into its row of the result (measures values per draw).
 * Pure and independent of how the draws are split. Draws are evaluated DRAW_BLOCK at a time in one call of the
 * program (one loop per service over the block's rows, hot after the first block, instead of one call per draw):
 * every row is computed by the same operations, in the same order, from the same numbers as evaluateFloat's, so
 * the bytes are the same whatever the block (test/fast/mc-float.test.ts).
 */
export function floatDrawRange(
  mc: FloatMc,
  seed: number,
  from: number,
  to: number,
  measures: number,
  measure: (O: Float64Array, out: Float64Array, at: number) => void,
): Float64Array {
  const out = new Float64Array((to - from) * measures);
  const { X, C, cRow } = mc.rows;
  const R = cRow.length; // rows of one draw
  const NV = C.length / mc.rows.program.coefficients.length; // coefficient vectors of one draw
  const NI = mc.width;
  const block = Math.max(1, Math.min(DRAW_BLOCK, to - from));
  const Xb = new Float64Array(block * X.length);
  const Cb = new Float64Array(block * C.length);
  const cRowB = new Int32Array(block * R);
  const Ob = new Float64Array(block * R * NI);
  const Od = new Float64Array(R * NI); // one draw's output rows, as evaluateFloat gives them to `measure`
  for (let d = 0; d < block; d++) for (let r = 0; r < R; r++) cRowB[d * R + r] = d * NV + cRow[r]!;
  const values = new Float64Array(mc.draws.length);
  for (let i0 = from; i0 < to; i0 += block) {
    const n = Math.min(block, to - i0);
    for (let d = 0; d < n; d++) {
      floatDrawValues(mc, seed, i0 + d, values);
      const xa = d * X.length;
      const ca = d * C.length;
      Xb.set(X, xa);
      Cb.set(C, ca);
      for (let k = 0; k < mc.draws.length; k++) {
        const p = mc.draws[k]!;
        const v = values[k]!;
        if (v === p.central) continue;
        if (p.cells.length) {
          const ratio = v / p.central;
          for (let i = 0; i < p.cells.length; i++) Cb[ca + p.cells[i]!] = Cb[ca + p.cells[i]!]! * ratio;
        }
        for (let i = 0; i < p.columns.length; i++) Xb[xa + p.columns[i]!] = Xb[xa + p.columns[i]!]! * v;
      }
    }
    mc.rows.program.run(Xb, Cb, cRowB, n * R, Ob);
    for (let d = 0; d < n; d++) {
      Od.set(Ob.subarray(d * R * NI, (d + 1) * R * NI));
      measure(Od, out, (i0 + d - from) * measures);
    }
  }
  return out;
}
