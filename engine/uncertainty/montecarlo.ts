import { Dec, ZERO } from '../core/decimal.ts';
import type { AccountingData } from '../eval/data.ts';
import { accountGep, type GepAccount } from '../gep/account.ts';
import type { CoefInfo, CompiledModel } from '../model/types.ts';
import { draw, quantile } from './distributions.ts';
import { withValues, type Param } from './params.ts';
import { drawStream } from './prng.ts';

export interface McSetup {
  model: CompiledModel;
  data: AccountingData;
  region: string;
  year: number;
  baseYear: number;
  params: Param[];
  /** Scenario coefficients the draws start from. */
  coefficients?: ReadonlyMap<string, CoefInfo>;
  /** The indicators read from one draw's account, in a fixed order. */
  measure: (acc: GepAccount) => Dec[];
}

/** Anything Monte Carlo samples: its uncertain parameters and the indicators one set of their values gives (GEP or carbon). */
export interface Sampler {
  params: Param[];
  evaluate(values: Dec[]): Dec[];
}

/** The GEP account of one region-year as a sampler. */
export function gepSampler(s: McSetup): Sampler {
  return { params: s.params, evaluate: (values) => evaluateWith(s, values) };
}

/** The parameter values of draw `index` (its own seeded stream). */
export function drawValues(params: Param[], seed: number, index: number): Dec[] {
  const rng = drawStream(seed, index);
  return params.map((p) => draw(p.spread, rng));
}

/** Account one region-year with the given parameter values and read the indicators. */
export function evaluateWith(s: McSetup, values: Dec[]): Dec[] {
  const w = withValues(s.model, s.data, s.year, s.params, values, s.coefficients);
  // the base year's prices are read from the data; only the year itself is accounted
  return s.measure(
    accountGep(s.model, w.data, {
      baseYear: s.baseYear,
      regions: [s.region],
      years: [s.year],
      decompose: [],
      trace: false,
      coefficients: w.coefficients,
    }),
  );
}

/** Draws [from, to) under `seed`: one row of indicator values per draw. Pure and independent of how draws are split. */
export function sampleDraws(s: Sampler, seed: number, from: number, to: number, onDraw?: () => void): Dec[][] {
  const out: Dec[][] = [];
  for (let i = from; i < to; i++) {
    out.push(s.evaluate(drawValues(s.params, seed, i)));
    onDraw?.();
  }
  return out;
}

/** sampleDraws of a GEP setup. */
export function runDraws(s: McSetup, seed: number, from: number, to: number, onDraw?: () => void): Dec[][] {
  return sampleDraws(gepSampler(s), seed, from, to, onDraw);
}

export interface Summary {
  id: string;
  deterministic: Dec;
  mean: Dec;
  p5: Dec;
  p50: Dec;
  p95: Dec;
  min: Dec;
  max: Dec;
}

const P = { p5: new Dec('0.05'), p50: new Dec('0.5'), p95: new Dec('0.95') };
const q = (x: Dec) => x.toDecimalPlaces(12, Dec.ROUND_HALF_EVEN);

/** Mean and P5/P50/P95 (type 7 quantiles) of every indicator over the draws. */
export function summarise(ids: string[], deterministic: Dec[], draws: Dec[][]): Summary[] {
  return ids.map((id, j) => {
    const xs = draws.map((d) => d[j]!).sort((a, b) => a.cmp(b));
    const mean = xs.reduce((a, b) => a.plus(b), ZERO).div(xs.length);
    return {
      id,
      deterministic: deterministic[j]!,
      mean: q(mean),
      p5: q(quantile(xs, P.p5)),
      p50: q(quantile(xs, P.p50)),
      p95: q(quantile(xs, P.p95)),
      min: xs[0]!,
      max: xs[xs.length - 1]!,
    };
  });
}

export interface TornadoBar {
  param: string;
  low: Dec;
  high: Dec;
  outputLow: Dec;
  outputHigh: Dec;
  swing: Dec;
}

/**
 * One-at-a-time sensitivity: each parameter at its low and at its high bound, the others at their central
 * values; the output is indicator `index` of the measure. Sorted by swing, largest first (ties by id).
 */
export function tornado(s: McSetup | Sampler, index: number): TornadoBar[] {
  const sampler = 'evaluate' in s ? s : gepSampler(s);
  const central = s.params.map((p) => p.central);
  return s.params
    .map((p, n) => {
      const at = (v: Dec) => sampler.evaluate(central.map((c, m) => (m === n ? v : c)))[index]!;
      const outputLow = at(p.spread.low),
        outputHigh = at(p.spread.high);
      return { param: p.id, low: p.spread.low, high: p.spread.high, outputLow, outputHigh, swing: outputHigh.minus(outputLow).abs() };
    })
    .sort((a, b) => b.swing.cmp(a.swing) || (a.param < b.param ? -1 : 1));
}
