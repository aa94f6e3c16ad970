import { describe, expect, it } from 'vitest';
import { explain } from '../engine/eval/explain.ts';
import { evaluateRegionYear } from '../engine/eval/evaluate.ts';
import { DEFAULT_DATASET, loadDataset } from '../datasets/load.ts';
import { loadModel } from '../models/load.ts';

describe('explain', () => {
  const model = loadModel('cn-gep-2022');
  const data = loadDataset(DEFAULT_DATASET, model);
  const r = evaluateRegionYear(model, data, 'tianfu', 2022, { trace: true });
  const text = explain(r.traces!, 'air_purification.money', { diagnostics: r.diagnostics }).join('\n');

  it('shows the formula, the physical account it reads, unit conversions and coefficient sources', () => {
    expect(text).toContain('air_purification.money = 3,795,595.67 CNY');
    expect(text).toContain('= physical * air_treatment_cost');
    expect(text).toContain('air_purification.physical = 8,032 t');
    expect(text).toContain('unit: ha·(kg/ha) → t, × 0.001');
    expect(text).toMatch(
      /coefficient air_treatment_cost \[CNY\/t\] so2 1,581\.63.*priced 2010 × price index 1\.318.*source: 白玛卓嘎 et al\. 2017/,
    );
    expect(text).toMatch(/input air_pollutant_emission \[t\] so2 1,480; nox 8,700; dust 6,300 \(data of 2022\)/);
  });

  it('shows the caps that bound', () => {
    expect(text).toContain('! cap_bound [so2]: the limit binds: 1480 t instead of');
    expect(text).toContain('! cap_bound [dust]');
    expect(text).not.toContain('! cap_bound [nox]');
  });

  it('names what it cannot explain', () => {
    expect(explain(r.traces!, 'nonsense.money')[0]).toMatch(/no trace for "nonsense\.money"/);
  });
});
