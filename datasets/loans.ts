import type { Dec } from '../engine/core/decimal.ts';
import { suggest } from '../engine/core/suggest.ts';
import { parseUnit } from '../engine/core/units.ts';
import { type Exposure, INSTRUMENTS, type Instrument } from '../engine/finance/pcaf.ts';
import { readNumberCell } from './cells.ts';
import type { Row } from './csv.ts';
import { cellIssue, checkRegionYear, duplicateRow, type LoadContext, unitCell } from './row-checks.ts';

const ID = /^[a-z0-9][a-z0-9_-]*$/;
const CNY = parseUnit('CNY'),
  TCO2E = parseUnit('tCO2e');

/**
 * loans.csv → the lending book whose financed emissions are counted (engine/finance/pcaf.ts): one row per loan or
 * bond and year, with the amount outstanding, the borrower's EVIC (listed) or total equity + debt (unlisted),
 * its scope 1 and 2 emissions and the PCAF data-quality score (1–5). Money through `money_unit` (CNY, 万元, 亿元),
 * emissions through `emissions_unit` (tCO2e, 万tCO2e), converted exactly and noted. A financed project may give
 * its emissions without and with it (baseline_emissions, project_emissions: ΔtCO2e) and its catalogue entry.
 * Every problem of every row is reported; no row is dropped.
 */
export function readLoans(ctx: LoadContext, file: string, rows: Row[]): Exposure[] {
  const out: Exposure[] = [];
  const seen = new Map<string, number>();
  for (const row of rows) {
    const c = row.cells;
    const issue = (column: string, code: Parameters<typeof cellIssue>[4], message: string) =>
      cellIssue(ctx, file, row, column, code, message);
    const year = checkRegionYear(ctx, file, row);
    const idOk = ID.test(c.loan!) && ID.test(c.borrower!);
    if (!ID.test(c.loan!)) issue('loan', 'entity_id', `"${c.loan}" is not a valid loan id (lower-case letters, digits, _ and -)`);
    if (!ID.test(c.borrower!))
      issue('borrower', 'entity_id', `"${c.borrower}" is not a valid borrower id (lower-case letters, digits, _ and -)`);
    const instrument = c.instrument as Instrument;
    const instrumentOk = (INSTRUMENTS as readonly string[]).includes(instrument);
    if (!instrumentOk)
      issue(
        'instrument',
        'instrument_unknown',
        `"${c.instrument}" is not an instrument (${INSTRUMENTS.join(', ')})${suggest(c.instrument!, INSTRUMENTS)}`,
      );
    const listed = c.listed === 'yes' ? true : c.listed === 'no' ? false : undefined;
    if (listed === undefined)
      issue(
        'listed',
        'yes_no_invalid',
        `"${c.listed}" is not yes or no (is the borrower listed? yes: EVIC is the denominator; no: equity + debt)`,
      );
    const quality = /^[1-5]$/.test(c.data_quality!) ? Number(c.data_quality) : undefined;
    if (quality === undefined)
      issue('data_quality', 'quality_score_invalid', `"${c.data_quality}" is not a PCAF data-quality score (1 best … 5)`);
    if (!c.source) issue('source', 'source_missing', 'every exposure names its source (loan system, borrower report, estimate)');
    const money = unitCell(ctx, file, row, 'money_unit', CNY, 'an amount of money');
    const tonnes = unitCell(ctx, file, row, 'emissions_unit', TCO2E, 'emissions');
    const amount = (column: string, factor: typeof money, required: boolean) => readAmount(ctx, file, row, column, factor, required);
    const outstanding = amount('outstanding', money, true);
    const evic = amount('evic', money, false);
    const equityDebt = amount('equity_debt', money, false);
    const scope1 = amount('scope1', tonnes, true),
      scope2 = amount('scope2', tonnes, true);
    const baseline = amount('baseline_emissions', tonnes, !!c.project_emissions),
      project = amount('project_emissions', tonnes, !!c.baseline_emissions);
    const denominator = listed ? evic : equityDebt;
    if (listed !== undefined && denominator === null)
      issue(
        listed ? 'evic' : 'equity_debt',
        'denominator_missing',
        listed
          ? 'a listed borrower needs its EVIC (enterprise value including cash)'
          : 'an unlisted borrower needs its total equity + debt',
      );
    if (outstanding && denominator && !denominator.isZero() && outstanding.gt(denominator))
      issue(
        'outstanding',
        'attribution_above_one',
        `${c.outstanding} outstanding is more than the ${listed ? 'EVIC' : 'equity + debt'} it is divided by`,
      );
    if (denominator?.isZero()) issue(listed ? 'evic' : 'equity_debt', 'not_positive', 'the PCAF denominator is positive');
    const values = [outstanding, scope1, scope2, baseline, project, evic, equityDebt];
    if (year === undefined || !idOk || !instrumentOk || listed === undefined || quality === undefined || !c.source) continue;
    if (
      values.includes(undefined) ||
      !outstanding ||
      !scope1 ||
      !scope2 ||
      !denominator ||
      denominator.isZero() ||
      outstanding.gt(denominator)
    )
      continue;
    const id = `${c.loan}\0${year}`;
    if (seen.has(id)) {
      duplicateRow(ctx, file, row, 'loan', seen.get(id), [c.loan!, year]);
      continue;
    }
    seen.set(id, row.line);
    out.push({
      line: row.line,
      id: c.loan!,
      region: c.region!,
      year,
      borrower: c.borrower!,
      borrowerName: c.borrower_name || c.borrower!,
      instrument,
      listed,
      outstanding,
      ...(evic ? { evic } : {}),
      ...(equityDebt ? { equityDebt } : {}),
      scope1,
      scope2,
      quality,
      ...(baseline && project ? { baseline, project } : {}),
      ...(c.catalogue ? { catalogue: c.catalogue } : {}),
      source: c.source,
    });
  }
  return out;
}

/** An amount, not negative, in the row's unit converted: the value, null when empty and allowed, undefined when wrong. */
function readAmount(
  ctx: LoadContext,
  file: string,
  row: Row,
  column: string,
  factor: { num: Dec; den: Dec } | undefined | false,
  required: boolean,
): Dec | null | undefined {
  const text = row.cells[column] ?? '';
  if (!text) {
    if (required) cellIssue(ctx, file, row, column, 'cell_empty', `${column} is needed here`);
    return required ? undefined : null;
  }
  const v = readNumberCell(text, { file, row: row.line, column }, ctx.issues);
  if (v === undefined || factor === false) return undefined;
  if (v.lt(0)) {
    cellIssue(ctx, file, row, column, 'below_minimum', `${text} is below the minimum 0 for ${column}`);
    return undefined;
  }
  return factor ? v.mul(factor.num).div(factor.den) : v;
}
