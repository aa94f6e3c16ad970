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
import { checkScorecard, scoreRegions } from '../engine/dual/scorecard.ts';
import type { AccountingData } from '../engine/eval/data.ts';
import { accountGep } from '../engine/gep/account.ts';
import {
  areasOf,
  dualIndicatorRows,
  dualRows,
  finishDual,
  indicatorValue,
  loadDualSpec,
  loadScorecard,
  runDual,
  type DualRun,
} from '../lib/dual.ts';
import { DUAL_SPEC } from '../models/dual.ts';
import { checkLocked, contentHash, lockKey, readLock } from '../models/versioned.ts';
import { compareRows } from '../lib/compare.ts';
import { loadScenario, runScenario } from '../lib/scenario.ts';

const d = (t: string) => new Dec(t);
let run: DualRun;
beforeAll(() => {
  run = runDual();
});
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
    const r = row(2022),
      g = gepOf(2022);
    const q = (x: Dec) => x.toDecimalPlaces(12, Dec.ROUND_HALF_EVEN);
    expect(str(r.ratio)).toBe(str(q(g.gep.current.div(d('353061930000'))))); // gdp 2022 = 353,061,930,000 CNY
    expect(str(r.gepPerKm2!)).toBe(str(q(g.gep.current.div(d('1578')))));
    expect(str(r.gepPerCapita!)).toBe(str(q(g.gep.current.div(d('2981000')))));
    expect(str(r.yoy!.gep)).toBe(str(q(g.gep.constant.div(gepOf(2021).gep.constant).minus(1))));
    expect(str(r.vsBase!.gep)).toBe(str(q(g.gep.constant.div(gepOf(2020).gep.constant).minus(1))));
  });

  it('realisation rate = (provisioning + recreation) / GEP, as declared in models/dual/cn-dual-2022.yaml', () => {
    const g = gepOf(2022);
    const realised = g.services
      .filter((s) => s.category === 'provisioning' || s.id === 'recreation')
      .reduce((a, s) => a.plus(s.money), ZERO);
    expect(str(row(2022).realised)).toBe(str(realised));
    expect(str(row(2022).realisationRate!)).toBe(str(realised.div(g.gep.current).toDecimalPlaces(12, Dec.ROUND_HALF_EVEN)));
  });

  it('GEEP = GDP + GEP − GEP in GDP − (2.77 % + 0.87 %) of GDP (Wang Jinnan et al. 2018 national shares)', () => {
    const r = row(2022),
      g = gepOf(2022);
    const gdp = d('353061930000');
    expect(r.adjustments.map((a) => [a.id, str(a.value)])).toEqual([
      ['pollution_loss', str(gdp.mul('0.0277'))],
      ['ecological_damage', str(gdp.mul('0.0087'))],
    ]);
    expect(str(r.geep)).toBe(str(gdp.plus(g.gep.current).minus(r.realised).minus(gdp.mul('0.0364'))));
    // equivalently GDP + (regulating + landscape premium) − degradation, since in-GDP = realised here
    const nonMarket = g.services
      .filter((s) => s.category === 'regulating' || s.id === 'landscape_premium')
      .reduce((a, s) => a.plus(s.money), ZERO);
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

  it('"yoy" growth is against the year before only: with 2021 not accounted, 2022 has no yoy (review dual-1 #6: it was 2020→2022)', () => {
    const acc = accountGep(run.gep.model, run.gep.dataset, { baseYear: 2020, years: [2020, 2022] });
    const r = accountDual(acc, run.gep.dataset.economy!, areasOf(run.gep.dataset), loadDualSpec()).rows.find((x) => x.year === 2022)!;
    expect(r.yoy).toBeUndefined();
    expect(r.vsBase!.fromYear).toBe(2020);
    expect(str(r.vsBase!.gdp)).toBe('0.129008'); // 1.094 × 1.032 − 1
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
    expect(() => accountDual(run.gep.account, run.gep.dataset.economy!, new Map(), { ...spec, gep_model: 'esv-equivalent-2015' })).toThrow(
      /written for the GEP model "esv-equivalent-2015"/,
    );
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
        // the facts the split rests on (review dual-1: quantity + price = Δ alone holds for any v1AtP0):
        // v0, v1 are the account's GEP at current prices; v1AtP0 is 2022 GEP at 2020 prices from a separate run
        const at = (y: number) => acc.regionYears.find((x) => x.year === y)!;
        const at2020Prices = accountGep(run.gep.model, data, { baseYear: 2020, years: [2022] }).regionYears[0]!;
        expect(str(r.total.v0)).toBe(str(at(2020).gep.current));
        expect(str(r.total.v1)).toBe(str(at(2022).gep.current));
        expect(str(r.total.v1AtP0)).toBe(str(at2020Prices.gep.constant));
        for (const s of r.services) {
          expect(str(s.v0), s.id).toBe(str(at(2020).services.find((x) => x.id === s.id)!.money));
          expect(str(s.v1AtP0), s.id).toBe(str(at2020Prices.services.find((x) => x.id === s.id)!.moneyConstant));
        }
        for (const s of r.services) expect(s.quantity.plus(s.price).eq(s.delta), s.id).toBe(true);
        expect(r.total.quantity.plus(r.total.price).eq(r.total.delta)).toBe(true);
        expect(sumDeltas(r).eq(r.total.delta)).toBe(true);
        for (let i = 1; i < r.services.length; i++) expect(r.services[i - 1]!.delta.abs().gte(r.services[i]!.delta.abs())).toBe(true);
        expect(r.services.map((s) => s.rank)).toEqual(r.services.map((_, n) => n + 1));
      }),
      { numRuns: 8 },
    );
  });

  it('prices alone move (2022 = 2020 quantities, product_price × k): every quantity effect is 0, the price effect is all of Δ (review dual-1)', () => {
    fc.assert(
      fc.property(factor, (k) => {
        const base = run.gep.dataset;
        const data: AccountingData = {
          ...base,
          values(region, year) {
            const v = base.values(region, year === 2022 ? 2020 : year);
            return (
              v &&
              new Map(
                [...v].map(([n, byKey]) => [
                  n,
                  new Map([...byKey].map(([key, x]) => [key, year === 2022 && n === 'product_price' ? x.mul(k) : x])),
                ]),
              )
            );
          },
        };
        const r = accountGep(run.gep.model, data, { baseYear: 2020, years: [2020, 2022], decompose: [[2020, 2022]] }).decompositions[0]!;
        for (const s of r.services) expect(s.quantity.isZero(), s.id).toBe(true);
        expect(r.total.quantity.isZero()).toBe(true);
        expect(str(r.total.price)).toBe(str(r.total.delta));
        // crop products: Δ = Q·P2020·(k − 1) exactly, all of it price
        const crop = r.services.find((s) => s.id === 'crop_products')!;
        expect(str(crop.price)).toBe(str(crop.v0.mul(k.minus(1))));
      }),
      { numRuns: 4 },
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
      a: {
        'dual.gep_growth_yoy': '0.03',
        'dual.gep_minus_gdp_growth_yoy': '0.01',
        'dual.realisation_rate': '0.375',
        'dual.geep_growth_yoy': '0.06',
        'dual.gep_per_km2': '12000000',
      },
      b: {
        'dual.gep_growth_yoy': '-0.06',
        'dual.gep_minus_gdp_growth_yoy': '-0.10',
        'dual.realisation_rate': '0.5',
        'dual.geep_growth_yoy': '0.0',
        'dual.gep_per_km2': '6000000',
      },
    };
    const s = scoreRegions(card, 2022, (r, i) => (values[r]![i] ? d(values[r]![i]!) : undefined), ['b', 'a']);
    expect(s.map((x) => [x.region, x.rank])).toEqual([
      ['a', 1],
      ['b', 2],
    ]);
    const a = s[0]!,
      b = s[1]!;
    const rr = a.indicators.find((i) => i.indicator === 'dual.realisation_rate')!;
    expect([str(rr.score), rr.light]).toEqual(['78.571429', 'yellow']);
    // a: weights 30, 20, 20, 20, 10 → (30·100 + 20·100 + 20·78.571429 + 20·100 + 10·100) / 100
    expect(str(a.score)).toBe('95.714286');
    // b: GEP fell 6 % (below the floor −5 %: 0, red); gap −10 points: (−0.10 + 0.15)/0.15 = 33.333333, red;
    // rate 0.5: 100 green; GEEP 0: (0 + 0.02)/0.07 = 28.571429, red; 6·10⁶ per km²: (6 − 2)/8 = 50, red
    expect(b.indicators.map((i) => i.light)).toEqual(['red', 'red', 'green', 'red', 'red']);
    expect(str(b.score)).toBe(
      str(
        d('0')
          .plus(d('20').mul('33.333333'))
          .plus(d('2000'))
          .plus(d('20').mul('28.571429'))
          .plus(d('500'))
          .div(100)
          .toDecimalPlaces(6, Dec.ROUND_HALF_EVEN),
      ),
    );
  });

  it('a missing indicator (no growth in the first year) is left out of the weighting and shows no light', () => {
    const first = run.scores[0]![0]!;
    expect(first.lights.none).toBe(3);
    expect(str(first.coverage)).toBe('0.3');
  });
});

