import type { IssueCode } from '../core/issue-codes.ts';
import type { Dec } from '../core/decimal.ts';
import type { Cell, CoefInfo, ResolvedEntry } from '../model/types.ts';
import { cellInForce, keyCandidates } from '../params/in-force.ts';
import type { AccountingData } from './data.ts';
import type { Read } from './trace.ts';
import { type LocalCoefficientRow, type LocalCoefficients, localRowInForce } from './local-coefficients.ts';

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
  /** The year is before the coefficient's first entry, which is used (engine/params/in-force.ts). */
  beforeFirstEntry?: true;
  /** The dataset's own value (coefficients.csv) replaced the model's. */
  local?: LocalCoefficientRow;
}

/**
 * Looks coefficients up for one accounting year and one target price year, caching what it found.
 * One resolver serves every region of that year, which is where the batch speed comes from. A coefficient the
 * dataset gives for some regions (coefficients.csv) is looked up per region; every other stays one lookup a year.
 */
export class CoefficientResolver {
  private cache = new Map<string, Map<string, ResolvedCoefficient>>();
  private memos = new Map<object, Dec>();
  /** What get() found for two-key coefficients, by name, first key and second key (getAt2). */
  private pairs = new Map<string, Map<string, Map<string, ResolvedCoefficient>>>();
  /** Constant sub-expressions by region, when the dataset has local coefficients (they may read one). */
  private regionMemos = new Map<string, Map<object, Dec>>();
  private readonly local: LocalCoefficients | undefined;
  /** The local rows this resolver used: the run lists them. */
  readonly localUsed = new Set<LocalCoefficientRow>();
  /**
   * The trace read of each coefficient this resolver found, built once and shared by the traces of every region
   * of its year (region-year-runtime.ts traceCoefficient). Kept here, as long as what it describes: a module
   * WeakMap keyed by these per-run results took 107 entries a one-region-year run (bench/worker-gc.ts), each an
   * ephemeron for the collector to clear.
   */
  readonly reads = new Map<ResolvedCoefficient, { info: CoefInfo; key: string; read: Read }>();
  constructor(
    private readonly data: AccountingData,
    /** The accounting year: which entry is in force for physical coefficients. */
    readonly year: number,
    /** The year whose prices money coefficients are wanted in (= year at current prices, base year at constant prices). */
    readonly priceYear: number,
    /** Coefficients replaced by name (a scenario overlay or a Monte Carlo draw); the model itself is untouched. */
    private readonly overrides?: ReadonlyMap<string, CoefInfo>,
  ) {
    this.local = data.localCoefficients?.size ? data.localCoefficients : undefined;
  }

  /** A constant sub-expression of a formula, computed once for this year and price year (and region, with local coefficients). */
  memo(key: object, f: () => Dec, region?: string): Dec {
    let memos = this.memos;
    if (this.local && region !== undefined) {
      memos = this.regionMemos.get(region) ?? new Map();
      this.regionMemos.set(region, memos);
    }
    let v = memos.get(key);
    if (v === undefined) memos.set(key, (v = f()));
    return v;
  }

  /**
   * The coefficient for a key tuple in `region`: the dataset's local value when one is in force there (it wins
   * over a scenario's or a draw's value of the model's coefficient: those replace the model, not the data).
   */
  get(c0: CoefInfo, keys: readonly string[], region?: string): ResolvedCoefficient {
    const c = this.overrides?.get(c0.name) ?? c0;
    const local = region === undefined ? undefined : this.local?.get(c.name);
    // by coefficient (and region, for a local one), then by key tuple: no key string is built for the common case
    const outer = local ? `${region}\u0001${c.name}` : c.name;
    let byKeys = this.cache.get(outer);
    if (!byKeys) this.cache.set(outer, (byKeys = new Map()));
    const inner = keys.length === 0 ? '' : keys.length === 1 ? keys[0]! : keys.join('|');
    let r = byKeys.get(inner);
    if (!r) {
      r = local ? this.resolveLocal(c, keys, region!, local) : this.resolve(c, keys);
      byKeys.set(inner, r);
    }
    if (r.local) this.localUsed.add(r.local);
    return r;
  }

