/** Monte Carlo over carbon factors (issue 9, part 3): factor ranges are sampled as GEP coefficient ranges are. */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { str } from '../../engine/core/decimal.ts';
import { IssuesError } from '../../engine/core/errors.ts';
import { carbonUncertaintyRows, runCarbonUncertainty } from '../../lib/carbon-uncertainty.ts';
import { runCarbon } from '../../lib/carbon-run.ts';
import { loadScenario } from '../../lib/scenario.ts';
import { MODELS_DIR } from '../../models/load.ts';
import { compute, plan, RUN_KINDS } from '../../runs/registry.ts';
import { fileSources } from '../../runs/sources.ts';
import { gep } from '../helpers/gep-cli.ts';

const base = { model: 'cn-gep-2022@1.0.0', dataset: 'tianfu-sample' };
const withRanges = (uncertainty: object[]) =>
  loadScenario({ id: 'mc', label: 'mc', base, carbon: { factors: 'cn-carbon-factors@1.1.0' }, uncertainty });
const ncv = (low: string, high: string) => withRanges([{ factor: 'fuel.raw_coal.ncv', low, high, unit: 'GJ/t', source: 'test range' }]);
const stat = (run: ReturnType<typeof runCarbonUncertainty>, id: string) => run.summaries.find((s) => s.id === id)!;

describe('Monte Carlo over the carbon inventory of tianfu 2022', () => {
  const run = runCarbonUncertainty({ scenario: ncv('20', '22'), draws: 60, seed: 42 });

  it('samples the factor range; P5 ≤ P50 ≤ P95; figures no sampled factor reaches do not move', () => {
    expect(run.meta).toMatchObject({ kind: 'carbon_uncertainty', region: 'tianfu', year: 2022, draws: 60, seed: 42 });
    expect(run.meta.parameters).toEqual([
      {
        id: 'factor:fuel.raw_coal.ncv',
        distribution: 'uniform',
        low: '20',
        high: '22',
        mode: '20.908',
        central: '20.908',
        source: 'test range',
      },
    ]);
    const gross = stat(run, 'carbon.gross');
    expect(gross.p5.lte(gross.p50) && gross.p50.lte(gross.p95) && gross.p5.lt(gross.p95)).toBe(true);
    // the deterministic inventory is the run's own
    const det = runCarbon({ parts: ['inventory'], years: [2022] }).inventory[0]!.inventory;
    expect(str(gross.deterministic)).toBe(str(det.gross));
    for (const id of ['carbon.scope2', 'energy.total_calorific', 'carbon.gross|source=natural_gas']) {
      const s = stat(run, id);
      expect([s.p5, s.p50, s.p95, s.min, s.max].map(str), id).toEqual(Array(5).fill(str(s.deterministic)));
    }
  });

  it('the tornado bar of raw-coal NCV is its range × the 2022 raw coal burnt outside power plants × CC × OF × 44/12', () => {
    // METHODS §2.1: CO2 = AD × NCV × CC × OF × 44/12; raw coal in 2022 (carbon-activity.csv): 147,000 + 33,600 + 29,400
    // + 21,000 = 231,000 t outside power_heat (plant fuel is its own line, outside gross). Swing = 231,000 × (22 − 20)
    // × 0.02637 × 0.94 × 44/12 = 231,000 × 0.1817772 = 41,990.5332 tCO2 (0.05274 × 0.94 = 0.0495756; × 11/3 = 0.1817772).
    expect(run.tornado.map((t) => [t.param, str(t.swing)])).toEqual([['factor:fuel.raw_coal.ncv', '41990.5332']]);
  });

  it('the same seed gives the same bytes; another seed other draws', () => {
    const again = runCarbonUncertainty({ scenario: ncv('20', '22'), draws: 60, seed: 42 });
    expect(JSON.stringify(carbonUncertaintyRows(again))).toBe(JSON.stringify(carbonUncertaintyRows(run)));
    expect(again.meta.id).toBe(run.meta.id);
    const other = runCarbonUncertainty({ scenario: ncv('20', '22'), draws: 60, seed: 43 });
    expect(str(stat(other, 'carbon.gross').mean)).not.toBe(str(stat(run, 'carbon.gross').mean));
    expect(other.meta.id).not.toBe(run.meta.id);
  });

  it('a degenerate range (low = high = the factor) gives every percentile equal to the deterministic inventory', () => {
    const flat = runCarbonUncertainty({
      scenario: withRanges([{ factor: 'fuel.raw_coal.ncv', low: '20908', high: '20908', unit: 'kJ/kg' }]),
      draws: 20,
      seed: 1,
    });
    for (const s of flat.summaries) expect([s.mean, s.p5, s.p50, s.p95].map(str), s.id).toEqual(Array(4).fill(str(s.deterministic)));
  });

  it('the grid factor is sampled in the vintage the inventory uses: a fixed vintage, or the first one for an earlier year', () => {
    // Sichuan average, 2021 vintage 0.1255 tCO2/MWh; 2022 has its own vintage (0.1404), 2020 none (backcast to 2021)
    const grid = withRanges([{ factor: 'grid.sichuan.average', low: '0.1255', high: '0.1255', unit: 'tCO2/MWh' }]);
    const fixed = runCarbonUncertainty({
      scenario: grid,
      draws: 5,
      seed: 1,
      grid: { geography: 'sichuan', kind: 'average', vintage: 2021 },
    });
    const backcast = runCarbonUncertainty({ scenario: grid, year: 2020, draws: 5, seed: 1 });
    for (const r of [fixed, backcast]) {
      expect(r.meta.parameters.map((p) => [p.id, p.central])).toEqual([['factor:grid.sichuan.average', '0.1255']]);
      for (const s of r.summaries) expect([s.mean, s.p5, s.p50, s.p95].map(str), s.id).toEqual(Array(4).fill(str(s.deterministic)));
    }
  });

  it('long rows: one per figure and statistic (key [source=…;]stat=…), then the tornado of gross emissions', () => {
    const rows = carbonUncertaintyRows(run);
    expect(rows.find((r) => r.key === 'source=raw_coal;stat=p50')).toMatchObject({
      indicator: 'carbon.gross',
      level: 'uncertainty_inventory',
      physical_unit: 'tCO2e',
      method: 'Monte Carlo, 60 draws, seed 42',
    });
    expect(rows.filter((r) => r.level === 'tornado').map((r) => r.key)).toEqual([
      'rank=1;param=factor:fuel.raw_coal.ncv;side=low;value=20',
      'rank=1;param=factor:fuel.raw_coal.ncv;side=high;value=22',
    ]);
  });
});

