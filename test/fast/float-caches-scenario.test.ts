import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { Dec } from '../../engine/core/decimal.ts';
import { DEFAULT_DATASET, loadDataset } from '../../datasets/load.ts';
import { loadModel } from '../../models/load.ts';
import { drawRange, prepareUncertainty } from '../../lib/uncertainty.ts';
import { loadScenario } from '../../lib/scenario.ts';

/**
 * Review of issue 13 (float caches): the float path keeps typed-array rows, deflators and coefficient vectors with
 * the dataset objects (WeakMaps keyed by the dataset, its values maps and the program). Scenarios lay overlays over
 * the SAME loaded dataset object (batch and compare pass `loaded`): a float Monte Carlo on the plain dataset, then
 * on scenarios over that same object (input overrides, growth paths, conversions, coefficient overrides), then on
 * the plain dataset again, must each agree draw by draw with the exact path — a stale cached row or vector would
 * give the first run's numbers to the later ones.
 */
const rel = (f: number, e: Dec) => (e.isZero() ? Math.abs(f) : Math.abs(f - e.toNumber()) / Math.abs(e.toNumber()));

describe('float caches across scenarios over one dataset object', () => {
  it('MC on the dataset, then scenarios over the same object, then the dataset again: float = exact (1e-9)', () => {
    const model = loadModel('cn-gep-2022@1.0.0');
    const dataset = loadDataset(DEFAULT_DATASET, model);
    const loaded = { model, dataset };
    const ranges = [
      { input: 'area', key: 'broadleaf_forest', low: '0.95', high: '1.05' },
      { coefficient: 'carbon_price', low: '40', high: '120' },
    ];
    const scenarios = ['greenway', 'wetland-restoration', 'price-high'].map((id) => {
      const raw = parse(readFileSync(new URL(`../../scenarios/${id}.yaml`, import.meta.url), 'utf8')) as object;
      return loadScenario({ ...raw, uncertainty: ranges });
    });
    const runs: { label: string; spec: Parameters<typeof prepareUncertainty>[0] }[] = [
      { label: 'plain', spec: {} },
      ...scenarios.map((scenario) => ({ label: scenario.id, spec: { scenario } })),
      { label: 'plain again', spec: {} },
    ];
    const firsts: number[] = [];
    for (const { label, spec } of runs) {
      const e = drawRange(prepareUncertainty({ ...spec, path: 'exact' }, loaded), 7, 0, 6) as string[][];
      const f = drawRange(prepareUncertainty(spec, loaded), 7, 0, 6) as number[][];
      for (const [i, row] of e.entries())
        for (const [j, v] of row.entries())
          expect(rel(f[i]![j]!, new Dec(v)), `${label} draw ${i} col ${j}: ${f[i]![j]} vs ${v}`).toBeLessThanOrEqual(1e-9);
      firsts.push(f[0]![0]!);
    }
    // the scenarios do move GEP (else the test could not see a stale cache)
    expect(new Set(firsts).size).toBeGreaterThanOrEqual(3);
    expect(firsts[0]).toBe(firsts[firsts.length - 1]);
  }, 120_000);
});
