import { describe, expect, it } from 'vitest';
import { dec } from '../../engine/core/decimal.ts';
import { evaluateIndex } from '../../engine/index/evaluate.ts';
import { IndicatorSystem } from '../../engine/index/schema.ts';
import type { IndexRun } from '../../lib/index-run.ts';
import { indexSection } from '../../reports/index-section.ts';
import { indexExplainLines } from '../../reports/index-summary.ts';

/** Edge cases found in review: two dimensions, min–max over regions, entropy weights, values in memory. */
const indicator = (id: string, direction: 'higher' | 'lower') => ({
  id,
  label: { zh: id, en: id },
  unit: '1',
  direction,
  value: { table: 'indicators', indicator: id },
  ...(direction === 'higher' ? { target: '10', amber: '5', floor: '0' } : { target: '1', amber: '2', floor: '4' }),
  source: 'test',
  rationale: 'test',
});
const system = IndicatorSystem.parse({
  id: 'review',
  version: '1.0.0',
  title: { zh: '复核', en: 'Review' },
  description: 'review',
  sources: [{ id: 's', citation: 'test' }],
  normalisation: { method: 'minmax', over: 'regions' },
  weighting: { method: 'entropy' },
  lights: { green: '80', yellow: '60' },
  dimensions: [
    { id: 'a', label: { zh: '甲', en: 'A' }, indicators: [indicator('x', 'higher'), indicator('y', 'lower')] },
    { id: 'b', label: { zh: '乙', en: 'B' }, indicators: [indicator('z', 'higher'), indicator('w', 'higher')] },
  ],
});
// z and w are the same in every region (no spread): entropy gives them weight 0, so dimension b weighs 0
const DATA: Record<string, Record<string, string>> = {
  r1: { x: '1', y: '3', z: '7', w: '2' },
  r2: { x: '3', y: '1', z: '7', w: '2' },
  r3: { x: '2', y: '2', z: '7', w: '2' },
};
const objects = ['r1', 'r2', 'r3'].map((region) => ({ region, year: 2022 }));
const raw = (o: { region: string }, i: string) => ({ value: dec(DATA[o.region]![i]!), from: `memory ${o.region}.${i}` });

describe('entropy weights: a dimension none of whose indicators varies', () => {
  const r = evaluateIndex(system, objects, raw);
  it('weighs 0 in the composite (entropy 1 for every indicator of it)', () => {
    expect(r.weights.dimensions.map((d) => d.weight.toString())).toEqual(['1', '0']);
    expect(r.weights.entropy!.entropy.slice(2).map(String)).toEqual(['1', '1']);
  });
  it('still scores its indicators within it with equal weights: each is 1 (zero range), so the dimension is 100, not 0', () => {
    // min–max over regions with zero range gives every region 1 (normalise.ts); a dimension of scores 1 is 100. Before
    // the fix the within-dimension weights were 0/0 → 0 and dimension b was 0 (red) for every region: a dimension the
    // data cannot tell apart was shown as failing.
    expect(r.weights.indicators.map((i) => i.inDimension.toString())).toEqual(['0.5', '0.5', '0.5', '0.5']);
    expect(r.scores.map((s) => s.dimensions[1]!.score.toString())).toEqual(['100', '100', '100']);
    expect(r.scores.map((s) => s.dimensions[1]!.light)).toEqual(['green', 'green', 'green']);
  });
  it('leaves the composite to the dimension that varies: x (1, 3, 2) → 0, 1, 0.5; y lower (3, 1, 2) → 0, 1, 0.5', () => {
    // x and y spread alike, so entropy weighs them 0.5 each; composite = 100 · (0.5·x + 0.5·y)
    expect(r.scores.map((s) => s.composite.toDecimalPlaces(20).toString())).toEqual(['0', '100', '50']);
    expect(r.scores.map((s) => s.rank)).toEqual([3, 1, 2]);
  });
});

describe('the report says which way a target points', () => {
  it('a lower-is-better indicator shows its target as "≤ 1", a higher-is-better one as "≥ 10"', () => {
    // A planning office reads raw 2 against target 1: without the sign it cannot tell that 2 misses it. Before the fix
    // the target column showed the bare number for both directions.
    const run = {
      meta: {
        system: 'review@1.0.0',
        normalisation: system.normalisation,
        weighting: 'entropy',
        aggregation: system.aggregation,
        dataset: { illustrative: false },
        regions: ['r1', 'r2', 'r3'],
      },
      system,
      index: evaluateIndex(system, objects, raw),
    } as unknown as IndexRun;
    const html = indexSection(run, 'en');
    expect(html).toContain('≤ 1<');
    expect(html).toContain('≥ 10<');
    // review (rev-reports): the chart title and the tables named regions by id; given the manifest's regions, by name
    const regions = ['r1', 'r2', 'r3'].map((id, n) => ({ id, name: { zh: `区${n + 1}`, en: `District ${n + 1}` } }));
    const zh = indexSection(run, 'zh', regions);
    expect(zh).toContain('<td>区1</td>');
    expect(zh).toContain('区2 — ');
    expect(zh).not.toMatch(/>r[123]</);
    expect(zh).not.toContain('r1 — ');
  });
});

describe('gep index --explain says which way the thresholds point', () => {
  it('"target ≤ 1, amber ≤ 2" for a lower-is-better indicator, "target ≥ 10, amber ≥ 5" for a higher-is-better one', () => {
    const run = { system, index: evaluateIndex(system, objects, raw) } as unknown as IndexRun;
    const lines = indexExplainLines(run, 'r1', 2022).join('\n');
    expect(lines).toContain('(target ≤ 1, amber ≤ 2)');
    expect(lines).toContain('(target ≥ 10, amber ≥ 5)');
  });
});
