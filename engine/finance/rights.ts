import { type Dec, ZERO } from '../core/decimal.ts';
import { type Band, mapBand } from './rights-band.ts';
import { type DatedFlow, presentValue } from './discount.ts';

// Environmental rights (issue 16 item 1): what is held, and what it is worth at the prices in force.
// Rights are kept apart from GEP: a right is a claim traded on a market, a GEP service a flow of the ecosystem;
// where both describe the same flow (a sink credit and carbon sequestration) they are shown side by side and
// never added (engine/finance/overlap.ts).

export const RIGHT_TYPES = ['carbon_allowance', 'ccer', 'carbon_inclusion', 'water_right', 'energy_use_right', 'forest_right'] as const;
export type RightType = (typeof RIGHT_TYPES)[number];
/** held: on the holder's account; issued: issued to the holder and not yet traded; pledged: held and encumbered; retired: surrendered (no longer an asset). */
export const RIGHT_STATUSES = ['held', 'issued', 'pledged', 'retired'] as const;
export type RightStatus = (typeof RIGHT_STATUSES)[number];
export const HOLDER_KINDS = ['district', 'park', 'enterprise'] as const;
export type HolderKind = (typeof HOLDER_KINDS)[number];

/** One row of the rights ledger (rights.csv), its quantity in the unit the price set counts the type in. */
export interface RightRow {
  line: number;
  region: string;
  /** The year the balance is held at (valued at the prices in force on 31 December of it). */
  year: number;
  holderKind: HolderKind;
  holder: string;
  holderName: string;
  type: RightType;
  quantity: Dec;
  unit: string;
  vintage: number;
  status: RightStatus;
  /** A forest right: the stand spec of the price set its income approach reads. */
  stand?: string;
  /** The GEP service the right's flow is, when the row says so (overrides the price set's default; null: none). */
  gepService?: string | null;
  source: string;
}

/** A market price from a date on, with its range and source. */
export interface PricePoint {
  /** ISO date (YYYY-MM-DD) from which the price is in force. */
  from: string;
  price: Band;
  source: string;
  /** false when the figure is illustrative (no published price was found). */
  verified: boolean;
}

/** The price in force on a date: the latest point from on or before it, or undefined (no price yet). */
export function priceInForce(points: readonly PricePoint[], date: string): PricePoint | undefined {
  let best: PricePoint | undefined;
  for (const p of points) if (p.from <= date && (!best || p.from > best.from)) best = p;
  return best;
}

/** What the income approach of a forest right reads: the stand's remaining harvests, prices and costs per ha. */
export interface ForestStand {
  id: string;
  /** Years after the valuation date the stand is valued over (its remaining rotation). */
  horizon: number;
  /** Harvests (thinning, final felling) in years after the valuation date, m³ per ha. */
  harvests: { inYears: number; volumePerHa: Dec }[];
  /** Timber price at the roadside, CNY/m³ (low / central / high). */
  timberPrice: Band;
  /** Felling, extraction and sale costs with fees, CNY/m³. */
  harvestCost: Dec;
  /** Yearly management cost (tending, protection, land rent), CNY/(ha·a). */
  managementCost: Dec;
  /** Credited carbon sink sold each year, tCO2e/(ha·a) (0 when the sink is not credited). */
  carbonPerHa: Dec;
  source: string;
}

/**
 * Yearly net income of a forest right: harvests × (timber price − harvest cost) + credited sink × carbon price
 * − management cost, per ha × area, for each year 1..horizon; then its present value at the discount rate.
 * The income approach (收益现值法) of forest-asset appraisal: E = Σ (A_t − C_t) / (1 + p)^t.
 */
export function forestFlows(stand: ForestStand, areaHa: Dec, timberPrice: Dec, carbonPrice: Dec): DatedFlow[] {
  const flows: DatedFlow[] = [];
  for (let t = 1; t <= stand.horizon; t++) {
    const timber = stand.harvests
      .filter((h) => h.inYears === t)
      .reduce((a, h) => a.plus(h.volumePerHa.mul(timberPrice.minus(stand.harvestCost))), ZERO);
    const perHa = timber.plus(stand.carbonPerHa.mul(carbonPrice)).minus(stand.managementCost);
    flows.push({ t, amount: perHa.mul(areaHa) });
  }
  return flows;
}

/** The income-approach value of a forest right (low / central / high from the timber and carbon price bands). */
export function forestIncomeValue(stand: ForestStand, areaHa: Dec, rate: Dec, carbonPrice: Band): Band {
  return {
    low: presentValue(forestFlows(stand, areaHa, stand.timberPrice.low, carbonPrice.low), rate),
    central: presentValue(forestFlows(stand, areaHa, stand.timberPrice.central, carbonPrice.central), rate),
    high: presentValue(forestFlows(stand, areaHa, stand.timberPrice.high, carbonPrice.high), rate),
  };
}

/** A market-priced right: quantity × price, end by end. */
export const marketValue = (quantity: Dec, price: Band): Band => mapBand(price, (p) => quantity.mul(p));