describe('scorecard indicators are checked against the dual indicator table (review dual-1 #1)', () => {
  const card = loadScorecard();
  const withIndicators = (ids: string[]) => ({ ...card, indicators: ids.map((indicator) => ({ ...card.indicators[0]!, indicator })) });
  it('an unknown indicator id and a duplicate are refused, naming the row (review #1: they were scored as "missing")', () => {
    const issues = checkScorecard(withIndicators(['dual.gep_per_km', 'dual.realisation_rate', 'dual.realisation_rate']));
    expect(issues.map((i) => [i.code, i.path])).toEqual([
      ['indicator_unknown', 'indicators[0].indicator'],
      ['duplicate', 'indicators[2].indicator'],
    ]);
    expect(() => scoreRegions(withIndicators(['dual.gep_per_km']), 2022, () => undefined, ['tianfu'])).toThrow(
      /unknown dual indicator "dual.gep_per_km"/,
    );
  });
  it('every id the dual rows emit as a single value can be scored: gdp_per_capita, realised_value, geep_in_gdp (review #1)', () => {
    const r = row(2022);
    expect(str(indicatorValue(r, 'dual.gdp_per_capita')!)).toBe(str(r.gdpPerCapita!));
    expect(str(indicatorValue(r, 'dual.realised_value')!)).toBe(str(r.realised));
    expect(str(indicatorValue(r, 'dual.geep_in_gdp')!)).toBe(str(r.gepInGdp));
    const s = scoreRegions(withIndicators(['dual.gdp_per_capita']), 2022, (_, i) => indicatorValue(r, i), ['tianfu'])[0]!;
    expect(s.lights.none).toBe(0);
  });
});

