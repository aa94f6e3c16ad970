import { createHash } from 'node:crypto';
import { type Dec, dec, str, ZERO } from '../engine/core/decimal.ts';
import { IssuesError } from '../engine/core/errors.ts';
import { type AssetAccount, AssetSpec, assetBy, CAUSES, type ServiceFlows, UNALLOCATED } from '../engine/finance/asset.ts';
import { schemaIssues } from '../engine/model/schema-issues.ts';
import { canonicalJson } from './canonical-json.ts';
import { resultRows } from './gep-rows.ts';
import type { ResultRow } from './rows.ts';
import type { AccountRun, RunMeta } from './run.ts';

/** A valuation spec from its data (read by Sources.financeFile, or given inline), checked. */
export function parseAssetSpec({ raw, file }: { raw: unknown; file: string }): { spec: AssetSpec; file: string } {
  const p = AssetSpec.safeParse(raw);
  if (!p.success)
    throw new IssuesError(
      'run',
      schemaIssues(p.error.issues, 'schema_invalid').map((i) => ({ ...i, file })),
    );
  if (dec(p.data.discount_rate.opening).lte(0) || dec(p.data.discount_rate.closing).lte(0))
    throw new IssuesError('run', [
      { code: 'not_positive', file, path: 'discount_rate', message: 'an asset value needs a discount rate above 0' },
    ]);
  // a share a year: 2.77 % is 0.0277 (2.77 would value the asset at almost one year's flow)
  const high = (['opening', 'closing'] as const).filter((k) => dec(p.data.discount_rate[k]).gte(1));
  if (high.length)
    throw new IssuesError(
      'run',
      high.map((k) => ({
        code: 'discount_rate_bounds' as const,
        file,
        path: `discount_rate.${k}`,
        message: `${p.data.discount_rate[k]} is not a share a year below 1 (2.77 % is 0.0277)`,
      })),
    );
  return { spec: p.data, file };
}

export const assetSpecHash = (s: AssetSpec) => createHash('sha256').update(canonicalJson(s)).digest('hex');

const TYPE_KEY = /^ecosystem_type=([^;]+)$/;

/**
 * A service's money value of one year and basis by ecosystem type: the account's own money breakdown by type
 * when it has one; else the money value shared pro rata to the physical quantity by type (exact when the
 * price does not vary by type, as for the shadow prices of the regulating services); else unallocated ("*").
 * The parts sum to the service's value exactly (the last type takes the remainder).
 */
function byType(rows: ResultRow[], service: string, year: string, basis: string): Map<string, Dec> {
  const mine = rows.filter((r) => r.indicator === service && r.year === year);
  const total = mine.find((r) => r.level === 'service' && r.price_basis === basis);
  const out = new Map<string, Dec>();
  if (!total || total.money_value === '') return out;
  const value = dec(total.money_value);
  const money = mine.filter((r) => r.level === 'detail' && r.price_basis === basis && TYPE_KEY.test(r.key) && r.money_value !== '');
  if (money.length) {
    let rest = value;
    for (const r of money) {
      const v = dec(r.money_value);
      out.set(TYPE_KEY.exec(r.key)![1]!, v);
      rest = rest.minus(v);
    }
    if (!rest.isZero()) out.set(UNALLOCATED, rest);
    return out;
  }
  // physical rows carry no price basis: one per key (the rows of either basis repeat them)
  const seen = new Set<string>();
  const phys = mine.filter(
    (r) =>
      r.level === 'detail' &&
      r.money_value === '' &&
      TYPE_KEY.test(r.key) &&
      r.physical_value !== '' &&
      !seen.has(r.key) &&
      seen.add(r.key),
  );
  const sumPhys = phys.reduce((a, r) => a.plus(dec(r.physical_value)), ZERO);
  if (!phys.length || sumPhys.isZero()) return out.set(UNALLOCATED, value);
  let given = ZERO;
  phys.forEach((r, n) => {
    const v = n === phys.length - 1 ? value.minus(given) : value.mul(dec(r.physical_value)).div(sumPhys);
    given = given.plus(v);
    out.set(TYPE_KEY.exec(r.key)![1]!, v);
  });
  return out;
}

