import { dec } from '../core/decimal.ts';
import type { Issue } from '../core/errors.ts';
import { suggest } from '../core/suggest.ts';
import { addBands, type Band } from './rights-band.ts';
import { forestStand, pricePoints, type RightsPriceSet } from './rights-prices.ts';
import { forestIncomeValue, marketValue, type PricePoint, priceInForce, type RightRow } from './rights.ts';

/** A ledger row with its value: a market price in force, the income approach, or none (retired). */
export interface ValuedRight {
  row: RightRow;
  method: 'market' | 'income' | 'retired';
  /** CNY at the prices in force on the valuation date; absent for a retired right (no longer an asset). */
  value?: Band;
  /** The market price used (a forest right: the carbon price of its credited sink). */
  price?: PricePoint;
  date: string;
  /** The GEP services whose flow the right describes: shown beside it, never added to it. */
  sameFlowAs: string[];
}

/** Rights of one holder (or one type) in a region-year, valued together: rights only, never GEP. */
export interface RightsTotal {
  region: string;
  year: number;
  key: string;
  value: Band;
  rows: number;
}

/** The valuation date of a ledger year: the price set's valuation day of it. */
export const valuationDate = (set: RightsPriceSet, year: number) => `${year}-${set.valuation_day}`;

/**
 * Value every row of the ledger: quantity × the price in force (market rights), the income approach (forest
 * rights), nothing for retired rights. Every row without a price or stand is a problem, all reported at once.
 */
export function valueLedger(rows: readonly RightRow[], set: RightsPriceSet, file: string): { valued: ValuedRight[]; issues: Issue[] } {
  const issues: Issue[] = [];
  const valued: ValuedRight[] = [];
  const rate = dec(set.forest_income.discount_rate);
  for (const row of rows) {
    const date = valuationDate(set, row.year);
    const spec = set.types[row.type];
    const sameFlowAs = row.gepService === undefined ? (spec?.same_flow_as ?? []) : row.gepService === null ? [] : [row.gepService];
    const at = { file, row: row.line };
    if (row.status === 'retired') {
      valued.push({ row, method: 'retired', date, sameFlowAs });
      continue;
    }
    if (row.type === 'forest_right') {
      const stand = row.stand ? forestStand(set, row.stand) : undefined;
      const carbonType = set.forest_income.carbon_price_of;
      const carbon = priceInForce(pricePoints(set, carbonType), date);
      if (!row.stand || !stand) {
        const known = Object.keys(set.forest_income.stands);
        issues.push({
          code: 'stand_unknown',
          ...at,
          column: 'stand',
          message: row.stand
            ? `stand "${row.stand}" is not in price set ${set.id}@${set.version} (${known.join(', ')})${suggest(row.stand, known)}`
            : `a forest right names its stand (one of ${known.join(', ')} in ${set.id}@${set.version}) for the income approach`,
        });
        continue;
      }
      if (!carbon && !stand.carbonPerHa.isZero()) {
        issues.push({
          code: 'price_missing',
          ...at,
          column: 'year',
          message: `no ${carbonType} price in force on ${date} for the credited sink of stand ${stand.id}`,
        });
        continue;
      }
      const carbonBand = carbon?.price ?? { low: dec('0'), central: dec('0'), high: dec('0') };
      valued.push({
        row,
        method: 'income',
        value: forestIncomeValue(stand, row.quantity, rate, carbonBand),
        ...(carbon ? { price: carbon } : {}),
        date,
        sameFlowAs,
      });
      continue;
    }
    const price = priceInForce(pricePoints(set, row.type), date);
    if (!price) {
      const first = pricePoints(set, row.type)
        .map((p) => p.from)
        .sort()[0];
      issues.push({
        code: 'price_missing',
        ...at,
        column: 'year',
        message: `price set ${set.id}@${set.version} has no ${row.type} price in force on ${date}${first ? ` (its first is from ${first})` : ''}`,
      });
      continue;
    }
    valued.push({ row, method: 'market', value: marketValue(row.quantity, price.price), price, date, sameFlowAs });
  }
  return { valued, issues };
}

/** Values summed by a key of the row (holder, type), per region-year, in ledger order; retired rights are left out. */
export function rightsTotals(valued: readonly ValuedRight[], keyOf: (r: RightRow) => string): RightsTotal[] {
  const out = new Map<string, RightsTotal>();
  for (const v of valued) {
    if (!v.value) continue;
    const key = keyOf(v.row);
    const id = `${v.row.region}\0${v.row.year}\0${key}`;
    const t = out.get(id);
    if (t) {
      t.value = addBands(t.value, v.value);
      t.rows++;
    } else out.set(id, { region: v.row.region, year: v.row.year, key, value: v.value, rows: 1 });
  }
  return [...out.values()];
}
