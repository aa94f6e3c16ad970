import { z } from 'zod';
import { SIZE_LIMITS, tooLong } from '../engine/core/limits.ts';
import { decimalText, Label, MethodChoice } from '../engine/model/schema.ts';

/**
 * A file of the dataset: a plain name inside the dataset folder. No folders and no "..": a manifest (an upload
 * through the API among them) must never make the loader read a file outside its own folder.
 */
const FileName = z
  .string()
  .max(SIZE_LIMITS.fileNameLength, tooLong(SIZE_LIMITS.fileNameLength))
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'a plain file name inside the dataset folder (no folders, no "..")');
/** An id is a folder name, a URL segment and a Location header: capped (engine/core/limits.ts). */
const id = (pattern: RegExp) => z.string().max(SIZE_LIMITS.idLength, tooLong(SIZE_LIMITS.idLength)).regex(pattern);

const GivenPrecedence = z.enum(['given', 'computed']);

/** dataset.yaml: what a dataset is, where it comes from, and which files hold it. */
export const Manifest = z
  .object({
    id: id(/^[a-z0-9][a-z0-9-]*$/),
    name: Label,
    description: z.string().min(1),
    /** true when the figures are made up for demonstration (they must never be published as facts). */
    illustrative: z.boolean(),
    licence: z.string().min(1),
    currency: z.literal('CNY'),
    /** Base year for constant prices unless a run says otherwise. */
    price_year: z.number().int(),
    /** Price-index series that deflates money amounts (must be in price-index.csv). */
    deflator: z.string().default('cpi'),
    regions: z
      .array(
        z
          .object({
            id: id(/^[a-z0-9][a-z0-9_-]*$/),
            name: Label,
            area_km2: decimalText({ fractions: false, positive: true }).optional(),
          })
          .strict(),
      )
      .min(1),
    years: z.array(z.number().int().min(1900).max(2200)).min(1),
    sources: z.array(z.object({ id: z.string(), citation: z.string(), url: z.string().optional() }).strict()).min(1),
    /** Method variants this dataset is accounted by (service → variant id) and the ecosystem types each service counts. */
    method: MethodChoice.shape.method,
    covers: MethodChoice.shape.covers,
    /** Services of the model the account does not cover, each with the reason (a published account's scope): left out of the GEP. */
    not_accounted: z.record(z.string(), z.string().min(1)).optional(),
    /** Which wins where a given value's formula also evaluates: `given` or `computed`, for all or by service/indicator. */
    given: z
      .object({ precedence: z.union([GivenPrecedence, z.record(z.string(), GivenPrecedence)]) })
      .strict()
      .optional(),
    files: z
      .object({
        extent: FileName,
        observations: FileName,
        price_index: FileName,
        extent_change: FileName.optional(),
        /** GDP, its volume index, population and value added by sector (for dual accounting and carbon intensities). */
        economy: FileName.optional(),
        // Carbon accounts (datasets/carbon.ts): activity by fuel × sector, and entities with their activity.
        carbon_activity: FileName.optional(),
        entities: FileName.optional(),
        entity_activity: FileName.optional(),
        /** The dataset's own coefficient values, which replace the model's for its regions (datasets/coefficients.ts). */
        coefficients: FileName.optional(),
        /** Values an indicator system reads that no run computes (datasets/indicators.ts). */
        indicators: FileName.optional(),
        // Green finance (issue 16; datasets/rights.ts, datasets/loans.ts): the rights ledger and a lending book.
        rights: FileName.optional(),
        loans: FileName.optional(),
      })
      .strict(),
  })
  .strict();
export type Manifest = z.infer<typeof Manifest>;

/** The columns of each table, in order (templates are written from these). */
export const COLUMNS = {
  extent: ['region', 'year', 'ecosystem_type', 'area_ha', 'source'],
  observations: ['region', 'year', 'variable', 'key', 'value', 'unit', 'source'],
  price_index: ['series', 'year', 'index', 'source'],
  extent_change: ['region', 'from_year', 'to_year', 'from_type', 'to_type', 'area_ha'],
  economy: ['region', 'year', 'variable', 'value', 'unit', 'source'],
  carbon_activity: ['region', 'year', 'kind', 'item', 'sector', 'amount', 'unit', 'source'],
  entities: ['entity', 'kind', 'name', 'parent', 'region', 'residents', 'base_year', 'target_year', 'target_intensity_reduction', 'source'],
  entity_activity: ['entity', 'period', 'kind', 'item', 'sector', 'amount', 'unit', 'source'],
  coefficients: ['region', 'coefficient', 'key', 'from', 'value', 'unit', 'source'],
  indicators: ['region', 'year', 'indicator', 'value', 'unit', 'source'],
  rights: ['region', 'year', 'holder_kind', 'holder', 'holder_name', 'right_type', 'quantity', 'unit', 'vintage', 'status', 'source'],
  loans: [
    'loan',
    'region',
    'year',
    'borrower',
    'borrower_name',
    'instrument',
    'listed',
    'outstanding',
    'evic',
    'equity_debt',
    'money_unit',
    'scope1',
    'scope2',
    'emissions_unit',
    'data_quality',
    'source',
  ],
} as const;
export const OPTIONAL_COLUMNS = new Set(['source', 'key', 'sector', 'parent', 'residents']);
/** Columns a table may have beyond COLUMNS (read when present; templates do not write them): the unit of area_ha, the price year of a local money coefficient. */
export const EXTRA_COLUMNS: Partial<Record<keyof typeof COLUMNS, readonly string[]>> = {
  extent: ['unit'],
  extent_change: ['unit'],
  coefficients: ['price_year'],
  // a forest right's stand (its income approach), the GEP service a right's flow is when not the price set's default
  rights: ['stand', 'gep_service'],
  // a financed project's emissions without and with it (ΔtCO2e) and its climate-finance catalogue entry
  loans: ['baseline_emissions', 'project_emissions', 'catalogue'],
};
