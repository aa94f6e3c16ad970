/**
 * Dual (GEP–GDP) accounting on the sample (datasets/tianfu-sample/economy.csv, illustrative), the ΔGEP driver
 * ranking (property test: quantity + price = ΔGEP exactly, Σ drivers = ΔGEP), and the scorecard.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { Dec, str, ZERO } from '../engine/core/decimal.ts';
import { IssuesError } from '../engine/core/errors.ts';
import { accountDual } from '../engine/dual/account.ts';
import { rankDrivers, sumDeltas } from '../engine/dual/drivers.ts';
import { scoreRegions } from '../engine/dual/scorecard.ts';
import type { AccountingData } from '../engine/eval/data.ts';
import { accountGep } from '../engine/gep/account.ts';
import { dualRows, loadDualSpec, loadScorecard, runDual, type DualRun } from '../lib/dual.ts';

const d = (t: string) => new Dec(t);
let run: DualRun;
beforeAll(() => { run = runDual(); });
const row = (y: number) => run.dual.rows.find((r) => r.year === y)!;
const gepOf = (y: number) => run.gep.account.regionYears.find((r) => r.year === y)!;

describe('dual accounting, tianfu 2022 (economy.csv figures written out)', () => {
  it('GDP at constant 2020 prices chains the volume indices: 298,819,710,000 × 1.094 × 1.032', () => {
    // gdp 2020 = 298819710000 CNY; gdp_index 2021 = 109.4, 2022 = 103.2 (previous year = 100)
    expect(str(row(2022).gdpConstant)).toBe(str(d('298819710000').mul(d('1.094')).mul(d('1.032')))); // 337369843147.68
    expect(str(row(2022).gdpConstant)).toBe('337369843147.68');
    expect(str(row(2022).yoy!.gdp)).toBe('0.032');
    expect(str(row(2022).vsBase!.gdp)).toBe('0.129008'); // 1.094 × 1.032 − 1
  });

  it('GEP/GDP, per km² (area 1,578 km²), per capita (2,981,000 people), growth at constant prices', () => {
    const r = row(2022), g = gepOf(2022);
    const q = (x: Dec) => x.toDecimalPlaces(12, Dec.ROUND_HALF_EVEN);
    expect(str(r.ratio)).toBe(str(q(g.gep.current.div(d('353061930000'))))); // gdp 2022 = 353,061,930,000 CNY
    expect(str(r.gepPerKm2!)).toBe(str(q(g.gep.current.div(d('1578')))));
    expect(str(r.gepPerCapita!)).toBe(str(q(g.gep.current.div(d('2981000')))));
    expect(str(r.yoy!.gep)).toBe(str(q(g.gep.constant.div(gepOf(2021).gep.constant).minus(1))));
    expect(str(r.vsBase!.gep)).toBe(str(q(g.gep.constant.div(gepOf(2020).gep.constant).minus(1))));
  });

  it('realisation rate = (provisioning + recreation) / GEP, as declared in models/dual/cn-dual-2022.yaml', () => {
    const g = gepOf(2022);
    const realised = g.services.filter((s) => s.category === 'provisioning' || s.id === 'recreation').reduce((a, s) => a.plus(s.money), ZERO);
    expect(str(row(2022).realised)).toBe(str(realised));
    expect(str(row(2022).realisationRate)).toBe(str(realised.div(g.gep.current).toDecimalPlaces(12, Dec.ROUND_HALF_EVEN)));
  });

  it('GEEP = GDP + GEP − GEP in GDP − (2.77 % + 0.87 %) of GDP (Wang Jinnan et al. 2018 national shares)', () => {
    const r = row(2022), g = gepOf(2022);
    const gdp = d('353061930000');
    expect(r.adjustments.map((a) => [a.id, str(a.value)])).toEqual([['pollution_loss', str(gdp.mul('0.0277'))], ['ecological_damage', str(gdp.mul('0.0087'))]]);
    expect(str(r.geep)).toBe(str(gdp.plus(g.gep.current).minus(r.realised).minus(gdp.mul('0.0364'))));
    // equivalently GDP + (regulating + landscape premium) − degradation, since in-GDP = realised here
    const nonMarket = g.services.filter((s) => s.category === 'regulating' || s.id === 'landscape_premium').reduce((a, s) => a.plus(s.money), ZERO);
    expect(str(r.geep)).toBe(str(gdp.plus(nonMarket).minus(gdp.mul('0.0364'))));
  });

  it('long rows: stable dotted ids, ratios as physical "1", money with its price year and basis', () => {
    const rows = dualRows(run);
    const ratio = rows.find((x) => x.indicator === 'dual.gep_gdp_ratio' && x.year === '2022')!;
    expect(ratio).toMatchObject({ level: 'dual', physical_unit: '1', scenario: 'baseline', model: 'cn-gep-2022@1.0.0' });
    const gdpC = rows.find((x) => x.indicator === 'dual.gdp' && x.year === '2022' && x.price_basis === 'constant')!;
    expect(gdpC).toMatchObject({ money_value: '337369843147.68', currency: 'CNY', price_year: '2020' });
    expect(new Set(rows.map((x) => x.level))).toEqual(new Set(['dual', 'driver', 'scorecard']));
  });

  it('a spec naming a service the model lacks is refused, naming the field', () => {
    const spec = loadDualSpec();
    const bad = { ...spec, realisation: { ...spec.realisation, services: [...spec.realisation.services, 'timber_sales'] } };
    try {
      accountDual(run.gep.account, run.gep.dataset.economy!, new Map(), bad);
      throw new Error('accepted');
    } catch (e) {
      expect(e).toBeInstanceOf(IssuesError);
      expect((e as IssuesError).issues[0]).toMatchObject({ path: 'realisation.services[7]', code: 'service_unknown' });
    }
  });
});

describe('ΔGEP drivers (fast-check)', () => {
  /** The sample with every input scaled by a per-input, per-year factor. */
  const scaled = (base: AccountingData, f: (name: string, year: number) => Dec): AccountingData => ({
    ...base,
    values(region, year) {
      const v = base.values(region, year);
      return v && new Map([...v].map(([n, byKey]) => [n, new Map([...byKey].map(([k, x]) => [k, x.mul(f(n, year))]))]));
    },
  });
  const factor = fc.integer({ min: 25, max: 400 }).map((n) => new Dec(n).div(100));
  const names = ['area', 'precipitation', 'product_price', 'product_output', 'visits', 'travel_cost', 'nep', 'water_supply'];

  it('quantity + price = Δ exactly for every driver; Σ drivers = ΔGEP; ranked by |Δ|', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...names), factor), fc.dictionary(fc.constantFrom(...names), factor), (p20, p22) => {
        const data = scaled(run.gep.dataset, (n, y) => (y === 2022 ? p22[n] : y === 2020 ? p20[n] : undefined) ?? new Dec(1));
        const acc = accountGep(run.gep.model, data, { baseYear: 2020, years: [2020, 2022], decompose: [[2020, 2022]] });
        const r = rankDrivers(acc.decompositions[0]!);
        for (const s of r.services) expect(s.quantity.plus(s.price).eq(s.delta), s.id).toBe(true);
        expect(r.total.quantity.plus(r.total.price).eq(r.total.delta)).toBe(true);
        expect(sumDeltas(r).eq(r.total.delta)).toBe(true);
        for (let i = 1; i < r.services.length; i++) expect(r.services[i - 1]!.delta.abs().gte(r.services[i]!.delta.abs())).toBe(true);
        expect(r.services.map((s) => s.rank)).toEqual(r.services.map((_, n) => n + 1));
      }),
      { numRuns: 8 },
    );
  });

  it('on the sample 2020 → 2022, the largest driver is named with its share', () => {
    const r = run.drivers.find((x) => x.fromYear === 2020 && x.toYear === 2022)!;
    const top = r.services[0]!;
    expect(top.delta.abs().gte(r.services[1]!.delta.abs())).toBe(true);
    expect(str(top.share!)).toBe(str(top.delta.div(r.total.delta).toDecimalPlaces(12, Dec.ROUND_HALF_EVEN)));
  });
});

