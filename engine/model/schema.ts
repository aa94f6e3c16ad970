import { z } from 'zod';
import { readDecimal } from '../core/decimal-text.ts';
import { SIZE_LIMITS, tooLong } from '../core/limits.ts';

/**
 * The schema of a coefficient model, as data. A model file that breaks it is refused at load time with
 * every problem listed (zod collects them all). Numbers are strings so that no value passes through a float.
 */
const labelText = z.string().min(1).max(SIZE_LIMITS.labelLength, tooLong(SIZE_LIMITS.labelLength));
export const Label = z.object({ zh: labelText, en: labelText }).strict();
export type Label = z.infer<typeof Label>;

const ident = z.string().regex(/^[a-z][a-z0-9_]*$/, 'use lower_snake_case letters, digits and _');
const keyName = z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'use lower-case letters, digits, _ and -');
/**
 * A number as a quoted string, read by readDecimal within its limits (engine/core/decimal-text.ts); `positive`
 * also refuses 0 and negatives. A refusal carries the reader's code in the zod issue's `params.code` (see schema-issues.ts).
 */
export function decimalText(opts: { fractions: boolean; positive?: boolean }) {
  return z.string({ error: 'write numbers as quoted strings, e.g. "7.06" (never a bare YAML number)' }).superRefine((text, ctx) => {
    const r = readDecimal(text, opts);
    if (!r.ok) ctx.addIssue({ code: 'custom', message: r.message, params: { code: r.code } });
    else if (opts.positive && !r.value.gt(0))
      ctx.addIssue({ code: 'custom', message: `${text} is not positive`, params: { code: 'not_positive' } });
  });
}
/** A number in a model, factor set or scenario (fractions such as "44/12" allowed). */
export const DecimalText = decimalText({ fractions: true });

const unitText = z.string().min(1);

export const Range = z
  .object({
    low: DecimalText,
    high: DecimalText,
    mode: DecimalText.optional(),
    distribution: z.enum(['uniform', 'triangular', 'normal', 'lognormal']).default('uniform'),
    source: z.string().optional(),
  })
  .strict();

const Cell = z.union([DecimalText, z.object({ value: DecimalText, low: DecimalText.optional(), high: DecimalText.optional() }).strict()]);
export const Table = z.record(z.string(), z.union([Cell, z.record(z.string(), Cell)]));

export const CoefficientEntry = z
  .object({
    from: z.number().int().min(1900).max(2200),
    /** Last year in force (inclusive), when validity ends without a successor entry. */
    until: z.number().int().min(1900).max(2200).optional(),
    value: DecimalText.optional(),
    table: Table.optional(),
    range: Range.optional(),
    price_year: z.number().int().optional(),
    source: z
      .string({ error: 'every coefficient entry needs its source (document, table, page or URL)' })
      .min(3, 'every coefficient entry needs its source (document, table, page or URL)'),
    /** verified: seen in the quoted source; secondary: a repost or transcription; unverified: still to check. */
    status: z.enum(['verified', 'secondary', 'unverified']).optional(),
    note: z.string().optional(),
  })
  .strict()
  .refine((e) => (e.value === undefined) !== (e.table === undefined), 'give exactly one of value (a scalar) or table (by dimension key)')
  .refine((e) => e.until === undefined || e.until >= e.from, { message: 'until is before from', path: ['until'] });
export type CoefficientEntry = z.infer<typeof CoefficientEntry>;

export const Coefficient = z
  .object({
    label: Label,
    unit: unitText,
    dims: z.array(ident).default([]),
    /** Price-index series used to move a money coefficient from its price year to the year wanted. */
    price_index: ident.optional(),
    description: z.string().optional(),
    entries: z.array(CoefficientEntry).min(1),
  })
  .strict();
export type Coefficient = z.infer<typeof Coefficient>;

export const DimensionKey = z
  .object({ zh: z.string(), en: z.string(), group: keyName.optional(), iucn_get: z.string().optional() })
  .strict();
