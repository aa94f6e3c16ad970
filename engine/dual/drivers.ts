import { Dec, ZERO } from '../core/decimal.ts';
import type { Decomposition, EffectRow } from '../gep/account.ts';

export interface Driver extends EffectRow {
  category: string;
  rank: number;
  /** Share of ΔGEP (delta / total delta); absent when ΔGEP is 0. */
  share?: Dec;
}

export interface DriverRanking {
  region: string;
  fromYear: number;
  toYear: number;
  total: EffectRow;
  /** Services by the size of their change, largest first (ties by id). */
  services: Driver[];
  categories: EffectRow[];
}

/**
 * Which services drove ΔGEP between two years: the exact quantity/price split of engine/gep/account.ts,
 * ranked by |Δ|. Shares can exceed 100 % or be negative when services move in opposite directions.
 */
export function rankDrivers(d: Decomposition): DriverRanking {
  const services = [...d.services]
    .sort((a, b) => b.delta.abs().cmp(a.delta.abs()) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((s, n) => ({
      ...s,
      rank: n + 1,
      ...(d.total.delta.isZero() ? {} : { share: s.delta.div(d.total.delta).toDecimalPlaces(12, Dec.ROUND_HALF_EVEN) }),
    }));
  return { region: d.region, fromYear: d.fromYear, toYear: d.toYear, total: d.total, services, categories: d.categories };
}

/** Σ of the services' deltas (the identity the ranking must keep). */
export function sumDeltas(r: DriverRanking): Dec {
  return r.services.reduce((a, s) => a.plus(s.delta), ZERO);
}
