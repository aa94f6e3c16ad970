import { resolve } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { Dec, ZERO } from '../engine/core/decimal.ts';
import type { AccountingData } from '../engine/eval/data.ts';
import { evaluateRegionYear } from '../engine/eval/evaluate.ts';
import { accountGep } from '../engine/gep/account.ts';
import type { CompiledModel } from '../engine/model/types.ts';
import { DEFAULT_DATASET, loadDataset, type Dataset } from '../datasets/load.ts';
import { loadModel } from '../models/load.ts';

const PARK_CITY_DATASET = resolve(import.meta.dirname, '../datasets/tianfu-park-city');

let model: CompiledModel;
let sample: Dataset;
beforeAll(() => {
  model = loadModel('cn-gep-2022');
  sample = loadDataset(DEFAULT_DATASET, model);
});

/** The sample dataset with every value of an input multiplied by a factor (per input, per year). */
function scaled(base: AccountingData, factor: (input: string, year: number) => Dec): AccountingData {
  return {
    ...base,
    values(region, year) {
      const v = base.values(region, year);
      if (!v) return v;
      return new Map([...v].map(([name, byKey]) => [name, new Map([...byKey].map(([k, x]) => [k, x.mul(factor(name, year))]))]));
    },
  };
}

const factorArb = fc.integer({ min: 25, max: 400 }).map((n) => new Dec(n).div(100));
/** Independent factors per input and year, drawn once per property run. */
const perturbation = fc.dictionary(
  fc.constantFrom(
    ...[
      'area',
      'precipitation',
      'product_price',
      'product_output',
      'visits',
      'travel_cost',
      'nep',
      'hot_days',
      'evapotranspiration',
      'air_pollutant_emission',
      // park-city-gep-2023 inputs (names a model lacks are left alone)
      'sponge_retention',
      'hot_season_evaporation',
      'travel_expense',
      'visit_hours',
      'hourly_wage',
      'landscape_floor_area',
    ],
  ),
  factorArb,
);

const sum = (xs: Dec[]) => xs.reduce((a, b) => a.plus(b), ZERO);

/** The accounting identities of a model on its dataset, years y0 → y1 (y0 the base year). */
function identities(get: () => { model: CompiledModel; data: AccountingData }, y0: number, y1: number) {
  it('GEP = Σ categories = Σ services, at current and constant prices', () => {
    fc.assert(
      fc.property(perturbation, (p) => {
        const { model, data: base } = get();
        const data = scaled(base, (name) => p[name] ?? new Dec(1));
        const acc = accountGep(model, data, { baseYear: y0 });
        for (const ry of acc.regionYears) {
          for (const basis of ['current', 'constant'] as const) {
            const byService = sum(ry.services.map((s) => (basis === 'current' ? s.money : s.moneyConstant)));
            const byCategory = sum([...ry.categories.values()].map((t) => t[basis]));
            expect(ry.gep[basis].eq(byCategory)).toBe(true);
            expect(ry.gep[basis].eq(byService)).toBe(true);
          }
        }
      }),
      { numRuns: 15 },
    );
  });

  it('quantity effect + price effect = ΔGEP exactly, for every service, category and the total', () => {
    fc.assert(
      fc.property(perturbation, perturbation, (p20, p22) => {
        const { model, data: base } = get();
        const data = scaled(base, (name, year) => (year === y1 ? p22[name] : year === y0 ? p20[name] : undefined) ?? new Dec(1));
        const acc = accountGep(model, data, { baseYear: y0, decompose: [[y0, y1]] });
        const d = acc.decompositions[0]!;
        for (const row of [...d.services, ...d.categories, d.total]) {
          expect(row.quantity.plus(row.price).eq(row.delta)).toBe(true);
          expect(row.v1.minus(row.v0).eq(row.delta)).toBe(true);
        }
        const g20 = acc.regionYears.find((r) => r.year === y0)!.gep.current;
        const g22 = acc.regionYears.find((r) => r.year === y1)!.gep.current;
        expect(d.total.delta.eq(g22.minus(g20))).toBe(true);
        // The quantity effect is the change at constant (base-year) prices.
        expect(d.total.quantity.eq(acc.regionYears.find((r) => r.year === y1)!.gep.constant.minus(g20))).toBe(true);
      }),
      { numRuns: 15 },
    );
  });
}