describe('the dual run id covers the spec and scorecard content (review dual-1 #7)', () => {
  it('an edited spec or scorecard under the same id@version gives another run id and hash (they used to share the id)', () => {
    const spec = loadDualSpec(),
      card = loadScorecard();
    const edited = { ...spec, geep: { ...spec.geep, adjustments: spec.geep.adjustments.map((a) => ({ ...a, value: '0.05' })) } };
    const again = finishDual(run.gep, run.dual, spec, card);
    expect(again.meta.id).toBe(run.meta.id);
    expect(run.meta.dual_spec_hash).toBe(contentHash(spec));
    const a = finishDual(run.gep, run.dual, edited, card);
    expect(a.meta.dual_spec).toBe(run.meta.dual_spec);
    expect(a.meta.id).not.toBe(run.meta.id);
    const b = finishDual(run.gep, run.dual, spec, { ...card, indicators: card.indicators.map((i) => ({ ...i, weight: '1' })) });
    expect(b.meta.id).not.toBe(run.meta.id);
    expect(b.meta.scorecard_hash).not.toBe(run.meta.scorecard_hash);
  });
  it('shipped specs and scorecards are locked: a changed one is refused, an unlocked one too', () => {
    const spec = loadDualSpec();
    const key = lockKey(DUAL_SPEC, spec),
      hash = contentHash(spec);
    expect(readLock()[key]).toBe(hash);
    expect(() => checkLocked(key, contentHash({ ...spec, description: 'edited' }), 'models/dual/cn-dual-2022.yaml')).toThrow(
      /its content changed/,
    );
    expect(() => checkLocked('dual/other@1.0.0', hash, 'x.yaml')).toThrow(/not in models\/published.lock.json/);
  });
});

