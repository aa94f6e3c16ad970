import type { ResultRow } from '../lib/rows.ts';
import type { Lang } from './labels.ts';
import { xl } from './xlsx-labels.ts';
import { type Names, unitName } from './xlsx-names.ts';
import type { Column, TableSheet } from './xlsx-sheet.ts';

/**
 * Long result rows (RESULT_COLUMNS) as a sheet for Excel users: names beside hidden ids (indicator, region,
 * breakdown key, scenario), years as numbers, the physical value and the money value as numbers with their exact
 * text in hidden columns, the price basis and origin in words, the engine's method text kept in a hidden column
 * where the language has its own (a model service's method).
 */
export function longSheet(name: string, rows: ResultRow[], names: Names, lang: Lang): TableSheet {
  const columns: Column[] = [
    { head: xl('indicator', lang) },
    { head: xl('indicator_id', lang), kind: 'id' },
    { head: xl('level', lang) },
    { head: xl('category', lang) },
    { head: xl('region', lang) },
    { head: xl('region_id', lang), kind: 'id' },
    { head: xl('year', lang), kind: 'year' },
    { head: xl('scenario', lang) },
    { head: xl('key', lang) },
    { head: xl('key_id', lang), kind: 'id' },
    { head: xl('physical', lang), kind: 'quantity' },
    { head: xl('physical_unit', lang) },
    { head: xl('money', lang), kind: 'money' },
    { head: xl('price_year', lang), kind: 'year' },
    { head: xl('price_basis', lang) },
    { head: xl('method', lang), free: true },
    { head: xl('method_text', lang), kind: 'id' },
    { head: xl('model', lang), free: true },
    { head: xl('origin', lang) },
  ];
  return {
    name,
    columns,
    rows: rows.map((r) => {
      // the method in the language where the model has it; the engine's own text (English) otherwise, in English only
      const method = names.method(r.indicator) ?? (lang === 'en' ? r.method : '');
      return [
        names.indicator(r.indicator),
        r.indicator,
        names.level(r.level),
        r.category ? names.category(r.category) : '',
        names.region(r.region),
        r.region,
        r.year,
        names.scenario(r.scenario),
        r.key ? names.key(r.key) : '',
        r.key,
        r.physical_value,
        r.physical_unit ? unitName(r.physical_unit, lang) : '',
        r.money_value,
        r.price_year,
        r.price_basis === 'current' ? xl('current', lang) : r.price_basis === 'constant' ? xl('constant', lang) : r.price_basis,
        method,
        r.method,
        r.model,
        r.origin === 'computed' ? xl('computed', lang) : r.origin === 'given' ? xl('given', lang) : (r.origin ?? ''),
      ];
    }),
  };
}
