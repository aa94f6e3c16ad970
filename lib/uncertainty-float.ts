import { type Dec, dec } from '../engine/core/decimal.ts';
import type { EconomyData } from '../engine/dual/account.ts';
import type { DualSpec } from '../engine/dual/spec.ts';
import { evaluateFloat, type FloatMc, floatDrawRange, floatMc } from '../engine/fast/mc-float.ts';
import type { McSetup, Summary, TornadoBar } from '../engine/uncertainty/montecarlo.ts';
/** What a measured indicator is to the float measure: its id (lib/uncertainty.ts Measured). */
interface Measured {
  id: string;
}

/**
 * Monte Carlo of a GEP region-year on the float64 path (engine/fast): the measured indicators of each draw read
 * from the compiled program's output, the summaries and the tornado computed in float64 and handed on as decimals
 * of 15 significant digits. The deterministic column is not here: it stays the exact account (lib/uncertainty.ts).
 */
export interface FloatMeasure {
  mc: FloatMc;
  count: number;
  measure: (O: Float64Array, out: Float64Array, at: number) => void;
}

/** What the dual indicators of a draw need besides its GEP: the region-year's economy and the spec. */
export interface DualInputs {
  economy: EconomyData;
  spec: DualSpec;
  areaKm2: Dec | undefined;
}

/** The float measure of a prepared setup: the same indicators, in the same order, as prepareUncertainty's `measure`. */
export function floatMeasure(setup: McSetup, measured: Measured[], dual?: DualInputs): FloatMeasure {
  const { model } = setup;
  const mc = floatMc(
    model,
    setup.data,
    { region: setup.region, year: setup.year, baseYear: setup.baseYear },
    setup.params,
    setup.coefficients,
  );
  const NI = mc.width;
  const col = new Map(mc.rows.program.indicators.map((id, j) => [id, j]));
  const money = Int32Array.from(model.services, (s) => col.get(s.money)!);
  const categoryOf = Int32Array.from(model.services, (s) => model.categories.findIndex((c) => c.id === s.category));
  const serviceIndex = new Map(model.services.map((s, i) => [s.id, i]));
  const nc = model.categories.length;
  const dualOf = dual ? dualConstants(dual, setup, serviceIndex) : undefined;
  // one reader per measured id: gep|current, gep|constant, <category>|current, <service>|money / |physical, dual.*
  type Reader = (O: Float64Array, cat: Float64Array, gep: number, gepConstant: number) => number;
  const readers: Reader[] = measured.map((m): Reader => {
    const [id, what] = m.id.split('|') as [string, string | undefined];
    if (m.id === 'gep|current') return (_O, _c, g) => g;
    if (m.id === 'gep|constant') return (_O, _c, _g, gc) => gc;
    if (what === 'current') {
      const c = model.categories.findIndex((x) => x.id === id);
      return (_O, cat) => cat[c]!;
    }
    if (what === 'money' || what === 'physical') {
      const j = col.get(what === 'money' ? `${id}.money` : `${id}.physical`)!;
      return (O) => O[j]!;
    }
    if (!dualOf) throw new Error(`float measure: ${m.id} needs the dual inputs`);
    return dualOf(m.id);
  });
  const cat = new Float64Array(nc);
  const catConstant = new Float64Array(nc);
  const measure = (O: Float64Array, out: Float64Array, at: number) => {
    // categories and GEP summed as engine/gep/account.ts sums them: services in model order, then categories
    cat.fill(0);
    catConstant.fill(0);
    let gepConstant = 0;
    for (let i = 0; i < money.length; i++) {
      const c = categoryOf[i]!;
      cat[c] = cat[c]! + O[money[i]!]!;
      catConstant[c] = catConstant[c]! + O[NI + money[i]!]!;
    }
    let gep = 0;
    for (let c = 0; c < nc; c++) {
      gep += cat[c]!;
      gepConstant += catConstant[c]!;
    }
    for (let k = 0; k < readers.length; k++) out[at + k] = readers[k]!(O, cat, gep, gepConstant);
  };
  return { mc, count: measured.length, measure };
}

