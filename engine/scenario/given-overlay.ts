import { type Dec, dec } from '../core/decimal.ts';
import { conversion, parseUnit } from '../core/units.ts';
import { resolveJoinedKey } from '../model/key-names.ts';
import type { IndicatorPlan } from '../model/types.ts';
import type { OverlayContext } from './context.ts';
import type { InputOverride } from './schema.ts';

/**
 * An input override that names a value the dataset may give (`water_conservation`, `crop_products.money`,
 * `flood_regulation.lake_storage`): the scenario gives that value, in a stated unit converted exactly, or scales
 * the value the dataset gives. Key "" is the total; a key of the indicator's breakdown sets that key. The
 * scenario's value is used instead of the formula (a scenario that sets a value says that it wins).
 */
export function overrideGiven(ctx: OverlayContext, ov: InputOverride, n: number, plan: IndicatorPlan): void {
  const path = `overrides.inputs[${n}]`;
  const regions = ctx.regionsOf(ov.region, `${path}.region`);
  const yearsOk = [ctx.yearOk(ov.from, `${path}.from`), ov.to === undefined || ctx.yearOk(ov.to, `${path}.to`)].every(Boolean);
  const key = givenKey(ctx, plan, ov.key, `${path}.key`);
  let value: Dec | undefined;
  if (ov.value !== undefined) {
    try {
      const f = conversion(parseUnit(ov.unit!), plan.unit);
      value = dec(ov.value).mul(f.num).div(f.den);
    } catch (e) {
      ctx.at(
        `${path}.unit`,
        'unit_mismatch',
        `${plan.id} is in ${plan.unit.text}; "${ov.unit}" cannot be converted to it (${(e as Error).message})`,
      );
      return;
    }
  }
  if (!yearsOk || key === undefined) return;
  const what = `${plan.id}${key ? ` [${key}]` : ''}`;
  for (const r of regions) {
    for (const y of ctx.data.years.filter((y) => y >= ov.from && (ov.to === undefined || y <= ov.to))) {
      const old = ctx.currentGiven(r, y)?.get(plan.id)?.get(key);
      if (ov.scale !== undefined && old === undefined) {
        ctx.at(`${path}.scale`, 'data_missing', `${r} ${y}: the dataset gives no value of ${what} to scale`);
        continue;
      }
      const v = value ?? old!.value.mul(dec(ov.scale!));
      if (v.isNegative()) {
        ctx.at(`${path}.${ov.value !== undefined ? 'value' : 'scale'}`, 'negative', `${r} ${y}: ${what} cannot be negative (${v})`);
        continue;
      }
      const row = {
        file: `scenario ${ctx.scenario.id}`,
        scenario: ctx.scenario.id,
        path,
        ...(ov.source ? { source: ov.source } : {}),
        value: ov.value ?? `${old!.row.value} × ${ov.scale}`,
        unit: ov.unit ?? old!.row.unit,
      };
      ctx.setGiven(r, y, plan.id, key, { value: v, row });
    }
  }
}

/**
 * Key "" (the total) or one name per dimension of the indicator's breakdown, read like a data cell (林地, 针叶林 …,
 * the mapping noted), each a key or group the indicator counts: the data key, or undefined.
 */
function givenKey(ctx: OverlayContext, plan: IndicatorPlan, written: string, path: string): string | undefined {
  if (written === '') return '';
  const parts = written.split('|');
  if (parts.length !== plan.over.length) {
    ctx.at(
      path,
      'key_shape',
      plan.over.length
        ? `${plan.id} is broken down by ${plan.over.map((o) => o.dim.name).join(' | ')}`
        : `${plan.id} has no breakdown: leave key empty`,
    );
    return undefined;
  }
  const r = resolveJoinedKey(
    plan.over.map((o) => o.dim),
    written,
  );
  if (!r.ok) {
    for (const m of r.messages) ctx.at(path, 'key_unknown', m);
    return undefined;
  }
  const keys = r.key.split('|');
  const uncounted = plan.over.flatMap(({ dim, subset }, i) => {
    const k = keys[i]!;
    return !subset || subset.has(k) || subset.has(dim.groupOf.get(k) ?? '\u0000') ? [] : [`${dim.name} "${k}"`];
  });
  for (const u of uncounted) ctx.at(path, 'key_unknown', `${plan.id} does not count ${u}`);
  if (uncounted.length) return undefined;
  for (const n of r.notes) ctx.notes.push(`${path}: ${n}`);
  return r.key;
}
