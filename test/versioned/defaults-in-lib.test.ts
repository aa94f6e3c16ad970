/**
 * lib/ takes its defaults from DEFAULTS, not from literals of its own: with other defaults in place of the file's
 * (a mock of models/defaults.ts), runCarbon follows them. defaults.test.ts checks that DEFAULTS is the file.
 */
import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_GRID, runCarbon } from '../../lib/carbon-run.ts';

vi.mock('../../models/defaults.ts', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../models/defaults.ts')>();
  const d = structuredClone(real.DEFAULTS);
  d.carbon.grid = { geography: 'national', kind: 'average', vintage: 'year' };
  d.carbon.dual_control = { base_year: 2021, energy_intensity: '0.2', co2_intensity: '0.25', ladder: 'city4' };
  d.carbon.projection = { to_year: 2050, target_year: 2028, ridge_k: 0.1 };
  return { ...real, DEFAULTS: d };
});

describe('lib reads its defaults from the defaults file', () => {
  it('runCarbon uses the grid, targets, ladder and horizon of DEFAULTS when the options name none', () => {
    expect(DEFAULT_GRID).toEqual({ geography: 'national', kind: 'average', vintage: 'year' });
    const run = runCarbon({ parts: ['inventory', 'dualcontrol', 'project'] });
    expect(run.meta.grid.geography).toBe('national');
    const t = run.dual[0]!.targets;
    expect([t.baseYear, t.energyIntensity.toString(), t.co2Intensity.toString(), t.ladder.kind]).toEqual([2021, '0.2', '0.25', 'city4']);
    expect(run.projection[0]!.scenarios[0]!.years.at(-1)!.year).toBe(2050);
  });
});
