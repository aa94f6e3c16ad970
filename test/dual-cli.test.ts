import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { gep } from './helpers/gep-cli.ts';

/** gep dual, compare, uncertainty and batch end to end, called in-process through main(). */
const out = mkdtempSync(join(tmpdir(), 'gep-dual-cli-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));
const folder = (stdout: string) => /written to (\S+)/.exec(stdout)![1]!;

describe('gep dual / compare / uncertainty / batch', () => {
  it('gep dual prints the indicators, drivers and scorecard and writes a run folder', async () => {
    const r = await gep('dual', '-o', out);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/GEP\/GDP/);
    expect(r.stdout).toMatch(/What drove ΔGEP, tianfu/);
    expect(r.stdout).toMatch(/Scorecard/);
    const dir = folder(r.stdout);
    expect(readdirSync(dir).sort()).toEqual(['result.json', 'results.csv', 'summary.md']);
    const csv = readFileSync(join(dir, 'results.csv'), 'utf8');
    expect(csv).toMatch(/\ndual\.gep_gdp_ratio,dual,,tianfu,2022,baseline,/);
    expect(csv).toMatch(/\ngep,total,,tianfu,2022,baseline,/);
  });

  it('gep compare writes Δ rows for every indicator (bad scenarios: test/scenario.test.ts)', async () => {
    const r = await gep('compare', 'scenarios/wetland-restoration.yaml', '-o', out);
    expect(r.status, r.stderr).toBe(0);
    const csv = readFileSync(join(folder(r.stdout), 'results.csv'), 'utf8');
    expect(csv).toMatch(/\nflood_regulation,delta_service,regulating,tianfu,2022,wetland-restoration,vs=baseline,1140000,m3,/);
  });

  it('gep uncertainty prints draws, seed, percentiles and the tornado (same-seed identity: test/uncertainty.test.ts)', async () => {
    const a = await gep('uncertainty', '--draws', '30', '--seed', '7', '-o', out);
    expect(a.status, a.stderr).toBe(0);
    expect(a.stdout).toMatch(/30 draws, seed 7/);
    expect(a.stdout).toMatch(/P5 .* P50 .* P95/);
    expect(a.stdout).toMatch(/coefficient:reservoir_cost/);
    expect(readFileSync(join(folder(a.stdout), 'results.csv'), 'utf8')).toMatch(/\ngep,uncertainty_total,,tianfu,2022,baseline,stat=p50,/);
  });

  it('gep batch over a generated set, one thread', async () => {
    const r = await gep('batch', '--regions', '6', '--years', '2021,2022', '-o', out);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/6 regions × 2 years = 12 region-years/);
  });
});
