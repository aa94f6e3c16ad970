/**
 * Domains decided once per spec (engine/eval/domain-plan.ts): every plain `over` and `sum()` spec of the GEP models
 * has a plan, a declared dimension's candidates are its data keys kept by the subset in result order, and a
 * region-year iterates exactly the candidates its drivers have (a non-zero area, for the extent).
 */
import { describe, expect, it } from 'vitest';
import { Dec } from '../engine/core/decimal.ts';
import type { AccountingData, RegionYearValues } from '../engine/eval/data.ts';
import { keptBySubset, plainDomainPlan } from '../engine/eval/domain-plan.ts';
import { CoefficientResolver } from '../engine/eval/coefficients.ts';
import { evaluateRegionYear } from '../engine/eval/evaluate.ts';
import type { CompiledModel, OverSpec } from '../engine/model/types.ts';
import { DEFAULT_DATASET, loadDataset } from '../datasets/load.ts';
import { loadModel } from '../models/load.ts';

const MODELS = ['cn-gep-2022', 'cn-gep-2022@1.1.0', 'esv-equivalent-2015', 'park-city-gep-2023'];

function overSpecs(model: CompiledModel): OverSpec[] {
  return model.indicators.flatMap((p) => p.over);
}

/** The sample's first region-year with its values changed by `edit` (a copy: the loaded maps stay as they are). */
function edited(edit: (v: RegionYearValues) => void): { model: CompiledModel; data: AccountingData } {
  const model = loadModel('cn-gep-2022');
  const data = loadDataset(DEFAULT_DATASET, model);
  const r = data.regions[0]!;
  const y = data.years[0]!;
  const copy: RegionYearValues = new Map([...data.values(r, y)!].map(([k, m]) => [k, new Map(m)]));
  edit(copy);
  return { model, data: { ...data, values: (rr, yy) => (rr === r && yy === y ? copy : data.values(rr, yy)) } };
}

describe('domain plans', () => {
  it.each(MODELS)('every plain over spec of %s has a plan; candidates are the data keys kept by the subset', (ref) => {
    const specs = overSpecs(loadModel(ref)).filter((s) => !s.conditional);
    expect(specs.length).toBeGreaterThan(0);
    for (const spec of specs) {
      const plan = plainDomainPlan(spec)!;
      expect(plan, spec.dim.name).toBeDefined();
      expect(plainDomainPlan(spec)).toBe(plan); // decided once
      if (plan.kind === 'filter') expect(plan.candidates).toEqual(keptBySubset(spec, spec.dim.dataKeys));
      if (plan.kind === 'open') expect(spec.dim.open).toBe(true);
    }
  });

  it('a zero area and a type only another input lists are not iterated; keys follow the data-key order', () => {
    const { model, data } = edited((v) => {
      v.get('area')!.set('mixed_forest', new Dec(0));
      v.get('evapotranspiration')!.set('meadow', new Dec(400));
    });
    const res = evaluateRegionYear(model, data, data.regions[0]!, data.years[0]!);
    expect(res.issues).toEqual([]);
    // over: { ecosystem_type: [forest, shrub, grassland, wetland] }, driven by the extent
    expect([...res.values.get('water_conservation.physical')!.by!.keys()]).toEqual([
      'coniferous_forest',
      'broadleaf_forest',
      'shrub',
      'shrub_grass',
      'wetland',
    ]);
  });

  it('an input with no rows at all is missing data, named with the region and year', () => {
    const { model, data } = edited((v) => v.set('product_output', new Map()));
    const res = evaluateRegionYear(model, data, data.regions[0]!, data.years[0]!);
    const msg = res.issues.find((i) => i.message.startsWith('crop_products.physical'))?.message;
    expect(msg).toBe(
      `crop_products.physical (${data.regions[0]}, ${data.years[0]}): input "product_output" has no rows for region "${data.regions[0]}" in ${data.years[0]} (write explicit zero rows to say there is none)`,
    );
  });
});

describe('sums over a group and caps', () => {
  it('a group read by several formulas (area["water"]) is summed once per region-year, with the same results', () => {
    let walks = 0;
    class Counted<K, V> extends Map<K, V> {
      override [Symbol.iterator]() {
        walks++;
        return super[Symbol.iterator]();
      }
    }
    const plain = edited(() => {});
    const { model, data } = edited((v) => v.set('area', new Counted(v.get('area')!)));
    const r = data.regions[0]!;
    const y = data.years[0]!;
    const res = evaluateRegionYear(model, data, r, y);
    const ref = evaluateRegionYear(plain.model, plain.data, r, y);
    expect([...res.values].map(([k, v]) => [k, v.value.toString()])).toEqual([...ref.values].map(([k, v]) => [k, v.value.toString()]));
    // climate_regulation.evaporation reads area["water"] twice; the group is walked once (water) per region-year
    // area["water"] is read twice (climate_regulation.evaporation) and area["wetland"] once (marsh storage), both
    // groups of the extent's types: two walks of the rows (three when each read summed afresh)
    expect(walks).toBe(2);
  });
});

describe('two-key coefficients', () => {
  it('getAt2 finds what get finds for a key pair, once per year, with no array on a hit', () => {
    const model = loadModel('cn-gep-2022');
    const data = loadDataset(DEFAULT_DATASET, model);
    const c = model.coefficients.get('pollutant_absorption')!;
    expect(c.dims.map((d) => d.name)).toEqual(['ecosystem_type', 'air_pollutant']);
    const res = new CoefficientResolver(data, data.years[0]!, data.years[0]!);
    const ref = new CoefficientResolver(data, data.years[0]!, data.years[0]!);
    const [k0, k1] = ['coniferous_forest', c.dims[1]!.keys[0]!];
    const first = res.getAt2(c, k0, k1, data.regions[0]);
    expect(res.getAt2(c, k0, k1, data.regions[0])).toBe(first);
    const expected = ref.get(c, [k0, k1], data.regions[0]);
    expect(first.value.toString()).toBe(expected.value.toString());
    expect(first.matched).toBe(expected.matched);
  });
});
