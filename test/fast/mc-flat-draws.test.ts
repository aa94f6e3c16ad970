import { describe, expect, it } from 'vitest';
import { dec } from '../../engine/core/decimal.ts';
import { drawRange, floatOf, prepareUncertainty } from '../../lib/uncertainty.ts';
import { floatDrawsFlat, summariseFlatDraws, summariseFloatDraws } from '../../lib/uncertainty-float.ts';

// In one thread the float draws stay one array, row after row (lib/uncertainty.ts runUncertainty): the same numbers
// as the rows workers hand over, and the same summaries.
describe('float draws in one array', () => {
  it('are drawRange’s rows, one after another, and summarise to the same bytes', () => {
    const p = prepareUncertainty({});
    const rows = drawRange(p, 42, 3, 203) as number[][];
    const flat = floatDrawsFlat(floatOf(p), 42, 3, 203);
    expect(Array.from(flat)).toEqual(rows.flat());
    const ids = p.measured.map((m) => m.id);
    const det = ids.map(() => dec('1'));
    expect(JSON.stringify(summariseFlatDraws(ids, det, flat))).toBe(JSON.stringify(summariseFloatDraws(ids, det, rows)));
  });
});
