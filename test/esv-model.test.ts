import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Dec } from '../engine/core/decimal.ts';
import { evaluateRegionYear } from '../engine/eval/evaluate.ts';
import { loadDataset } from '../datasets/load.ts';
import { loadModelFromDir } from '../models/load.ts';

const ROOT = resolve(import.meta.dirname, '..');
const model = loadModelFromDir(join(ROOT, 'models/esv-equivalent-2015'));

/** Service ids in the column order of the table in shared/GEP-SERVICES.md ("Unit-area value equivalents"). */
const SERVICES = [
  'food_production',
  'raw_materials',
  'water_supply',
  'gas_regulation',
  'climate_regulation',
  'environmental_purification',
  'hydrological_regulation',
  'soil_conservation',
  'nutrient_cycling',
  'biodiversity',
  'aesthetic_landscape',
] as const;

/** Rows copied by hand from shared/GEP-SERVICES.md (Xie et al. 2015, 自然资源学报 30(8):1243, table of equivalents per unit area). */
const ROWS: Record<string, string[]> = {
  //            food    raw     water    gas     climate purif.  hydro     soil    nutrient biodiv. aesthetic
  wetland: ['0.51', '0.50', '2.59', '1.90', '3.60', '3.60', '24.23', '2.31', '0.18', '7.87', '4.73'],
  water_body: ['0.80', '0.23', '8.29', '0.77', '2.29', '5.55', '102.24', '0.93', '0.07', '2.55', '1.89'],
  paddy: ['1.36', '0.09', '-2.63', '1.11', '0.57', '0.17', '2.72', '0.01', '0.19', '0.21', '0.09'],
  broadleaf_forest: ['0.29', '0.66', '0.34', '2.17', '6.50', '1.93', '4.74', '2.65', '0.20', '2.41', '1.06'],
  shrub_grass: ['0.38', '0.56', '0.31', '1.97', '5.21', '1.72', '3.82', '2.40', '0.18', '2.18', '0.96'],
};

const ALL_TYPES = [
  'dry_farmland',
  'paddy',
  'coniferous_forest',
  'mixed_forest',
  'broadleaf_forest',
  'shrub',
  'steppe',
  'shrub_grass',
  'meadow',
  'wetland',
  'desert',
  'bare_land',
  'water_body',
  'glacier_snow',
  'urban_green',
  'built_up',
];

function cell(coefficient: string, key: string): Dec {
  const c = model.coefficients.get(coefficient);
  if (!c) throw new Error(`no coefficient ${coefficient}`);
  const v = c.entries[0]!.table!.get(key);
  if (!v) throw new Error(`${coefficient} has no row ${key}`);
  return v.value;
}

describe('esv-equivalent-2015: the model', () => {
  it('is a published ESV model with one input (area) and 11 services in 4 categories', () => {
    expect(model.ref).toBe('esv-equivalent-2015@1.0.0');
    expect(model.kind).toBe('esv');
    expect(model.status).toBe('published');
    expect([...model.inputs.keys()]).toEqual(['area']);
    expect(model.services.map((s) => s.id)).toEqual([...SERVICES]);
    const byCat = (cat: string) => model.services.filter((s) => s.category === cat).map((s) => s.id);
    expect(byCat('provisioning')).toEqual(['food_production', 'raw_materials', 'water_supply']);
    expect(byCat('regulating')).toEqual(['gas_regulation', 'climate_regulation', 'environmental_purification', 'hydrological_regulation']);
    expect(byCat('supporting')).toEqual(['soil_conservation', 'nutrient_cycling', 'biodiversity']);
    expect(byCat('cultural')).toEqual(['aesthetic_landscape']);
  });

  it('transcribes the Xie 2015 table exactly (rows of shared/GEP-SERVICES.md written out above)', () => {
    for (const [type, row] of Object.entries(ROWS)) {
      SERVICES.forEach((s, j) => {
        expect(cell(`${s}_equivalent`, type).eq(new Dec(row[j]!)), `${s}_equivalent[${type}] should be ${row[j]}`).toBe(true);
      });
    }
  });

  it('has a row for every ecosystem type, urban_green = shrub_grass, built_up = 0, and unit "1" from 2010', () => {
    for (const s of SERVICES) {
      const c = model.coefficients.get(`${s}_equivalent`)!;
      expect(c.unit.text).toBe('1');
      expect(c.entries.map((e) => e.from)).toEqual([2010]);
      expect([...c.entries[0]!.table!.keys()].sort()).toEqual([...ALL_TYPES].sort());
      expect(cell(`${s}_equivalent`, 'urban_green').eq(cell(`${s}_equivalent`, 'shrub_grass'))).toBe(true);
      expect(cell(`${s}_equivalent`, 'built_up').isZero()).toBe(true);
    }
  });

  it('values one standard equivalent at 3406.50 CNY/ha (2010), indexed by the CPI', () => {
    const d = model.coefficients.get('equivalent_value')!;
    expect(d.unit.text).toBe('CNY/ha');
    expect(d.priceIndex).toBe('cpi');
    expect(d.entries[0]!.from).toBe(2010);
    expect(d.entries[0]!.scalar!.value.eq(new Dec('3406.50'))).toBe(true);
  });
});

