import type { Dec } from '../core/decimal.ts';

/**
 * A dataset's own value of a model coefficient (coefficients.csv): for one region or every region ("*"), one key
 * tuple (a key or its group; "" for a scalar) and the years from `from` until a later row of the same region and
 * key. The value is already in the coefficient's unit; money values are priced in `priceYear`.
 */
export interface LocalCoefficientRow {
  coefficient: string;
  /** A region id, or "*" for every region of the dataset. */
  region: string;
  key: string;
  from: number;
  value: Dec;
  priceYear: number;
  source: string;
  file: string;
  line: number;
  /** The value and unit as written, when the unit was converted ("0.93 g/cm3"). */
  given?: string;
}

/** A dataset's local coefficients: coefficient name → `${region}\0${key}` → rows, sorted by `from`. */
export type LocalCoefficients = ReadonlyMap<string, ReadonlyMap<string, readonly LocalCoefficientRow[]>>;

/** Group the rows by coefficient, region and key, each series sorted by `from` (duplicates are the loader's to refuse). */
export function groupLocalCoefficients(rows: readonly LocalCoefficientRow[]): LocalCoefficients {
  const out = new Map<string, Map<string, LocalCoefficientRow[]>>();
  for (const r of rows) {
    let byKey = out.get(r.coefficient);
    if (!byKey) out.set(r.coefficient, (byKey = new Map()));
    const k = `${r.region}\0${r.key}`;
    byKey.set(
      k,
      [...(byKey.get(k) ?? []), r].sort((a, b) => a.from - b.from),
    );
  }
  return out;
}

/**
 * The local row for `region` in `year`: the region's own rows before the "*" rows, and within each the key tuple
 * before its group (the order of `keys`, as the model's tables are read). A series whose first `from` is after
 * `year` serves no year before it (the model's value is used), except as `first`: the row to use when the
 * model's own coefficient is itself before its first entry.
 */
export function localRowInForce(
  series: ReadonlyMap<string, readonly LocalCoefficientRow[]>,
  region: string,
  keys: readonly string[],
  year: number,
): { row?: LocalCoefficientRow; first?: LocalCoefficientRow } {
  let first: LocalCoefficientRow | undefined;
  for (const r of [region, '*'])
    for (const k of keys) {
      const rows = series.get(`${r}\0${k}`);
      if (!rows) continue;
      let row: LocalCoefficientRow | undefined;
      for (const x of rows) if (x.from <= year) row = x;
      if (row) return { row };
      first ??= rows[0];
    }
  return first ? { first } : {};
}
