import { type Dec, ZERO } from '../core/decimal.ts';
import { conversion, parseUnit } from '../core/units.ts';
import type { ExtentAccount } from '../gep/extent.ts';

// The extent-and-change table in the form TNFD-style disclosures ask for: by ecosystem type, the area at the
// opening and closing of the period, the change (km² and % of opening), and the conversions between types
// (TNFD core global metrics C1.1 "extent of land/freshwater/ocean ecosystem use change" and A5.1 "ecosystem
// extent change", in km²; https://framework.tnfd.global/draft-recommended-disclosures/disclosure-metrics-annexes/).
// Figures are in km² (TNFD's unit); the dataset's extent unit is converted exactly.

export interface ExtentChangeRow {
  type: string;
  opening: Dec;
  closing: Dec;
  change: Dec;
  /** change / opening × 100; absent when the type had no area at the opening. */
  changePct?: Dec;
  /** Gross gains and losses, from the transition matrix when the dataset gives one. */
  gains?: Dec;
  losses?: Dec;
}
export interface Conversion {
  from: string;
  to: string;
  area: Dec;
}
export interface ExtentChangeTable {
  region: string;
  fromYear: number;
  toYear: number;
  unit: 'km2';
  rows: ExtentChangeRow[];
  total: { opening: Dec; closing: Dec };
  /** Off-diagonal cells of the transition matrix (from type → to type), largest first; empty without a matrix. */
  conversions: Conversion[];
  hasMatrix: boolean;
}

/** The table of one region over its first → last year (the period a disclosure reports). */
export function extentChangeTable(extent: ExtentAccount): ExtentChangeTable | undefined {
  const fromYear = extent.years[0],
    toYear = extent.years.at(-1);
  if (fromYear === undefined || toYear === undefined || fromYear === toYear) return undefined;
  const f = conversion(parseUnit(extent.unit), parseUnit('km2'));
  const km2 = (v: Dec) => (f.identity ? v : v.mul(f.num).div(f.den));
  const open = extent.area.get(fromYear)!,
    close = extent.area.get(toYear)!;
  const matrix = extent.changes.find((c) => c.fromYear === fromYear && c.toYear === toYear)?.matrix;
  const conversions: Conversion[] = [];
  const gains = new Map<string, Dec>(),
    losses = new Map<string, Dec>();
  for (const [from, row] of matrix ?? [])
    for (const [to, area] of row) {
      if (from === to || area.isZero()) continue;
      conversions.push({ from, to, area: km2(area) });
      losses.set(from, (losses.get(from) ?? ZERO).plus(km2(area)));
      gains.set(to, (gains.get(to) ?? ZERO).plus(km2(area)));
    }
  conversions.sort((a, b) => b.area.cmp(a.area) || a.from.localeCompare(b.from) || a.to.localeCompare(b.to));
  const rows = extent.types.map((type): ExtentChangeRow => {
    const opening = km2(open.get(type) ?? ZERO),
      closing = km2(close.get(type) ?? ZERO);
    const change = closing.minus(opening);
    return {
      type,
      opening,
      closing,
      change,
      ...(opening.isZero() ? {} : { changePct: change.div(opening).mul(100) }),
      ...(matrix ? { gains: gains.get(type) ?? ZERO, losses: losses.get(type) ?? ZERO } : {}),
    };
  });
  const sum = (k: 'opening' | 'closing') => rows.reduce((a, r) => a.plus(r[k]), ZERO);
  return {
    region: extent.region,
    fromYear,
    toYear,
    unit: 'km2',
    rows,
    total: { opening: sum('opening'), closing: sum('closing') },
    conversions,
    hasMatrix: !!matrix,
  };
}
