import { z } from 'zod';
import { CarbonChoice } from '../carbon/scenario.ts';
import { dec } from '../core/decimal.ts';
import { isBoundedDecimal } from '../core/decimal-text.ts';
import { SIZE_LIMITS, tooLong } from '../core/limits.ts';
import { DecimalText, Label, MethodChoice, Range, Table } from '../model/schema.ts';

/**
 * A scenario as data: a base (model id@version + dataset) and overrides laid over it. Stored as YAML or
 * JSON so that two scenarios diff line by line; numbers are strings, as in models and datasets.
 * The overlay itself is engine/scenario/overlay.ts (pure); lib/scenario.ts loads and runs it.
 */
const ident = z.string().regex(/^[a-z][a-z0-9_]*$/, 'use lower_snake_case letters, digits and _');
const year = z.number().int().min(1900).max(2200);
const source = z
  .string({ error: 'say where the value comes from (plan, study, assumption)' })
  .trim()
  // 规划 or 年鉴 is a real source: two characters are enough; what is refused is an empty one
  .min(2, 'say where the value comes from (plan, study, assumption)');

/** True when low, high (and mode) are numbers DecimalText accepts, so the range checks can compare them. */
const numbers = (r: { low: string; high: string; mode?: string | undefined }) =>
  [r.low, r.high, r.mode ?? '0'].every((t) => isBoundedDecimal(t, { fractions: true }));

/** Last year an override holds (inclusive); later years return to the model's or the factor set's entries. */
const until = year.optional();
const untilAfterFrom = [
  (o: { from: number; until?: number | undefined }) => o.until === undefined || o.until >= o.from,
  { message: 'until is before from', path: ['until'] },
] as [(o: { from: number; until?: number | undefined }) => boolean, { message: string; path: string[] }];

/** A coefficient from year `from` on (to `until`): a new value (scalar), some rows (table), or every value scaled. */
export const CoefficientOverride = z
  .object({
    coefficient: ident,
    from: year,
    until,
    value: DecimalText.optional(),
    /** Rows to replace, keyed as in the model (a key or a group; "a|b" or nested for two dimensions); a group row replaces the rows of its members. */
    table: Table.optional(),
    /** Multiply every value in force from `from` on (e.g. "1.2" for prices 20% higher). */
    scale: DecimalText.optional(),
    /** Price year of a money value or table (default: `from`). */
    price_year: year.optional(),
    range: Range.optional(),
    source,
  })
  .strict()
  .refine((o) => [o.value, o.table, o.scale].filter((x) => x !== undefined).length === 1, 'give exactly one of value, table or scale')
  // fields that would be silently ignored are refused
  .refine((o) => o.range === undefined || o.value !== undefined, {
    message: 'range goes with a value (table rows carry their own low/high; a scale scales the ranges in force)',
    path: ['range'],
  })
  .refine((o) => o.price_year === undefined || o.scale === undefined, {
    message: 'a scale keeps the price years of the entries it scales: leave price_year out',
    path: ['price_year'],
  })
  .refine(...untilAfterFrom);
export type CoefficientOverride = z.infer<typeof CoefficientOverride>;

/** A carbon factor's name in the factor set: fuel.raw_coal.ncv, grid.sichuan.average, heat.ef, process.lime, gwp.CH4 … */
const factorName = z
  .string()
  .regex(/^[a-z][a-z0-9_]*(\.[A-Za-z0-9_]+)+$/, 'a factor name such as fuel.raw_coal.ncv or grid.sichuan.average');

/**
 * A carbon factor from year `from` on (to `until`; for a grid factor `from` is the vintage): a new value in a
 * stated unit (converted exactly to the factor's), or every value in force scaled. Needs `carbon.factors`.
 */
export const FactorOverride = z
  .object({
    factor: factorName,
    from: year,
    until,
    value: DecimalText.optional(),
    unit: z.string().min(1).optional(),
    scale: DecimalText.optional(),
    /** Monte Carlo bounds of the new value, in its unit. */
    range: z.object({ low: DecimalText, high: DecimalText }).strict().optional(),
    source,
  })
  .strict()
  .refine((o) => (o.value === undefined) !== (o.scale === undefined), 'give exactly one of value (with its unit) or scale')
  .refine((o) => o.value === undefined || o.unit !== undefined, { message: 'a value needs its unit', path: ['unit'] })
  .refine((o) => o.unit === undefined || o.value !== undefined, { message: 'a scale has no unit: leave unit out', path: ['unit'] })
  .refine((o) => o.range === undefined || o.value !== undefined, {
    message: 'range goes with a value (a scale scales the ranges in force)',
    path: ['range'],
  })
  .refine((o) => o.range === undefined || !numbers(o.range) || !dec(o.range.low).gt(dec(o.range.high)), {
    message: 'low must not be above high',
    path: ['range', 'high'],
  })
  .refine(...untilAfterFrom);
export type FactorOverride = z.infer<typeof FactorOverride>;