describe('accounting identities (fast-check)', () => {
  identities(() => ({ model, data: sample }), 2020, 2022);

  it('scaling every area by k scales every purely area-based service by k', () => {
    // Services whose physical formula is linear in the areas and reads no other input that changes here.
    const areaBased = [
      'water_conservation',
      'soil_retention',
      'windbreak_sand_fixation',
      'carbon_sequestration',
      'oxygen_release',
      'climate_regulation',
      'pest_control',
    ];
    const others = model.services
      .map((s) => s.id)
      .filter((s) => !areaBased.includes(s) && !['flood_regulation', 'air_purification'].includes(s));
    fc.assert(
      fc.property(factorArb, fc.constantFrom(2020, 2021, 2022), (k, year) => {
        const base = evaluateRegionYear(model, sample, 'tianfu', year);
        const big = evaluateRegionYear(
          model,
          scaled(sample, (name) => (name === 'area' ? k : new Dec(1))),
          'tianfu',
          year,
        );
        for (const id of areaBased) {
          for (const acc of ['physical', 'money']) {
            const a = base.values.get(`${id}.${acc}`)!.value.mul(k),
              b = big.values.get(`${id}.${acc}`)!.value;
            // Values are stored at 12 decimal places, so k·round(x) and round(k·x) may differ in those last
            // places (times a price for money); a micro-unit bound is far tighter than any formula error.
            expect(a.minus(b).abs().lte('0.000001')).toBe(true);
          }
        }
        for (const id of others) expect(big.values.get(`${id}.money`)!.value.eq(base.values.get(`${id}.money`)!.value)).toBe(true);
      }),
      { numRuns: 20 },
    );
  });

  it('constant prices in the base year equal current prices; copying price-free values changes nothing', () => {
    const acc = accountGep(model, sample, { baseYear: 2021 });
    const y21 = acc.regionYears.find((r) => r.year === 2021)!;
    expect(y21.gep.constant.eq(y21.gep.current)).toBe(true);
    const fresh = evaluateRegionYear(model, sample, 'tianfu', 2022, { basis: { kind: 'constant', baseYear: 2021 } });
    const reused = acc.regionYears.find((r) => r.year === 2022)!.constant;
    for (const [id, v] of fresh.values) expect(reused.values.get(id)!.value.eq(v.value)).toBe(true);
  });

  it('tracing does not change a single digit', () => {
    const a = evaluateRegionYear(model, sample, 'tianfu', 2022, { trace: true });
    const b = evaluateRegionYear(model, sample, 'tianfu', 2022, { trace: false });
    for (const [id, v] of a.values) expect(b.values.get(id)!.value.eq(v.value)).toBe(true);
    expect(a.traces!.size).toBe(model.indicators.length);
  });
});

// The park-city model (issue 15) on its illustrative dataset: the same identities hold for the urban services.
describe('accounting identities of park-city-gep-2023 on datasets/tianfu-park-city (fast-check)', () => {
  let urban: CompiledModel;
  let park: Dataset;
  beforeAll(() => {
    urban = loadModel('park-city-gep-2023');
    park = loadDataset(PARK_CITY_DATASET, urban);
  });
  identities(() => ({ model: urban, data: park }), 2021, 2022);

  it('scaling every area by k scales the purely area-based urban services by k, and leaves the visit-based ones', () => {
    const areaBased = ['heat_island_mitigation', 'noise_reduction', 'carbon_sequestration', 'oxygen_release'];
    fc.assert(
      fc.property(factorArb, fc.constantFrom(2021, 2022), (k, year) => {
        const base = evaluateRegionYear(urban, park, 'tianfu-core', year);
        const big = evaluateRegionYear(
          urban,
          scaled(park, (name) => (name === 'area' ? k : new Dec(1))),
          'tianfu-core',
          year,
        );
        for (const id of areaBased) {
          const a = base.values.get(`${id}.money`)!.value.mul(k),
            b = big.values.get(`${id}.money`)!.value;
          expect(a.minus(b).abs().lte('0.000001'), id).toBe(true);
        }
        for (const id of ['recreation', 'landscape_premium', 'crop_products', 'water_supply'])
          expect(big.values.get(`${id}.money`)!.value.eq(base.values.get(`${id}.money`)!.value)).toBe(true);
      }),
      { numRuns: 10 },
    );
  });
});
