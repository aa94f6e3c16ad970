/**
 * What the carbon analyst reads (issue 11 item 6), each through `gep(...)`: explain covers dual control, GPC
 * BASIC/BASIC+ and energy generation and fails (exit 2) when nothing matches; printed precision follows magnitude;
 * projection columns name their real years and carry projected energy and GDP; STIRPAT refuses a constant regressor.
 * (A base year outside the data and population not required by dual control: test/carbon/dual-caps.test.ts.)
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dec } from '../../engine/core/decimal.ts';
import { fitStirpat } from '../../engine/carbon/stirpat.ts';
import { gep } from '../helpers/gep-cli.ts';

const out = mkdtempSync(join(tmpdir(), 'gep-analyst-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));
const SAMPLE = 'datasets/tianfu-sample';

describe('gep carbon explain', () => {
  it('explains a dual-control cap with its formula, base and requirement', async () => {
    const r = await gep(
      'carbon',
      'explain',
      'dual.energy_cap',
      '-d',
      'test/fixtures/carbon-dual-path',
      '-r',
      'city',
      '-y',
      '2025',
      '--gdp-growth',
      '0.06',
    );
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/dual\.energy_cap 2025 = 142264\.7538\d* tce/);
    expect(r.stdout).toMatch(/cap = I_2020 × \(1 − r\) × GDP_2025; I_2020 = assessed energy, calorific basis 122900 \/ GDP 100000000000/);
    expect(r.stdout).toMatch(/required = 0\.135/);
  });

  it('explains GPC BASIC+ and the plants’ fuel of the sample', async () => {
    const basic = await gep('carbon', 'explain', 'carbon.gpc.basic_plus', '-r', 'tianfu', '-y', '2022');
    expect(basic.status, basic.stderr).toBe(0);
    expect(basic.stdout).toMatch(/carbon\.gpc\.basic_plus = .* tCO2e\n {2}= BASIC \+ IPPU \+ AFOLU/);
    const gen = await gep('carbon', 'explain', 'carbon.energy_generation', '-r', 'tianfu', '-y', '2022');
    expect(gen.status, gen.stderr).toBe(0);
    expect(gen.stdout).toMatch(/fuel burnt in power and heat plants/);
  });

  it('nothing matching exits 2, names the nearest and lists what there is', async () => {
    const r = await gep('carbon', 'explain', 'carbon.scope3', '-r', 'tianfu', '-y', '2022');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/nothing traced under "carbon\.scope3" for tianfu 2022/);
    expect(r.stderr).toMatch(/carbon\.scope1/);
    expect(r.stderr).toMatch(/dual control: dual\.energy_total_assessed/);
    const d = await gep('carbon', 'explain', 'dual.energy_cap', '-r', 'tianfu', '-y', '2025');
    expect(d.status).toBe(2);
    expect(d.stderr).toMatch(/no dual-control line "dual\.energy_cap" for tianfu 2025.*caps need --gdp-growth/);
  });
});

describe('printed tables', () => {
  it('a 3.19 t case prints 0.00319 kt, not 0.0', async () => {
    const d = join(out, 'tiny');
    mkdirSync(d);
    cpSync('test/fixtures/carbon-diesel', d, { recursive: true });
    writeFileSync(
      join(d, 'carbon-activity.csv'),
      'region,year,kind,item,sector,amount,unit,source\nfleet,2020,emission,CO2,transport,3.19,tCO2,x\n',
    );
    const r = await gep('carbon', 'inventory', '-d', d, '--out', out);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/fleet +2020\*? +0\.00319 +0\.0 +0\.00319/);
  });

  it('a 2025 horizon names 2025 and says the 2030 target is after it; projected energy and GDP are in the table and the long rows', async () => {
    const r = await gep('carbon', 'project', '--to', '2025', '--out', out);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/2030 \(after the horizon\) +2025 +energy 2025 \(ktce\) +GDP 2025 \(10⁸ CNY\)/);
    const dir = join(out, /run ([0-9a-f]{16})/.exec(r.stdout)![1]!);
    const csv = readFileSync(join(dir, 'results.csv'), 'utf8');
    expect(csv).toMatch(/carbon\.projection_energy,projection,.*2025/);
    expect(csv).toMatch(/carbon\.projection_gdp,projection,.*2025/);
  });
});

describe('STIRPAT on a near-constant or collinear regressor', () => {
  it('a constant population is refused, named, and the Kaya paths still print', async () => {
    const d = join(out, 'flat-pop');
    cpSync(SAMPLE, d, { recursive: true });
    const econ = readFileSync(join(d, 'economy.csv'), 'utf8').replace(/(,population,)\d+/g, '$12352000');
    writeFileSync(join(d, 'economy.csv'), econ);
    const r = await gep('carbon', 'project', '-d', d, '--out', out);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/no STIRPAT path: STIRPAT refused: population is \(near-\)constant over 2015–2022/);
    expect(r.stdout).toMatch(/baseline +\d{4}/);
  });

  it('collinear regressors are flagged with their VIF', () => {
    const obs = [1, 2, 3, 4, 5, 6].map((t) => ({
      year: 2015 + t,
      co2: dec(String(100 + t * 3 + (t % 2))),
      population: dec(String(1000 + t * 10)),
      gdpPerCapita: dec((50 + t * 0.5 + (t % 2) * 0.001).toFixed(3)),
      energyIntensity: dec((1 - t * 0.01 + (t % 3) * 0.001).toFixed(3)),
    }));
    const fit = fitStirpat(obs);
    expect(fit.warnings?.join('; ')).toMatch(/population is collinear with the others \(VIF [\d.e+]+ > 10\)/);
  });
});
