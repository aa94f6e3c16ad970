import { Dec } from '../engine/core/decimal.ts';
import type { FactorSet } from '../engine/carbon/factors.ts';
import type { Light as DualLight, Ladder, CityLadder } from '../engine/carbon/dual-control.ts';
import type { Diagnostic } from '../engine/eval/trace.ts';
import type { CompiledModel } from '../engine/model/types.ts';
import { money, moneyLabel, moneyUnitFor, quantity, unitSymbol } from './format.ts';
import { indicatorLabel, type Label, type Lang } from './labels.ts';

/**
 * Words for people in place of ids and English engine text, zh and en: the one place a report, the workbook and the
 * workbench turn a region id, a service, a key of a dimension (ecosystem type, pollutant …), a carbon sector or
 * fuel, a scenario's texts, a light or a diagnostic into a phrase. Where a name exists it is used; an id is
 * returned only when nothing names it (so that a missing name shows, rather than a guess).
 */

// ——— regions, indicators and keys ———

/** A region of a dataset, by its manifest name: tianfu → 天府新区(示例) / Tianfu New Area (illustrative). */
export function regionName(regions: readonly { id: string; name: Label }[], id: string, lang: Lang): string {
  return regions.find((r) => r.id === id)?.name[lang] ?? id;
}

/** A service, category or any indicator id a result row carries (reports/labels.ts indicatorLabel). */
export const indicatorName = indicatorLabel;

/** The service an indicator id belongs to (air_purification.physical → air_purification), if any. */
export function serviceOf(model: CompiledModel, indicator: string) {
  return model.services.find(
    (s) => s.id === indicator || s.physical === indicator || s.money === indicator || indicator.startsWith(`${s.id}.`),
  );
}

/** A service's name from an indicator id (its physical or money value, or a part): 空气净化 / Air purification. */
export function serviceName(model: CompiledModel, indicator: string, lang: Lang): string {
  return serviceOf(model, indicator)?.label[lang] ?? indicatorLabel(model, indicator, lang);
}

/** A key of a named dimension: ecosystem_type broadleaf_forest → 阔叶林 / Broadleaf forest. */
export function keyName(model: CompiledModel, dim: string, key: string, lang: Lang): string {
  const d = model.dims.get(dim);
  return d?.keyLabels.get(key)?.[lang] ?? d?.groups.get(key)?.[lang] ?? key;
}

/**
 * A key whose dimension is not said (a diagnostic's keys): the dimensions of the indicator first, then any
 * dimension of the model that names it: so2 → 二氧化硫 / SO₂.
 */
export function anyKeyName(model: CompiledModel, key: string, lang: Lang, indicator?: string): string {
  const plan = indicator ? model.indicatorById.get(indicator) : undefined;
  const first = plan ? plan.over.map((o) => o.dim.name) : [];
  for (const dim of [...first, ...model.dims.keys()]) {
    const name = keyName(model, dim, key, lang);
    if (name !== key) return lang === 'en' ? chem(name) : name;
  }
  return key;
}

/** An ecosystem type: dry_farmland → 旱地 / Dry farmland. */
export const ecosystemTypeName = (model: CompiledModel, key: string, lang: Lang) => keyName(model, 'ecosystem_type', key, lang);

/** A pollutant of the model (air or water): so2 → 二氧化硫 / SO₂, cod → 化学需氧量 / COD. */
export function pollutantName(model: CompiledModel, key: string, lang: Lang): string {
  for (const dim of ['air_pollutant', 'water_pollutant', 'pollutant']) {
    const name = keyName(model, dim, key, lang);
    if (name !== key) return lang === 'en' ? chem(name) : name;
  }
  return anyKeyName(model, key, lang);
}

/** Chemical formulas with subscripts (SO2 → SO₂, NOx → NOₓ, PM2.5 stays). */
const chem = (s: string) =>
  s
    .replace(/\b(SO|NO|CO|N)2\b/g, '$1₂')
    .replace(/\bNOx\b/g, 'NOₓ')
    .replace(/\bCH4\b/g, 'CH₄');

/** A sector of the carbon classification: residential_urban → 城镇居民生活 / Urban households. */
export function sectorName(factors: FactorSet | undefined, id: string, lang: Lang): string {
  const s = factors?.sectors[id];
  return s ? s[lang] : id;
}

