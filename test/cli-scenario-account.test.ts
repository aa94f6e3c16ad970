import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { gep } from './helpers/gep-cli.ts';

/**
 * `gep account --scenario` and `gep explain --scenario` (issue 10 item 7): the account and the explanation of a
 * value under a scenario, through the run registry. scenarios/greenway.yaml scales the park and greenway visits by
 * 1.08 from 2021; the sample records 38,000,000 of them in 2022 (datasets/tianfu-sample/observations.csv), so the
 * scenario's are 41,040,000. A --model other than the scenario's used to be ignored; it is refused now.
 */
const tmp = mkdtempSync(join(tmpdir(), 'gep-scenario-account-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

type Row = Record<string, string>;
async function account(name: string, ...args: string[]) {
  const out = join(tmp, name);
  const r = await gep('account', '--no-trace', '-o', out, ...args);
  expect(r.status, r.stderr).toBe(0);
  const dir = join(out, readdirSync(out)[0]!);
  const result = JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8'));
  const rows = parse(readFileSync(join(dir, 'results.csv'), 'utf8'), { columns: true }) as Row[];
  return { r, result, rows };
}
const visits = (rows: Row[]) =>
  rows.find(
    (x) =>
      x.indicator === 'recreation' &&
      x.level === 'detail' &&
      x.year === '2022' &&
      x.key === 'visit_site=park_greenway' &&
      x.price_basis === 'current',
  )?.physical_value;

describe('gep account --scenario', () => {
  it('accounts the scenario: the run names it, and the overridden input moves the result', async () => {
    const base = await account('base');
    const sc = await account('greenway', '--scenario', 'scenarios/greenway.yaml');
    expect(sc.result.run.scenario).toBe('greenway');
    expect(sc.result.run.scenario_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(sc.r.stdout).toMatch(/scenario greenway \([0-9a-f]{12}\), run [0-9a-f]{16}/);
    expect(base.result.run.scenario).toBe('baseline');
    expect(visits(base.rows)).toBe('38000000');
    expect(visits(sc.rows)).toBe('41040000');
    expect(sc.result.run.id).not.toBe(base.result.run.id);
  });

  it("a --model that is the scenario's own is honoured; another one is refused (exit 2), not ignored", async () => {
    const same = await gep('account', '--no-trace', '-o', join(tmp, 'same'), '-s', 'scenarios/greenway.yaml', '-m', 'cn-gep-2022');
    expect(same.status, same.stderr).toBe(0);
    const other = await gep('account', '-o', join(tmp, 'other'), '-s', 'scenarios/greenway.yaml', '-m', 'esv-equivalent-2015');
    expect(other.status).toBe(2);
    expect(other.stderr).toContain('scenario greenway is written for cn-gep-2022@1.0.0');
    expect(other.stderr).toContain('[model_mismatch]');
    const dual = await gep('dual', '-o', join(tmp, 'dual'), '--scenario', 'scenarios/greenway.yaml', '-m', 'esv-equivalent-2015');
    expect(dual.status).toBe(2);
    expect(dual.stderr).toContain('[model_mismatch]');
  });
});

describe('gep explain --scenario', () => {
  it("explains the value under the scenario and lists the scenario's changes to what it reads, with their sources", async () => {
    const r = await gep('explain', 'recreation', '-r', 'tianfu', '-y', '2022', '--scenario', 'scenarios/greenway.yaml');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('cn-gep-2022@1.0.0 · tianfu · 2022 · current prices · scenario greenway');
    expect(r.stdout).toContain('input visits [visit] scenic_area 7,400,000; park_greenway 41,040,000 (data of 2022)');
    expect(r.stdout).toContain('scenario greenway changes what this reads:');
    expect(r.stdout).toContain(
      'input visits [park_greenway] × 1.08 from 2021 (overrides.inputs[0]; source: assumption: the new greenways add 8 % to park and greenway visits)',
    );
    // the land conversions change area, which recreation does not read
    expect(r.stdout).not.toContain('overrides.conversions');
  });

  it('an overridden coefficient shows the scenario as its source in the chain', async () => {
    const r = await gep('explain', 'water_conservation', '-r', 'tianfu', '-y', '2022', '-s', 'scenarios/price-high.yaml');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(
      /coefficient reservoir_cost = [\d.]+ CNY\/m3 \(entry from 2020; priced 2011 × price index [\d.]+; source: scenario price-high: 7\.53 CNY\/m3/,
    );
    expect(r.stdout).toContain('coefficient reservoir_cost = 7.53 from 2020 (overrides.coefficients[2]');
    expect(r.stdout).not.toContain('carbon_price');
  });

  it('a year before the scenario starts: nothing it changes is read', async () => {
    const r = await gep('explain', 'recreation', '-r', 'tianfu', '-y', '2020', '-s', 'scenarios/greenway.yaml');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('scenario greenway changes nothing this reads in tianfu 2020');
  });
});

describe('gep carbon explain --scenario', () => {
  it("explains under the scenario's factor overrides", async () => {
    const args = ['carbon', 'explain', 'carbon.scope1', '-r', 'tianfu', '-y', '2022', '--item', 'raw_coal', '--limit', '1'];
    const base = await gep(...args);
    const sc = await gep(...args, '--scenario', 'scenarios/carbon-factors-revised.yaml');
    expect(base.status, base.stderr).toBe(0);
    expect(sc.status, sc.stderr).toBe(0);
    expect(base.stdout).toContain('coefficient fuel.raw_coal.ncv = 20.908 GJ/t (entry from 2005');
    // the scenario's own factor set (cn-carbon-factors@1.1.0), with its override as the source
    expect(sc.stdout).toMatch(
      /coefficient fuel\.raw_coal\.ncv = 22 GJ\/t \(entry from 2020; source: (cn-carbon-factors@1\.1\.0: )?scenario carbon-factors-revised:/,
    );
  });
});
