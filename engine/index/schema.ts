import { z } from 'zod';
import { dec } from '../core/decimal.ts';
import type { Issue } from '../core/errors.ts';
import { DecimalText, Label } from '../model/schema.ts';
import { AHP_MAX_ORDER, judgement, pairwiseProblems } from './ahp.ts';

/**
 * An indicator system (评价指标体系) as data: dimensions of indicators, where each indicator's value comes from, how
 * it is normalised, weighted and aggregated, and the thresholds of its lights. Numbers are quoted strings.
 */
const ident = z.string().regex(/^[a-z][a-z0-9_]*$/, 'use lower_snake_case letters, digits and _');

/** Where a raw value comes from: a row of the dataset's indicators.csv, or a long row of a GEP, dual or carbon run. */
const TableRef = z
  .object({
    /** indicators.csv of the dataset (files.indicators in dataset.yaml). */
    table: z.literal('indicators'),
    /** The `indicator` column of the row. */
    indicator: z.string().min(1),
  })
  .strict();
const RunRef = z
  .object({
    /** The run whose long rows hold the value (the sample's `gep account`, `gep dual`, `gep carbon` rows). */
    run: z.enum(['gep', 'dual', 'carbon']),
    /** The row's indicator id, e.g. gep, dual.gep_per_km2, carbon.intensity_gdp, extent.area, recreation. */
    indicator: z.string().min(1),
    /** The row's key, e.g. ecosystem_type=urban_green (default: none). */
    key: z.string().default(''),
    /** Money rows at current or constant prices (default: current, or the row without a basis). */
    basis: z.enum(['current', 'constant']).optional(),
  })
  .strict();
const BaseRef = z.union([TableRef, RunRef]);
export const ValueRef = z.union([
  TableRef,
  RunRef.extend({
    /** The value is divided by this one (a share, a figure per km² or per person); the units divide too (ha/ha → %). */
    per: BaseRef.optional(),
  }).strict(),
]);
export type ValueRef = z.infer<typeof ValueRef>;
export type BaseRef = z.infer<typeof BaseRef>;

export const NormalisationMethod = z.enum(['target', 'minmax', 'zscore']);
/** The set a min–max or standard score is taken over: the regions of each year, the years of each region, or all region-years. */
export const NormalisationScope = z.enum(['regions', 'years', 'all']);
const Normalisation = z.object({ method: NormalisationMethod, over: NormalisationScope.default('all') }).strict();

export const Indicator = z
  .object({
    id: ident,
    label: Label,
    /** The unit the value is read in (values in other convertible units are converted exactly). */
    unit: z.string().min(1),
    direction: z.enum(['higher', 'lower']),
    value: ValueRef,
    /** Full score (normalised 1) and green at or beyond the target. */
    target: DecimalText,
    /** Yellow from here to the target; red beyond it. */
    amber: DecimalText,
    /** Score 0 at or beyond this value on the wrong side (target normalisation). */
    floor: DecimalText,
    /** A given weight within the dimension (weighting: given). */
    weight: DecimalText.optional(),
    normalisation: Normalisation.optional(),
    /** Where the indicator and its threshold come from (system, table, item). */
    source: z.string().min(3),
    rationale: z.string().min(3),
  })
  .strict();
export type Indicator = z.infer<typeof Indicator>;

export const Dimension = z
  .object({
    id: ident,
    label: Label,
    /** A given weight of the dimension (weighting: given). */
    weight: DecimalText.optional(),
    indicators: z.array(Indicator).min(1),
  })
  .strict();
export type Dimension = z.infer<typeof Dimension>;

const Matrix = z.array(z.array(DecimalText).min(1)).min(1);
const Weighting = z.discriminatedUnion('method', [
  z.object({ method: z.literal('given') }).strict(),
  z.object({ method: z.literal('entropy') }).strict(),
  z
    .object({
      method: z.literal('ahp'),
      /** Eigenvector by power iteration (Saaty), or the rows' geometric means. */
      eigen: z.enum(['eigenvector', 'geometric_mean']).default('eigenvector'),
      /** Pairwise judgements of the dimensions, in the order listed ("3" = the row's item moderately more important). */
      dimensions: Matrix,
      /** Per dimension id, the judgements of its indicators, in the order listed. */
      indicators: z.record(z.string(), Matrix),
    })
    .strict(),
]);
export type Weighting = z.infer<typeof Weighting>;

