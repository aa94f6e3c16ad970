import { FACTOR_SET } from './carbon-factors.ts';
import { DEFAULTS_KIND } from './defaults.ts';
import { DUAL_SPEC, SCORECARD } from './dual.ts';
import { INDICATOR_SYSTEM } from './indicator-systems.ts';
import { RIGHTS_PRICES } from './rights-prices.ts';
import { GEP_MODEL, loadModelItem, modelVersions } from './load.ts';
import { changedMessage, listShipped, loadItem, MODELS_DIR, type Versioned, type VersionedKind } from './versioned.ts';

/** Every kind of versioned data in models/: a new kind (indicator systems, price sets …) is one more entry. */
export const KINDS: readonly VersionedKind<Versioned, unknown>[] = [
  GEP_MODEL,
  FACTOR_SET,
  DUAL_SPEC,
  SCORECARD,
  DEFAULTS_KIND,
  INDICATOR_SYSTEM,
  RIGHTS_PRICES,
];

/**
 * The lock with every frozen shipped item of every kind recorded: new versions are added, an existing entry is
 * never changed (a changed item is a problem: publish it as a new version). Each item is loaded whole, so that
 * nothing that does not load is recorded.
 */
export function updatedLock(
  lock: Record<string, string>,
  root = MODELS_DIR,
): { lock: Record<string, string>; added: string[]; problems: string[] } {
  const next = { ...lock };
  const added: string[] = [];
  const problems: string[] = [];
  const record = (item: { frozen: boolean; key: string; hash: string }) => {
    if (!item.frozen) return;
    const recorded = next[item.key];
    if (recorded === undefined) {
      next[item.key] = item.hash;
      added.push(item.key);
    } else if (recorded !== item.hash) problems.push(changedMessage(item.key, item.hash, recorded));
  };
  for (const kind of KINDS) for (const id of listShipped(kind, root)) record(loadItem(kind, id, { root, checkLock: false }));
  // later versions kept beside a model (models/<id>/<version>.yaml)
  for (const id of listShipped(GEP_MODEL, root))
    for (const v of modelVersions(id, root)) record(loadModelItem(`${id}@${v}`, { root, checkLock: false }));
  const sorted = Object.fromEntries(
    Object.keys(next)
      .sort()
      .map((k) => [k, next[k]!]),
  );
  return { lock: sorted, added, problems };
}
