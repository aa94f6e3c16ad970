import { RightsPriceSet } from '../engine/finance/rights-prices.ts';
import { DEFAULTS } from './defaults.ts';
import { loadItem, type VersionedKind } from './versioned.ts';

export const DEFAULT_RIGHTS_PRICES = DEFAULTS.finance.rights_prices;

/** Rights price sets: models/finance/rights-prices/<id>.yaml, frozen once shipped (lock key "finance/rights-prices/<id>@<version>"): a change is a new version. */
export const RIGHTS_PRICES: VersionedKind<RightsPriceSet> = {
  name: 'rights price set',
  dir: 'finance/rights-prices',
  schema: RightsPriceSet,
  frozen: 'shipped',
};

/** A rights price set by id (models/finance/rights-prices/<id>.yaml) or path, with its content hash. */
export function loadRightsPrices(idOrPath = DEFAULT_RIGHTS_PRICES): { set: RightsPriceSet; hash: string } {
  const item = loadItem(RIGHTS_PRICES, idOrPath);
  return { set: item.value, hash: item.hash };
}