/** A fuel of the carbon classification: raw_coal → 原煤 / Raw coal. */
export function fuelName(factors: FactorSet | undefined, id: string, lang: Lang): string {
  return factors?.fuels.get(id)?.label[lang] ?? factors?.processes.get(id)?.label[lang] ?? id;
}

// ——— scenarios ———

type Text = string | Label | undefined;
const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;
/** Whether a text is written in Chinese (it has a Han character). */
export const isChinese = (s: string) => CJK.test(s);

/**
 * A scenario's text (label, description, an override's source) in a language: its own zh or en when it gives both;
 * when it gives one string, that string if it is in the language asked for, else undefined (see scenarioText).
 */
export function textIn(text: Text, lang: Lang): string | undefined {
  if (text === undefined) return undefined;
  if (typeof text !== 'string') return text[lang];
  return isChinese(text) === (lang === 'zh') ? text : undefined;
}

export const ONLY_OTHER_LANGUAGE: Label = {
  zh: '（情景仅提供英文说明，见英文报告）',
  en: '(the scenario gives this text in Chinese only; see the Chinese report)',
};

/**
 * A scenario's text for a report: in the language asked for when the scenario has it, else a note that it was
 * given only in the other language (a zh report never shows English prose, an en report never Chinese).
 */
export function scenarioText(text: Text, lang: Lang, short = false): string {
  if (text === undefined) return '';
  return textIn(text, lang) ?? (short ? ONLY_OTHER_SHORT : ONLY_OTHER_LANGUAGE)[lang];
}
/** The note in a table cell (an override's source given in one language). */
export const ONLY_OTHER_SHORT: Label = { zh: '（仅有英文说明）', en: '(given in Chinese only)' };

/** A scenario's name: its label in the language, or, when it gives one string in the other language, its id. */
export function scenarioName(s: { id: string; label: Text }, lang: Lang): string {
  return textIn(s.label, lang) ?? (typeof s.label === 'string' ? s.label : s.id);
}

/** The kinds of a scenario's overrides, as a report's rows name them. */
export const OVERRIDE_KINDS = {
  coefficient: { zh: '系数调整', en: 'Coefficient' },
  input: { zh: '数据调整', en: 'Input' },
  conversion: { zh: '土地利用转换', en: 'Land-use conversion' },
  growth: { zh: '增长路径', en: 'Growth path' },
  factor: { zh: '排放因子调整', en: 'Emission factor' },
} as const satisfies Record<string, Label>;

// ——— lights ———

/**
 * The words of a dual-control light. The national barometer (national3, 能耗双控晴雨表): red when the intensity rose
 * on the year before, yellow when it fell less than the progress requirement, green when on track; a city ladder
 * (city4) by the share of the requirement met (≥100 % green, 90–100 % yellow, 50–90 % orange, below red).
 */
export function dualLightWord(light: DualLight, lang: Lang, ladder?: Ladder | CityLadder): string {
  const city = ladder?.kind === 'city4';
  const words: Record<DualLight, Label> = {
    green: { zh: '绿灯·进度达标', en: 'green: on track' },
    yellow: city
      ? { zh: '黄灯·基本达标（完成进度要求的90%–100%）', en: 'yellow: 90–100 % of the requirement met' }
      : { zh: '黄灯·进度滞后（下降幅度未达进度要求）', en: 'yellow: behind (fell less than required)' },
    orange: { zh: '橙灯·明显滞后（完成进度要求的50%–90%）', en: 'orange: well behind (50–90 % of the requirement met)' },
    red: city
      ? { zh: '红灯·严重滞后（完成进度要求不足50%）', en: 'red: far behind (under 50 % of the requirement met)' }
      : { zh: '红灯·形势严峻（强度不降反升）', en: 'red: the intensity rose on the year before' },
  };
  return words[light][lang];
}

/** The words of a scorecard or index light: meets the target, near it (within the amber band), misses it; no value. */
export function scoreLightWord(light: 'green' | 'yellow' | 'red' | 'none', lang: Lang): string {
  const words = {
    green: { zh: '达标', en: 'meets the target' },
    yellow: { zh: '接近目标', en: 'near the target' },
    red: { zh: '未达标', en: 'misses the target' },
    none: { zh: '无数据', en: 'no value' },
  } satisfies Record<string, Label>;
  return words[light][lang];
}

