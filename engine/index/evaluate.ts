import { Dec, dec, ONE, ZERO } from '../core/decimal.ts';
import { type Issue, IssuesError } from '../core/errors.ts';
import { type AhpResult, ahpWeights, CR_LIMIT, judgement } from './ahp.ts';
import { type CouplingResult, couplingCoordination } from './coupling.ts';
import { type EntropyResult, entropyWeights } from './entropy.ts';
import { againstTarget, minMax, type Normalised, standardScore } from './normalise.ts';
import type { Indicator, IndicatorSystem } from './schema.ts';
import { topsis } from './topsis.ts';

export type Light = 'green' | 'yellow' | 'red';

/** A raw value as the caller found it, in the indicator's unit, and where it came from (file and line, or run row). */
export interface RawValue {
  value: Dec;
  from: string;
}

export interface RegionYear {
  region: string;
  year: number;
}

export interface IndicatorScore {
  id: string;
  dimension: string;
  raw: Dec;
  from: string;
  normalised: Dec;
  /** How the raw value became the normalised one, with the numbers. */
  formula: string;
  /** The weight within its dimension, and in the composite (dimension weight × weight within it). */
  weightInDimension: Dec;
  weight: Dec;
  /** Points of the composite (0–100) it gives: 100 · weight · normalised (weighted sum only). */
  contribution?: Dec;
  light: Light;
}

export interface DimensionScore {
  id: string;
  weight: Dec;
  score: Dec;
  light: Light;
  /** Change from the region's previous year in the run. */
  change?: Dec;
}

export interface IndexScore extends RegionYear {
  indicators: IndicatorScore[];
  dimensions: DimensionScore[];
  composite: Dec;
  light: Light;
  /** Rank among the regions of the year (1 = highest composite; ties share a rank). */
  rank: number;
  change?: Dec;
  coupling?: CouplingResult;
}

export interface IndexWeights {
  method: IndicatorSystem['weighting']['method'];
  dimensions: { id: string; weight: Dec }[];
  indicators: { id: string; dimension: string; inDimension: Dec; weight: Dec }[];
  ahp?: { dimensions: AhpResult; indicators: Record<string, AhpResult> };
  entropy?: EntropyResult;
}

export interface IndexResult {
  weights: IndexWeights;
  scores: IndexScore[];
}

const HUNDRED = new Dec(100);
const sum = (xs: Dec[]) => xs.reduce((a, b) => a.plus(b), ZERO);
const share = (xs: Dec[]) => {
  const s = sum(xs);
  return xs.map((x) => x.div(s));
};

/** The light of a raw value against an indicator's target and amber. */
export function indicatorLight(i: Pick<Indicator, 'direction' | 'target' | 'amber'>, x: Dec): Light {
  const better = (a: Dec, b: Dec) => (i.direction === 'higher' ? a.gte(b) : a.lte(b));
  return better(x, dec(i.target)) ? 'green' : better(x, dec(i.amber)) ? 'yellow' : 'red';
}

const scoreLight = (s: IndicatorSystem, x: Dec): Light =>
  x.gte(dec(s.lights.green)) ? 'green' : x.gte(dec(s.lights.yellow)) ? 'yellow' : 'red';

/**
 * Score the region-years on an indicator system: each raw value normalised (target, min–max or standard score over the
 * set the system names), weights given, from entropy over every region-year, or from AHP judgements (checked: CR < 0.1),
 * dimension and composite scores 0–100 by weighted sum or TOPSIS, optionally the coupling coordination degree of the
 * dimensions; rank among the regions of each year and change from the previous year. Every value missing is reported at
 * once. Pure and exact: the same inputs give the same decimals.
 */