/** An input of the dataset from year `from` (to `to`, inclusive) on: a new value in a stated unit, or scaled. */
export const InputOverride = z
  .object({
    /** An input, or a value the dataset may give (a service's quantity, service.money, service.<part>). */
    input: z.string().regex(/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)?$/, 'an input, a service, or service.money / service.<part>'),
    /** Key tuple for inputs with dimensions ("a|b" for two); empty for scalars. */
    key: z.string().default(''),
    /** One region; every region of the dataset when left out. */
    region: z.string().optional(),
    from: year,
    to: year.optional(),
    value: DecimalText.optional(),
    unit: z.string().min(1).optional(),
    scale: DecimalText.optional(),
    source,
  })
  .strict()
  .refine((o) => (o.value === undefined) !== (o.scale === undefined), 'give exactly one of value (with its unit) or scale')
  .refine((o) => o.value === undefined || o.unit !== undefined, { message: 'a value needs its unit', path: ['unit'] })
  .refine((o) => o.unit === undefined || o.value !== undefined, { message: 'a scale has no unit: leave unit out', path: ['unit'] })
  .refine((o) => o.to === undefined || o.to >= o.from, { message: 'to is before from', path: ['to'] });
export type InputOverride = z.infer<typeof InputOverride>;

/** Move `area_ha` hectares from one ecosystem type to another from year `from` on (a land-use plan). */
export const Conversion = z
  .object({
    region: z.string().optional(),
    from_type: z.string().min(1),
    to_type: z.string().min(1),
    area_ha: DecimalText,
    from: year,
    source,
  })
  .strict();
export type Conversion = z.infer<typeof Conversion>;

/** An input grows at `rate` a year after `base_year`: value_t = value_base × (1 + rate)^(t − base_year). */
export const GrowthPath = z
  .object({
    input: ident,
    key: z.string().default(''),
    region: z.string().optional(),
    base_year: year,
    rate: DecimalText,
    source,
  })
  .strict();
export type GrowthPath = z.infer<typeof GrowthPath>;

/** Uncertainty of a coefficient or a carbon factor (absolute values) or an input (relative factors around the data) for Monte Carlo. */
export const UncertainRange = z
  .object({
    coefficient: ident.optional(),
    input: ident.optional(),
    /** A carbon factor (carbon Monte Carlo, lib/carbon-uncertainty.ts); low, high and mode are in `unit`. */
    factor: factorName.optional(),
    unit: z.string().min(1).optional(),
    /** Table row or input key; every row/key when left out. */
    key: z.string().optional(),
    /** Coefficients: absolute values; inputs: factors on the data value ("0.9", "1.1"). */
    low: DecimalText,
    high: DecimalText,
    mode: DecimalText.optional(),
    distribution: z.enum(['uniform', 'triangular', 'normal', 'lognormal']).default('uniform'),
    source: z.string().optional(),
  })
  .strict()
  .refine(
    (r) => [r.coefficient, r.input, r.factor].filter((x) => x !== undefined).length === 1,
    'name exactly one of coefficient, input or factor',
  )
  .refine((r) => (r.factor === undefined) === (r.unit === undefined), {
    message: 'a factor range needs its unit (and only a factor range has one)',
    path: ['unit'],
  })
  .refine((r) => !numbers(r) || !dec(r.low).gt(dec(r.high)), { message: 'low must not be above high', path: ['high'] })
  .refine((r) => !numbers(r) || r.mode === undefined || (!dec(r.mode).lt(dec(r.low)) && !dec(r.mode).gt(dec(r.high))), {
    message: 'mode must lie between low and high',
    path: ['mode'],
  });
export type UncertainRange = z.infer<typeof UncertainRange>;

export const Scenario = z
  .object({
    id: z
      .string()
      .max(SIZE_LIMITS.idLength, tooLong(SIZE_LIMITS.idLength))
      .regex(/^[a-z0-9][a-z0-9_-]*$/, 'lower-case letters, digits, _ and -'),
    label: z.union([z.string().min(1), Label]),
    description: z.string().optional(),
    base: z
      .object({
        /** id@version, e.g. cn-gep-2022@1.0.0: the scenario is refused on another version. */
        model: z.string().regex(/^[a-z0-9][a-z0-9-]*@\d+\.\d+\.\d+$/, 'model id@version, e.g. cn-gep-2022@1.0.0'),
        /** Dataset id (a folder in datasets/) or a path. */
        dataset: z.string().min(1),
      })
      .strict(),
    overrides: z
      .object({
        coefficients: z.array(CoefficientOverride).default([]),
        inputs: z.array(InputOverride).default([]),
        conversions: z.array(Conversion).default([]),
        growth: z.array(GrowthPath).default([]),
        /** Optional without a default, so that the hash of a scenario without factor overrides is what it was. */
        factors: z.array(FactorOverride).optional(),
      })
      .strict()
      .default({ coefficients: [], inputs: [], conversions: [], growth: [] }),
    uncertainty: z.array(UncertainRange).default([]),
    /** Carbon accounts under this scenario: factor set, grid factor, projection paths (lib/carbon-run.ts). */
    carbon: CarbonChoice.optional(),
    /** Method variants (service → variant) and coverage (service → types) over the dataset's choice. */
    method: MethodChoice.shape.method,
    covers: MethodChoice.shape.covers,
  })
  .strict()
  // factor names and units belong to a version of a factor set, as coefficients to a model version
  .refine((s) => s.carbon !== undefined || (!s.overrides.factors?.length && !s.uncertainty.some((u) => u.factor)), {
    message: 'carbon factor overrides and ranges name the factor set they are written for: add carbon.factors (id@version)',
    path: ['carbon'],
  });
export type Scenario = z.infer<typeof Scenario>;
