import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULTS } from '../../models/defaults.ts';
import { compute, plan } from '../../runs/registry.ts';
import { fileSources } from '../../runs/sources.ts';

/**
 * models/defaults.yaml is editable ("change a default here") and says a run's id covers the targets it used:
 * a carbon run that takes its dual-control targets or projection settings from it is named by their values.
 */
const dc = { ...DEFAULTS.carbon.dual_control };
const pj = { ...DEFAULTS.carbon.projection };
afterEach(() => {
  Object.assign(DEFAULTS.carbon.dual_control, dc);
  Object.assign(DEFAULTS.carbon.projection, pj);
});

const carbon = async (input: object) => {
  const p = await plan('carbon', { parts: ['inventory', 'dualcontrol', 'project'], ...input }, fileSources());
  return { id: p.id, run: await compute(p) };
};

describe('a carbon run on the default targets', () => {
  it('another default energy-intensity target, ladder or horizon: other numbers, so another id', async () => {
    const a = await carbon({});
    DEFAULTS.carbon.dual_control.energy_intensity = '0.3';
    DEFAULTS.carbon.projection.to_year = 2050;
    const b = await carbon({});
    expect(b.run.dual[0]!.targets.energyIntensity.toString()).not.toBe(a.run.dual[0]!.targets.energyIntensity.toString());
    expect(b.id).not.toBe(a.id);
  });

  it('the defaults named explicitly are the same run as the defaults left out', async () => {
    const a = await carbon({});
    const b = await carbon({
      dual: { baseYear: dc.base_year, energyIntensity: dc.energy_intensity, co2Intensity: dc.co2_intensity, ladder: dc.ladder },
      projection: { toYear: pj.to_year, targetYear: pj.target_year, ridgeK: pj.ridge_k },
    });
    expect(b.id).toBe(a.id);
  });
});
