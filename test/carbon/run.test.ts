import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { ProjectionPaths } from '../../engine/carbon/projection.ts';
import { copySample, readLines, SAMPLE_DIR, writeLines } from '../fixtures/sample-copy.ts';
import { loadScenario } from '../../lib/scenario.ts';
import { dec, ZERO } from '../../engine/core/decimal.ts';
import { LMDI_FACTORS } from '../../engine/carbon/lmdi.ts';
import { carbonRows } from '../../lib/carbon-rows.ts';
import { runCarbon } from '../../lib/carbon-run.ts';
import { carbonJson, explainCarbon } from '../../reports/carbon.ts';
import { RESULT_COLUMNS, rowsCsv } from '../../reports/results-csv.ts';

describe('runCarbon on the sample', () => {
  const run = runCarbon();

  it('identifies the run by engine, factor set, dataset, grid, GWP and options, and gives the same bytes twice', () => {
    expect(run.meta.model).toBe('cn-carbon-factors@1.2.0');
    expect(run.meta.grid).toEqual({ geography: 'sichuan', kind: 'average', vintage: 'year' });
    const again = runCarbon();
    expect(again.meta.id).toBe(run.meta.id);
    expect(carbonJson(again)).toBe(carbonJson(run));
    expect(rowsCsv(carbonRows(again))).toBe(rowsCsv(carbonRows(run)));
    // another grid factor is another run
    expect(runCarbon({ parts: ['inventory'], grid: { geography: 'national', kind: 'average', vintage: 2022 } }).meta.id).not.toBe(
      run.meta.id,
    );
  });

  it('the LMDI effects of the sample add up to the change in energy CO2 exactly, and energy + non-energy to the change in gross', () => {
    const d = run.decomposition[0]!;
    expect(LMDI_FACTORS.reduce((s, k) => s.plus(d.lmdi.effects[k]), ZERO).eq(d.lmdi.delta)).toBe(true);
    const g0 = run.inventory.find((e) => e.year === d.lmdi.from)!.inventory.gross,
      gT = run.inventory.find((e) => e.year === d.lmdi.to)!.inventory.gross;
    // energy CO2 is rounded to 6 decimals (1 g) before the decomposition
    expect(d.lmdi.delta.plus(d.nonEnergy.delta).minus(gT.minus(g0)).abs().lt('0.00001')).toBe(true);
    // the rows by category add up to the effect rows
    const rows = carbonRows(run).filter((r) => r.indicator === 'carbon.lmdi.mix');
    const total = rows.find((r) => r.level === 'decomposition')!,
      parts = rows.filter((r) => r.level === 'detail');
    expect(parts.length).toBeGreaterThan(5);
    expect(parts.reduce((s, r) => s.plus(r.physical_value), ZERO).toString()).toBe(total.physical_value);
  });

  it('long rows carry the contract fields: dotted ids, level, key breakdowns, units, scenario, model', () => {
    const rows = carbonRows(run);
    // origin (computed/given) is a GEP field: carbon rows leave it out
    for (const r of rows) expect(Object.keys(r).sort()).toEqual(RESULT_COLUMNS.filter((c) => c !== 'origin').sort());
    const ids = new Set(rows.map((r) => r.indicator));
    for (const id of [
      'carbon.scope1',
      'carbon.scope2',
      'carbon.gross',
      'carbon.sinks',
      'carbon.gpc_basic',
      'carbon.energy_generation',
      'energy.generation_input',
      'energy.total_calorific',
      'energy.total_equivalent',
      'carbon.intensity_gdp',
      'carbon.per_capita',
      'carbon.per_km2',
      'dual.energy_intensity',
      'dual.deduction_renewable',
      'carbon.projection',
      'carbon.projection_stirpat',
      'carbon.peak',
      'carbon.lmdi.mix',
      'footprint.co2_per_tce',
      'footprint.rollup',
    ])
      expect(ids.has(id), id).toBe(true);
    expect(ids.has('carbon.net_labelled')).toBe(false); // never netted unless asked
    const coal = rows.find((r) => r.indicator === 'carbon.gross' && r.key === 'source=raw_coal' && r.year === '2022')!;
    expect(coal.physical_unit).toBe('tCO2e');
    expect(rows.filter((r) => r.indicator === 'carbon.projection').map((r) => r.scenario)).toContain('zero-carbon');
    expect(rows.find((r) => r.indicator === 'carbon.intensity_gdp')!.price_year).toBe('2020');
  });

  it('traces the intensities with the totals and denominators they read', () => {
    const e = run.inventory.find((x) => x.year === 2022)!;
    const node = e.inventory.traces.find((t) => t.id === 'carbon.intensity_gdp')!;
    expect(node.value).toBe(e.intensities.co2PerGdp!.toString());
    expect(node.reads.map((r) => r.name)).toEqual(['carbon.gross', 'gdp_constant']);
    expect(node.reads[1]!.source).toMatch(/chained volume index/);
  });

  it('projects the example paths of the sample: year-keyed changes, a peak before 2060 and the plateau rule', () => {
    const paths = ProjectionPaths.parse(YAML.parse(readFileSync(join(SAMPLE_DIR, 'carbon-paths.yaml'), 'utf8')));
    const r = runCarbon({ parts: ['inventory', 'project'], projection: { paths, plateau: { maxGrowth: '0.005', years: 3 } } });
    const [plan, none] = r.projection[0]!.scenarios;
    expect(plan!.path.id).toBe('district-plan');
    // 2031 switches to slower growth: the population rate changes from 2% to 0.5% that year
    const pop = (y: number) => plan!.years.find((x) => x.year === y)!.population;
    expect(pop(2031).div(pop(2030)).toString()).toBe('1.005');
    expect(pop(2030).div(pop(2029)).toString()).toBe('1.02');
    expect(plan!.peak.peaked).toBe(true);
    expect(none!.peak.peaked).toBe(false);
    expect(r.meta.id).not.toBe(runCarbon({ parts: ['inventory', 'project'] }).meta.id);
  });

  it('a net figure only when asked, and then labelled', () => {
    const rows = carbonRows(runCarbon({ parts: ['inventory'], net: true }));
    const net = rows.find((r) => r.indicator === 'carbon.net_labelled' && r.year === '2022')!;
    expect(net.method).toMatch(/^NET: gross − sinks/);
  });

  it('explain prints the chain of a line: formula, activity with its unit, factors with source, status and year', () => {
    const text = explainCarbon(run, {
      region: 'tianfu',
      year: 2022,
      indicator: 'carbon.scope1',
      item: 'raw_coal',
      sector: 'nonmetal_minerals',
    });
    expect(text).toMatch(/^carbon\.scope1\.fuel raw_coal × nonmetal_minerals = [\d,.]+ tCO2\n {2}= AD × NCV × CC × OF × 44\/12/);
    expect(text).toMatch(/input fuel \[raw_coal × nonmetal_minerals\] = \d+ t \(data of 2022/);
    // each factor as GEP coefficients are shown by `gep explain`: name, value, unit, entry from, source, status
    // the source starts with the factor set the factor came from (in a run that combines sets, each its own)
    expect(text).toMatch(
      /coefficient fuel\.raw_coal\.ncv = 20\.908 GJ\/t \(entry from 2005; source: cn-carbon-factors@1\.2\.0: GB\/T 2589-2008/,
    );
    expect(text).toMatch(/coefficient fuel\.raw_coal\.of = 0\.94 \(entry from 2005; source: .*; status: secondary\)/);
    const backcast = explainCarbon(run, { region: 'tianfu', year: 2016, indicator: 'carbon.scope2.electricity', sector: 'electronics' });
    expect(backcast).toMatch(/no vintage at or before 2016, the first \(2021\) is used/);
    expect(backcast).toMatch(/coefficient grid\.sichuan\.average = 0\.1255 tCO2\/MWh \(entry from 2021; .*status: unverified\)/);
  });

  it('a scenario chooses the factor set, the grid factor and the paths; the run names it and records its hash', () => {
    const scenario = loadScenario(join(import.meta.dirname, '../../scenarios/carbon-national-grid.yaml'));
    const r = runCarbon({ scenario, parts: ['inventory', 'project'] });
    expect(r.meta.scenario).toBe('carbon-national-grid');
    expect(r.meta.scenario_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(r.meta.grid).toEqual({ geography: 'national', kind: 'average', vintage: 2022 });
    const e = r.inventory.find((x) => x.year === 2016)!;
    // Sichuan 2021 vintage (backcast) 0.1255 → national 2022 0.5366 for grid electricity
    const base = run.inventory.find((x) => x.year === 2016)!;
    expect(e.inventory.bySource.get('electricity')!.div(base.inventory.bySource.get('electricity')!).toString()).toBe(
      dec('0.5366').div('0.1255').toString(),
    );
    expect(r.projection[0]!.scenarios.map((s) => s.path.id)).toEqual(['district-plan']);
    // the scenario's carbon block names its set's version: that version is loaded (1.1.0 is kept in versions/) …
    expect(() => runCarbon({ scenario: { ...scenario, carbon: { ...scenario.carbon!, factors: 'cn-carbon-factors@2.0.0' } } })).toThrow(
      /cn-carbon-factors has no version 2\.0\.0 \(versions: 1\.0\.0, 1\.1\.0, 1\.2\.0\)/,
    );
    // … and a set given beside it that is another version refuses the run
    expect(() => runCarbon({ scenario, factors: 'cn-carbon-factors' })).toThrow(
      /written for cn-carbon-factors@1\.1\.0, but the factor set loaded is cn-carbon-factors@1\.2\.0/,
    );
  });

  it('dual control on the sample: the city ladder with its own thresholds changes the light, not the numbers', () => {
    const light = (ladder: 'national3' | 'city4' | { green: string; yellow: string; orange: string }) => {
      const r = runCarbon({ parts: ['inventory', 'dualcontrol'], dual: { ladder } });
      return r.dual[0]!.lines.find((l) => l.indicator === 'dual.co2_intensity' && l.year === 2021)!;
    };
    const a = light('city4'),
      b = light({ green: '1', yellow: '0.9', orange: '0.2' });
    // energy CO2 intensity fell 0.96% against 3.89% required: 25% of the requirement (plant fuel outside, as its electricity is in scope 2)
    expect(a.share!.toFixed(2)).toBe('0.25');
    expect([a.light, b.light]).toEqual(['red', 'orange']);
    expect(a.value.eq(b.value)).toBe(true);
  });

  it('refuses what it cannot do, all at once', () => {
    expect(() => runCarbon({ regions: ['nowhere'], years: [1999] })).toThrow(/region "nowhere"[\s\S]*no carbon activity for 1999/);
  });
});

describe('review carbon-1 #4: a region-year without activity rows', () => {
  it('is refused (carbon_missing), not reported as an inventory of zero', () => {
    const dir = copySample();
    const yaml = readFileSync(join(dir, 'dataset.yaml'), 'utf8').replace(
      'regions:\n',
      'regions:\n  - id: other\n    name: { zh: 其他, en: Other }\n',
    );
    writeFileSync(join(dir, 'dataset.yaml'), yaml);
    writeLines(dir, 'carbon-activity.csv', [...readLines(dir, 'carbon-activity.csv'), 'other,2022,fuel,diesel,transport,10,t,x']);
    expect(() => runCarbon({ dataset: dir, parts: ['inventory'], regions: ['other'], years: [2022], trace: false })).not.toThrow();
    expect(() =>
      runCarbon({ dataset: dir, parts: ['inventory'], regions: ['tianfu', 'other'], years: [2021, 2022], trace: false }),
    ).toThrow(/other 2021: no carbon activity rows/);
  });
});

describe('review carbon-1 #6: the roll-up of entities is per region', () => {
  it("an entity of another region rolls up into its own region's inventory, not into the first entity's", () => {
    const dir = copySample();
    writeFileSync(
      join(dir, 'dataset.yaml'),
      readFileSync(join(dir, 'dataset.yaml'), 'utf8').replace('regions:\n', 'regions:\n  - id: other\n    name: { zh: 其他, en: Other }\n'),
    );
    writeLines(dir, 'carbon-activity.csv', [
      ...readLines(dir, 'carbon-activity.csv'),
      'other,2022,electricity,grid,electronics,100000,MWh,x',
    ]);
    writeLines(dir, 'entities.csv', [...readLines(dir, 'entities.csv'), 'o-park,park,Other park,,other,,2021,2025,0.1,x']);
    writeLines(dir, 'entity-activity.csv', [
      ...readLines(dir, 'entity-activity.csv'),
      'o-park,2022,electricity,grid,electronics,1000,MWh,x',
    ]);
    const r = runCarbon({ dataset: dir, parts: ['inventory', 'footprint'], years: [2022], trace: false, regions: ['tianfu', 'other'] });
    const ups = r.footprints!.rollUps.map((u) => [u.region, u.year, u.entities.join('+'), u.share?.toFixed(4)]);
    // other: 1000 MWh of 100,000 MWh, both × the same grid factor → 1% of the district
    expect(ups).toContainEqual(['other', 2022, 'o-park', '0.0100']);
    expect(ups.find((u) => u[0] === 'tianfu' && u[1] === 2022)![2]).toBe('xinglong-park+luxi-community');
  });
});