export const Dimension = z
  .object({
    label: Label,
    /** data: iterate over the keys the data has for the region-year; all: over every key of the model. */
    domain: z.enum(['data', 'all']).default('data'),
    /** open: keys come from the data (lakes, sites); closed dimensions list their keys. */
    open: z.boolean().default(false),
    keys: z.record(keyName, DimensionKey).optional(),
    groups: z.record(keyName, Label).optional(),
    /** Other names of a key or group that data may use (林地 for forest); not part of the model's content hash. */
    aliases: z.record(keyName, z.array(z.string().min(1))).optional(),
  })
  .strict();
export type Dimension = z.infer<typeof Dimension>;

export const Input = z
  .object({
    label: Label,
    unit: unitText,
    dims: z.array(ident).default([]),
    /** Which dataset table carries it: extent.csv (areas) or observations.csv (everything else). */
    table: z.enum(['extent', 'observations']).default('observations'),
    min: DecimalText.optional(),
    max: DecimalText.optional(),
    /** Optional inputs may be absent; only cap() accepts an absent value (the cap then does not apply). */
    optional: z.boolean().default(false),
    description: z.string().optional(),
  })
  .strict();
export type Input = z.infer<typeof Input>;

const Over = z.union([ident, z.array(ident), z.record(ident, z.union([z.array(keyName), z.literal('all')]))]);
export const Formula = z
  .object({
    unit: unitText,
    over: Over.optional(),
    formula: z.string().min(1),
    label: Label.optional(),
    note: z.string().optional(),
  })
  .strict();
export type Formula = z.infer<typeof Formula>;

/** What a variant puts in place of an indicator's formula: any of its fields (the others stay as written). */
const FormulaChange = Formula.partial().strict();

/**
 * A named method variant of a service (engine/model/variants.ts). The first listed is the default, the service as
 * written, and changes nothing; each other one replaces the formula, unit or `over` of the physical or money
 * indicator or of parts (a part it names that the service lacks is added, with its formula, unit and label).
 */
export const Variant = z
  .object({
    id: ident,
    label: Label,
    /** Where the method comes from (document, table, page): printed beside the formula in explain and the report. */
    source: z.string().min(3, 'every variant needs its source (document, table, page or URL)'),
    /** The service's method label under this variant (default: the service's). */
    method: Label.optional(),
    physical: FormulaChange.optional(),
    money: FormulaChange.optional(),
    parts: z.record(ident, FormulaChange).optional(),
    note: z.string().optional(),
  })
  .strict();
export type Variant = z.infer<typeof Variant>;

export const Service = z
  .object({
    id: ident,
    category: ident,
    label: Label,
    method: Label,
    flow: z.enum(['annual', 'year_end_stock']).default('annual'),
    physical: Formula,
    money: Formula,
    parts: z.record(ident, Formula.extend({ label: Label })).optional(),
    /** Method variants, the default (the service as written) first; absent: the service has one method. */
    variants: z.array(Variant).min(2, 'list the default (the service as written) and at least one other variant').optional(),
    note: z.string().optional(),
  })
  .strict();
export type Service = z.infer<typeof Service>;

export const Model = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
    version: z.string().regex(/^\d+\.\d+\.\d+$/, 'semantic version, e.g. 1.0.0'),
    status: z.enum(['draft', 'published']),
    title: Label,
    description: z.string(),
    kind: z.enum(['gep', 'esv']).default('gep'),
    sources: z.array(z.object({ id: z.string(), citation: z.string(), url: z.string().optional() }).strict()).min(1),
    categories: z.array(z.object({ id: ident, label: Label }).strict()).min(1),
    dimensions: z.record(ident, Dimension),
    inputs: z.record(ident, Input),
    coefficients: z.record(ident, Coefficient),
    services: z.array(Service).min(1),
  })
  .strict();
export type Model = z.infer<typeof Model>;

/**
 * A choice of method as a dataset, a scenario or a run request writes it (engine/model/variants.ts checks it
 * against the model): `method` names a variant per service, `covers` the ecosystem types or level-1 classes a
 * service counts.
 */
export const MethodChoice = z
  .object({
    method: z.record(ident, ident).optional(),
    covers: z.record(ident, z.array(z.string().min(1)).min(1)).optional(),
  })
  .strict();
export type MethodChoice = z.infer<typeof MethodChoice>;
