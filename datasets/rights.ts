import type { Dec } from '../engine/core/decimal.ts';
import { suggest } from '../engine/core/suggest.ts';
import { parseUnit } from '../engine/core/units.ts';
import {
  HOLDER_KINDS,
  type HolderKind,
  RIGHT_STATUSES,
  RIGHT_TYPES,
  type RightRow,
  type RightStatus,
  type RightType,
} from '../engine/finance/rights.ts';
import { readNumberCell } from './cells.ts';
import { parseYear, type Row } from './csv.ts';
import { cellIssue, checkRegionYear, duplicateRow, type LoadContext, unitCell } from './row-checks.ts';

const ID = /^[a-z0-9][a-z0-9_-]*$/;

/**
 * rights.csv → the ledger of environmental rights held or issued: one row per holder, right type, vintage and
 * status in a year. The quantity is converted exactly to the unit the price set counts the type in (万tCO2e →
 * tCO2e, mu → ha, noted). A forest right names its stand (the income approach); `gep_service` says which GEP
 * service the right's flow is when it is not the price set's default ("none": none). Every problem of every row
 * is reported (file, line, column); no row is dropped.
 */
export function readRights(
  ctx: LoadContext,
  file: string,
  rows: Row[],
  /** The unit the price set counts each type in. */
  unitOf: (type: RightType) => string | undefined,
  /** The GEP model's service ids (a `gep_service` cell must be one, or "none"). */
  services: ReadonlySet<string>,
): RightRow[] {
  const out: RightRow[] = [];
  const seen = new Map<string, number>();
  for (const row of rows) {
    const c = row.cells;
    const issue = (column: string, code: Parameters<typeof cellIssue>[4], message: string) =>
      cellIssue(ctx, file, row, column, code, message);
    const year = checkRegionYear(ctx, file, row);
    const type = c.right_type as RightType;
    const typeOk = (RIGHT_TYPES as readonly string[]).includes(type);
    if (!typeOk)
      issue(
        'right_type',
        'right_type_unknown',
        `"${c.right_type}" is not a right type (${RIGHT_TYPES.join(', ')})${suggest(c.right_type!, RIGHT_TYPES)}`,
      );
    const kindOk = (HOLDER_KINDS as readonly string[]).includes(c.holder_kind!);
    if (!kindOk) issue('holder_kind', 'holder_kind_unknown', `"${c.holder_kind}" is not ${HOLDER_KINDS.join(', ')}`);
    const holderOk = ID.test(c.holder!);
    if (!holderOk) issue('holder', 'entity_id', `"${c.holder}" is not a valid holder id (lower-case letters, digits, _ and -)`);
    const statusOk = (RIGHT_STATUSES as readonly string[]).includes(c.status!);
    if (!statusOk)
      issue(
        'status',
        'right_status_unknown',
        `"${c.status}" is not a status (${RIGHT_STATUSES.join(', ')})${suggest(c.status!, RIGHT_STATUSES)}`,
      );
    const vintage = parseYear(c.vintage!);
    if (vintage === undefined)
      issue('vintage', 'not_a_year', `"${c.vintage}" is not a year (the vintage: the year the right was issued for)`);
    else if (year !== undefined && vintage > year) issue('vintage', 'years_order', `vintage ${vintage} is after the ledger year ${year}`);
    if (!c.source) issue('source', 'source_missing', 'every ledger row names its source (registry statement, certificate, contract)');
    const stand = c.stand ?? '';
    if (stand && typeOk && type !== 'forest_right')
      issue('stand', 'stand_unexpected', `a ${type} has no stand: only forest rights are valued from one`);
    const gepService = readService(c.gep_service ?? '', services, issue);
    const quantity = readQuantity(ctx, file, row, typeOk ? unitOf(type) : undefined, typeOk ? type : undefined);
    if (year === undefined || !typeOk || !kindOk || !holderOk || !statusOk || vintage === undefined || vintage > year) continue;
    if (!c.source || quantity === undefined || gepService === false || (stand && type !== 'forest_right')) continue;
    const key = [c.region!, year, c.holder!, type, vintage, c.status!, stand];
    const id = key.join('\0');
    if (seen.has(id)) {
      duplicateRow(ctx, file, row, 'status', seen.get(id), key);
      continue;
    }
    seen.set(id, row.line);
    out.push({
      line: row.line,
      region: c.region!,
      year,
      holderKind: c.holder_kind as HolderKind,
      holder: c.holder!,
      holderName: c.holder_name || c.holder!,
      type,
      quantity: quantity.value,
      unit: quantity.unit,
      vintage,
      status: c.status as RightStatus,
      ...(stand ? { stand } : {}),
      ...(gepService !== undefined ? { gepService } : {}),
      source: c.source,
    });
  }
  return out;
}

type Report = (column: string, code: Parameters<typeof cellIssue>[4], message: string) => void;

/** The gep_service cell: undefined (empty: the price set's default), null ("none"), the service, or false (unknown). */
function readService(text: string, services: ReadonlySet<string>, issue: Report): string | null | undefined | false {
  if (!text) return undefined;
  if (text === 'none') return null;
  if (services.has(text)) return text;
  issue('gep_service', 'service_unknown', `"${text}" is not a service of the model (or "none")${suggest(text, services)}`);
  return false;
}

/** The quantity in the type's unit, not negative; undefined with the problem reported. */
function readQuantity(
  ctx: LoadContext,
  file: string,
  row: Row,
  unit: string | undefined,
  type: RightType | undefined,
): { value: Dec; unit: string } | undefined {
  const v = readNumberCell(row.cells.quantity!, { file, row: row.line, column: 'quantity' }, ctx.issues);
  if (!unit || !type) return undefined;
  const factor = unitCell(ctx, file, row, 'unit', parseUnit(unit), `the quantity of a ${type}`);
  if (v === undefined || factor === false) return undefined;
  if (v.lt(0)) {
    cellIssue(ctx, file, row, 'quantity', 'below_minimum', `${row.cells.quantity} is below the minimum 0 for a quantity of rights`);
    return undefined;
  }
  return { value: factor ? v.mul(factor.num).div(factor.den) : v, unit };
}
