import { type Dec, dec, ONE } from '../core/decimal.ts';
import { conversion, parseUnit } from '../core/units.ts';
import type { InputInfo } from '../model/types.ts';
import { givenIndicator, givenNames } from '../eval/given.ts';
import type { OverlayContext } from './context.ts';
import { overrideGiven } from './given-overlay.ts';
import { suggest } from '../core/suggest.ts';
import { resolveJoinedKey } from '../model/key-names.ts';

/** Data cells set by an input override (region, year, input, key → index of the override): growth paths must not reach them. */
export type Overridden = Map<string, number>;
const cellKey = (r: string, y: number, input: string, key: string) => `${r}\0${y}\0${input}\0${key}`;

/** Input values from a year (to a year): a value in a stated unit, converted exactly, or the data scaled. */
export function overrideInputs(ctx: OverlayContext): Overridden {
  const { data, scenario } = ctx;
  const overridden: Overridden = new Map();
  scenario.overrides.inputs.forEach((ov, n) => {
    const given = ctx.model.inputs.has(ov.input) ? undefined : givenIndicator(ctx.model, ov.input);
    if (given) {
      overrideGiven(ctx, ov, n, given);
      return;
    }
    const path = `overrides.inputs[${n}]`;
    const checked = inputInfo(ctx, ov.input, ov.key, path);
    const regions = ctx.regionsOf(ov.region, `${path}.region`);
    const yearsOk = [ctx.yearOk(ov.from, `${path}.from`), ov.to === undefined || ctx.yearOk(ov.to, `${path}.to`)].every(Boolean);
    if (!yearsOk || !checked) return;
    const { info, key } = checked;
    let value: Dec | undefined;
    if (ov.value !== undefined) {
      try {
        const f = conversion(parseUnit(ov.unit!), info.unit);
        value = dec(ov.value).mul(f.num).div(f.den);
      } catch (e) {
        ctx.at(
          `${path}.unit`,
          'unit_mismatch',
          `${ov.input} is in ${info.unit.text}; "${ov.unit}" cannot be converted to it (${(e as Error).message})`,
        );
        return;
      }
    }
    for (const r of regions) {
      for (const y of data.years.filter((y) => y >= ov.from && (ov.to === undefined || y <= ov.to))) {
        const old = ctx.current(r, y)?.get(ov.input)?.get(key);
        if (ov.scale !== undefined && old === undefined) {
          ctx.at(`${path}.scale`, 'data_missing', `${r} ${y} has no value of ${ov.input}${key ? ` [${key}]` : ''} to scale`);
          continue;
        }
        const v = value ?? old!.mul(dec(ov.scale!));
        if (withinBounds(ctx, info, v, `${path}.${ov.value !== undefined ? 'value' : 'scale'}`, `${r} ${y}`))
          ctx.set(r, y, ov.input, key, v);
        overridden.set(cellKey(r, y, ov.input, key), n);
      }
    }
  });
  return overridden;
}

/** Growth paths: value_t = value_base × (1 + rate)^(t − base_year), anchored on the overridden values. */
export function growInputs(ctx: OverlayContext, overridden: Overridden): void {
  ctx.scenario.overrides.growth.forEach((g, n) => {
    const path = `overrides.growth[${n}]`;
    const checked = inputInfo(ctx, g.input, g.key, path);
    const regions = ctx.regionsOf(g.region, `${path}.region`);
    const rate = dec(g.rate);
    const rateOk = rate.gt(-1);
    if (!rateOk)
      ctx.at(
        `${path}.rate`,
        'rate_invalid',
        `a rate of ${g.rate} would make the value zero or negative (rates are fractions: "0.05" = 5 % a year)`,
      );
    if (!ctx.yearOk(g.base_year, `${path}.base_year`) || !checked || !rateOk) return;
    const { info, key } = checked;
    const what = `${g.input}${key ? ` [${key}]` : ''}`;
    for (const r of regions) {
      const base = ctx.current(r, g.base_year)?.get(g.input)?.get(key);
      if (base === undefined) {
        ctx.at(`${path}.base_year`, 'data_missing', `${r} has no value of ${what} in ${g.base_year} to grow from`);
        continue;
      }
      for (const y of ctx.data.years.filter((y) => y > g.base_year)) {
        const m = overridden.get(cellKey(r, y, g.input, key));
        if (m !== undefined) {
          ctx.at(
            path,
            'growth_conflict',
            `conflicts with overrides.inputs[${m}] in ${y} (${r}, ${what}): the growth path would replace the override; end the override at the base year or start the growth later`,
          );
          continue;
        }
        const v = base.mul(ONE.plus(rate).pow(y - g.base_year));
        if (withinBounds(ctx, info, v, `${path}.rate`, `${r} ${y}`)) ctx.set(r, y, g.input, key, v);
      }
    }
  });
}

/**
 * The input an override names, checked: known, not the extent (conversions move area), and its key read like a data
 * cell (林地, 针叶林 …; engine/model/key-names.ts, the mapping noted): the input and the data key.
 */
function inputInfo(ctx: OverlayContext, name: string, key: string, path: string): { info: InputInfo; key: string } | undefined {
  const info = ctx.model.inputs.get(name);
  if (!info) {
    ctx.at(
      `${path}.input`,
      'input_unknown',
      `unknown input "${name}"${suggest(name, [...ctx.model.inputs.keys(), ...givenNames(ctx.model)])}`,
    );
    return undefined;
  }
  if (info.table === 'extent') {
    ctx.at(
      `${path}.input`,
      'input_is_extent',
      `"${name}" is the ecosystem extent: change it with a conversion (overrides.conversions), which keeps the total area`,
    );
    return undefined;
  }
  const parts = key === '' ? [] : key.split('|');
  if (parts.length !== info.dims.length) {
    ctx.at(
      `${path}.key`,
      'key_shape',
      info.dims.length ? `${name} is keyed by ${info.dims.map((d) => d.name).join(' | ')}` : `${name} has no dimension: leave key empty`,
    );
    return undefined;
  }
  if (!parts.length) return { info, key };
  const r = resolveJoinedKey(info.dims, key);
  if (!r.ok) {
    for (const m of r.messages) ctx.at(`${path}.key`, 'key_unknown', m);
    return undefined;
  }
  for (const n of r.notes) ctx.notes.push(`${path}.key: ${n}`);
  return { info, key: r.key };
}

function withinBounds(ctx: OverlayContext, info: InputInfo, v: Dec, path: string, where: string): boolean {
  if (info.min && v.lt(info.min)) {
    ctx.at(path, 'below_minimum', `${where}: ${v} is below the minimum ${info.min} of ${info.name}`);
    return false;
  }
  if (info.max && v.gt(info.max)) {
    ctx.at(path, 'above_maximum', `${where}: ${v} is above the maximum ${info.max} of ${info.name}`);
    return false;
  }
  return true;
}