describe('comparing dual runs (review dual-1 #5)', () => {
  it('a changed rank or light does not split a row in two: one Δ per driver effect and per score, equal to the difference', () => {
    const card = loadScorecard();
    const scen = runDual({
      gep: runScenario(
        loadScenario({
          id: 'carbon20',
          label: 'carbon ×20',
          base: { model: 'cn-gep-2022@1.0.0', dataset: 'tianfu-sample' },
          overrides: { coefficients: [{ coefficient: 'carbon_price', from: 2020, scale: '20', source: 'test: carbon price ×20' }] },
        }),
        { trace: false },
      ),
    });
    const driver = (r: DualRun) =>
      r.drivers.find((x) => x.fromYear === 2020 && x.toYear === 2022)!.services.find((s) => s.id === 'carbon_sequestration')!;
    expect(driver(scen).rank).not.toBe(driver(run).rank); // the case the review found: rank 11 → 4
    const rows = compareRows([
      { scenario: 'baseline', rows: dualRows(run) },
      { scenario: 'carbon20', rows: dualRows(scen) },
    ]);
    const ids = rows.map((r) => [r.indicator, r.level, r.region, r.year, r.key, r.price_basis].join('|'));
    expect(new Set(ids).size).toBe(ids.length);
    const total = rows.filter(
      (r) => r.indicator === 'dual.driver' && r.key === 'period=2020-2022;service=carbon_sequestration;effect=total;vs=baseline',
    );
    expect(total.map((r) => r.money_value)).toEqual([str(driver(scen).delta.minus(driver(run).delta))]);
    const score = rows.filter((r) => r.indicator === 'dual.score' && r.year === '2022');
    expect(score.map((r) => r.physical_value)).toEqual([str(scen.scores[2]![0]!.score.minus(run.scores[2]![0]!.score))]);
    expect(
      card.indicators.every(
        (i) => rows.filter((r) => r.indicator === `dual.score.${i.indicator.slice(5)}` && r.year === '2022').length === 1,
      ),
    ).toBe(true);
  });
});

describe('dual spec checks and a zero GEP (review dual-1 #10)', () => {
  it('a service both realised in full and traded as rights, or a traded share outside (0, 1], is refused', () => {
    const spec = loadDualSpec();
    const bad = {
      ...spec,
      realisation: {
        ...spec.realisation,
        traded_rights: [
          { service: 'recreation', share: '0.5', source: 'counted twice' },
          { service: 'carbon_sequestration', share: '3', source: 'share > 1' },
        ],
      },
    };
    try {
      accountDual(run.gep.account, run.gep.dataset.economy!, new Map(), bad);
      throw new Error('accepted');
    } catch (e) {
      expect((e as IssuesError).issues.map((i) => [i.code, i.path])).toEqual([
        ['realised_twice', 'realisation.traded_rights[0].service'],
        ['not_a_fraction', 'realisation.traded_rights[1].share'],
      ]);
    }
  });
  it('with GEP 0 the realisation rate is left out (no 0 % that would score), and no row is emitted for it', () => {
    const acc = run.gep.account;
    const zero = {
      ...acc,
      regionYears: acc.regionYears.map((r) => ({
        ...r,
        services: r.services.map((s) => ({ ...s, money: ZERO, moneyConstant: ZERO })),
        gep: { current: ZERO, constant: ZERO },
      })),
    };
    const dual = accountDual(zero, run.gep.dataset.economy!, new Map(), loadDualSpec());
    expect(dual.rows.every((r) => r.realisationRate === undefined)).toBe(true);
    expect(indicatorValue(dual.rows[0], 'dual.realisation_rate')).toBeUndefined();
    expect(dualIndicatorRows(dual, 'baseline', 'cn-gep-2022@1.0.0').some((r) => r.indicator === 'dual.realisation_rate')).toBe(false);
  });
});
