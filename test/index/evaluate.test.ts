import { describe, expect, it } from 'vitest';
import { Dec, dec } from '../../engine/core/decimal.ts';
import { IssuesError } from '../../engine/core/errors.ts';
import { evaluateIndex } from '../../engine/index/evaluate.ts';
import { checkSystem, IndicatorSystem } from '../../engine/index/schema.ts';

/** A two-dimension system over three regions, values given in memory (hand-checkable). */
const system = (over: Partial<Record<string, unknown>> = {}) =>
  IndicatorSystem.parse({
    id: 'test',
    version: '1.0.0',
    title: { zh: '测试', en: 'Test' },
    description: 'test',
    sources: [{ id: 's', citation: 'test' }],
    normalisation: { method: 'minmax', over: 'regions' },
    weighting: { method: 'given' },
    aggregation: { method: 'weighted_sum', coupling: true },
    lights: { green: '80', yellow: '60' },
    dimensions: [
      {
        id: 'a',
        label: { zh: '甲', en: 'A' },
        weight: '3',
        indicators: [
          {
            id: 'x',
            label: { zh: 'x', en: 'x' },
            unit: '%',
            direction: 'higher',
            value: { table: 'indicators', indicator: 'x' },
            target: '50',
            amber: '40',
            floor: '0',
            weight: '1',
            source: 'test',
            rationale: 'test',
          },
          {
            id: 'y',
            label: { zh: 'y', en: 'y' },
            unit: '1',
            direction: 'lower',
            value: { table: 'indicators', indicator: 'y' },
            target: '1',
            amber: '2',
            floor: '4',
            weight: '3',
            source: 'test',
            rationale: 'test',
          },
        ],
      },
      {
        id: 'b',
        label: { zh: '乙', en: 'B' },
        weight: '1',
        indicators: [
          {
            id: 'z',
            label: { zh: 'z', en: 'z' },
            unit: '1',
            direction: 'higher',
            value: { table: 'indicators', indicator: 'z' },
            target: '10',
            amber: '5',
            floor: '0',
            weight: '1',
            source: 'test',
            rationale: 'test',
          },
        ],
      },
    ],
    ...over,
  });
const DATA: Record<string, Record<string, string>> = {
  r1: { x: '10', y: '1', z: '5' },
  r2: { x: '30', y: '3', z: '5' },
  r3: { x: '50', y: '2', z: '10' },
};
const objects = ['r1', 'r2', 'r3'].map((region) => ({ region, year: 2022 }));
const raw = (o: { region: string }, i: string) =>
  DATA[o.region]?.[i] ? { value: dec(DATA[o.region]![i]!), from: `memory ${o.region}.${i}` } : undefined;

describe('evaluateIndex by hand (three regions, min–max over regions, given weights)', () => {
  const r = evaluateIndex(system(), objects, raw);
  it('normalises each indicator over the regions of the year', () => {
    // x: (10, 30, 50) → 0, 0.5, 1; y (lower): (1, 3, 2) → 1, 0, 0.5; z: (5, 5, 10) → 0, 0, 1
    expect(r.scores.map((s) => s.indicators.map((i) => i.normalised.toString()))).toEqual([
      ['0', '1', '0'],
      ['0.5', '0', '0'],
      ['1', '0.5', '1'],
    ]);
  });
  it('weights: dimensions 3 : 1 → 0.75, 0.25; x : y = 1 : 3 within a → 0.25, 0.75', () => {
    expect(r.weights.dimensions.map((d) => d.weight.toString())).toEqual(['0.75', '0.25']);
    expect(r.weights.indicators.map((i) => i.inDimension.toString())).toEqual(['0.25', '0.75', '1']);
    expect(r.weights.indicators.map((i) => i.weight.toString())).toEqual(['0.1875', '0.5625', '0.25']);
  });
  it('scores: a = 100·(0.25·x + 0.75·y), b = 100·z, composite = 0.75·a + 0.25·b; ranks and lights', () => {
    // r1: a = 75, b = 0 → 56.25; r2: a = 12.5, b = 0 → 9.375; r3: a = 62.5, b = 100 → 71.875
    expect(r.scores.map((s) => s.dimensions.map((d) => d.score.toString()))).toEqual([
      ['75', '0'],
      ['12.5', '0'],
      ['62.5', '100'],
    ]);
    expect(r.scores.map((s) => s.composite.toString())).toEqual(['56.25', '9.375', '71.875']);
    expect(r.scores.map((s) => s.rank)).toEqual([2, 3, 1]);
    expect(r.scores.map((s) => s.light)).toEqual(['red', 'red', 'yellow']);
    // indicator lights against the raw thresholds: x 50 ≥ target green, 30 < amber 40 red; y 2 ≤ amber yellow
    expect(r.scores[2]!.indicators.map((i) => i.light)).toEqual(['green', 'yellow', 'green']);
    expect(r.scores[1]!.indicators[0]!.light).toBe('red');
  });
  it('coupling of r3: U = (0.625, 1), α = (0.75, 0.25): C = 2·√0.625 / 1.625, T = 0.71875, D = √(C·T)', () => {
    const c = r.scores[2]!.coupling!;
    const C = new Dec('0.625').sqrt().mul(2).div('1.625');
    expect(c.coupling.minus(C).abs().lt('1e-30')).toBe(true);
    expect(c.development.toString()).toBe('0.71875');
    expect(c.coordination.minus(C.mul('0.71875').sqrt()).abs().lt('1e-30')).toBe(true);
    // a subsystem at 0 (r1's b) gives C = 0
    expect(r.scores[0]!.coupling!.coupling.toString()).toBe('0');
  });
  it('ties share a rank (competition ranking 1, 1, 3)', () => {
    // r2 given r1's values: x (10, 10, 50), y (1, 1, 2), z (5, 5, 10) → r1 = r2 = 0.75·75 = 56.25, r3 = 0.75·25 + 0.25·100 = 43.75
    const tie = evaluateIndex(system(), objects, (o, i) => raw({ region: o.region === 'r2' ? 'r1' : o.region }, i));
    expect(tie.scores.map((s) => s.composite.toString())).toEqual(['56.25', '56.25', '43.75']);
    expect(tie.scores.map((s) => s.rank)).toEqual([1, 1, 3]);
  });
  it('every missing value is reported at once, naming indicator, region and year', () => {
    let e: unknown;
    try {
      evaluateIndex(system(), objects, (o, i) => (o.region === 'r2' ? undefined : raw(o, i)));
    } catch (x) {
      e = x;
    }
    expect(e).toBeInstanceOf(IssuesError);
    expect((e as IssuesError).issues.map((i) => i.message)).toEqual([
      'no value of x (x) for r2 2022',
      'no value of y (y) for r2 2022',
      'no value of z (z) for r2 2022',
    ]);
  });
  it('entropy weights over one region-year are refused (there is no spread to learn from)', () => {
    let e: unknown;
    try {
      evaluateIndex(system({ weighting: { method: 'entropy' } }), [objects[0]!], raw);
    } catch (x) {
      e = x;
    }
    expect((e as IssuesError).issues).toMatchObject([{ code: 'method_conflict', path: 'weighting' }]);
  });
  it('the cross-checks refuse entropy over standard scores', () => {
    const s = system({ weighting: { method: 'entropy' }, normalisation: { method: 'zscore', over: 'all' } });
    expect(checkSystem(s, 'f').map((i) => i.code)).toContain('method_conflict');
  });
});
