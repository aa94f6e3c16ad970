import type { Issue } from '../engine/core/errors.ts';
import { suggest } from '../engine/core/suggest.ts';
import type { GivenPrecedence, GivenValue, RegionYearGiven } from '../engine/eval/data.ts';
import { givenNames } from '../engine/eval/given.ts';
import type { CompiledModel, IndicatorPlan } from '../engine/model/types.ts';
import type { Row } from './csv.ts';
import { cellIssue, duplicateRow, keyCell, type LoadContext, numberCell, unitCell } from './row-checks.ts';

/**
 * Given quantities and values: a row of observations.csv whose variable names an indicator instead of an input.
 * `<service>` is the service's physical quantity (`<service>.physical` too, the only spelling when an input has
 * the service's name, as water_supply does), `<service>.money` its money value priced in the row's year,
 * `<service>.<part>` a part. Key empty = the total; else a key of the indicator's breakdown (a level-1 class
 * such as `forest` too). The value is converted exactly to the indicator's unit; the row is kept for the trace.
 */
export { givenIndicator, givenNames } from '../engine/eval/given.ts';

/** Given values by region-year, as the loader collects them. */
export class GivenValues {
  private readonly byRegionYear = new Map<string, RegionYearGiven>();
  /** indicator id → region|year → line of its first row, with whether it was a total (to refuse mixing). */
  private readonly firstRow = new Map<string, { line: number; total: boolean }>();

  put(region: string, year: number, indicator: string, key: string, v: GivenValue): void {
    const id = `${region}\0${year}`;
    let byIndicator = this.byRegionYear.get(id);
    if (!byIndicator) this.byRegionYear.set(id, (byIndicator = new Map()));
    let byKey = byIndicator.get(indicator);
    if (!byKey) byIndicator.set(indicator, (byKey = new Map()));
    byKey.set(key, v);
  }

  get(region: string, year: number): RegionYearGiven | undefined {
    return this.byRegionYear.get(`${region}\0${year}`);
  }

  get size(): number {
    return this.byRegionYear.size;
  }

  /** A total and keys for the same indicator and region-year would be two answers: the first row seen. */
  shapeOf(region: string, year: number, indicator: string, line: number, total: boolean) {
    const id = `${region}|${year}|${indicator}`;
    const first = this.firstRow.get(id);
    if (!first) this.firstRow.set(id, { line, total });
    return first;
  }
}

/** Read one given row into `given` (every problem into ctx). */
export function readGivenRow(
  ctx: LoadContext,
  file: string,
  row: Row,
  year: number | undefined,
  plan: IndicatorPlan,
  given: GivenValues,
): void {
  const region = row.cells.region!;
  const key = checkGivenKey(ctx, file, row, plan, row.cells.key ?? '');
  if (year !== undefined && key !== undefined) {
    const first = given.shapeOf(region, year, plan.id, row.line, key === '');
    if (first && first.total !== (key === '')) {
      cellIssue(
        ctx,
        file,
        row,
        'key',
        'given_key',
        `${plan.id} is given ${first.total ? 'as a total' : 'by key'} on line ${first.line}: give either the total or its breakdown, not both`,
      );
      return;
    }
    const dup = given.get(region, year)?.get(plan.id)?.get(key);
    if (dup) {
      duplicateRow(ctx, file, row, 'variable', dup.row.line, [region, year, plan.id, key]);
      return;
    }
    const overlap = key && overlapping(plan, key, [...(given.get(region, year)?.get(plan.id)?.keys() ?? [])]);
    if (overlap) {
      cellIssue(
        ctx,
        file,
        row,
        'key',
        'given_key',
        `"${key}" and "${overlap}" overlap (one is the other's group): it would be counted twice`,
      );
      return;
    }
  }
  const factor = unitCell(ctx, file, row, 'unit', plan.unit, plan.id);
  if (factor === false) return;
  const v = numberCell(ctx, file, row, 'value', undefined, factor);
  if (year === undefined || key === undefined || v === undefined) return;
  given.put(region, year, plan.id, key, {
    value: v,
    row: {
      file,
      line: row.line,
      ...(row.cells.source ? { source: row.cells.source } : {}),
      value: row.cells.value!,
      unit: row.cells.unit!,
    },
  });
}

/**
 * The key is empty (the total) or one name per dimension of the indicator's breakdown, each read like any key cell
 * (keyCell: 林地, 针叶林, town …, the mapping noted) and counted by the indicator: the data key, or undefined.
 */
function checkGivenKey(ctx: LoadContext, file: string, row: Row, plan: IndicatorPlan, written: string): string | undefined {
  if (written === '') return '';
  const parts = written.split('|');
  if (parts.length !== plan.over.length) {
    cellIssue(
      ctx,
      file,
      row,
      'key',
      'key_shape',
      plan.over.length
        ? `${plan.id} is broken down by ${plan.over.map((o) => o.dim.name).join(' | ')}`
        : `${plan.id} has no breakdown: leave key empty (the total)`,
    );
    return undefined;
  }
  const keys = plan.over.map(({ dim, subset }, n) => {
    const text = parts[n]!;
    let k: string | undefined = text;
    if (!dim.open) k = keyCell(ctx, file, row, 'key', dim, `key of ${dim.name}`, text);
    else if (!/^[a-z0-9][a-z0-9_-]*$/.test(text)) {
      cellIssue(ctx, file, row, 'key', 'key_unknown', `"${text}" is not a valid key (lower-case letters, digits, _ and -)`);
      k = undefined;
    }
    if (k === undefined) return undefined;
    if (!subset || subset.has(k) || subset.has(dim.groupOf.get(k) ?? '\u0000')) return k;
    cellIssue(ctx, file, row, 'key', 'given_key', `${plan.id} does not count ${dim.name} "${text}" (it counts ${[...subset].join(', ')})`);
    return undefined;
  });
  return keys.every((k) => k !== undefined) ? keys.join('|') : undefined;
}

/** A key given before that is the new key's group or one of its members (forest and coniferous_forest). */
function overlapping(plan: IndicatorPlan, key: string, before: string[]): string | undefined {
  const parts = key.split('|');
  return before.find((b) => {
    const bp = b.split('|');
    return bp.every((x, n) => {
      const dim = plan.over[n]!.dim;
      const y = parts[n]!;
      return x === y || dim.groupOf.get(x) === y || dim.groupOf.get(y) === x;
    });
  });
}

/**
 * dataset.yaml `given: { precedence: given }` (every indicator) or `{ precedence: { water_conservation: given,
 * soil_retention.money: computed } }` (by service or indicator id, the indicator's own entry first).
 */
export function precedenceOf(
  model: CompiledModel,
  spec: GivenPrecedence | Record<string, GivenPrecedence> | undefined,
): (indicator: string) => GivenPrecedence | undefined {
  if (spec === undefined || typeof spec === 'string') return () => spec;
  return (indicator) => spec[indicator] ?? spec[model.indicatorById.get(indicator)?.service ?? '\u0000'];
}

/** Every name under `given.precedence` is a service or an indicator of the model. */
export function checkPrecedence(
  model: CompiledModel,
  spec: GivenPrecedence | Record<string, GivenPrecedence> | undefined,
  file: string,
  issues: Issue[],
): void {
  if (spec === undefined || typeof spec === 'string') return;
  const known = givenNames(model);
  for (const name of Object.keys(spec))
    if (!known.includes(name))
      issues.push({
        code: 'variable_unknown',
        file,
        path: `given.precedence.${name}`,
        message: `"${name}" is not a service or indicator of ${model.ref}${suggest(name, known)}`,
      });
}
