/**
 * The shipped IPCC Tier 1 set end to end through the CLI, factor sets that combine with a stated precedence, and
 * earlier versions of a set kept loadable (issue 11 item 5). Fixtures: test/fixtures/carbon-diesel (1,000 t of
 * diesel in transport) and carbon-diesel-mix (the same, 2,000 t of raw coal in a kiln, 500 MWh from the grid).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { IssuesError } from '../../engine/core/errors.ts';
import { runCarbon } from '../../lib/carbon-run.ts';
import { earlierVersions, loadFactorSet } from '../../models/carbon-factors.ts';
import { gep } from '../helpers/gep-cli.ts';

const DIESEL = 'test/fixtures/carbon-diesel',
  MIX = 'test/fixtures/carbon-diesel-mix';
const out = mkdtempSync(join(tmpdir(), 'gep-ipcc-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

const runDir = (stdout: string) => join(out, /run ([0-9a-f]{16})/.exec(stdout)![1]!);
const csvValue = (dir: string, indicator: string) =>
  readFileSync(join(dir, 'results.csv'), 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${indicator},inventory,`))!
    .split(',')[7];

describe('the shipped IPCC 2006 Tier 1 set through `gep carbon`', () => {
  it('accounts diesel: 1,000 t × 43.0 TJ/Gg × 74,100 kgCO2/TJ = 3,186.3 tCO2; energy 1,000 t × 43.0 GJ/t ÷ 29.3076 GJ/tce', async () => {
    // IPCC 2006 GL Vol.2 Ch.1 Table 1.2 p.1.18 (NCV 43.0 TJ/Gg) and Table 1.4 p.1.23 (74,100 kg/TJ):
    // 1,000 t = 1 Gg → 43 TJ × 74.1 tCO2/TJ = 3,186.3 tCO2 (the worked example of shared/research/carbon-methodology.md §1.1)
    const r = await gep('carbon', 'inventory', '-f', 'ipcc-2006-tier1', '-d', DIESEL, '--out', out);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/factor set ipcc-2006-tier1@1\.1\.0/);
    const dir = runDir(r.stdout);
    expect(csvValue(dir, 'carbon.scope1')).toBe('3186.3');
    // 43,000 GJ ÷ 29.3076 GJ/tce = 1,467.19622214033… tce, stored at 12 decimals
    expect(csvValue(dir, 'energy.total_calorific')).toBe('1467.196222140332');
  });

  it('1.0.0, which gives no standard-coal factor, is still refused (exit 2), naming the factor: the conversion came with 1.1.0', async () => {
    const r = await gep('carbon', 'inventory', '-f', 'ipcc-2006-tier1@1.0.0', '-d', DIESEL, '--out', out);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/ipcc-2006-tier1@1\.0\.0 has no factor "fuel\.diesel\.sce" \(needed for fuel diesel in transport\)/);
  });
});

describe('factor sets that combine, first set first', () => {
  it('takes diesel whole from IPCC and raw coal and the grid from the China set; the run block names both with their hashes', async () => {
    const r = await gep('carbon', 'inventory', '-f', 'ipcc-2006-tier1@1.1.0,cn-carbon-factors@1.2.0', '-d', MIX, '--out', out);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/factor set ipcc-2006-tier1@1\.1\.0,cn-carbon-factors@1\.2\.0/);
    const dir = runDir(r.stdout);
    // diesel 3,186.3 (IPCC) + raw coal 2,000 t × 20.908 × 0.02637 × 0.94 × 44/12 = 3,800.5976976 (China set)
    expect(csvValue(dir, 'carbon.scope1')).toBe('6986.8976976');
    // 500 MWh × Sichuan's first vintage (2021, 0.1255 tCO2/MWh: 2020 is before it, marked *)
    expect(csvValue(dir, 'carbon.scope2')).toBe('62.75');
    const meta = JSON.parse(readFileSync(join(dir, 'carbon.json'), 'utf8')).run;
    expect(meta.model).toBe('ipcc-2006-tier1@1.1.0,cn-carbon-factors@1.2.0');
    expect(meta.factor_sets.map((s: { ref: string }) => s.ref)).toEqual(['ipcc-2006-tier1@1.1.0', 'cn-carbon-factors@1.2.0']);
    expect(meta.factor_sets[0].hash).toBe(loadFactorSet('ipcc-2006-tier1@1.1.0').hash);
    expect(readFileSync(join(dir, 'summary.md'), 'utf8')).toMatch(/combined in this order of precedence/);
  });

  it('explain shows the set each factor came from, and no 44/12 for the IPCC factor (its EF per energy holds it)', async () => {
    const r = await gep(
      'carbon',
      'explain',
      'carbon.scope1.fuel',
      '-r',
      'fleet',
      '-y',
      '2020',
      '-f',
      'ipcc-2006-tier1@1.1.0,cn-carbon-factors@1.2.0',
      '-d',
      MIX,
    );
    expect(r.status, r.stderr).toBe(0);
    const [coal, diesel] = r.stdout.split(/(?=^carbon\.scope1\.fuel diesel)/m);
    expect(diesel).toMatch(/= AD × NCV × EF_CO2/);
    expect(diesel).toMatch(
      /fuel\.diesel\.ef_co2 = 0\.0741 tCO2\/GJ \(entry from 2006; source: ipcc-2006-tier1@1\.1\.0: IPCC 2006 GL Vol\.2 Ch\.1 Table 1\.4/,
    );
    expect(diesel).not.toMatch(/coefficient 44\/12/);
    expect(coal).toMatch(/fuel\.raw_coal\.cc = 0\.02637 tC\/GJ \(entry from 2005; source: cn-carbon-factors@1\.2\.0: /);
    expect(coal).toMatch(/coefficient 44\/12/);
  });

  it('the precedence is part of the run: the China set first gives diesel its own factors, another total and another run id', () => {
    const a = runCarbon({ factors: 'ipcc-2006-tier1@1.1.0,cn-carbon-factors@1.2.0', dataset: MIX, parts: ['inventory'] });
    const b = runCarbon({ factors: 'cn-carbon-factors@1.2.0,ipcc-2006-tier1@1.1.0', dataset: MIX, parts: ['inventory'] });
    // China diesel: 1,000 t × 42.652 × 0.0202 × 0.98 × 44/12 = 3,095.9096373… tCO2 (cn-carbon-factors, METHODS §2.1 table)
    expect(b.inventory[0]!.inventory.bySource.get('diesel')!.toFixed(4)).toBe('3095.9096');
    expect(a.inventory[0]!.inventory.bySource.get('diesel')!.toString()).toBe('3186.3');
    expect(a.meta.id).not.toBe(b.meta.id);
    expect(() => loadFactorSet('cn-carbon-factors,cn-carbon-factors@1.2.0')).toThrow(/cn-carbon-factors@1\.2\.0 is named twice/);
  });
});

describe('earlier versions of a factor set', () => {
  it('are kept whole and loadable by id@version, each checked against the lock', () => {
    expect(earlierVersions('cn-carbon-factors')).toEqual(['1.0.0', '1.1.0']);
    expect(earlierVersions('ipcc-2006-tier1')).toEqual(['1.0.0']);
    const lock = JSON.parse(readFileSync('models/published.lock.json', 'utf8'));
    for (const ref of ['cn-carbon-factors@1.0.0', 'cn-carbon-factors@1.1.0', 'cn-carbon-factors@1.2.0', 'ipcc-2006-tier1@1.0.0']) {
      const s = loadFactorSet(ref);
      expect(s.ref).toBe(ref);
      expect(s.hash).toBe(lock[ref]);
    }
    // 1.1.0 has the ten fuels and fifteen sectors it always had
    expect(loadFactorSet('cn-carbon-factors@1.1.0').fuels.size).toBe(10);
    expect(Object.keys(loadFactorSet('cn-carbon-factors@1.1.0').sectors)).toHaveLength(15);
    expect(() => loadFactorSet('cn-carbon-factors@9.9.9')).toThrow(IssuesError);
  });

  it('give the sample the same numbers on every fuel it uses: the default 1.2.0 and 1.1.0 agree line by line', () => {
    const now = runCarbon({ parts: ['inventory'] });
    const before = runCarbon({ parts: ['inventory'], factors: 'cn-carbon-factors@1.1.0' });
    expect(now.meta.model).toBe('cn-carbon-factors@1.2.0');
    for (const [n, e] of now.inventory.entries()) {
      const old = before.inventory[n]!.inventory;
      expect(e.inventory.gross.eq(old.gross) && e.inventory.energy.calorific.eq(old.energy.calorific)).toBe(true);
      expect([...e.inventory.bySource].map(([k, v]) => `${k} ${v}`)).toEqual([...old.bySource].map(([k, v]) => `${k} ${v}`));
    }
  });
});