describe('esv-equivalent-2015 on the tianfu sample, 2020', () => {
  // The sample serves both models: the cn-gep-2022 rows of observations.csv are noted as unused, not refused.
  const data = loadDataset(join(ROOT, 'datasets/tianfu-sample'), model);
  const r = evaluateRegionYear(model, data, 'tianfu', 2020);
  const money = (service: string) => r.values.get(`${service}.money`)!;

  it('evaluates without issues', () => {
    expect(r.issues).toEqual([]);
    expect(data.warnings.length).toBeGreaterThan(0);
    expect(data.warnings.every((w) => w.code === 'variable_unused')).toBe(true);
    expect(r.priceYear).toBe(2020);
  });

  it('gives the hand-computed gas regulation value', () => {
    // Sources: areas from datasets/tianfu-sample/extent.csv (2020 rows); gas-regulation equivalents from Xie et al. 2015
    // as in shared/GEP-SERVICES.md; urban_green takes the shrub_grass factor, built_up 0 (this model's choices);
    // D = 3406.50 CNY/ha (2010, Xie 2015); CPI 2020 / CPI 2010 = 128.0656 / 100 (datasets/tianfu-sample/price-index.csv).
    //   wetland            1150 × 1.90 =   2185
    //   coniferous_forest  9000 × 1.70 =  15300
    //   broadleaf_forest  17500 × 2.17 =  37975
    //   mixed_forest       6300 × 2.35 =  14805
    //   shrub              5200 × 1.41 =   7332
    //   shrub_grass        3900 × 1.97 =   7683
    //   water_body         5600 × 0.77 =   4312
    //   paddy             21000 × 1.11 =  23310
    //   dry_farmland      27500 × 0.67 =  18425
    //   urban_green        8600 × 1.97 =  16942
    //   built_up          50200 × 0    =      0
    //   bare_land          1850 × 0.02 =     37
    //   Σ = 148306 standard-equivalent ha
    // D in 2020 prices = 3406.50 × 1.280656 = 4362.554664 CNY/ha
    // wetland: 2185 × 4362.554664 = 9,532,181.94084 CNY; total: 148306 × 4362.554664 = 646,993,031.999184 CNY
    const gas = money('gas_regulation');
    expect(r.values.get('gas_regulation.physical')!.value.eq(new Dec('148306'))).toBe(true);
    expect(gas.by!.get('wetland')!.eq(new Dec('9532181.94084'))).toBe(true);
    expect(gas.value.eq(new Dec('646993031.999184'))).toBe(true);
  });

  it('keeps the negative paddy water-supply factor', () => {
    // 21000 ha × (−2.63) × 4362.554664 CNY/ha = −240,943,894.09272 CNY
    expect(money('water_supply').by!.get('paddy')!.eq(new Dec('-240943894.09272'))).toBe(true);
  });

  it('sums to the hand-checked 2020 ESV', () => {
    // Σ_types area × Σ_services equivalents = 1,985,705 standard-equivalent ha; × 4362.554664 = 8,662,746,609.07812 CNY
    let total = new Dec(0);
    for (const s of SERVICES) total = total.plus(money(s).value);
    expect(total.eq(new Dec('8662746609.07812'))).toBe(true);
  });
});