describe('scorecard (models/scorecards/dual-default.yaml)', () => {
  const card = loadScorecard();
  it('scores linearly from floor to target, lights by target and amber, ranks regions', () => {
    // realisation_rate: floor 0.10, amber 0.30, target 0.45, weight 20 → 0.375 scores (0.375 − 0.1)/(0.45 − 0.1) × 100 = 78.571429, yellow
    const values: Record<string, Record<string, string>> = {
      a: { 'dual.gep_growth_yoy': '0.03', 'dual.gep_minus_gdp_growth_yoy': '0.01', 'dual.realisation_rate': '0.375', 'dual.geep_growth_yoy': '0.06', 'dual.gep_per_km2': '12000000' },
      b: { 'dual.gep_growth_yoy': '-0.06', 'dual.gep_minus_gdp_growth_yoy': '-0.10', 'dual.realisation_rate': '0.5', 'dual.geep_growth_yoy': '0.0', 'dual.gep_per_km2': '6000000' },
    };
    const s = scoreRegions(card, 2022, (r, i) => (values[r]![i] ? d(values[r]![i]!) : undefined), ['b', 'a']);
    expect(s.map((x) => [x.region, x.rank])).toEqual([['a', 1], ['b', 2]]);
    const a = s[0]!, b = s[1]!;
    const rr = a.indicators.find((i) => i.indicator === 'dual.realisation_rate')!;
    expect([str(rr.score), rr.light]).toEqual(['78.571429', 'yellow']);
    // a: weights 30, 20, 20, 20, 10 → (30·100 + 20·100 + 20·78.571429 + 20·100 + 10·100) / 100
    expect(str(a.score)).toBe('95.714286');
    // b: GEP fell 6 % (below the floor −5 %: 0, red); gap −10 points: (−0.10 + 0.15)/0.15 = 33.333333, red;
    // rate 0.5: 100 green; GEEP 0: (0 + 0.02)/0.07 = 28.571429, red; 6·10⁶ per km²: (6 − 2)/8 = 50, red
    expect(b.indicators.map((i) => i.light)).toEqual(['red', 'red', 'green', 'red', 'red']);
    expect(str(b.score)).toBe(str(d('0').plus(d('20').mul('33.333333')).plus(d('2000')).plus(d('20').mul('28.571429')).plus(d('500')).div(100).toDecimalPlaces(6, Dec.ROUND_HALF_EVEN)));
  });

  it('a missing indicator (no growth in the first year) is left out of the weighting and shows no light', () => {
    const first = run.scores[0]![0]!;
    expect(first.lights.none).toBe(3);
    expect(str(first.coverage)).toBe('0.3');
  });
});
