/** The defaults file (models/defaults.yaml) is what the named defaults and lib's option defaults come from. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { gridFactor } from '../../engine/carbon/factor-lookup.ts';
import { DEFAULT_DATASET } from '../../datasets/load.ts';
import { DEFAULT_GRID, runCarbon } from '../../lib/carbon-run.ts';
import { DEFAULT_DUAL_SPEC, DEFAULT_SCORECARD, loadDualSpec, loadScorecard } from '../../lib/dual.ts';
import { DEFAULT_MODEL } from '../../lib/run.ts';
import { DEFAULT_FACTORS, loadFactorSet } from '../../models/carbon-factors.ts';
import { DEFAULTS } from '../../models/defaults.ts';
import { loadModel } from '../../models/load.ts';
import { MODELS_DIR } from '../../models/versioned.ts';

const file = YAML.parse(readFileSync(join(MODELS_DIR, 'defaults.yaml'), 'utf8'));

describe('models/defaults.yaml', () => {
  it('is what DEFAULTS and the named defaults hold', () => {
    expect(DEFAULTS).toEqual(file);
    expect(DEFAULT_MODEL).toBe(file.gep.model);
    expect(DEFAULT_DATASET).toBe(join(MODELS_DIR, '..', 'datasets', file.gep.dataset));
    expect(DEFAULT_FACTORS).toBe(file.carbon.factors);
    expect(DEFAULT_GRID).toEqual(file.carbon.grid);
    expect(DEFAULT_DUAL_SPEC).toBe(file.dual.spec);
    expect(DEFAULT_SCORECARD).toBe(file.dual.scorecard);
  });

  it('names only things that are shipped and load, and a grid choice the factor set has', () => {
    expect(loadModel(DEFAULT_MODEL).id).toBe(file.gep.model);
    expect(existsSync(join(DEFAULT_DATASET, 'dataset.yaml'))).toBe(true);
    expect(loadDualSpec().id).toBe(file.dual.spec);
    expect(loadScorecard().id).toBe(file.dual.scorecard);
    const factors = loadFactorSet();
    expect(factors.id).toBe(file.carbon.factors);
    expect(gridFactor(factors, DEFAULT_GRID, file.carbon.dual_control.base_year).factor).toBeDefined();
  });

  it('gives runCarbon its grid, dual-control targets and projection horizon when the options name none', () => {
    const run = runCarbon({ parts: ['inventory', 'dualcontrol', 'project'] });
    expect(run.meta.grid).toEqual(file.carbon.grid);
    const t = run.dual[0]!.targets;
    expect(t.baseYear).toBe(file.carbon.dual_control.base_year);
    expect(t.energyIntensity.toString()).toBe(file.carbon.dual_control.energy_intensity);
    expect(t.co2Intensity.toString()).toBe(file.carbon.dual_control.co2_intensity);
    expect(t.ladder.kind).toBe(file.carbon.dual_control.ladder);
    expect(run.dual[0]!.lines[0]!.year).toBe(file.carbon.dual_control.base_year);
    expect(run.projection[0]!.scenarios[0]!.years.at(-1)!.year).toBe(file.carbon.projection.to_year);
  });
});

describe('the defaults schema', () => {
  it.each(['abc', '1,5', '0x1'])('refuses a target of "%s" as a schema problem at its path (not a thrown Error)', async (text) => {
    const { DefaultsSchema } = await import('../../models/defaults.ts');
    const d = structuredClone(file);
    d.carbon.dual_control.energy_intensity = text;
    const r = DefaultsSchema.safeParse(d);
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.path.join('.'))).toContain('carbon.dual_control.energy_intensity');
  });
});
