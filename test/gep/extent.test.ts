import { describe, expect, it } from 'vitest';
import { runAccount } from '../../lib/run.ts';

describe('extent account', () => {
  const run = runAccount();
  const e = run.account.extent[0]!;
  const change = e.changes.find((c) => c.fromYear === 2020 && c.toYear === 2022)!;
  const row = (t: string) => change.rows.find((r) => r.type === t)!;

  it('gives the area by type per year, summing to the region (1,578 km² = 157,800 ha)', () => {
    for (const y of [2020, 2021, 2022]) expect(e.total.get(y)!.eq(157800)).toBe(true);
    expect(e.area.get(2021)!.get('paddy')!.eq(20700)).toBe(true);
  });

  it('splits net change into gross additions and reductions from the transition matrix', () => {
    // datasets/tianfu-sample/extent-change.csv: paddy → built_up 600, dry_farmland → built_up 700,
    // dry_farmland → urban_green 400, bare_land → urban_green 50, → broadleaf_forest 150, → wetland 50
    expect(row('built_up').additions!.eq(1300)).toBe(true);
    expect(row('built_up').reductions!.eq(0)).toBe(true);
    expect(row('dry_farmland').reductions!.eq(1100)).toBe(true);
    expect(row('bare_land').net.eq(-250)).toBe(true);
    expect(row('urban_green').closing.eq(9050)).toBe(true);
    expect(change.matrix!.get('dry_farmland')!.get('urban_green')!.eq(400)).toBe(true);
    // the matrix conserves area: Σ additions = Σ reductions
    const add = change.rows.reduce((a, r) => a.plus(r.additions!), change.rows[0]!.opening.mul(0));
    const red = change.rows.reduce((a, r) => a.plus(r.reductions!), change.rows[0]!.opening.mul(0));
    expect(add.eq(red)).toBe(true);
  });

  it('gives net change only between consecutive years without a matrix', () => {
    const c = e.changes.find((x) => x.fromYear === 2020 && x.toYear === 2021)!;
    expect(c.matrix).toBeUndefined();
    expect(c.rows.find((r) => r.type === 'paddy')!.net.eq(-300)).toBe(true);
    expect(c.rows[0]!.additions).toBeUndefined();
  });
});