export function evaluateIndex(
  system: IndicatorSystem,
  objects: RegionYear[],
  raw: (o: RegionYear, indicator: string) => RawValue | undefined,
): IndexResult {
  const indicators = system.dimensions.flatMap((d) => d.indicators.map((i) => ({ ...i, dimension: d.id })));
  const issues: Issue[] = [];
  const values = objects.map((o) =>
    indicators.map((i) => {
      const v = raw(o, i.id);
      if (!v)
        issues.push({
          code: 'indicator_value_missing',
          path: `${i.dimension}.${i.id}`,
          message: `no value of ${i.id} (${i.label.en}) for ${o.region} ${o.year}`,
        });
      return v;
    }),
  );
  if (issues.length) throw new IssuesError('run', issues);
  const x = values.map((row) => row.map((v) => v!.value));

  // normalisation: the set each value is compared with
  const normalised: Normalised[][] = objects.map((o, r) =>
    indicators.map((ind, j) => {
      const n = ind.normalisation ?? system.normalisation;
      const v = x[r]![j]!;
      if (n.method === 'target') return againstTarget(v, dec(ind.floor), dec(ind.target));
      const set = objects
        .map((p, k) => ({ p, v: x[k]![j]! }))
        .filter(({ p }) => (n.over === 'regions' ? p.year === o.year : n.over === 'years' ? p.region === o.region : true))
        .map(({ v }) => v);
      return n.method === 'minmax' ? minMax(v, set, ind.direction) : standardScore(v, set, ind.direction);
    }),
  );
  const nx = normalised.map((row) => row.map((n) => n.value));
  const weights = weigh(system, nx);

  const dimIndex = (d: string) => indicators.map((i, j) => (i.dimension === d ? j : -1)).filter((j) => j >= 0);
  const agg = system.aggregation.method;
  const closeness = (cols: number[], w: Dec[]) =>
    topsis(
      x.map((row) => cols.map((j) => row[j]!)),
      w,
      cols.map((j) => indicators[j]!.direction === 'higher'),
    ).closeness;
  const topsisAll =
    agg === 'topsis'
      ? closeness(
          indicators.map((_, j) => j),
          weights.indicators.map((w) => w.weight),
        )
      : undefined;
  const topsisDims =
    agg === 'topsis'
      ? Object.fromEntries(
          system.dimensions.map((d) => {
            const cols = dimIndex(d.id);
            return [
              d.id,
              closeness(
                cols,
                cols.map((j) => weights.indicators[j]!.inDimension),
              ),
            ];
          }),
        )
      : undefined;

  const scores: IndexScore[] = objects.map((o, r) => {
    const inds: IndicatorScore[] = indicators.map((ind, j) => {
      const w = weights.indicators[j]!;
      return {
        id: ind.id,
        dimension: ind.dimension,
        raw: x[r]![j]!,
        from: values[r]![j]!.from,
        normalised: nx[r]![j]!,
        formula: normalised[r]![j]!.formula,
        weightInDimension: w.inDimension,
        weight: w.weight,
        ...(agg === 'weighted_sum' ? { contribution: HUNDRED.mul(w.weight).mul(nx[r]![j]!) } : {}),
        light: indicatorLight(ind, x[r]![j]!),
      };
    });
    const dims: DimensionScore[] = system.dimensions.map((d, di) => {
      const score =
        agg === 'topsis'
          ? HUNDRED.mul(topsisDims![d.id]![r]!)
          : HUNDRED.mul(sum(dimIndex(d.id).map((j) => weights.indicators[j]!.inDimension.mul(nx[r]![j]!))));
      return { id: d.id, weight: weights.dimensions[di]!.weight, score, light: scoreLight(system, score) };
    });
    const composite = agg === 'topsis' ? HUNDRED.mul(topsisAll![r]!) : sum(dims.map((d) => d.weight.mul(d.score)));
    const coupling = system.aggregation.coupling
      ? couplingCoordination(
          dims.map((d) => d.score.div(HUNDRED)),
          dims.map((d) => d.weight),
        )
      : undefined;
    return {
      ...o,
      indicators: inds,
      dimensions: dims,
      composite,
      light: scoreLight(system, composite),
      rank: 0,
      ...(coupling ? { coupling } : {}),
    };
  });

  // rank within each year; change from the region's previous year in the run
  for (const s of scores) {
    s.rank = 1 + scores.filter((t) => t.year === s.year && t.composite.gt(s.composite)).length;
    const earlier = scores.filter((t) => t.region === s.region && t.year < s.year);
    const prev = earlier.length ? earlier.reduce((a, b) => (b.year > a.year ? b : a)) : undefined;
    if (prev) {
      s.change = s.composite.minus(prev.composite);
      s.dimensions.forEach((d, i) => {
        d.change = d.score.minus(prev.dimensions[i]!.score);
      });
    }
  }
  return { weights, scores };
}

