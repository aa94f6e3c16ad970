import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dec, type Dec, ZERO } from '../../engine/core/decimal.ts';
import { inventoryRegionYear, type Activity } from '../../engine/carbon/inventory.ts';
import { loadFactorSet } from '../../models/carbon-factors.ts';

const cn = loadFactorSet('cn-carbon-factors');
const grid = { geography: 'sichuan', kind: 'average', vintage: 'year' as const };
const sum = (xs: Iterable<Dec>) => [...xs].reduce((s, x) => s.plus(x), ZERO);

const amount = fc.integer({ min: 0, max: 10_000_000_000 }).map((n) => dec((n / 1000).toFixed(3)));
const sector = fc.constantFrom(...Object.keys(cn.sectors));
const line: fc.Arbitrary<Activity> = fc.oneof(
  fc.record({ kind: fc.constant('fuel' as const), item: fc.constantFrom(...cn.fuels.keys()), sector, amount }),
  fc.record({ kind: fc.constant('feedstock' as const), item: fc.constantFrom(...cn.fuels.keys()), sector, amount }),
  fc.record({ kind: fc.constant('electricity' as const), item: fc.constantFrom('grid', 'solar'), sector, amount }),
  fc.record({ kind: fc.constant('heat' as const), item: fc.constant('purchased'), sector, amount }),
  fc.record({ kind: fc.constant('process' as const), item: fc.constantFrom(...cn.processes.keys()), sector, amount }),
  // direct CH4/N2O only where a non-energy class exists (waste, primary, secondary sectors)
  fc.record({
    kind: fc.constant('emission' as const),
    item: fc.constantFrom('CH4', 'N2O'),
    sector: fc.constantFrom(
      ...Object.entries(cn.sectors)
        .filter(([, s]) => s.gpc === 'waste' || (s.group !== 'tertiary' && s.group !== 'residential'))
        .map(([k]) => k),
    ),
    amount,
  }),
  fc.record({ kind: fc.constant('sink' as const), item: fc.constant('forest'), sector: fc.constant(''), amount }),
);

describe('inventory identities (fast-check)', () => {
  it('gross = scope 1 + scope 2 = Σ sectors = Σ sources = Σ gases = Σ GPC sectors, exactly; sinks never enter gross', () => {
    fc.assert(
      fc.property(fc.array(line, { maxLength: 40 }), fc.integer({ min: 2015, max: 2030 }), (acts, year) => {
        const inv = inventoryRegionYear(cn, 'r', year, acts, { grid });
        expect(inv.issues).toEqual([]);
        expect(inv.gross.eq(inv.scope1.plus(inv.scope2))).toBe(true);
        expect(sum([...inv.bySector.values()].map((v) => v.scope1.plus(v.scope2))).eq(inv.gross)).toBe(true);
        expect(sum(inv.bySource.values()).eq(inv.gross)).toBe(true);
        expect(sum(inv.byGas.values()).eq(inv.gross)).toBe(true);
        expect(sum(inv.byGpcSector.values()).eq(inv.gross)).toBe(true);
        expect(inv.sinks.eq(sum(acts.filter((a) => a.kind === 'sink').map((a) => a.amount)))).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('the inventory of two activity sets together is the sum of their inventories (emissions and energy)', () => {
    fc.assert(
      fc.property(fc.array(line, { maxLength: 25 }), fc.array(line, { maxLength: 25 }), (a, b) => {
        const inv = (x: Activity[]) => inventoryRegionYear(cn, 'r', 2022, x, { grid });
        const ab = inv([...a, ...b]),
          ia = inv(a),
          ib = inv(b);
        expect(ab.gross.eq(ia.gross.plus(ib.gross))).toBe(true);
        expect(ab.energy.fossil.eq(ia.energy.fossil.plus(ib.energy.fossil))).toBe(true);
        expect(ab.energy.feedstock.eq(ia.energy.feedstock.plus(ib.energy.feedstock))).toBe(true);
      }),
      { numRuns: 150 },
    );
  });
});
