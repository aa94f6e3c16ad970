import type { IssueCode } from '../core/issue-codes.ts';
import type { Dec } from '../core/decimal.ts';
import type { Cell, CoefInfo, ResolvedEntry } from '../model/types.ts';
import { cellInForce } from '../params/in-force.ts';
import type { AccountingData } from './data.ts';

export class EvalIssue extends Error {
  override name = 'EvalIssue';
  constructor(
    public readonly code: IssueCode,
    message: string,
  ) {
    super(message);
  }
}

export interface ResolvedCoefficient {
  value: Dec;
  raw: Dec;
  entry: ResolvedEntry;
  cell: Cell;
  /** PI(target)/PI(price year) when a money coefficient was re-priced. */
  indexFactor?: Dec;
  matched: string;
  fallback: boolean;
}

/**
 * Looks coefficients up for one accounting year and one target price year, caching what it found.
 * One resolver serves every region of that year, which is where the batch speed comes from.
 */
export class CoefficientResolver {
  private cache = new Map<string, ResolvedCoefficient>();
  private memos = new Map<object, Dec>();
  constructor(
    private readonly data: AccountingData,
    /** The accounting year: which entry is in force for physical coefficients. */
    readonly year: number,
    /** The year whose prices money coefficients are wanted in (= year at current prices, base year at constant prices). */
    readonly priceYear: number,
    /** Coefficients replaced by name (a scenario overlay or a Monte Carlo draw); the model itself is untouched. */
    private readonly overrides?: ReadonlyMap<string, CoefInfo>,
  ) {}

  /** A constant sub-expression of a formula, computed once for this year and price year. */
  memo(key: object, f: () => Dec): Dec {
    let v = this.memos.get(key);
    if (v === undefined) this.memos.set(key, (v = f()));
    return v;
  }

  get(c0: CoefInfo, keys: readonly string[]): ResolvedCoefficient {
    const c = this.overrides?.get(c0.name) ?? c0;
    const cacheKey = c.name + '\u0000' + keys.join('|');
    let r = this.cache.get(cacheKey);
    if (!r) {
      r = this.resolve(c, keys);
      this.cache.set(cacheKey, r);
    }
    return r;
  }

  private resolve(c: CoefInfo, keys: readonly string[]): ResolvedCoefficient {
    // Money coefficients are taken as in force in the price year: at constant prices every price is the base year's.
    const r = cellInForce(c, c.currency ? this.priceYear : this.year, keys);
    if (r.issue) throw new EvalIssue(r.issue.code, r.issue.message);
    const { entry, cell, matched, fallback } = r;
    let value = cell.value;
    let indexFactor: Dec | undefined;
    if (c.currency && c.priceIndex && entry.priceYear !== this.priceYear) {
      const from = this.data.priceIndex(c.priceIndex, entry.priceYear);
      const to = this.data.priceIndex(c.priceIndex, this.priceYear);
      if (!from || !to) {
        const missing = [!from ? entry.priceYear : undefined, !to ? this.priceYear : undefined].filter((y) => y !== undefined);
        throw new EvalIssue(
          'price_index_missing',
          `coefficient "${c.name}" is priced in ${entry.priceYear} and is wanted in ${this.priceYear} prices, but the dataset's price index "${c.priceIndex}" has no value for ${missing.join(' and ')}`,
        );
      }
      indexFactor = to.div(from);
      value = value.mul(indexFactor);
    }
    return { value, raw: cell.value, entry, cell, ...(indexFactor ? { indexFactor } : {}), matched, fallback };
  }
}