/** Dimension weights, and each indicator's weight within its dimension and in the composite. */
function weigh(system: IndicatorSystem, nx: Dec[][]): IndexWeights {
  const w = system.weighting;
  const dims = system.dimensions;
  const flat = dims.flatMap((d) => d.indicators.map((i) => ({ id: i.id, dimension: d.id, weight: i.weight })));
  if (w.method === 'entropy') {
    if (nx.length < 2)
      throw new IssuesError('run', [
        {
          code: 'method_conflict',
          path: 'weighting',
          message: `entropy weights are learnt from the spread over region-years: this run scores ${nx.length}; score at least two (more regions or years), or use given or AHP weights`,
        },
      ]);
    const entropy = entropyWeights(nx);
    const dimWeights = dims.map((d) => sum(flat.map((f, j) => (f.dimension === d.id ? entropy.weights[j]! : ZERO))));
    return {
      method: 'entropy',
      dimensions: dims.map((d, i) => ({ id: d.id, weight: dimWeights[i]! })),
      indicators: flat.map((f, j) => {
        const d = dims.find((d) => d.id === f.dimension)!;
        const dw = dimWeights[dims.indexOf(d)]!;
        // a dimension none of whose indicators varies weighs 0 in the composite, but is still scored within itself
        // (equal weights), so that its score says where its indicators stand instead of 0
        return {
          id: f.id,
          dimension: f.dimension,
          weight: entropy.weights[j]!,
          inDimension: dw.isZero() ? ONE.div(d.indicators.length) : entropy.weights[j]!.div(dw),
        };
      }),
      entropy,
    };
  }
  let dimWeights: Dec[];
  let within: Record<string, Dec[]>;
  let ahp: IndexWeights['ahp'];
  if (w.method === 'given') {
    dimWeights = share(dims.map((d) => dec(d.weight!)));
    within = Object.fromEntries(dims.map((d) => [d.id, share(d.indicators.map((i) => dec(i.weight!)))]));
  } else {
    const issues: Issue[] = [];
    const run = (m: string[][], path: string, what: string) => {
      const r = ahpWeights(
        m.map((row) => row.map(judgement)),
        w.eigen,
      );
      if (r.cr.gte(CR_LIMIT))
        issues.push({
          code: 'ahp_inconsistent',
          path,
          message: `the judgements of ${what} are not consistent enough: CR = ${r.cr.toSignificantDigits(4)} (λmax ${r.lambdaMax.toSignificantDigits(6)}, CI ${r.ci.toSignificantDigits(4)}, RI ${r.ri}); Saaty's rule is CR < 0.1: revise them`,
        });
      return r;
    };
    const top = run(w.dimensions, 'weighting.dimensions', 'the dimensions');
    const per: Record<string, AhpResult> = {};
    for (const d of dims)
      per[d.id] =
        d.indicators.length === 1
          ? ahpWeights([[ONE]], w.eigen)
          : run(w.indicators[d.id]!, `weighting.indicators.${d.id}`, `dimension ${d.id}`);
    if (issues.length) throw new IssuesError('model', issues);
    dimWeights = top.weights;
    within = Object.fromEntries(dims.map((d) => [d.id, per[d.id]!.weights]));
    ahp = { dimensions: top, indicators: per };
  }
  return {
    method: w.method,
    dimensions: dims.map((d, i) => ({ id: d.id, weight: dimWeights[i]! })),
    indicators: dims.flatMap((d, di) =>
      d.indicators.map((i, ii) => ({
        id: i.id,
        dimension: d.id,
        inDimension: within[d.id]![ii]!,
        weight: dimWeights[di]!.mul(within[d.id]![ii]!),
      })),
    ),
    ...(ahp ? { ahp } : {}),
  };
}
