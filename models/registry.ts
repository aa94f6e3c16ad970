import { FACTOR_SET } from './carbon-factors.ts';
import { DEFAULTS_KIND } from './defaults.ts';
import { DUAL_SPEC, SCORECARD } from './dual.ts';
import { GEP_MODEL } from './load.ts';
import { changedMessage, listShipped, loadItem, MODELS_DIR, type Versioned, type VersionedKind } from './versioned.ts';

/** Every kind of versioned data in models/: a new kind (indicator systems, price sets …) is one more entry. */
export const KINDS: readonly VersionedKind<Versioned, unknown>[] = [GEP_MODEL, FACTOR_SET, DUAL_SPEC, SCORECARD, DEFAULTS_KIND];

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
  for (const kind of KINDS) {
    for (const id of listShipped(kind, root)) {
      const item = loadItem(kind, id, { root, checkLock: false });
      if (!item.frozen) continue;
      const recorded = next[item.key];
      if (recorded === undefined) {
        next[item.key] = item.hash;
        added.push(item.key);
      } else if (recorded !== item.hash) problems.push(changedMessage(item.key, item.hash, recorded));
    }
  }
  const sorted = Object.fromEntries(
    Object.keys(next)
      .sort()
      .map((k) => [k, next[k]!]),
  );
  return { lock: sorted, added, problems };
}