/** The flows of every service by type: opening and closing year at current prices, closing at opening prices (base year = opening). */
export function serviceFlows(run: AccountRun, opening: number, closing: number): ServiceFlows[] {
  const rows = resultRows(run);
  return run.model.services.map((s) => ({
    service: s.id,
    category: s.category,
    opening: byType(rows, s.id, String(opening), 'current'),
    closing: byType(rows, s.id, String(closing), 'current'),
    closingAtOpeningPrices: byType(rows, s.id, String(closing), 'constant'),
  }));
}

/** Extent by type of a region in a year (ha), from the account's extent table. */
export function extentOf(run: AccountRun, region: string, year: number): Map<string, Dec> {
  return new Map(run.account.extent.find((e) => e.region === region)?.area.get(year) ?? []);
}

/** An ecological asset value run (runs/kinds/asset). */
export interface AssetRun {
  meta: { id: string; kind: 'asset'; spec: { id: string; hash: string; illustrative: boolean }; gep: RunMeta };
  spec: AssetSpec;
  asset: AssetAccount;
  account: AccountRun;
  rows: ResultRow[];
}

/** The asset account as long rows: opening, closing and each cause by service × type, then by service and in total. */
export function assetRows(spec: AssetSpec, a: AssetAccount, model: string, scenario: string): ResultRow[] {
  const rows: ResultRow[] = [];
  const base = {
    region: spec.region,
    scenario,
    physical_value: '',
    physical_unit: '',
    currency: 'CNY',
    price_basis: 'current',
    model,
    method: `PV of service flows, ${spec.life.years} a, r ${spec.discount_rate.opening}→${spec.discount_rate.closing}`,
  };
  const push = (
    indicator: string,
    level: string,
    category: string,
    key: string,
    v: { opening: Dec; closing: Dec; changes: Record<string, Dec> },
  ) => {
    rows.push({
      ...base,
      indicator,
      level,
      category,
      key,
      year: String(spec.opening),
      price_year: String(spec.opening),
      money_value: str(v.opening),
    });
    for (const c of CAUSES)
      rows.push({
        ...base,
        indicator,
        level: `${level}_change`,
        category,
        key: key ? `${key};cause=${c}` : `cause=${c}`,
        // the change from opening to closing is dated at the closing year (a stored row's year is one year)
        year: String(spec.closing),
        price_year: '',
        money_value: str(v.changes[c]!),
      });
    rows.push({
      ...base,
      indicator,
      level,
      category,
      key,
      year: String(spec.closing),
      price_year: String(spec.closing),
      money_value: str(v.closing),
    });
  };
  for (const c of a.cells) push(c.service, 'asset_detail', c.category, `ecosystem_type=${c.type}`, c);
  for (const s of assetBy(a.cells, (c) => c.service))
    push(s.key, 'asset_service', a.cells.find((c) => c.service === s.key)!.category, '', s);
  push('asset', 'asset_total', '', '', a.total);
  return rows;
}

export function assetJson(spec: AssetSpec, a: AssetAccount) {
  const money = (v: { opening: Dec; closing: Dec; changes: Record<string, Dec> }) => ({
    opening: str(v.opening),
    closing: str(v.closing),
    changes: Object.fromEntries(CAUSES.map((c) => [c, str(v.changes[c]!)])),
  });
  return {
    spec,
    factors: [...a.factorOpening.keys()].map((s) => ({
      service: s,
      opening: str(a.factorOpening.get(s)!),
      closing: str(a.factorClosing.get(s)!),
    })),
    total: money(a.total),
    by_service: assetBy(a.cells, (c) => c.service).map((s) => ({ service: s.key, ...money(s) })),
    by_type: assetBy(a.cells, (c) => c.type).map((s) => ({ ecosystem_type: s.key, ...money(s) })),
    cells: a.cells.map((c) => ({ service: c.service, ecosystem_type: c.type, ...money(c) })),
  };
}
