import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IssuesError } from '../../engine/core/errors.ts';
import { runAccount } from '../../lib/run.ts';
import { compileModelData, readModelData } from '../../models/load.ts';
import { htmlReport } from '../../reports/html.ts';
import { copySample } from '../fixtures/sample-copy.ts';

// Method variants of cn-gep-2022 1.1.0 (models/cn-gep-2022/1.1.0.yaml) against hand calculations on the sample's
// 2022 extent (datasets/tianfu-sample/extent.csv: coniferous_forest 9,000 ha, broadleaf_forest 17,650,
// mixed_forest 6,300, shrub 5,200, shrub_grass 3,900, wetland 1,200, water_body 5,600, urban_green 9,050).

const V11 = 'cn-gep-2022@1.1.0';

/** A copy of the sample with observation rows for 2022 added and, optionally, lines added to dataset.yaml. */
function sampleWith(rows: string[], manifest = ''): string {
  const dir = copySample('gep-variants-');
  appendFileSync(join(dir, 'observations.csv'), rows.map((r) => `tianfu,2022,${r},test`).join('\n') + '\n');
  if (manifest) appendFileSync(join(dir, 'dataset.yaml'), manifest);
  return dir;
}
const value = (run: ReturnType<typeof runAccount>, id: string, key?: string) => {
  const v = run.account.regionYears[0]!.current.values.get(id)!;
  return (key ? v.by!.get(key)! : v.value).toString();
};
const only2022 = { years: [2022] };

/** npp (t dry matter/ha) for every type carbon sequestration counts in the sample. */
const NPP = ['coniferous_forest', 'broadleaf_forest', 'mixed_forest', 'shrub', 'shrub_grass', 'wetland', 'urban_green'].map(
  (t) => `npp,${t},${t === 'coniferous_forest' ? '8' : '5'},t/ha`,
);

