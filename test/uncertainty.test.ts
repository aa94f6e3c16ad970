/**
 * Monte Carlo and sensitivity: seeded reproducibility, degenerate ranges give the deterministic result,
 * distributions behave, and the tornado bar of the reservoir cost matches a hand calculation.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { Dec, str } from '../engine/core/decimal.ts';
import { normalQuantile, quantile, sample, type Spread } from '../engine/uncertainty/distributions.ts';
import { drawStream, sfc32 } from '../engine/uncertainty/prng.ts';
import { runAccount, type AccountRun } from '../lib/run.ts';
import { IssuesError } from '../engine/core/errors.ts';
import { loadScenario, prepareScenario, runScenario } from '../lib/scenario.ts';
import { runUncertainty, uncertaintyRows, type UncertaintyRun } from '../lib/uncertainty.ts';

const d = (t: string) => new Dec(t);
let a: UncertaintyRun, baseline: AccountRun;
beforeAll(async () => {
  a = await runUncertainty({ draws: 60, seed: 20221 });
  baseline = runAccount({ trace: false });
});

describe('the float sampling path is held to the exact one', () => {
  // The inverse CDFs of sample() (distributions.ts) computed again in 34-digit decimals from the same u: the
  // float path must agree to the 12 significant digits it hands on (at most one unit in the 12th digit).
  const spread = (distribution: Spread['distribution'], low: string, high: string, mode = low): Spread => ({
    distribution,
    low: d(low),
    high: d(high),
    mode: d(mode),
  });
  const close = (got: Dec, want: Dec) => {
    const ulp12 = d('10').pow(want.abs().log(10).floor().minus(11));
    expect(got.minus(want).abs().lte(ulp12), `${str(got)} vs ${want.toSignificantDigits(14).toString()}`).toBe(true);
  };
  const us = [0, 1e-9, 0.025, 0.1, 0.3333333, 0.5, 0.7, 0.975, 0.999999];

  it('uniform and triangular (reservoir cost 5.714–7.53, mode 7.06: GEP-SERVICES.md)', () => {
    const [a, b, c] = [d('5.714'), d('7.53'), d('7.06')];
    for (const u0 of us) {
      const u = d(String(u0));
      close(sample(spread('uniform', '5.714', '7.53'), u0), a.plus(u.mul(b.minus(a))));
      const f = c.minus(a).div(b.minus(a));
      const tri = u.lt(f)
        ? a.plus(u.mul(b.minus(a)).mul(c.minus(a)).sqrt())
        : b.minus(d('1').minus(u).mul(b.minus(a)).mul(b.minus(c)).sqrt());
      close(sample(spread('triangular', '5.714', '7.53', '7.06'), u0), tri);
    }
  });

  it('normal and lognormal: the transform of the same z, in decimals', () => {
    const Z = d('1.959963984540054');
    for (const u0 of us.filter((u) => u > 0)) {
      const z = d(String(normalQuantile(u0)));
      const [a, b] = [d('260.9'), d('380')];
      close(
        sample(spread('normal', '260.9', '380'), u0),
        a
          .plus(b)
          .div(2)
          .plus(b.minus(a).div(Z.mul(2)).mul(z)),
      );
      const [la, lb] = [a.ln(), b.ln()];
      close(
        sample(spread('lognormal', '260.9', '380'), u0),
        la
          .plus(lb)
          .div(2)
          .plus(lb.minus(la).div(Z.mul(2)).mul(z))
          .exp(),
      );
    }
  });
});

describe('seeded generator and distributions', () => {
  it('sfc32 is a pure function of its seed; each draw has its own stream', () => {
    const x = sfc32(1, 2, 3, 4),
      y = sfc32(1, 2, 3, 4);
    const xs = Array.from({ length: 5 }, x),
      ys = Array.from({ length: 5 }, y);
    expect(xs).toEqual(ys);
    for (const v of xs) expect(v >= 0 && v < 1).toBe(true);
    expect(drawStream(7, 0)()).not.toBe(drawStream(7, 1)());
    expect(drawStream(7, 3)()).toBe(drawStream(7, 3)());
  });

  it('uniform, triangular, normal and lognormal: bounds, means and the 95 % interval', () => {
    const rng = drawStream(1, 0);
    const us = Array.from({ length: 4000 }, () => rng());
    const mean = (xs: Dec[]) =>
      xs
        .reduce((s, v) => s.plus(v), d('0'))
        .div(xs.length)
        .toNumber();
    const spread = (distribution: Spread['distribution'], low: string, high: string, mode = low): Spread => ({
      distribution,
      low: d(low),
      high: d(high),
      mode: d(mode),
    });
    const uni = us.map((u) => sample(spread('uniform', '2', '4'), u));
    expect(uni.every((v) => v.gte(2) && v.lte(4))).toBe(true);
    expect(Math.abs(mean(uni) - 3)).toBeLessThan(0.05);
    const tri = us.map((u) => sample(spread('triangular', '0', '3', '0'), u)); // mean (a + b + c)/3 = 1
    expect(Math.abs(mean(tri) - 1)).toBeLessThan(0.05);
    const nor = us.map((u) => sample(spread('normal', '8', '12'), u)); // 95 % inside 8–12
    const inside = nor.filter((v) => v.gte(8) && v.lte(12)).length / nor.length;
    expect(inside).toBeGreaterThan(0.93);
    expect(inside).toBeLessThan(0.97);
    const logn = us.map((u) => sample(spread('lognormal', '1', '100'), u)); // median 10 = √(1 × 100)
    const sorted = [...logn].sort((p, q) => p.cmp(q));
    expect(logn.every((v) => v.gt(0))).toBe(true);
    expect(Math.abs(quantile(sorted, d('0.5')).toNumber() - 10)).toBeLessThan(1);
    // Acklam's Φ⁻¹: Φ⁻¹(0.975) = 1.959964 (standard normal tables)
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 6);
    // a degenerate spread returns its value exactly
    expect(str(sample(spread('normal', '7.06', '7.06'), 0.3))).toBe('7.06');
  });

  it('type-7 quantiles (Hyndman & Fan 1996): P50 of 1..4 is 2.5, P5 of 1..21 is 2', () => {
    expect(str(quantile(['1', '2', '3', '4'].map(d), d('0.5')))).toBe('2.5');
    expect(
      str(
        quantile(
          Array.from({ length: 21 }, (_, i) => d(String(i + 1))),
          d('0.05'),
        ),
      ),
    ).toBe('2');
  });
});

describe('Monte Carlo over the model ranges (tianfu 2022)', () => {
  it('the same seed gives identical output; another seed another one; draws and seed are reported', async () => {
    const again = await runUncertainty({ draws: 60, seed: 20221 });
    expect(JSON.stringify(uncertaintyRows(again))).toBe(JSON.stringify(uncertaintyRows(a)));
    expect(again.meta.id).toBe(a.meta.id);
    const other = await runUncertainty({ draws: 60, seed: 1 });
    expect(str(other.summaries[0]!.p50)).not.toBe(str(a.summaries[0]!.p50));
    expect([a.meta.draws, a.meta.seed]).toEqual([60, 20221]);
    // the draws are on the float64 path (engine/fast), and the rows say so; the deterministic column is exact
    expect(uncertaintyRows(a)[0]!.method).toBe('Monte Carlo (float64 draws; deterministic exact), 60 draws, seed 20221');
    expect(a.meta.path).toBe('float');
    // the model's four ranged coefficients are the parameters
    expect(a.meta.parameters.map((p) => p.id)).toEqual([
      'coefficient:dredging_cost',
      'coefficient:oxygen_price',
      'coefficient:reservoir_cost',
      'coefficient:soil_bulk_density',
    ]);
  });

  it('P5 ≤ P50 ≤ P95 for every indicator; services without a ranged coefficient do not move', () => {
    for (const s of a.summaries) expect(s.p5.lte(s.p50) && s.p50.lte(s.p95), s.id).toBe(true);
    const crops = a.summaries.find((s) => s.id === 'crop_products|money')!;
    expect([str(crops.p5), str(crops.p95)]).toEqual([str(crops.deterministic), str(crops.deterministic)]);
    expect(a.summaries.find((s) => s.id === 'gep|current')!.deterministic.eq(baseline.account.regionYears[2]!.gep.current)).toBe(true);
  });

  it('degenerate ranges: P50 (and every percentile) equals the deterministic result (exact path: to the digit; float: 1e-9)', async () => {
    const flat = loadScenario({
      id: 'flat',
      label: 'degenerate ranges',
      base: { model: 'cn-gep-2022@1.0.0', dataset: 'tianfu-sample' },
      uncertainty: [
        { coefficient: 'reservoir_cost', low: '7.06', high: '7.06', distribution: 'normal' },
        { coefficient: 'soil_bulk_density', low: '1.3', high: '1.3', distribution: 'triangular' },
        { coefficient: 'dredging_cost', low: '15.58', high: '15.58' },
        { coefficient: 'oxygen_price', low: '727', high: '727', distribution: 'lognormal' },
        { input: 'nep', low: '1', high: '1', distribution: 'uniform' },
      ],
    });
    const r = await runUncertainty({ draws: 12, seed: 5, scenario: flat, path: 'exact' });
    expect(r.params.length).toBe(5);
    for (const s of r.summaries) {
      expect(str(s.p50), s.id).toBe(str(s.deterministic.toDecimalPlaces(12, Dec.ROUND_HALF_EVEN)));
      expect(str(s.p5)).toBe(str(s.p95));
    }
    const f = await runUncertainty({ draws: 12, seed: 5, scenario: flat });
    for (const s of f.summaries) {
      const rel = s.deterministic.isZero() ? s.p50.abs() : s.p50.minus(s.deterministic).abs().div(s.deterministic.abs());
      expect(rel.lte('1e-9'), `${s.id}: ${s.p50} vs ${s.deterministic}`).toBe(true);
      expect(str(s.p5)).toBe(str(s.p95));
    }
  });

  it('tornado: the reservoir-cost bar = (7.53 − 5.714) × (water conservation + flood storage) × CPI 2022/2010', () => {
    // reservoir_cost range 5.714–7.53 CNY/m3 (2010 prices; LY/T 1721-2008 lineage; ChinaXiv-201711.00309);
    // CPI 2022/2010 = 131.8025/100 (price-index.csv)
    const ry = baseline.account.regionYears.find((r) => r.year === 2022)!;
    const q = ['water_conservation', 'flood_regulation']
      .map((id) => ry.services.find((s) => s.id === id)!.physical!)
      .reduce((x, y) => x.plus(y));
    const bar = a.tornado.find((t) => t.param === 'coefficient:reservoir_cost')!;
    const hand = d('7.53').minus(d('5.714')).mul(q).mul(d('1.318025'));
    expect(bar.swing.minus(hand).abs().lte('0.00001'), `${bar.swing} vs ${hand}`).toBe(true);
    expect(a.tornado[0]!.param).toBe('coefficient:reservoir_cost'); // the largest bar on the sample
    for (let i = 1; i < a.tornado.length; i++) expect(a.tornado[i - 1]!.swing.gte(a.tornado[i]!.swing)).toBe(true);
  });

  it('under a scenario the deterministic value is the scenario run; an overridden value drops the model range', async () => {
    // price-high: reservoir_cost = 7.53 (2011 prices) from 2020 replaces the entry that had the 5.714–7.53 range
    const s = loadScenario(new URL('../scenarios/price-high.yaml', import.meta.url).pathname);
    const r = await runUncertainty({ draws: 8, seed: 3, scenario: s });
    const det = runScenario(s, { trace: false }).account.regionYears.find((x) => x.year === 2022)!.gep.current;
    expect(str(r.summaries[0]!.deterministic)).toBe(str(det));
    expect(r.meta.parameters.map((p) => p.id)).not.toContain('coefficient:reservoir_cost');
    // oxygen_price is overridden too; carbon_price is scaled (it had no range)
    expect(r.meta.parameters.map((p) => p.id)).toEqual(['coefficient:dredging_cost', 'coefficient:soil_bulk_density']);
  });

  it('scenario input ranges are factors on the data; bad ranges are refused naming the field', async () => {
    const bad = loadScenario({
      id: 'bad',
      label: 'bad',
      base: { model: 'cn-gep-2022@1.0.0', dataset: 'tianfu-sample' },
      uncertainty: [
        { input: 'visits', key: 'beach', low: '0.9', high: '1.1' },
        { coefficient: 'carbon_pric', low: '300', high: '500' },
        { coefficient: 'cover_factor', key: 'moon', low: '0', high: '1' },
      ],
    });
    await expect(runUncertainty({ draws: 5, seed: 1, scenario: bad })).rejects.toMatchObject({
      issues: [{ path: 'uncertainty[0].key' }, { path: 'uncertainty[1].coefficient' }, { path: 'uncertainty[2].key' }],
    });
    // review dual-1 #8: the same scenario was accepted by a plain scenario run (the list was checked by Monte Carlo only)
    expect(() => prepareScenario(bad)).toThrow(IssuesError);
    try {
      prepareScenario(bad);
    } catch (e) {
      expect((e as IssuesError).issues.map((i) => i.path)).toEqual([
        'uncertainty[0].key',
        'uncertainty[1].coefficient',
        'uncertainty[2].key',
      ]);
    }
  });

  it('low above high, or a mode outside low–high, is refused when the scenario is read (review dual-1 #8)', () => {
    const read = (u: object) => () =>
      loadScenario({ id: 'bad', label: 'bad', base: { model: 'cn-gep-2022@1.0.0', dataset: 'tianfu-sample' }, uncertainty: [u] });
    expect(read({ coefficient: 'carbon_price', low: '500', high: '300' })).toThrow(/uncertainty\.0\.high: low must not be above high/);
    expect(read({ coefficient: 'carbon_price', low: '300', high: '500', mode: '600', distribution: 'normal' })).toThrow(
      /uncertainty\.0\.mode: mode must lie between low and high/,
    );
    expect(read({ coefficient: 'carbon_price', low: '300', high: '500', mode: '400', distribution: 'triangular' })).not.toThrow();
  });
});
