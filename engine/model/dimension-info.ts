import type { IssueCode } from '../core/issue-codes.ts';
import { nameTable } from './key-names.ts';
import type { Dimension } from './schema.ts';
import type { DimInfo } from './types.ts';

/**
 * One dimension of a model compiled: its keys, its level-1 classes as data keys and every name data may use
 * (key-names.ts). compile.ts compiles every dimension with it; variants.ts reads `covers` lists through it, so a
 * list names types exactly as a data cell may (林地, 针叶林, town).
 */
export function dimensionInfo(
  name: string,
  d: Dimension,
  slot: number,
  at: (path: string, code: IssueCode, message: string) => void,
): DimInfo {
  const keyLabels = new Map(Object.entries(d.keys ?? {}).map(([k, v]) => [k, { zh: v.zh, en: v.en }]));
  const groupOf = new Map<string, string>();
  const groups = new Map(Object.entries(d.groups ?? {}));
  for (const [k, v] of Object.entries(d.keys ?? {})) {
    if (v.group) {
      if (!groups.has(v.group))
        at(`dimensions.${name}.keys.${k}.group`, 'group_unknown', `group "${v.group}" is not declared under dimensions.${name}.groups`);
      groupOf.set(k, v.group);
    }
  }
  if (!d.open && keyLabels.size === 0) at(`dimensions.${name}`, 'dimension_empty', 'a closed dimension lists its keys');
  const keys = [...keyLabels.keys()];
  // A level-1 class (a group of two or more types) is a data key too, for data with no finer split (a published
  // table's 林地 row): it is its own group, so group sums and the coefficients' group rows serve it, and it heads
  // its types in dataKeys. A class of one type is that type (water is water_body).
  const members = (g: string) => keys.filter((k) => groupOf.get(k) === g).length;
  const dataKeys: string[] = [];
  for (const k of keys) {
    const g = groupOf.get(k);
    if (g && !keyLabels.has(g) && !dataKeys.includes(g) && members(g) > 1) dataKeys.push(g);
    dataKeys.push(k);
  }
  for (const g of dataKeys)
    if (!keyLabels.has(g)) {
      keyLabels.set(g, groups.get(g)!);
      groupOf.set(g, g);
    }
  const table = nameTable(keyLabels, groups, groupOf, d.aliases ?? {});
  for (const c of table.conflicts) at(`dimensions.${name}.aliases`, 'alias_conflict', c);
  return { name, label: d.label, slot, keys, dataKeys, keyLabels, groupOf, groups, names: table.names, domain: d.domain, open: d.open };
}
