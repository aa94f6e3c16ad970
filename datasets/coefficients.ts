import { suggest } from '../engine/core/suggest.ts';
import type { LocalCoefficientRow } from '../engine/eval/local-coefficients.ts';
import { resolveJoinedKey } from '../engine/model/key-names.ts';
import type { CoefInfo, CompiledModel } from '../engine/model/types.ts';
import { allowsNegative } from '../engine/scenario/coefficient-sign.ts';
import { readNumberCell } from './cells.ts';
import { parseYear, type Row } from './csv.ts';
import { cellIssue, type LoadContext, unitCell } from './row-checks.ts';

/**
 * coefficients.csv → the dataset's own values of model coefficients (engine/eval/local-coefficients.ts), which
 * replace the model's for the regions (a region id, or "*" for all) and keys they name from their `from` year.
 * Every row names its source. The value is converted exactly to the coefficient's unit; a money value is priced
 * in `price_year` when the row gives one, else in `from`, and moved between years by the coefficient's price index.
 * Every problem of every row is reported (file, line, column); no row is dropped.
 */
export function readCoefficients(
  ctx: LoadContext,
  file: string,
  rows: Row[],
  model: CompiledModel,
  /** The file as runs and traces name it: its name in the manifest, not a path (results do not depend on where they ran). */
  name: string,
): LocalCoefficientRow[] {
  const out: LocalCoefficientRow[] = [];
  const seen = new Map<string, number>();
  for (const row of rows) {
    const issue = (column: string, code: Parameters<typeof cellIssue>[4], message: string) =>
      cellIssue(ctx, file, row, column, code, message);
    const cells = row.cells;
    const coef = cells.coefficient!;
    const c = model.coefficients.get(coef);
    if (!c)
      issue(
        'coefficient',
        'coefficient_unknown',
        `"${coef}" is not a coefficient of ${model.ref}${suggest(coef, model.coefficients.keys())}`,
      );
    const region = cells.region!;
    const regionOk = region === '*' || ctx.regions.has(region);
    if (!regionOk)
      issue(
        'region',
        'region_unknown',
        `region "${region}" is not in the manifest (${[...ctx.regions].join(', ')}, or "*" for all)${suggest(region, ctx.regions)}`,
      );
    const from = parseYear(cells.from!);
    if (from === undefined) issue('from', 'not_a_year', `"${cells.from}" is not a year (the first year the value holds)`);
    const source = cells.source ?? '';
    if (!source) issue('source', 'source_missing', 'a local coefficient names its source (survey, paper and table, yearbook …)');
    const priceYear = readPriceYear(row, c, issue);
    if (!c) {
      readNumberCell(cells.value!, { file, row: row.line, column: 'value' }, ctx.issues);
      continue;
    }
    const key = checkKey(ctx, file, row, c, cells.key ?? '', issue);
    const value = readValue(ctx, file, row, c, issue);
    if (from === undefined || !regionOk || key === undefined || !value || !source || priceYear === false) continue;
    const id = `${coef}\0${region}\0${key}\0${from}`;
    const first = seen.get(id);
    if (first !== undefined) {
      issue('from', 'duplicate_row', `duplicate of line ${first} (${coef}, ${region}${key ? `, ${key}` : ''}, from ${from})`);
      continue;
    }
    seen.set(id, row.line);
    out.push({
      coefficient: coef,
      region,
      key,
      from,
      value: value.value,
      priceYear: priceYear ?? from,
      source,
      file: name,
      line: row.line,
      ...(value.given ? { given: value.given } : {}),
    });
  }
  return out;
}

type Report = (column: string, code: Parameters<typeof cellIssue>[4], message: string) => void;

/** The price year of a money value (undefined: priced in `from`); false when the cell is wrong. */
function readPriceYear(row: Row, c: CoefInfo | undefined, issue: Report): number | undefined | false {
  const text = row.cells.price_year ?? '';
  if (!text) return undefined;
  const y = parseYear(text);
  if (y === undefined) {
    issue('price_year', 'not_a_year', `"${text}" is not a year (the year the value is priced in)`);
    return false;
  }
  if (c && !c.currency) {
    issue('price_year', 'price_year_unexpected', `${c.name} (${c.unit.text}) is not a money coefficient: it has no price year`);
    return false;
  }
  return y;
}

/**
 * The key names one key (or group) per dimension of the coefficient, joined by "|", each read like any key cell
 * (林地, 针叶林, town …; engine/model/key-names.ts, the mapping noted); a scalar has none. The data key, or undefined.
 */
function checkKey(ctx: LoadContext, file: string, row: Row, c: CoefInfo, key: string, issue: Report): string | undefined {
  if (!c.dims.length) {
    if (key) issue('key', 'key_shape', `${c.name} has no dimension: leave key empty (got "${key}")`);
    return key ? undefined : '';
  }
  const parts = key.split('|');
  const shape = c.dims.map((d) => d.name).join('|');
  if (!key || parts.length !== c.dims.length) {
    issue(
      'key',
      'key_shape',
      `${c.name} varies by ${shape}: key is ${c.dims.length === 1 ? `one ${shape}` : `"${shape}" joined by "|"`} (got "${key}")`,
    );
    return undefined;
  }
  const r = resolveJoinedKey(c.dims, key);
  if (!r.ok) {
    for (const m of r.messages) issue('key', 'key_unknown', `${m}, for ${c.name}`);
    return undefined;
  }
  for (const n of r.notes) ctx.notes.add(file, n, row.line);
  return r.key;
}

/** The value in the coefficient's unit, with the sign rule of the model (engine/scenario/coefficient-sign.ts). */
function readValue(
  ctx: LoadContext,
  file: string,
  row: Row,
  c: CoefInfo,
  issue: Report,
): { value: LocalCoefficientRow['value']; given?: string } | undefined {
  const text = row.cells.value!;
  const factor = unitCell(ctx, file, row, 'unit', c.unit, c.name);
  const v = readNumberCell(text, { file, row: row.line, column: 'value' }, ctx.issues);
  if (v === undefined || factor === false) return undefined;
  if (v.lt(0) && !allowsNegative(c)) {
    issue('value', 'coefficient_negative', `${text} would make ${c.name} (${c.unit.text}) negative; the model gives it no negative value`);
    return undefined;
  }
  return factor ? { value: v.mul(factor.num).div(factor.den), given: `${text} ${row.cells.unit}` } : { value: v };
}
