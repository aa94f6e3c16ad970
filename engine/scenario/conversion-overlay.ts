import { type Dec, dec, ZERO } from '../core/decimal.ts';
import { conversion, parseUnit } from '../core/units.ts';
import type { TransitionRow } from '../gep/extent.ts';
import type { OverlayContext } from './context.ts';
import { resolveKey } from '../model/key-names.ts';

export type Transition = TransitionRow & { region: string; fromYear: number; toYear: number };

/**
 * Land-use conversions: move `area_ha` from one ecosystem type to another from a year on, in every year of
 * the data, and carry the move into the transition matrices (or leave a matrix out, with a note, when it cannot).
 */
export function convertAreas(ctx: OverlayContext, transitions: Transition[]): { transitions: Transition[]; notes: string[] } {
  const { model, data } = ctx;
  const extent = [...model.inputs.values()].find((i) => i.table === 'extent');
  const adjusted = [...transitions];
  const notes: string[] = [];
  ctx.scenario.overrides.conversions.forEach((written, n) => {
    const path = `overrides.conversions[${n}]`;
    if (!extent) {
      ctx.at(path, 'no_extent', `${model.ref} has no extent input to convert`);
      return;
    }
    const dim = extent.dims[0]!;
    let ok = true;
    // ecosystem types as published tables write them (林地, a level-1 class …), each mapping noted
    const cv = { ...written };
    for (const f of ['from_type', 'to_type'] as const) {
      const r = resolveKey(dim, written[f], 'ecosystem type');
      if (!r.ok) {
        ctx.at(`${path}.${f}`, 'key_unknown', r.message);
        ok = false;
      } else {
        cv[f] = r.key;
        if (r.note) notes.push(`${path}.${f}: ${r.note}`);
      }
    }
    if (ok && cv.from_type === cv.to_type) {
      ctx.at(`${path}.to_type`, 'conversion_same_type', `from_type and to_type are both "${cv.to_type}"`);
      ok = false;
    }
    const f = conversion(parseUnit('ha'), extent.unit);
    const moved = dec(cv.area_ha).mul(f.num).div(f.den);
    if (!moved.gt(0)) {
      ctx.at(
        `${path}.area_ha`,
        'not_positive',
        `area_ha must be positive (got ${cv.area_ha}); swap from_type and to_type to convert the other way`,
      );
      ok = false;
    }
    const regions = ctx.regionsOf(cv.region, `${path}.region`);
    if (!ctx.yearOk(cv.from, `${path}.from`) || !ok) return;
    for (const r of regions) {
      for (const y of data.years.filter((y) => y >= cv.from)) {
        const areas = ctx.current(r, y)?.get(extent.name);
        const have = areas?.get(cv.from_type) ?? ZERO;
        if (have.lt(moved)) {
          ctx.at(
            `${path}.area_ha`,
            'conversion_exceeds_area',
            `moves ${cv.area_ha} ha of ${cv.from_type} in ${r} ${y}, but only ${have} ${extent.unit.text} of it exist${n ? ' after the conversions before it' : ''}`,
          );
          continue;
        }
        ctx.set(r, y, extent.name, cv.from_type, have.minus(moved));
        ctx.set(r, y, extent.name, cv.to_type, (areas?.get(cv.to_type) ?? ZERO).plus(moved));
      }
      adjustTransitions(adjusted, r, cv.from, cv.from_type, cv.to_type, moved, notes);
    }
  });
  return { transitions: adjusted, notes };
}

/**
 * Keep the extent account's transition matrices consistent with a conversion: for each matrix of the region
 * the conversion touches, `moved` leaves the a→a diagonal and goes to a→b (when it starts inside the period)
 * or b→b (when it was already in place at the opening). A matrix whose diagonal is too small is dropped
 * (the account then shows net changes only) and a note says so.
 */
function adjustTransitions(rows: Transition[], region: string, from: number, a: string, b: string, moved: Dec, notes: string[]): void {
  const periods = new Set(rows.filter((t) => t.region === region && from <= t.toYear).map((t) => `${t.fromYear}-${t.toYear}`));
  for (const p of periods) {
    const [y0, y1] = p.split('-').map(Number) as [number, number];
    const inPeriod = (t: Transition) => t.region === region && t.fromYear === y0 && t.toYear === y1;
    const diag = rows.findIndex((t) => inPeriod(t) && t.fromType === a && t.toType === a);
    if (diag < 0 || rows[diag]!.area.lt(moved)) {
      for (let i = rows.length - 1; i >= 0; i--) if (inPeriod(rows[i]!)) rows.splice(i, 1);
      notes.push(`${region} ${y0}→${y1}: the transition matrix cannot carry the conversion ${a} → ${b} and is left out (net changes only)`);
      continue;
    }
    rows[diag] = { ...rows[diag]!, area: rows[diag]!.area.minus(moved) };
    // already converted at the opening: a→a loses, b→b gains; converted inside the period: a→a loses, a→b gains
    const fromType = from <= y0 ? b : a;
    const k = rows.findIndex((t) => inPeriod(t) && t.fromType === fromType && t.toType === b);
    if (k >= 0) rows[k] = { ...rows[k]!, area: rows[k]!.area.plus(moved) };
    else rows.push({ region, fromYear: y0, toYear: y1, fromType, toType: b, area: moved });
  }
}
