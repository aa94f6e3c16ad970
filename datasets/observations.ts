import { annualConversion, parseUnit, type Unit } from '../engine/core/units.ts';
import type { CompiledModel, InputInfo } from '../engine/model/types.ts';
import { suggest } from '../engine/core/suggest.ts';
import type { Row } from './csv.ts';
import { type GivenValues, givenIndicator, givenNames, readGivenRow } from './given.ts';
import {
  cellIssue,
  checkRegionYear,
  duplicateRow,
  type InputValues,
  keyCell,
  type LoadContext,
  numberCell,
  unitCell,
} from './row-checks.ts';

/**
 * observations.csv → every input that is not the extent, converted exactly to the unit the model counts it in.
 * One dataset can serve several models: a variable this model does not use is a warning, not a refusal (a
 * misspelt variable still surfaces, as the input the model then misses).
 */
export function readObservations(
  ctx: LoadContext,
  file: string,
  rows: Row[],
  model: CompiledModel,
  values: InputValues,
  given?: GivenValues,
): void {
  const seen = new Map<string, number>();
  for (const row of rows) {
    const year = checkRegionYear(ctx, file, row);
    const variable = row.cells.variable!;
    const input = model.inputs.get(variable);
    const indicator = input ? undefined : givenIndicator(model, variable);
    if (indicator && given && !variable.includes('.') && !unitFits(row.cells.unit, indicator.unit)) {
      // A bare service id in a unit that is not the service's is another model's input of that name (the sample's
      // water_supply in m3 under esv-equivalent-2015, whose water_supply is an area): noted, as any unused row.
      ctx.warnings.push({
        code: 'variable_unused',
        file,
        row: row.line,
        column: 'variable',
        message: `"${variable}" is not an input of ${model.ref}, and as the service's quantity (${indicator.unit.text}) its unit "${row.cells.unit}" does not fit; the row is not used (write ${variable}.physical to give the quantity)`,
      });
      continue;
    }
    if (indicator && given) {
      readGivenRow(ctx, file, row, year, indicator, given); // a quantity or value given instead of computed
      continue;
    }
    if (!input) {
      ctx.warnings.push({
        code: 'variable_unused',
        file,
        row: row.line,
        column: 'variable',
        message: `"${variable}" is not an input or indicator of ${model.ref}; the row is not used${suggest(variable, [...model.inputs.keys(), ...givenNames(model)])}`,
      });
      continue;
    }
    if (input.table !== 'observations') {
      cellIssue(ctx, file, row, 'variable', 'variable_misplaced', `"${variable}" belongs in ${input.table}.csv`);
      continue;
    }
    const resolved = checkKey(ctx, file, row, input, row.cells.key ?? '');
    const keyOk = resolved !== undefined;
    const key = resolved ?? row.cells.key ?? '';
    const id = `${row.cells.region}|${row.cells.year}|${variable}|${key}`;
    const first = seen.get(id);
    if (first !== undefined) {
      duplicateRow(ctx, file, row, 'variable', first, [row.cells.region!, row.cells.year!, variable, key]);
      continue;
    }
    seen.set(id, row.line);
    const factor = unitCell(ctx, file, row, 'unit', input.unit, input.name);
    if (factor === false) continue;
    const v = numberCell(ctx, file, row, 'value', input, factor);
    if (year !== undefined && keyOk && v !== undefined) values.put(row.cells.region!, year, input, key, v);
  }
}

/**
 * The key cell has one part per dimension of the input, each a key of its dimension as published tables write it
 * (林地, 针叶林, a level-1 class; the mapping is noted) or a valid open key: the key as the model counts it, or
 * undefined with the problems.
 */
function checkKey(ctx: LoadContext, file: string, row: Row, input: InputInfo, key: string): string | undefined {
  const parts = key === '' ? [] : key.split('|');
  if (parts.length !== input.dims.length) {
    cellIssue(
      ctx,
      file,
      row,
      'key',
      'key_shape',
      input.dims.length === 0
        ? `${input.name} has no dimension: leave key empty`
        : `${input.name} is keyed by ${input.dims.map((d) => d.name).join(' | ')}`,
    );
    return undefined;
  }
  const keys = input.dims.map((d, n) => {
    const k = parts[n]!;
    if (!d.open) return keyCell(ctx, file, row, 'key', d, `key of ${d.name}`, k);
    if (/^[a-z0-9][a-z0-9_-]*$/.test(k)) return k;
    cellIssue(ctx, file, row, 'key', 'key_unknown', `"${k}" is not a valid key (lower-case letters, digits, _ and -)`);
    return undefined;
  });
  return keys.every((k) => k !== undefined) ? keys.join('|') : undefined;
}

/** Does a unit cell convert to `to`? (No issue is recorded: the caller decides what a misfit means.) */
function unitFits(text: string | undefined, to: Unit): boolean {
  try {
    annualConversion(parseUnit(text ?? ''), to);
    return true;
  } catch {
    return false;
  }
}
