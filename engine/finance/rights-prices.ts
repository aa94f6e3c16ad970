import { z } from 'zod';
import { dec } from '../core/decimal.ts';
import { DecimalText, decimalText, Label } from '../model/schema.ts';
import type { ForestStand, PricePoint, RightType } from './rights.ts';
import { RIGHT_TYPES } from './rights.ts';

/**
 * A rights price set (models/finance/rights-prices/<id>.yaml), as data: per right type the unit it is counted in,
 * dated prices with their ranges and sources, the GEP services whose flow the right describes, and the forest
 * stands and discount rate of the forest-right income approach. Nothing of this lives in code.
 */
const source = z.string().min(3, 'every price, rule and default names its source');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD (quoted)');
const ident = z.string().regex(/^[a-z][a-z0-9_]*$/);
const nonNegative = decimalText({ fractions: false });

const Point = z
  .object({
    from: isoDate,
    low: nonNegative,
    central: nonNegative,
    high: nonNegative,
    source,
    /** false: illustrative (no published price was found); the report says so. */
    verified: z.boolean(),
  })
  .strict()
  .refine((p) => dec(p.low).lte(dec(p.central)) && dec(p.central).lte(dec(p.high)), 'low ≤ central ≤ high');

const Stand = z
  .object({
    label: Label,
    horizon_years: z.number().int().min(1).max(200),
    harvests: z.array(z.object({ in_years: z.number().int().min(1).max(200), m3_per_ha: nonNegative, kind: z.string().min(1) }).strict()),
    timber_price_cny_per_m3: z.object({ low: nonNegative, central: nonNegative, high: nonNegative }).strict(),
    harvest_cost_cny_per_m3: nonNegative,
    management_cost_cny_per_ha_a: nonNegative,
    credited_sink_tco2e_per_ha_a: nonNegative,
    source,
    verified: z.boolean(),
  })
  .strict();

export const RightsPriceSet = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
    version: z.string().regex(/^\d+\.\d+\.\d+$/),
    title: Label,
    description: z.string().min(1),
    currency: z.literal('CNY'),
    /** Rights are valued at the prices in force on this day of each ledger year (MM-DD). */
    valuation_day: z.string().regex(/^\d{2}-\d{2}$/),
    sources: z.array(z.object({ id: z.string(), citation: z.string(), url: z.string().optional() }).strict()).min(1),
    types: z.record(
      z.enum(RIGHT_TYPES),
      z
        .object({
          label: Label,
          /** The unit a quantity of this right is counted in (rights.csv units are converted to it). */
          unit: z.string().min(1),
          /** Market prices in CNY per unit; forest rights are valued by the income approach instead. */
          prices: z.array(Point).default([]),
          /** The GEP services whose flow this right describes (shown beside it, never added to it). */
          same_flow_as: z.array(ident).default([]),
          same_flow_source: source.optional(),
        })
        .strict(),
    ),
    forest_income: z
      .object({
        discount_rate: DecimalText,
        discount_rate_source: source,
        /** The right type whose price values the credited sink of a stand (carbon_inclusion, ccer …). */
        carbon_price_of: z.enum(RIGHT_TYPES),
        stands: z.record(z.string().regex(/^[a-z0-9][a-z0-9_-]*$/), Stand),
      })
      .strict(),
  })
  .strict();
export type RightsPriceSet = z.infer<typeof RightsPriceSet>;

/** A type's dated prices as the engine reads them. */
export function pricePoints(set: RightsPriceSet, type: RightType): PricePoint[] {
  return (set.types[type]?.prices ?? []).map((p) => ({
    from: p.from,
    price: { low: dec(p.low), central: dec(p.central), high: dec(p.high) },
    source: p.source,
    verified: p.verified,
  }));
}

/** A stand of the price set as the income approach reads it, or undefined. */
export function forestStand(set: RightsPriceSet, id: string): ForestStand | undefined {
  const s = set.forest_income.stands[id];
  if (!s) return undefined;
  return {
    id,
    horizon: s.horizon_years,
    harvests: s.harvests.map((h) => ({ inYears: h.in_years, volumePerHa: dec(h.m3_per_ha) })),
    timberPrice: {
      low: dec(s.timber_price_cny_per_m3.low),
      central: dec(s.timber_price_cny_per_m3.central),
      high: dec(s.timber_price_cny_per_m3.high),
    },
    harvestCost: dec(s.harvest_cost_cny_per_m3),
    managementCost: dec(s.management_cost_cny_per_ha_a),
    carbonPerHa: dec(s.credited_sink_tco2e_per_ha_a),
    source: s.source,
  };
}
