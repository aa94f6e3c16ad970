import { z } from 'zod';
import { type Dec, dec, ZERO } from '../core/decimal.ts';
import { DecimalText, Label } from '../model/schema.ts';
import { growingAnnuityFactor } from './discount.ts';

/**
 * The ecological asset value in the sense of the SEEA Ecosystem Accounting monetary asset account (United
 * Nations et al. 2021, SEEA EA, ch. 10 "Accounting for ecosystem assets in monetary terms"; the account's rows
 * as in its monetary ecosystem asset account table: opening value, additions and reductions from ecosystem
 * enhancement, degradation and conversions, revaluations, other changes, closing value). The value of an
 * asset is the net present value of the expected flow of its services over the asset life:
 *   V = Σ_services Σ_types F_{s,e} × G(r, g_s, L),   G = Σ_{t=1..L} (1 + g_s)^(t−1) / (1 + r)^t
 * with F the year's service value (the GEP account), r the discount rate, g_s the flow projection (growth a
 * year; 0 = the year's flow held constant) and L the asset life, all stated as data (the valuation spec).
 */
const source = z.string().trim().min(2);
export const AssetSpec = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/),
    label: Label,
    illustrative: z.boolean(),
    region: z.string().min(1),
    opening: z.number().int().min(1900).max(2200),
    closing: z.number().int().min(1900).max(2200),
    /** Asset life in years (the horizon of the expected flows). */
    life: z.object({ years: z.number().int().min(1).max(500), source }).strict(),
    /** The discount rate at the opening and at the closing valuation (a change is the "discount rate and other" row). */
    discount_rate: z.object({ opening: DecimalText, closing: DecimalText, source }).strict(),
    /** The flow projection: growth a year of each service's flow, default for services not listed. */
    projection: z
      .object({
        growth: DecimalText,
        source,
        services: z.array(z.object({ service: z.string().min(1), growth: DecimalText, source }).strict()).default([]),
      })
      .strict(),
  })
  .strict()
  .refine((s) => s.closing > s.opening, { message: 'closing must be after opening', path: ['closing'] });
export type AssetSpec = z.infer<typeof AssetSpec>;

/** The key of a flow not attributable to one ecosystem type (a service the account does not split by type). */
export const UNALLOCATED = '*';

/** One service's flows by ecosystem type: opening year, closing year, and closing year at opening prices. */
export interface ServiceFlows {
  service: string;
  category: string;
  opening: Map<string, Dec>;
  closing: Map<string, Dec>;
  closingAtOpeningPrices: Map<string, Dec>;
}

export interface AssetInputs {
  spec: AssetSpec;
  flows: ServiceFlows[];
  /** Extent by type, opening and closing year (ha). */
  areaOpening: Map<string, Dec>;
  areaClosing: Map<string, Dec>;
}

/** The SEEA EA rows of the change between opening and closing. */
export const CAUSES = ['conversions', 'condition', 'revaluation', 'discount_other'] as const;
export type Cause = (typeof CAUSES)[number];

export interface AssetCell {
  service: string;
  category: string;
  type: string;
  opening: Dec;
  closing: Dec;
  changes: Record<Cause, Dec>;
}

export interface AssetAccount {
  factorOpening: Map<string, Dec>;
  factorClosing: Map<string, Dec>;
  cells: AssetCell[];
  total: { opening: Dec; closing: Dec; changes: Record<Cause, Dec> };
}

const zeroChanges = (): Record<Cause, Dec> => ({ conversions: ZERO, condition: ZERO, revaluation: ZERO, discount_other: ZERO });

/**
 * Opening and closing values by service × ecosystem type and the change split exactly into its causes:
 * - discount rate and other: (G₁ − G₀) × F₀ (the same flow valued with the closing rate, life and projection);
 * - conversions (extent): G₁ × (F₀ / A₀) × (A₁ − A₀), the opening flow per ha on the change in area (all of the
 *   quantity change for a type that had no area at opening; nothing for flows not attributed to a type);
 * - condition (enhancement when positive, degradation when negative): the rest of the quantity change,
 *   G₁ × (F₁ at opening prices − F₀) − conversions: flow per ha and use, which the account does not tell apart;
 * - revaluation: G₁ × (F₁ − F₁ at opening prices), the change in prices.
 * The four sum to closing − opening (to the 34 significant digits of the decimals; a test checks it).
 */
export function assetAccount(x: AssetInputs): AssetAccount {
  const { spec } = x;
  const r0 = dec(spec.discount_rate.opening),
    r1 = dec(spec.discount_rate.closing);
  const growth = new Map(spec.projection.services.map((s) => [s.service, dec(s.growth)]));
  const factorOpening = new Map<string, Dec>(),
    factorClosing = new Map<string, Dec>();
  const cells: AssetCell[] = [];
  for (const f of x.flows) {
    const g = growth.get(f.service) ?? dec(spec.projection.growth);
    const G0 = growingAnnuityFactor(r0, g, spec.life.years);
    const G1 = growingAnnuityFactor(r1, g, spec.life.years);
    factorOpening.set(f.service, G0);
    factorClosing.set(f.service, G1);
    const types = [...new Set([...f.opening.keys(), ...f.closing.keys(), ...f.closingAtOpeningPrices.keys()])];
    for (const type of types) {
      const F0 = f.opening.get(type) ?? ZERO,
        F1 = f.closing.get(type) ?? ZERO,
        F1c = f.closingAtOpeningPrices.get(type) ?? ZERO;
      const A0 = x.areaOpening.get(type) ?? ZERO,
        A1 = x.areaClosing.get(type) ?? ZERO;
      const quantity = G1.mul(F1c.minus(F0));
      const conversions =
        type === UNALLOCATED ? ZERO : A0.isZero() ? (A1.isZero() ? ZERO : quantity) : G1.mul(F0.div(A0)).mul(A1.minus(A0));
      cells.push({
        service: f.service,
        category: f.category,
        type,
        opening: F0.mul(G0),
        closing: F1.mul(G1),
        changes: {
          conversions,
          condition: quantity.minus(conversions),
          revaluation: G1.mul(F1.minus(F1c)),
          discount_other: G1.minus(G0).mul(F0),
        },
      });
    }
  }
  const total = { opening: ZERO, closing: ZERO, changes: zeroChanges() };
  for (const c of cells) {
    total.opening = total.opening.plus(c.opening);
    total.closing = total.closing.plus(c.closing);
    for (const k of CAUSES) total.changes[k] = total.changes[k].plus(c.changes[k]);
  }
  return { factorOpening, factorClosing, cells, total };
}

/** Cells summed by a key (service, type or category), in first-seen order. */
export function assetBy(
  cells: AssetCell[],
  key: (c: AssetCell) => string,
): { key: string; opening: Dec; closing: Dec; changes: Record<Cause, Dec> }[] {
  const out = new Map<string, { key: string; opening: Dec; closing: Dec; changes: Record<Cause, Dec> }>();
  for (const c of cells) {
    const k = key(c);
    let s = out.get(k);
    if (!s) out.set(k, (s = { key: k, opening: ZERO, closing: ZERO, changes: zeroChanges() }));
    s.opening = s.opening.plus(c.opening);
    s.closing = s.closing.plus(c.closing);
    for (const q of CAUSES) s.changes[q] = s.changes[q].plus(c.changes[q]);
  }
  return [...out.values()];
}
