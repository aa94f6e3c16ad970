import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { fixed } from '../../engine/core/decimal.ts';
import { IssuesError } from '../../engine/core/errors.ts';
import { fuelFactors, gridFactor } from '../../engine/carbon/factor-lookup.ts';
import { compileFactorSet } from '../../engine/carbon/factors.ts';
import { listFactorSets, loadFactorSet, loadFactorSetFromDir } from '../../models/carbon-factors.ts';
import { MODELS_DIR, readLock } from '../../models/load.ts';

const cn = loadFactorSet('cn-carbon-factors');

/**
 * METHODS §2.1 reference table (NCV and kgce from GB/T 2589, CC and OF from the provincial inventory guideline,
 * EF column as printed in 各种能源折标准煤及碳排放参考系数, https://max.book118.com/html/2020/1123/8133103033003020.shtm).
 * The figures are typed here from the table, not read back from the factor file.
 */
const TABLE: [string, string, string][] = [
  ['raw_coal', '1.9003', '0.7143'],
  ['coke', '2.8604', '0.9714'],
  ['crude_oil', '3.0202', '1.4286'],
  ['fuel_oil', '3.1705', '1.4286'],
  ['gasoline', '2.9251', '1.4714'],
  ['kerosene', '3.0179', '1.4714'],
  ['diesel', '3.0959', '1.4571'],
  ['lpg', '3.1013', '1.7143'],
  ['refinery_gas', '3.0119', '1.5714'],
];

describe('China fuel factors (METHODS §2.1)', () => {
  it.each(TABLE)('%s: NCV × CC × OF × 44/12 = %s tCO2/t to 4 decimals; %s kgce/kg = tce/t', (fuel, ef, sce) => {
    const f = fuelFactors(cn, fuel, 2022).factors!;
    expect(f.formula).toBe('AD × NCV × CC × OF × 44/12');
    expect(fixed(f.ef, 4)).toBe(ef);
    expect(f.sce!.value.toString()).toBe(sce);
  });

  it('natural gas: 38,931 kJ/m³ × 15.3 tC/TJ × 0.99 × 44/12 = 2.1622 kgCO2/m³ = 0.0021622 tCO2/m³ (21.622 t per 10⁴ m³)', () => {
    const f = fuelFactors(cn, 'natural_gas', 2022).factors!;
    expect(f.unit).toBe('m3');
    expect(fixed(f.ef.mul(1000), 4)).toBe('2.1622');
    expect(fixed(f.ef.mul(10000), 3)).toBe('21.622');
    expect(f.sce!.value.toString()).toBe('0.00133'); // 1.3300 kgce/m³
  });

  it('every fuel with an EF column printed next to it in the source reproduces it, to its 4 decimals', () => {
    for (const id of [...cn.fuels.keys()].filter((f) => cn.params.has(`fuel.${f}.published_ef`)))
      for (const { from } of cn.params.get(`fuel.${id}.ncv`)!.entries) {
        const f = fuelFactors(cn, id, from).factors!;
        expect(fixed(f.ef, 4), id).toBe(fixed(f.publishedEf!.value, 4));
      }
  });

  it('the raw-coal product is exact before rounding: 20.908 GJ/t × 0.02637 tC/GJ × 0.94 × 44/12', () => {
    const f = fuelFactors(cn, 'raw_coal', 2022).factors!;
    // 20.908 × 0.02637 = 0.55134396; × 0.94 = 0.5182633224; × 11/3 = 1.9002988488 exactly (hand calculation)
    expect(f.ncv.value.toString()).toBe('20.908');
    expect(f.cc!.value.toString()).toBe('0.02637');
    expect(f.ef.sub('1.9002988488').abs().lt('1e-30')).toBe(true);
  });
});

describe('IPCC 2006 Tier 1', () => {
  it('diesel: 43.0 TJ/Gg × 74,100 kgCO2/TJ = 3.1863 tCO2/t (IPCC 2006 Vol.2 Ch.1 Tables 1.2 and 1.4)', () => {
    const ipcc = loadFactorSet('ipcc-2006-tier1');
    const f = fuelFactors(ipcc, 'diesel', 2022).factors!;
    expect(f.formula).toBe('AD × NCV × EF_CO2');
    expect(f.ef.toString()).toBe('3.1863'); // exact, no rounding needed
    expect(fuelFactors(ipcc, 'natural_gas', 2022).factors!.ef.toString()).toBe('2.6928'); // 48.0 × 56,100 / 10⁶
  });
});

describe('grid factors by geography × vintage × kind', () => {
  it('picks the latest vintage at or before the year, and says when it backcasts', () => {
    const choice = { geography: 'sichuan', kind: 'average', vintage: 'year' as const };
    expect(gridFactor(cn, choice, 2022).factor!.value.toString()).toBe('0.1404');
    expect(gridFactor(cn, choice, 2030).factor!.vintage).toBe(2023);
    const early = gridFactor(cn, choice, 2016);
    expect(early.backcast).toBe(true);
    expect(early.factor!.vintage).toBe(2021);
    expect(gridFactor(cn, { geography: 'national', kind: 'average', vintage: 2022 }, 2016).factor!.value.toString()).toBe('0.5366');
    // kgCO2/kWh is stored as tCO2/MWh (the same number), and the unit conversion is exact
    expect(gridFactor(cn, { geography: 'national', kind: 'ets_reporting', vintage: 2022 }, 2022).factor!.unit).toBe('tCO2/MWh');
  });
});