// ——— diagnostics ———

/** The short name of each diagnostic code (engine/core/issue-codes.ts DIAGNOSTIC_CODES), for a column or a count. */
export const DIAGNOSTIC_NAMES = {
  cap_bound: { zh: '上限约束生效', en: 'Limit binds' },
  cap_not_applied: { zh: '上限未适用', en: 'Limit not applied' },
  fallback: { zh: '采用默认系数', en: 'Default coefficient used' },
  before_first_entry: { zh: '沿用最早系数', en: 'Earliest coefficient used' },
  given_over_computed: { zh: '采用给定值', en: 'Given value used' },
  given_unused: { zh: '给定值未采用', en: 'Given value not used' },
  physical_not_given: { zh: '实物量缺失', en: 'Physical quantity absent' },
} as const satisfies Record<Diagnostic['code'], Label>;

/** The name of an input, coefficient or indicator a formula reads, by its id. */
function readName(model: CompiledModel, id: string, lang: Lang): string | undefined {
  return (
    model.inputs.get(id)?.label[lang] ??
    model.coefficients.get(id)?.label[lang] ??
    (model.indicatorById.has(id) ? indicatorLabel(model, id, lang) : undefined)
  );
}

/**
 * What a capped formula, cap(x, limit), caps and by what: the names of x (when it is one input, e.g. the pollutant
 * load) and of the limit (air_pollutant_emission → 大气污染物排放量); a computed x is the ecosystem's capacity.
 */
function capNames(model: CompiledModel, indicator: string, lang: Lang): { x: string; limit: string } {
  const formula = model.indicatorById.get(indicator)?.formula ?? '';
  const m = /^\s*cap\((.*),\s*([A-Za-z_][\w.]*)\s*\)\s*$/s.exec(formula);
  const x = m && /^[A-Za-z_][\w.]*$/.test(m[1]!.trim()) ? readName(model, m[1]!.trim(), lang) : undefined;
  const limit = m ? readName(model, m[2]!, lang) : undefined;
  return {
    x: x ?? (lang === 'zh' ? '生态系统净化能力' : "the ecosystem's capacity"),
    limit: limit ?? (lang === 'zh' ? '上限' : 'its limit'),
  };
}

/** A name inside an English sentence: its first letter lower-cased unless it is an acronym (COD, GDP). */
const lower = (s: string) => (/^[A-Z][a-z]/.test(s) ? s[0]!.toLowerCase() + s.slice(1) : s);

/** A figure of a diagnostic with its unit: 4 significant figures, money in the unit its size asks for. */
function figure(value: string | undefined, unit: string | undefined, lang: Lang): string {
  if (value === undefined) return '';
  const v = new Dec(value);
  if (unit === 'CNY') {
    const u = moneyUnitFor([v]);
    return `${money(v, u)} ${moneyLabel(u, lang)}`;
  }
  return `${quantity(v)}${unit ? ` ${unitSymbol(unit, lang)}` : ''}`;
}

/**
 * A diagnostic as a sentence for people, in zh or en, built from its code and structured fields (never from its
 * English message): the service, the keys by name (二氧化硫, not so2), the limit by what it is (大气污染物排放量),
 * the figures rounded for display with their unit symbols. Region and year are not in it (a report's columns
 * carry them). A diagnostic without facts (an older stored run) gets the sentence without its figures.
 */