export const IndicatorSystem = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
    version: z.string().regex(/^\d+\.\d+\.\d+$/),
    title: Label,
    description: z.string().min(1),
    /** `illustrative` when weights or thresholds are made up for a demonstration. */
    status: z.enum(['published', 'illustrative', 'draft']).default('draft'),
    sources: z.array(z.object({ id: z.string(), citation: z.string(), url: z.string().optional() }).strict()).min(1),
    normalisation: Normalisation.default({ method: 'target', over: 'all' }),
    weighting: Weighting,
    aggregation: z
      .object({
        /** weighted_sum: Σ w·score; topsis: relative closeness over all region-years (Hwang & Yoon 1981). */
        method: z.enum(['weighted_sum', 'topsis']).default('weighted_sum'),
        /** Also the coupling coordination degree of the dimensions (廖重斌 1999; 王淑佳 et al. 2021). */
        coupling: z.boolean().default(false),
      })
      .strict()
      .default({ method: 'weighted_sum', coupling: false }),
    /** Lights of the dimension and composite scores (0–100): green at or above `green`, yellow at or above `yellow`. */
    lights: z.object({ green: DecimalText, yellow: DecimalText }).strict(),
    dimensions: z.array(Dimension).min(1),
  })
  .strict();
export type IndicatorSystem = z.infer<typeof IndicatorSystem>;

/** The rules zod cannot say: unique ids, ordered thresholds, weights where given weighting needs them, AHP matrices. */
export function checkSystem(s: IndicatorSystem, file: string): Issue[] {
  const issues: Issue[] = [];
  const add = (code: Issue['code'], path: string, message: string) => issues.push({ code, file, path, message });
  const ids = new Map<string, string>();
  const weighting = s.weighting;
  s.dimensions.forEach((d, di) => {
    if (ids.has(d.id)) add('duplicate', `dimensions[${di}].id`, `"${d.id}" is already used (${ids.get(d.id)})`);
    ids.set(d.id, `dimensions[${di}]`);
    if (weighting.method === 'given' && d.weight === undefined)
      add('weight_missing', `dimensions[${di}].weight`, `weighting "given" needs a weight for dimension ${d.id}`);
    if (d.weight !== undefined && !dec(d.weight).gt(0)) add('not_positive', `dimensions[${di}].weight`, 'weights are positive');
    d.indicators.forEach((i, ii) => {
      const path = `dimensions[${di}].indicators[${ii}]`;
      if (ids.has(i.id)) add('duplicate', `${path}.id`, `"${i.id}" is already used (${ids.get(i.id)})`);
      ids.set(i.id, path);
      const [t, a, f] = [dec(i.target), dec(i.amber), dec(i.floor)];
      const ordered = i.direction === 'higher' ? f.lt(t) && a.lte(t) && a.gte(f) : f.gt(t) && a.gte(t) && a.lte(f);
      if (!ordered)
        add(
          'scorecard_order',
          path,
          `${i.id}: with direction "${i.direction}" the floor, amber and target must be in that order${i.direction === 'higher' ? ' (floor < target, floor ≤ amber ≤ target)' : ' (floor > target, floor ≥ amber ≥ target)'}`,
        );
      if (weighting.method === 'given' && i.weight === undefined)
        add('weight_missing', `${path}.weight`, `weighting "given" needs a weight for indicator ${i.id}`);
      if (i.weight !== undefined && !dec(i.weight).gt(0)) add('not_positive', `${path}.weight`, 'weights are positive');
      const method = (i.normalisation ?? s.normalisation).method;
      if (method === 'zscore' && weighting.method === 'entropy')
        add(
          'method_conflict',
          `${path}.normalisation`,
          'entropy weights need non-negative scores: use target or minmax normalisation, not zscore',
        );
      if (method === 'zscore' && s.aggregation.method === 'weighted_sum' && s.aggregation.coupling)
        add('method_conflict', `${path}.normalisation`, 'the coupling degree needs scores in [0, 1]: use target or minmax normalisation');
    });
  });
  const [g, y] = [dec(s.lights.green), dec(s.lights.yellow)];
  if (!y.lt(g))
    add('scorecard_order', 'lights', `the yellow threshold (${s.lights.yellow}) must be below the green one (${s.lights.green})`);
  if (weighting.method === 'ahp') {
    const matrix = (m: string[][], n: number, path: string, what: string) => {
      if (m.length !== n) return add('ahp_matrix', path, `${what} has ${n} items: its judgement matrix needs ${n} rows, not ${m.length}`);
      if (n > AHP_MAX_ORDER) return add('ahp_matrix', path, `${what} has ${n} items: at most ${AHP_MAX_ORDER} per AHP matrix`);
      for (const p of pairwiseProblems(m.map((r) => r.map(judgement)))) add('ahp_matrix', path, `${what}: ${p}`);
    };
    matrix(weighting.dimensions, s.dimensions.length, 'weighting.dimensions', 'the dimensions');
    s.dimensions.forEach((d) => {
      const m = weighting.indicators[d.id];
      if (m) matrix(m, d.indicators.length, `weighting.indicators.${d.id}`, `dimension ${d.id}`);
      else if (d.indicators.length > 1)
        add(
          'ahp_matrix',
          `weighting.indicators.${d.id}`,
          `dimension ${d.id} has ${d.indicators.length} indicators: give their judgement matrix`,
        );
    });
    for (const k of Object.keys(weighting.indicators))
      if (!s.dimensions.some((d) => d.id === k)) add('ahp_matrix', `weighting.indicators.${k}`, `"${k}" is not a dimension of the system`);
  }
  return issues;
}