  /** get(c0, [key], region) for a coefficient with one dimension, without the array on a cache hit. */
  getAt(c0: CoefInfo, key: string, region?: string): ResolvedCoefficient {
    if (this.overrides === undefined && (region === undefined || this.local === undefined)) {
      const r = this.cache.get(c0.name)?.get(key);
      if (r !== undefined) return r;
    }
    return this.get(c0, [key], region);
  }

  /**
   * get(c0, [k0, k1], region) for a coefficient with two dimensions (pollutant absorption by type and pollutant): a
   * cache hit makes no array and no key text.
   */
  getAt2(c0: CoefInfo, k0: string, k1: string, region?: string): ResolvedCoefficient {
    if (this.overrides !== undefined || (region !== undefined && this.local !== undefined)) return this.get(c0, [k0, k1], region);
    let byK0 = this.pairs.get(c0.name);
    if (!byK0) this.pairs.set(c0.name, (byK0 = new Map()));
    let byK1 = byK0.get(k0);
    if (!byK1) byK0.set(k0, (byK1 = new Map()));
    let r = byK1.get(k1);
    if (r === undefined) byK1.set(k1, (r = this.get(c0, [k0, k1], region)));
    return r;
  }

  /** Money coefficients are taken as in force in the price year: at constant prices every price is the base year's. */
  private yearFor(c: CoefInfo): number {
    return c.currency ? this.priceYear : this.year;
  }

  private resolve(c: CoefInfo, keys: readonly string[]): ResolvedCoefficient {
    const r = cellInForce(c, this.yearFor(c), keys);
    if (r.issue) throw new EvalIssue(r.issue.code, r.issue.message);
    const { entry, cell, matched, fallback } = r;
    const { value, indexFactor } = this.reprice(c, cell.value, entry.priceYear);
    return {
      value,
      raw: cell.value,
      entry,
      cell,
      ...(indexFactor ? { indexFactor } : {}),
      matched,
      fallback,
      ...(r.beforeFirstEntry ? { beforeFirstEntry: true } : {}),
    };
  }

  /** The local row in force for the region, year and key (or its group), else the model's value. */
  private resolveLocal(
    c: CoefInfo,
    keys: readonly string[],
    region: string,
    series: NonNullable<ReturnType<LocalCoefficients['get']>>,
  ): ResolvedCoefficient {
    const found = localRowInForce(series, region, keyCandidates(c, keys), this.yearFor(c));
    let row = found.row;
    let before = false;
    if (!row) {
      const model = this.resolve(c, keys);
      // before the model's first entry and the local rows' first: the local first row, as the model's would be
      if (!model.beforeFirstEntry || !found.first) return model;
      [row, before] = [found.first, true];
    }
    const cell = { value: row.value };
    const entry = {
      from: row.from,
      priceYear: row.priceYear,
      source: row.source,
      scalar: cell,
      ...(row.given ? { given: row.given } : {}),
    };
    const { value, indexFactor } = this.reprice(c, row.value, row.priceYear);
    return {
      value,
      raw: row.value,
      entry,
      cell,
      ...(indexFactor ? { indexFactor } : {}),
      matched: row.key,
      fallback: false,
      ...(before ? { beforeFirstEntry: true } : {}),
      local: row,
    };
  }

  /** A money value priced in `priceYear` moved to the price year wanted by the coefficient's price index. */
  private reprice(c: CoefInfo, raw: Dec, priceYear: number): { value: Dec; indexFactor?: Dec } {
    if (!c.currency || !c.priceIndex || priceYear === this.priceYear) return { value: raw };
    const from = this.data.priceIndex(c.priceIndex, priceYear);
    const to = this.data.priceIndex(c.priceIndex, this.priceYear);
    if (!from || !to) {
      const missing = [!from ? priceYear : undefined, !to ? this.priceYear : undefined].filter((y) => y !== undefined);
      throw new EvalIssue(
        'price_index_missing',
        `coefficient "${c.name}" is priced in ${priceYear} and is wanted in ${this.priceYear} prices, but the dataset's price index "${c.priceIndex}" has no value for ${missing.join(' and ')}`,
      );
    }
    const indexFactor = to.div(from);
    return { value: raw.mul(indexFactor), indexFactor };
  }
}