export function diagnosticText(d: Diagnostic, model: CompiledModel, lang: Lang): string {
  const zh = lang === 'zh';
  const f = d.facts ?? {};
  const svc = serviceName(model, d.indicator, lang);
  const keys = (d.keys ?? []).map((k) => anyKeyName(model, k, lang, d.indicator)).join(zh ? '、' : ', ');
  const head = keys ? (zh ? `${svc}（${keys}）` : `${svc} (${keys})`) : svc;
  const coef = f.coefficient ? (model.coefficients.get(f.coefficient)?.label[lang] ?? f.coefficient) : '';
  const row = f.file ? `${f.file}${f.line !== undefined ? (zh ? ` 第${f.line}行` : ` line ${f.line}`) : ''}` : '';
  const priced = d.priceYear !== undefined ? (zh ? `（按${d.priceYear}年价格计算时）` : ` (at ${d.priceYear} prices)`) : '';
  switch (d.code) {
    case 'cap_bound': {
      const { x, limit } = capNames(model, d.indicator, lang);
      return zh
        ? `${head}：受${limit}约束，按上限 ${figure(f.limit, f.unit, lang)} 计入，而非${x} ${figure(f.value, f.unit, lang)}${priced}。`
        : `${head}: capped by ${lower(limit)}: ${figure(f.limit, f.unit, lang)} is counted, not ${lower(x)} of ${figure(f.value, f.unit, lang)}${priced}.`;
    }
    case 'cap_not_applied': {
      const { x, limit } = capNames(model, d.indicator, lang);
      return zh
        ? `${head}：缺少${limit}数据，未设上限，按${x} ${figure(f.value, f.unit, lang)} 计入${priced}。`
        : `${head}: no data on ${lower(limit)}, so ${lower(x)} of ${figure(f.value, f.unit, lang)} is counted uncapped${priced}.`;
    }
    case 'fallback':
      return zh
        ? `${svc}：系数“${coef}”没有${keys ? `针对${keys}的` : '专门的'}取值，采用其默认（*）行${priced}。`
        : `${svc}: coefficient “${coef}” has no entry${keys ? ` for ${keys}` : ''}; its default (*) row is used${priced}.`;
    case 'before_first_entry':
      return zh
        ? `${svc}：系数“${coef}”${keys ? `（${keys}）` : ''}最早的取值始于${f.from ?? ''}年，${f.usedFor ?? d.year}年沿用该取值。`
        : `${svc}: coefficient “${coef}”${keys ? ` (${keys})` : ''} has no entry before ${f.from ?? ''}: that entry is used for ${f.usedFor ?? d.year}.`;
    case 'given_over_computed':
      return zh
        ? `${svc}：采用数据集给定值 ${figure(f.given, f.unit, lang)}（${row}）；公式计算值为 ${figure(f.computed, f.unit, lang)}，数据集配置规定以给定值为准。`
        : `${svc}: the dataset's value ${figure(f.given, f.unit, lang)} (${row}) is used; the formula gives ${figure(f.computed, f.unit, lang)}, and the dataset says the given value wins.`;
    case 'given_unused':
      return zh
        ? `${svc}：数据集给定的值（${row}）未采用，数据集配置规定以公式计算值为准。`
        : `${svc}: the value given in ${row} is not used: the dataset says the computed value wins.`;
    case 'physical_not_given': {
      const s = f.service ? (model.services.find((x) => x.id === f.service)?.label[lang] ?? svc) : svc;
      return zh
        ? `${s}：价值量由数据集给定，实物量既未给定也无法计算，故不列实物量。`
        : `${s}: the money value is given by the dataset; the physical quantity is neither given nor computable, so it is not shown.`;
    }
  }
}

// ——— finance ———

/** Holders of rights and entities of the carbon footprints, by kind. */
export const HOLDER_KIND_NAMES = {
  district: { zh: '区县政府', en: 'district' },
  park: { zh: '园区', en: 'park' },
  enterprise: { zh: '企业', en: 'enterprise' },
  community: { zh: '社区', en: 'community' },
} as const satisfies Record<string, Label>;
/** A right's status (engine/finance/rights.ts RIGHT_STATUSES). */
export const RIGHT_STATUS_NAMES = {
  held: { zh: '持有', en: 'held' },
  issued: { zh: '已签发未交易', en: 'issued' },
  pledged: { zh: '已质押', en: 'pledged' },
  retired: { zh: '已注销', en: 'retired' },
} as const satisfies Record<string, Label>;
/** A lending instrument (engine/finance/pcaf.ts INSTRUMENTS). */
export const INSTRUMENT_NAMES = {
  business_loan: { zh: '企业贷款', en: 'business loan' },
  corporate_bond: { zh: '公司债券', en: 'corporate bond' },
  listed_equity: { zh: '上市股权', en: 'listed equity' },
  unlisted_equity: { zh: '非上市股权', en: 'unlisted equity' },
  project_finance: { zh: '项目融资', en: 'project finance' },
} as const satisfies Record<string, Label>;
/** A word of one of the tables above, or the id itself when none names it. */
export const wordOf = (table: Record<string, Label>, id: string, lang: Lang) => table[id]?.[lang] ?? id;
