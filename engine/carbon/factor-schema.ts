import { z } from 'zod';
import { DecimalText, Label } from '../model/schema.ts';

/**
 * A carbon factor set as data (models/<id>/factors.yaml): fuel NCV, carbon content, oxidation and standard-coal
 * factors, grid factors by geography × vintage × kind, heat and process factors, the GWP set and the sector
 * classification. Every factor carries its unit, the year it is valid from, its source and how well the source
 * was checked. ./factors.ts compiles it into dated parameters (engine/params).
 */
const Status = z.enum(['verified', 'secondary', 'unverified']);
const year = z.number().int().min(1900).max(2200);
const Factor = z
  .object({
    value: DecimalText,
    unit: z.string().min(1),
    source: z.string().min(3, 'every factor needs its source (document, table, page or URL)'),
    /** verified: seen in the quoted source; secondary: a repost or transcription; unverified: still to check. */
    status: Status,
    /** Bounds for Monte Carlo, in the factor's unit; normal/lognormal read them as the 95 % interval. */
    range: z
      .object({
        low: DecimalText,
        high: DecimalText,
        mode: DecimalText.optional(),
        distribution: z.enum(['uniform', 'triangular', 'normal', 'lognormal']).optional(),
      })
      .strict()
      .optional(),
    note: z.string().optional(),
  })
  .strict();
/** Last year in force (inclusive), when validity ends without a successor entry. */
const until = year.optional();
const Dated = Factor.extend({ from: year, until }).strict();
const ident = z.string().regex(/^[a-z][a-z0-9_]*$/, 'use lower_snake_case');

const FuelEntry = z
  .object({
    from: year,
    until,
    ncv: Factor,
    /** Carbon content per energy with an oxidation fraction (China's guideline), or … */
    cc: Factor.optional(),
    of: Factor.optional(),
    /** … a CO2 factor per energy (IPCC 2006 Table 1.4, which already assumes full oxidation). */
    ef_co2: Factor.optional(),
    sce: Factor.optional(),
    /** The EF column printed next to the factors in the source, kept to check the product against. */
    published_ef: Factor.optional(),
  })
  .strict()
  .refine((e) => (e.cc !== undefined && e.of !== undefined) !== (e.ef_co2 !== undefined), 'give either cc and of, or ef_co2');

export const GRID_KINDS = ['average', 'excl_market_nonfossil', 'fossil_only', 'ets_reporting'] as const;

export const FactorSetSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
    version: z.string().regex(/^\d+\.\d+\.\d+$/),
    status: z.enum(['draft', 'published']),
    title: Label,
    description: z.string().min(1),
    gwp: z
      .object({
        set: z.enum(['AR4', 'AR5', 'AR6']),
        source: z.string().min(3),
        values: z.partialRecord(z.enum(['CH4', 'N2O']), DecimalText),
      })
      .strict(),
    /**
     * The energy in tce of a fuel whose entries give no standard-coal factor: NCV ÷ this energy per tce (a named
     * conversion, e.g. 29.3076 GJ/tce, for sets such as IPCC Tier 1 that give energy but no standard coal).
     */
    sce_from_ncv: Factor.optional(),
    sectors: z.record(
      ident,
      Label.extend({
        gpc: z.enum(['stationary_energy', 'energy_generation', 'transportation', 'waste', 'ippu', 'afolu']),
        group: z.enum(['primary', 'secondary', 'tertiary', 'residential']),
        /** An energy-balance row's summary sector (a sector of this set without one): its figures add up there. */
        summary: ident.optional(),
        /** Its row in the 47-sector energy balance (CEADs order), when it is one. */
        row: z.number().int().min(1).optional(),
      }).strict(),
    ),
    fuels: z.record(
      ident,
      z
        .object({
          label: Label,
          group: z.enum(['coal', 'oil', 'gas']),
          unit: z.string().min(1),
          /** The unit the energy balance (yearbook) prints the fuel in, e.g. 10^4 t, 10^8 m3; rows in it are converted exactly. */
          yearbook_unit: z.string().min(1).optional(),
          /** The fuel's column name in the CEADs inventories (Raw_Coal, Coke_Oven_Gas …). */
          ceads: z.string().min(1).optional(),
          entries: z.array(FuelEntry).min(1),
        })
        .strict(),
    ),
    electricity: z
      .object({
        sce_calorific: z.array(Dated).default([]),
        grid: z.array(Factor.extend({ geography: ident, vintage: z.number().int(), kind: z.enum(GRID_KINDS) }).strict()).default([]),
      })
      .strict()
      .default({ sce_calorific: [], grid: [] }),
    heat: z
      .object({ emission: z.array(Dated).default([]), sce_calorific: z.array(Dated).default([]) })
      .strict()
      .default({ emission: [], sce_calorific: [] }),
    processes: z.record(ident, z.object({ label: Label, unit: z.string().min(1), entries: z.array(Dated).min(1) }).strict()).default({}),
    renewables: z.record(ident, Label).default({}),
    sinks: z.record(ident, Label).default({}),
  })
  .strict();
export type FactorSetData = z.infer<typeof FactorSetSchema>;
export type FactorData = z.infer<typeof Factor>;
