import { join, resolve } from 'node:path';
import { Dec } from '../../engine/core/decimal.ts';
import { evaluateRegionYear, type RegionYearResult } from '../../engine/eval/evaluate.ts';
import type { CompiledModel } from '../../engine/model/types.ts';
import { type Dataset, loadDataset } from '../../datasets/load.ts';
import { chooseMethod } from '../../lib/method.ts';
import { loadModel } from '../../models/load.ts';

/** Helpers of the replication suite: load a published account's dataset and round as the paper prints. */

export const ROOT = resolve(import.meta.dirname, '../..');
export const publishedDir = (account: string) => join(ROOT, 'datasets/published', account);

export interface Account {
  model: CompiledModel;
  data: Dataset;
  /** The region-year at current prices (the prices the papers print). */
  at(region: string, year: number): RegionYearResult;
}

/** The dataset loaded against the model (`id` or `id@version`), and the model under the dataset's `method:` choice. */
export function loadAccount(account: string, modelRef: string): Account {
  const data = loadDataset(publishedDir(account), loadModel(modelRef));
  const model = chooseMethod(loadModel(modelRef), data);
  const cache = new Map<string, RegionYearResult>();
  return {
    model,
    data,
    at(region, year) {
      const id = `${region}|${year}`;
      let r = cache.get(id);
      if (!r) cache.set(id, (r = evaluateRegionYear(model, data, region, year)));
      return r;
    },
  };
}

const YI = new Dec('1e8');

/** CNY → 10⁸ CNY (亿元) rounded half-up to `places` decimals, as a fixed string ("2269.72"). */
export function yi(cny: Dec, places = 2): string {
  return cny.div(YI).toDecimalPlaces(places, Dec.ROUND_HALF_UP).toFixed(places);
}

/** Rounded half-up (away from zero on a tie) to `digits` significant figures, as the paper's "2.16×10⁹". */
export function sig(v: Dec, digits = 3): Dec {
  return v.toSignificantDigits(digits, Dec.ROUND_HALF_UP);
}

/** Sum of the values of a breakdown over some of its keys (e.g. a paper's ecosystem from the types it joins). */
export function sumKeys(by: ReadonlyMap<string, Dec> | undefined, keys: readonly string[]): Dec {
  let s = new Dec(0);
  for (const k of keys) s = s.plus(by?.get(k) ?? 0);
  return s;
}

/** Σ money of the services of one category that the region-year has a value for (as engine/gep/account.ts sums). */
export function categoryMoney(account: Account, r: RegionYearResult, category: string): Dec {
  let s = new Dec(0);
  for (const svc of account.model.services) if (svc.category === category) s = s.plus(r.values.get(`${svc.id}.money`)?.value ?? 0);
  return s;
}

/** The services of a model whose money value the region-year could not give (with the issues that say why). */
export function unaccounted(account: Account, r: RegionYearResult): string[] {
  return account.model.services.map((s) => s.id).filter((id) => !r.values.has(`${id}.money`));
}

/** The service an issue of evaluateRegionYear is about ("flood_regulation.lake_storage (r, 2011): …" → flood_regulation). */
export function serviceOf(message: string): string {
  return message.split(/[ .]/, 1)[0]!;
}