/** The dual indicators as functions of a draw's services (engine/dual/account.ts, in float64). */
function dualConstants(
  d: DualInputs,
  setup: McSetup,
  serviceIndex: Map<string, number>,
): (id: string) => (O: Float64Array, cat: Float64Array, gep: number) => number {
  const { region, year } = setup;
  const gdp = d.economy.value(region, 'gdp', year)?.toNumber() ?? Number.NaN;
  const population = d.economy.value(region, 'population', year)?.toNumber();
  const area = d.areaKm2?.toNumber();
  const realised = d.spec.realisation.services
    .filter((s) => serviceIndex.has(s))
    .map((s) => setup.model.services[serviceIndex.get(s)!]!.money);
  const traded = d.spec.realisation.traded_rights.map((t) => ({
    id: setup.model.services[serviceIndex.get(t.service)!]!.money,
    share: dec(t.share).toNumber(),
  }));
  const inGdp = d.spec.geep.in_gdp.filter((s) => serviceIndex.has(s)).map((s) => setup.model.services[serviceIndex.get(s)!]!.money);
  const adjustment = d.spec.geep.adjustments.reduce((a, x) => a + gdp * dec(x.value).toNumber(), 0);
  return (id) => {
    const cols = (ids: string[]) => ids.map((x) => setup.model.indicators.findIndex((p) => p.id === x));
    const r = cols(realised);
    const t = traded.map((x) => ({ j: cols([x.id])[0]!, share: x.share }));
    const g = cols(inGdp);
    const realisedOf = (O: Float64Array) => r.reduce((a, j) => a + O[j]!, 0) + t.reduce((a, x) => a + O[x.j]! * x.share, 0);
    switch (id) {
      case 'dual.gep_gdp_ratio':
        return (_O, _c, gep) => gep / gdp;
      case 'dual.gep_per_km2':
        return (_O, _c, gep) => (area ? gep / area : 0);
      case 'dual.gep_per_capita':
        return (_O, _c, gep) => (population ? gep / population : 0);
      case 'dual.realisation_rate':
        return (O, _c, gep) => (gep === 0 ? 0 : realisedOf(O) / gep);
      case 'dual.geep':
        return (O, _c, gep) => gdp + gep - g.reduce((a, j) => a + O[j]!, 0) - adjustment;
      default:
        throw new Error(`float measure: unknown dual indicator ${id}`);
    }
  };
}

/** Draws [from, to) of the float measure, row after row: draw i's indicator j at (i - from) * f.count + j. */
export function floatDrawsFlat(f: FloatMeasure, seed: number, from: number, to: number): Float64Array {
  return floatDrawRange(f.mc, seed, from, to, f.count, f.measure);
}

/** Draws [from, to) of the float measure: one row of numbers per draw (what workers and the job queue hand over). */
export function floatDraws(f: FloatMeasure, seed: number, from: number, to: number): number[][] {
  const flat = floatDrawsFlat(f, seed, from, to);
  return Array.from({ length: to - from }, (_, i) => Array.from(flat.subarray(i * f.count, (i + 1) * f.count)));
}

/** A float figure as the decimal the results carry: 15 significant digits (a float64 holds 15 to 17). */
export const floatDec = (x: number): Dec => dec(Number.isFinite(x) ? x.toPrecision(15) : 'NaN');

const round12 = (x: Dec) => x.toDecimalPlaces(12, 6); // half-even, as montecarlo.ts's summaries

/** Mean and type-7 P5/P50/P95 of each indicator over float draws (in draw order, so any split sums alike). */
export function summariseFloatDraws(ids: string[], deterministic: Dec[], draws: number[][]): Summary[] {
  const flat = new Float64Array(draws.length * ids.length);
  for (let i = 0; i < draws.length; i++) flat.set(draws[i]!, i * ids.length);
  return summariseFlatDraws(ids, deterministic, flat);
}

/**
 * summariseFloatDraws over draws row after row in one array (floatDrawsFlat): the same numbers in the same order,
 * without a row array per draw (10,000 draws: 10,000 arrays fewer to make and collect).
 */
export function summariseFlatDraws(ids: string[], deterministic: Dec[], flat: Float64Array): Summary[] {
  const w = ids.length;
  const n = flat.length / w;
  return ids.map((id, j) => {
    const xs = new Float64Array(n);
    let sum = 0;
    for (let i = 0; i < n; i++) {
      xs[i] = flat[i * w + j]!;
      sum += xs[i]!;
    }
    xs.sort();
    const q = (p: number) => {
      if (n === 1) return xs[0]!;
      const h = p * (n - 1);
      const lo = Math.floor(h);
      return lo >= n - 1 ? xs[n - 1]! : xs[lo]! + (h - lo) * (xs[lo + 1]! - xs[lo]!);
    };
    return {
      id,
      deterministic: deterministic[j]!,
      mean: round12(floatDec(sum / n)),
      p5: round12(floatDec(q(0.05))),
      p50: round12(floatDec(q(0.5))),
      p95: round12(floatDec(q(0.95))),
      min: floatDec(xs[0]!),
      max: floatDec(xs[n - 1]!),
    };
  });
}

/** One-at-a-time sensitivity of measured indicator `index` on the float path (as montecarlo.ts's tornado). */
export function floatTornado(f: FloatMeasure, index: number): TornadoBar[] {
  const central = f.mc.params.map((p) => p.central.toNumber());
  const out = new Float64Array(f.count);
  const at = (n: number, v: number) => {
    const values = Float64Array.from(central);
    values[n] = v;
    f.measure(evaluateFloat(f.mc, values), out, 0);
    return floatDec(out[index]!);
  };
  return f.mc.params
    .map((p, n) => {
      const outputLow = at(n, p.spread.low.toNumber()),
        outputHigh = at(n, p.spread.high.toNumber());
      return { param: p.id, low: p.spread.low, high: p.spread.high, outputLow, outputHigh, swing: outputHigh.minus(outputLow).abs() };
    })
    .sort((a, b) => b.swing.cmp(a.swing) || (a.param < b.param ? -1 : 1));
}