describe('factor set validation', () => {
  it('lists every problem by path: a missing source, a wrong unit, both cc and ef_co2', () => {
    const bad = {
      id: 'bad',
      version: '1.0.0',
      status: 'draft',
      title: { zh: '坏', en: 'Bad' },
      description: 'x',
      gwp: { set: 'AR5', source: 'IPCC AR5', values: { CH4: '28' } },
      sectors: { industry: { zh: '工业', en: 'Industry', gpc: 'stationary_energy', group: 'secondary' } },
      fuels: {
        coal: {
          label: { zh: '煤', en: 'Coal' },
          group: 'coal',
          unit: 't',
          entries: [
            {
              from: 2005,
              ncv: { value: '20.9', unit: 'GJ/t', status: 'verified', source: '' },
              cc: { value: '26', unit: 'tC/TJ', status: 'verified', source: 'book' },
              of: { value: '1', unit: '1', status: 'verified', source: 'book' },
              ef_co2: { value: '1', unit: 'tCO2/TJ', status: 'verified', source: 'book' },
            },
          ],
        },
        gas: {
          label: { zh: '气', en: 'Gas' },
          group: 'gas',
          unit: 'm3',
          entries: [
            {
              from: 2005,
              ncv: { value: '38', unit: 'kg/m3', status: 'verified', source: 'book' },
              ef_co2: { value: '56', unit: 'tCO2/TJ', status: 'verified', source: 'book' },
            },
          ],
        },
      },
    };
    const r1 = compileFactorSet(bad, 'h');
    expect(r1.set).toBeUndefined();
    expect(r1.issues.map((i) => i.path)).toEqual(expect.arrayContaining(['fuels.coal.entries.0.ncv.source', 'fuels.coal.entries.0']));
    // with the schema fixed, the unit check still refuses kg/m3 as an NCV
    (bad.fuels.coal.entries[0] as Record<string, unknown>).ef_co2 = undefined;
    bad.fuels.coal.entries[0]!.ncv.source = 'book';
    const r2 = compileFactorSet(JSON.parse(JSON.stringify(bad)), 'h');
    expect(r2.issues).toEqual([expect.objectContaining({ code: 'factor_unit', path: 'fuels.gas.entries[0].ncv' })]);
  });

  it('a second grid factor for the same geography, vintage and kind is refused (review carbon-1: untested)', () => {
    const d = YAML.parse(readFileSync(join(MODELS_DIR, 'cn-carbon-factors', 'factors.yaml'), 'utf8'));
    const n = d.electricity.grid.length;
    d.electricity.grid.push({ ...d.electricity.grid[0], value: '0.6' });
    expect(compileFactorSet(d, 'h').issues).toEqual([expect.objectContaining({ code: 'duplicate', path: `electricity.grid[${n}]` })]);
  });

  it('a sector’s summary must be a summary sector of the set (one without a summary of its own)', () => {
    const d = YAML.parse(readFileSync(join(MODELS_DIR, 'cn-carbon-factors', 'factors.yaml'), 'utf8'));
    d.sectors.coal_mining.summary = 'oil_gas_extraction'; // a row, not a summary sector
    d.sectors.textiles.summary = 'no_such_sector';
    expect(compileFactorSet(d, 'h').issues.map((i) => [i.path, i.message])).toEqual([
      [
        'sectors.coal_mining.summary',
        '"oil_gas_extraction" is not a summary sector of cn-carbon-factors@1.2.0 (a sector without a summary of its own)',
      ],
      [
        'sectors.textiles.summary',
        '"no_such_sector" is not a summary sector of cn-carbon-factors@1.2.0 (a sector without a summary of its own)',
      ],
    ]);
  });

  it('sce_from_ncv gives a fuel without a standard-coal factor NCV ÷ the named energy per tce, saying how', () => {
    const ipcc = loadFactorSet('ipcc-2006-tier1@1.1.0');
    const e = ipcc.params.get('fuel.natural_gas.sce')!.entries[0]!;
    // IPCC 2006 Table 1.2: natural gas 48.0 TJ/Gg = 48 GJ/t; ÷ 29.3076 GJ/tce = 1.63780043…tce/t
    expect(e.scalar!.value.toFixed(8)).toBe('1.63780043');
    expect(e.given).toBe('48.0 TJ/Gg ÷ 29.3076 GJ/tce');
    expect(loadFactorSet('ipcc-2006-tier1@1.0.0').params.has('fuel.natural_gas.sce')).toBe(false);
  });

  it('a published set is frozen by the lock: every set is recorded with its hash, and a changed one is refused', () => {
    expect(cn.ref).toBe('cn-carbon-factors@1.2.0');
    for (const id of listFactorSets()) {
      const s = loadFactorSetFromDir(join(MODELS_DIR, id));
      if (s.status === 'published') expect(readLock()[s.ref], s.ref).toBe(s.hash);
    }
    const dir = mkdtempSync(join(tmpdir(), 'gep-factors-'));
    cpSync(join(MODELS_DIR, 'cn-carbon-factors'), dir, { recursive: true });
    const file = join(dir, 'factors.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('value: "0.1404"', 'value: "0.1405"'));
    expect(() => loadFactorSet(dir)).toThrow(/cn-carbon-factors@1.2.0 is published and frozen, but its content changed/);
    expect(() => loadFactorSet('models/no-such-set')).toThrow(IssuesError);
  });
});
