import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dec, type Dec, ZERO } from '../../engine/core/decimal.ts';
import { LMDI_FACTORS, lmdi, logMean, type LmdiYear } from '../../engine/carbon/lmdi.ts';

const year = (y: number, p: string, g: string, cats: Record<string, [string, string]>): LmdiYear => ({
  year: y,
  population: dec(p),
  gdp: dec(g),
  categories: new Map(Object.entries(cats).map(([k, [e, c]]) => [k, { energy: dec(e), co2: dec(c) }])),
});
const sum = (r: ReturnType<typeof lmdi>) => LMDI_FACTORS.reduce((s, k) => s.plus(r.effects[k]), ZERO);

describe('LMDI (additive, Ang 2005)', () => {
  it('the logarithmic mean: L(a,a) = a; L(e², e) = e² − e (ln difference 1)', () => {
    expect(logMean(dec('5'), dec('5')).toString()).toBe('5');
    const e = dec('1').exp();
    expect(logMean(e.mul(e), e).minus(e.mul(e).minus(e)).abs().lt('1e-32')).toBe(true);
  });

  it('population doubling alone: the population effect is the whole ΔC (hand calculation)', () => {
    const r = lmdi(year(2020, '100', '1000', { coal: ['10', '30'] }), year(2022, '200', '2000', { coal: ['20', '60'] }));
    expect(r.delta.toString()).toBe('30');
    expect(r.effects.population.toString()).toBe('30'); // L(60,30)·ln 2 = 30/ln2 · ln2
    expect(
      r.effects.affluence.isZero() && r.effects.intensity.isZero() && r.effects.mix.isZero() && r.effects.emission_factor.isZero(),
    ).toBe(true);
  });

  it('a two-fuel case matches an independent floating-point evaluation of the formula', () => {
    const y0 = year(2015, '2.0', '2000', { coal: ['400', '1000'], gas: ['100', '150'] });
    const yT = year(2022, '2.6', '4200', { coal: ['250', '600'], gas: ['350', '520'] });
    const r = lmdi(y0, yT);
    const L = (a: number, b: number) => (a - b) / (Math.log(a) - Math.log(b));
    const Lc = L(600, 1000),
      Lg = L(520, 150);
    const pop = (Lc + Lg) * Math.log(2.6 / 2.0);
    const mix = Lc * Math.log(250 / 600 / (400 / 500)) + Lg * Math.log(350 / 600 / (100 / 500));
    expect(Number(r.effects.population.toString())).toBeCloseTo(pop, 5);
    expect(Number(r.effects.mix.toString())).toBeCloseTo(mix, 5);
    expect(sum(r).eq(r.delta)).toBe(true);
    expect(r.delta.toString()).toBe('-30');
  });

  it('zero values (Ang & Liu 2007): a fuel that appears gives its C^T to the mix effect, one that disappears −C^0', () => {
    const r = lmdi(
      year(2020, '1', '10', { coal: ['5', '10'], gas: ['0', '0'] }),
      year(2021, '1', '10', { coal: ['0', '0'], gas: ['5', '3'] }),
    );
    const gas = r.categories.find((c) => c.category === 'gas')!,
      coal = r.categories.find((c) => c.category === 'coal')!;
    expect(gas.rule).toBe('appears');
    expect(gas.effects.mix.toString()).toBe('3');
    expect(coal.rule).toBe('disappears');
    expect(coal.effects.mix.toString()).toBe('-10');
    expect(sum(r).eq(r.delta)).toBe(true);
    // zero-emission electricity that starts to emit: the emission-factor effect takes it
    const e = lmdi(year(2020, '1', '10', { elec: ['5', '0'] }), year(2021, '1', '10', { elec: ['5', '2'] }));
    expect(e.effects.emission_factor.toString()).toBe('2');
  });

  // Amounts as decimal strings with up to 3 decimals, zeros included (a fuel can be absent in either year).
  const amount = fc.oneof(
    fc.constant('0'),
    fc.integer({ min: 1, max: 10_000_000 }).map((n) => (n / 1000).toFixed(3)),
  );
  const cat = fc
    .tuple(
      amount,
      fc.integer({ min: 0, max: 5000 }).map((n) => (n / 1000).toFixed(3)),
    )
    .map(([e, f]) => [e, e === '0' ? '0' : dec(e).mul(f).toString()] as [string, string]);
  const yearArb = (y: number) =>
    fc
      .record({
        p: fc.integer({ min: 1, max: 5_000_000 }).map(String),
        g: fc.integer({ min: 1, max: 1_000_000_000 }).map(String),
        cats: fc.dictionary(fc.constantFrom('coal', 'oil', 'gas', 'elec', 'heat', 'coke'), cat, { minKeys: 1 }),
      })
      .filter((v) => Object.values(v.cats).some(([e]) => e !== '0'))
      .map((v) => year(y, v.p, v.g, v.cats));

  it('property: the effects add up to ΔC exactly, whatever the data (zeros included), and each is within 2 units of the 6th decimal of its formula', () => {
    fc.assert(
      fc.property(yearArb(2015), yearArb(2022), (y0, yT) => {
        const r = lmdi(y0, yT);
        expect(sum(r).eq(r.delta)).toBe(true);
        const ulp2 = dec('0.000002');
        for (const c of r.categories) {
          const catSum = LMDI_FACTORS.reduce((s: Dec, k) => s.plus(c.effects[k]), ZERO);
          expect(catSum.eq(c.cT.minus(c.c0))).toBe(true);
          for (const k of LMDI_FACTORS) expect(c.effects[k].minus(c.exact[k]).abs().lte(ulp2)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('refuses non-positive population or GDP and emissions without energy', () => {
    expect(() => lmdi(year(2020, '0', '10', { coal: ['1', '1'] }), year(2021, '1', '10', { coal: ['1', '1'] }))).toThrow(
      /population in 2020/,
    );
    expect(() => lmdi(year(2020, '1', '10', { coal: ['0', '1'] }), year(2021, '1', '10', { coal: ['1', '1'] }))).toThrow(
      /emits without energy/,
    );
  });
});
