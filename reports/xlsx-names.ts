import type { FactorSet } from '../engine/carbon/factors.ts';
import type { CompiledModel } from '../engine/model/types.ts';
import type { AccountRun } from '../lib/run.ts';
import { unitSymbol } from './format.ts';
import { fuelName, regionName, sectorName } from './names.ts';
import { indicatorLabel, keyLabel, type Label, type Lang, t } from './labels.ts';
import { CATEGORY_LABELS, KEY_PART_LABELS, PATH_LABELS, KEY_VALUE_LABELS, LEVEL_LABELS } from './xlsx-labels.ts';

/**
 * Names for the ids a workbook cell would otherwise show: regions (the dataset manifest), indicators, categories and
 * breakdown keys (the model; carbon sectors and fuels from the factor set), levels. An id with no name stays itself.
 * Regions, sectors and fuels are named by reports/names.ts (the reports' one place for names); the rest here, for the
 * composite keys of the long rows.
 */
export interface Names {
  region(id: string): string;
  indicator(id: string): string;
  category(id: string): string;
  level(id: string): string;
  key(key: string): string;
  scenario(id: string): string;
  /** A service's method in the language, when the row's indicator is a model service. */
  method(indicator: string): string | undefined;
}

const pick = (l: Label | undefined, lang: Lang) => l?.[lang];

/** Counting units that are words (visit, person, point) in the language; symbols as reports/format.ts prints them. */
const UNIT_WORDS: Record<string, Label> = {
  visit: { zh: '人次', en: 'visits' },
  person: { zh: '人', en: 'person' },
  point: { zh: '分', en: 'points' },
};
export const unitName = (unit: string, lang: Lang): string =>
  unitSymbol(
    unit.replace(/\b(visit|person|point)\b/g, (w) => UNIT_WORDS[w]![lang]),
    lang,
  );

/**
 * @param factors the carbon run's factor set (sector, fuel and process names)
 * @param entities the carbon data's entities (parks, enterprises, communities): their names as the dataset gives them
 */
export function xlsxNames(account: AccountRun, lang: Lang, factors?: FactorSet, entities: { id: string; name: string }[] = []): Names {
  const entityName = new Map(entities.map((e) => [e.id, e.name]));
  const { model, dataset } = account;
  const category = (id: string) =>
    model.categories.find((c) => c.id === id)?.label[lang] ?? pick(CATEGORY_LABELS[id], lang) ?? factors?.sectors[id]?.[lang] ?? id;
  const value = (dim: string, v: string): string => {
    if (dim === 'service') return indicatorLabel(model, v, lang);
    if (dim === 'sector') return sectorName(factors, v, lang);
    if (dim === 'fuel') return fuelName(factors, v, lang);
    if (dim === 'period' || dim === 'from') return v.replace('-', '–');
    if (dim === 'entity') return entityName.get(v) ?? v;
    if (dim === 'entities')
      return v
        .split('+')
        .map((e) => entityName.get(e) ?? e)
        .join(lang === 'zh' ? '、' : ' + ');
    if (model.dims.has(dim)) return keyLabel(model, dim, v, lang);
    return (
      pick(KEY_VALUE_LABELS[v] ?? KEY_VALUE_LABELS[v.toLowerCase()], lang) ??
      factors?.fuels.get(v)?.label[lang] ??
      factors?.processes.get(v)?.label[lang] ??
      factors?.sectors[v]?.[lang] ??
      v
    );
  };
  const key = (k: string) =>
    k
      .split(';')
      .filter(Boolean)
      .map((part) => {
        const eq = part.indexOf('=');
        if (eq < 0) return pick(KEY_VALUE_LABELS[part], lang) ?? part;
        const dim = part.slice(0, eq);
        const v = value(dim, part.slice(eq + 1));
        const dimName = model.dims.get(dim)?.label?.[lang] ?? pick(KEY_PART_LABELS[dim], lang) ?? dim;
        return `${dimName}${lang === 'zh' ? '：' : ': '}${v}`;
      })
      .join(lang === 'zh' ? '；' : '; ');
  return {
    region: (id) => regionName(dataset.manifest.regions, id, lang),
    indicator: (id) => indicatorLabel(model, id, lang),
    category,
    level: (id) => pick(LEVEL_LABELS[id], lang) ?? id,
    key,
    scenario: (id) => (id === 'baseline' ? t('baseline', lang) : (pick(PATH_LABELS[id], lang) ?? id)),
    method: (indicator) => serviceOf(model, indicator)?.method[lang],
  };
}

/** The model service an indicator belongs to (the service itself, or one of its parts "service.money" …). */
function serviceOf(model: CompiledModel, id: string) {
  return model.services.find((s) => s.id === id || id.startsWith(`${s.id}.`));
}
