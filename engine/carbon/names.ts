import type { FactorSet } from './factors.ts';

/**
 * Fuels and sectors as an energy balance or a CEADs inventory names them: the id, the Chinese or English label
 * (原煤, Raw coal), or the CEADs column (Raw_Coal); English case-insensitively. A label's bracketed qualifier may be
 * left out (天然气 for 天然气(油田), the NCV basis the set states), and enumeration commas and full-width forms do not
 * count (the yearbook prints 电力、热力生产和供应业, the set 电力热力生产和供应业), nor do _ and - in English names. A name
 * two items share is no name.
 */
interface Names {
  fuels: Map<string, string>;
  sectors: Map<string, string>;
}
const memo = new WeakMap<FactorSet, Names>();

/**
 * Other names of sectors, kept apart from the sets (models/classifications/energy-balance-sector.yaml): `aliases` name
 * a sector as an earlier classification or CEADs does; `parts` are rows that are a part of one sector (several parts
 * of one sector add up). By sector id; a name applies only to a set that has that sector.
 */
export interface SectorNames {
  aliases: Readonly<Record<string, readonly string[]>>;
  parts: Readonly<Record<string, readonly string[]>>;
  /** The content hash of the names (models/sector-names.ts): a run whose data was read through them names it. */
  hash?: string;
}

/** How a sector name was read: the set's id, and whether the row is a part of that sector (parts are summed). */
export interface SectorReading {
  id: string;
  part: boolean;
}

// _ and - count as spaces: CEADs heads its fuel columns Coke_Oven_Gas (2019) and Coke Oven Gas (1997–2018), the set says Coke-oven gas
const key = (s: string) => s.normalize('NFKC').replace(/、/g, '').replace(/[_-]/g, ' ').replace(/\s+/g, ' ').trim().toLowerCase();
/** A label and, when it ends in a bracketed qualifier, the label without it. */
const withoutQualifier = (label: string) => {
  const bare = label.normalize('NFKC').replace(/\s*\([^()]*\)\s*$/, '');
  return bare && bare !== label.normalize('NFKC') ? [label, bare] : [label];
};

function names(set: FactorSet): Names {
  let n = memo.get(set);
  if (n) return n;
  const index = (entries: [string, string[]][]) => {
    const m = new Map<string, string>();
    const shared = new Set<string>();
    for (const [id, ns] of entries)
      for (const name of ns) {
        const k = key(name);
        if (m.has(k) && m.get(k) !== id) shared.add(k);
        else m.set(k, id);
      }
    for (const k of shared) m.delete(k);
    return m;
  };
  n = {
    fuels: index(
      [...set.fuels].map(([id, f]) => [
        id,
        [...withoutQualifier(f.label.zh), ...withoutQualifier(f.label.en), ...(f.ceads ? [f.ceads] : [])],
      ]),
    ),
    sectors: index(Object.entries(set.sectors).map(([id, s]) => [id, [...withoutQualifier(s.zh), ...withoutQualifier(s.en)]])),
  };
  memo.set(set, n);
  return n;
}

/** The id of the fuel `name` names in `set` (its id, label or CEADs column), or undefined. */
export function fuelId(set: FactorSet, name: string): string | undefined {
  return set.fuels.has(name) ? name : names(set).fuels.get(key(name));
}

/** The id of the sector `name` names in `set` (its id or label), or undefined. */
export function sectorId(set: FactorSet, name: string): string | undefined {
  return set.sectors[name] ? name : names(set).sectors.get(key(name));
}

const extraMemo = new WeakMap<FactorSet, WeakMap<SectorNames, Map<string, SectorReading>>>();

/**
 * The sector `name` names: the set's id or label first (sectorId), then `extra`'s aliases and parts of the sectors the
 * set has. A name two sectors share, or one the set's labels already give, is not taken from `extra`.
 */
export function readSector(set: FactorSet, name: string, extra?: SectorNames): SectorReading | undefined {
  const own = sectorId(set, name);
  if (own || !extra) return own ? { id: own, part: false } : undefined;
  let bySet = extraMemo.get(set);
  if (!bySet) extraMemo.set(set, (bySet = new WeakMap()));
  let m = bySet.get(extra);
  if (!m) {
    m = new Map();
    const shared = new Set<string>();
    const labels = names(set).sectors;
    const add = (lists: SectorNames['aliases'], part: boolean) => {
      for (const [id, ns] of Object.entries(lists)) {
        if (!set.sectors[id]) continue;
        for (const n of ns) {
          const k = key(n);
          if (labels.has(k)) continue;
          const had = m!.get(k);
          if (had && had.id !== id) shared.add(k);
          else m!.set(k, { id, part });
        }
      }
    };
    add(extra.aliases, false);
    add(extra.parts, true);
    for (const k of shared) m.delete(k);
    bySet.set(extra, m);
  }
  return m.get(key(name));
}