describe('method variants of cn-gep-2022 1.1.0', () => {
  it('with every default gives the numbers of 1.0.0, under the same run id as an explicit default', () => {
    const v10 = runAccount(only2022);
    const v11 = runAccount({ model: V11, ...only2022 });
    const explicit = runAccount({ model: V11, ...only2022, method: { oxygen_release: 'nep', pest_control: 'all_area' } });
    for (const s of v10.model.services) expect(value(v11, s.money), s.id).toBe(value(v10, s.money));
    expect(explicit.meta.id).toBe(v11.meta.id);
    expect(v11.meta.method?.variants).toMatchObject({ oxygen_release: 'nep', carbon_sequestration: 'nep', pest_control: 'all_area' });
  });

  it('carbon and oxygen by NPP: Q_CO2 = 1.63 · A · NPP and Q_O2 = 1.2 · A · NPP (江波 et al. 2017, 生态学报 37(8):2497)', () => {
    const dir = sampleWith(NPP);
    const run = runAccount({ model: V11, dataset: dir, ...only2022, method: { carbon_sequestration: 'npp', oxygen_release: 'npp' } });
    // coniferous_forest: 9,000 ha × 8 t/ha = 72,000 t dry matter → × 1.63 = 117,360 tCO2; × 1.2 = 86,400 t O2
    expect(value(run, 'carbon_sequestration.physical', 'coniferous_forest')).toBe('117360');
    expect(value(run, 'oxygen_release.physical', 'coniferous_forest')).toBe('86400');
    // all types: Σ A · NPP = 72,000 + 5 × (17,650 + 6,300 + 5,200 + 3,900 + 1,200 + 9,050) = 288,500 t dry matter
    expect(value(run, 'carbon_sequestration.physical')).toBe('470255'); // 288,500 × 1.63
    expect(value(run, 'oxygen_release.physical')).toBe('346200'); // 288,500 × 1.2
    // 江波 2017 print 1.66×10⁴ t C and 4.49×10⁴ t O2 from one NPP: 4.49 / (1.66 × 44/12) = 0.7377 ≈ 1.2/1.63 = 0.7362
    expect(Number(value(run, 'oxygen_release.physical')) / Number(value(run, 'carbon_sequestration.physical'))).toBeCloseTo(1.2 / 1.63, 12);
  });

  it('oxygen by NPP while carbon stays by NEP: each service has its own variant', () => {
    const dir = sampleWith(NPP);
    const nep = runAccount({ model: V11, dataset: dir, ...only2022 });
    const run = runAccount({ model: V11, dataset: dir, ...only2022, method: { oxygen_release: 'npp' } });
    expect(value(run, 'carbon_sequestration.physical')).toBe(value(nep, 'carbon_sequestration.physical'));
    expect(value(run, 'oxygen_release.physical')).toBe('346200');
    expect(run.meta.id).not.toBe(nep.meta.id);
  });

  it('pest control over the area under natural control, by type (NDRC–NBS 2022 code, 病虫害控制)', () => {
    const dir = sampleWith(['natural_control_area,coniferous_forest,5000,ha', 'natural_control_area,shrub_grass,2000,ha']);
    const all = runAccount({ model: V11, dataset: dir, ...only2022 });
    const run = runAccount({ model: V11, dataset: dir, ...only2022, method: { pest_control: 'natural_control_area' } });
    // all_area: forest 9,000 + 17,650 + 6,300 and grassland 3,900 = 36,850 ha
    expect(value(all, 'pest_control.physical')).toBe('36850');
    // natural_control_area: 5,000 + 2,000 = 7,000 ha; the money follows the physical, type by type
    expect(value(run, 'pest_control.physical')).toBe('7000');
    const ratio = (r: typeof run, k: string) => Number(value(r, 'pest_control.money', k)) / Number(value(r, 'pest_control.physical', k));
    expect(ratio(run, 'coniferous_forest')).toBeCloseTo(ratio(all, 'coniferous_forest'), 9);
    expect(ratio(run, 'shrub_grass')).toBeCloseTo(ratio(all, 'shrub_grass'), 9);
  });

  it('water conservation with the precipitation of each type: Q_i = A_i (P_i − P_i·α_i − ET_i) (MEE 2020 guideline, 水源涵养)', () => {
    const types = ['coniferous_forest', 'broadleaf_forest', 'mixed_forest', 'shrub', 'shrub_grass', 'wetland'];
    const dir = sampleWith(types.map((t) => `precipitation_by_type,${t},${t === 'coniferous_forest' ? '900' : '812.6'},mm`));
    const run = runAccount({ model: V11, dataset: dir, ...only2022, method: { water_conservation: 'precipitation_by_type' } });
    const base = runAccount({ model: V11, dataset: dir, ...only2022 });
    // coniferous_forest: 9,000 ha × (900 − 900 × 0.0302 − 630) mm × 10 m³/(ha·mm) = 9,000 × 242.82 × 10 = 21,853,800 m³
    // (α = 0.0302 and ET 630 mm: models/cn-gep-2022/coefficients.yaml runoff_coefficient; the sample's 2022 ET)
    expect(value(run, 'water_conservation.physical', 'coniferous_forest')).toBe('21853800');
    // the other types have the region's 812.6 mm: the same as one precipitation for the region
    expect(value(run, 'water_conservation.physical', 'broadleaf_forest')).toBe(
      value(base, 'water_conservation.physical', 'broadleaf_forest'),
    );
  });

  it('climate regulation with evaporation over water and wetland: E × (A_water + A_wetland) (MEE 2020 guideline, 气候调节)', () => {
    const open = runAccount({ model: V11, ...only2022 });
    const run = runAccount({ model: V11, ...only2022, method: { climate_regulation: 'water_and_wetland' } });
    // the evaporation part scales with the evaporating area: water_body 5,600 ha → 5,600 + wetland 1,200 = 6,800 ha
    const ev = (r: typeof run) => Number(value(r, 'climate_regulation.evaporation'));
    expect(ev(run) / ev(open)).toBeCloseTo(6800 / 5600, 12);
    expect(value(run, 'climate_regulation.transpiration')).toBe(value(open, 'climate_regulation.transpiration'));
  });

  it('coverage: the types a service counts, as types or level-1 classes; the same set as the model writes it is no choice', () => {
    const run = runAccount({ ...only2022, covers: { pest_control: ['forest'] } });
    expect(value(run, 'pest_control.physical')).toBe('32950'); // 9,000 + 17,650 + 6,300 ha of forest, no grassland
    expect(run.meta.method?.covers).toEqual({ pest_control: ['coniferous_forest', 'mixed_forest', 'broadleaf_forest'] });
    const same = runAccount({ ...only2022, covers: { pest_control: ['grassland', 'forest'] } });
    expect(same.meta.id).toBe(runAccount(only2022).meta.id);
    expect(same.meta.method).toBeUndefined();
  });

  it('refuses an unknown service, variant or type with suggestions and the names that exist, all at once', () => {
    let err: unknown;
    try {
      runAccount({
        model: V11,
        ...only2022,
        method: { oxygen_release: 'NPP_route', pest_contrl: 'all_area' },
        covers: { pest_control: ['forst'], recreation: ['forest'] },
      });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(IssuesError);
    const issues = (err as IssuesError).issues;
    expect(issues.map((i) => i.code).sort()).toEqual(['covers_invalid', 'covers_invalid', 'service_unknown', 'variant_unknown']);
    const msg = (err as Error).message;
    expect(msg).toMatch(/oxygen_release has no variant "NPP_route".*its variants are nep, npp \(default nep\)/);
    expect(msg).toMatch(/no service "pest_contrl".*did you mean "pest_control"/);
    expect(msg).toMatch(/unknown ecosystem_type or level-1 class "forst" \(did you mean "forest"/);
    expect(msg).toMatch(/recreation counts no ecosystem_type of its own/);
  });

  it("the report's method appendix states the variant in force and its source, in Chinese and English", () => {
    const run = runAccount({
      model: V11,
      ...only2022,
      method: { climate_regulation: 'water_and_wetland' },
      covers: { pest_control: ['forest'] },
    });
    const en = htmlReport(run, 'en');
    expect(en).toContain('Method variant: Evaporation over open water and wetland (water_and_wetland; Source: MEE 2020');
    expect(en).toContain('Ecosystem types counted: Coniferous forest');
    expect(htmlReport(run, 'zh')).toContain('方法变体：水域与湿地蒸发（water_and_wetland；来源');
  });

  it('a variant on a model without variants names the version that has them', () => {
    expect(() => runAccount({ method: { oxygen_release: 'npp' } })).toThrow(
      /oxygen_release has one method in cn-gep-2022@1.0.0.*variants are declared by cn-gep-2022@1.1.0 \(-m cn-gep-2022@1.1.0\)/,
    );
  });
});

describe('precedence: command line > scenario > dataset > model default', () => {
  const dir = () => sampleWith(['natural_control_area,coniferous_forest,5000,ha'], 'method: { pest_control: natural_control_area }\n');

  it("the dataset's choice applies when nothing else chooses, and the request's wins over it", () => {
    const d = dir();
    expect(value(runAccount({ model: V11, dataset: d, ...only2022 }), 'pest_control.physical')).toBe('5000');
    expect(value(runAccount({ model: V11, dataset: d, ...only2022, method: { pest_control: 'all_area' } }), 'pest_control.physical')).toBe(
      '36850',
    );
  });
});

describe('variants in a model file', () => {
  const withVariants = (variants: unknown) => {
    const m = structuredClone(readModelData('models/cn-gep-2022').data) as any;
    m.services.find((s: any) => s.id === 'oxygen_release').variants = variants;
    return m;
  };
  const refusal = (m: unknown) => {
    try {
      compileModelData(m);
    } catch (e) {
      return (e as Error).message;
    }
    throw new Error('expected the model to be refused');
  };
  const def = { id: 'nep', label: { zh: '默认', en: 'Default' }, source: 'the service as written' };

  it('refuses a default that changes something, a variant that changes nothing, and an id twice', () => {
    const msg = refusal(
      withVariants([
        { ...def, physical: { formula: 'carbon_sequestration.physical' } },
        { id: 'same', label: def.label, source: 'x y z' },
        { id: 'same', label: def.label, source: 'x y z', physical: { formula: 'carbon_sequestration.physical' } },
      ]),
    );
    expect(msg).toMatch(/the first variant \("nep"\) is the default.*changes nothing/);
    expect(msg).toMatch(/variant "same" changes nothing/);
    expect(msg).toMatch(/variant "same" is listed twice/);
  });

  it('refuses a variant whose formula does not compile when the model loads, naming the variant', () => {
    const msg = refusal(
      withVariants([def, { id: 'bad', label: def.label, source: 'x y z', physical: { formula: 'area * no_such_thing' } }]),
    );
    expect(msg).toMatch(/under variant oxygen_release=bad: .*no_such_thing/);
  });

  it('refuses a variant without its source', () => {
    expect(refusal(withVariants([def, { id: 'npp', label: def.label, physical: { formula: 'area' } }]))).toMatch(/variants\.1\.source/);
  });
});