describe('factor ranges written in the factor set', () => {
  it('are sampled too (a draft copy of the set with a range on the heat factor)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gep-factors-'));
    cpSync(join(MODELS_DIR, 'cn-carbon-factors'), dir, { recursive: true });
    const file = join(dir, 'factors.yaml');
    const d = YAML.parse(readFileSync(file, 'utf8'));
    d.status = 'draft';
    d.heat.emission[0].range = { low: '0.10', high: '0.12' };
    writeFileSync(file, YAML.stringify(d));
    const run = runCarbonUncertainty({ factors: dir, draws: 10, seed: 3 });
    expect(run.meta.parameters.map((p) => [p.id, p.low, p.central, p.high])).toEqual([['factor:heat.ef', '0.1', '0.11', '0.12']]);
    const s = stat(run, 'carbon.gross|source=heat');
    expect(s.min.lt(s.deterministic) && s.max.gt(s.deterministic)).toBe(true);
  });

  it('a bad range or an unknown region is refused naming the field', () => {
    const issues = (() => {
      try {
        runCarbonUncertainty({
          scenario: withRanges([{ factor: 'fuel.raw_coal.ncv', low: '20', high: '22', unit: 'tC/TJ' }]),
          region: 'mars',
          draws: 5,
          seed: 1,
        });
      } catch (e) {
        if (e instanceof IssuesError) return e.issues;
      }
      return [];
    })();
    expect(issues.map((i) => [i.code, i.path])).toEqual([
      ['unit_mismatch', 'uncertainty[0].unit'],
      ['region_unknown', undefined],
    ]);
  });
});

describe('the carbon_uncertainty run kind and gep carbon uncertainty', () => {
  it('names the run before computing it as the run names itself; the CLI writes the run folder of that id', async () => {
    const input = { scenario: 'scenarios/carbon-factors-revised.yaml', draws: 20, seed: 5 };
    const p = await plan('carbon_uncertainty', input, fileSources());
    const run = await compute(p);
    expect(run.meta.id).toBe(p.id);
    expect(run.meta.parameters.map((x) => x.id)).toEqual(['factor:fuel.raw_coal.cc']);
    const out = mkdtempSync(join(tmpdir(), 'gep-cmc-'));
    const r = await gep('carbon', 'uncertainty', '--scenario', input.scenario, '--draws', '20', '--seed', '5', '-o', out);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/factor:fuel\.raw_coal\.cc +0\.02558 +0\.02716/);
    expect(readFileSync(join(out, p.id, 'results.csv'), 'utf8')).toBe(RUN_KINDS.carbon_uncertainty.files(run)['results.csv']);
    // a refused option exits 2, naming it
    const bad = await gep('carbon', 'uncertainty', '--draws', '0', '--seed', '1', '-o', out);
    expect([bad.status, bad.stderr]).toEqual([2, expect.stringMatching(/--draws: "0" is not a whole number/)]);
  });
});
