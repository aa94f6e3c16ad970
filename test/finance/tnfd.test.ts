import { describe, expect, it } from 'vitest';
import { dec } from '../../engine/core/decimal.ts';
import type { ExtentAccount } from '../../engine/gep/extent.ts';
import { extentChangeTable } from '../../engine/finance/tnfd.ts';

const area = (o: Record<string, string>) => new Map(Object.entries(o).map(([k, v]) => [k, dec(v)]));

describe('the TNFD extent-and-change table', () => {
  it('by hand: 1,000 ha forest → 950 ha (−0.5 km², −5 %), 50 ha of it to built-up; km² from ha (÷ 100)', () => {
    const x: ExtentAccount = {
      region: 'r',
      unit: 'ha',
      years: [2020, 2022],
      types: ['forest', 'built_up'],
      area: new Map([
        [2020, area({ forest: '1000', built_up: '200' })],
        [2022, area({ forest: '950', built_up: '250' })],
      ]),
      total: new Map(),
      changes: [
        {
          fromYear: 2020,
          toYear: 2022,
          rows: [],
          matrix: new Map([
            ['forest', area({ forest: '950', built_up: '50' })],
            ['built_up', area({ built_up: '200' })],
          ]),
        },
      ],
    };
    const t = extentChangeTable(x)!;
    expect(t.rows.map((r) => [r.type, r.opening.toString(), r.closing.toString(), r.change.toString(), r.changePct!.toString()])).toEqual([
      ['forest', '10', '9.5', '-0.5', '-5'],
      ['built_up', '2', '2.5', '0.5', '25'],
    ]);
    expect(t.rows[0]!.losses!.toString()).toBe('0.5');
    expect(t.rows[1]!.gains!.toString()).toBe('0.5');
    expect(t.conversions).toEqual([{ from: 'forest', to: 'built_up', area: dec('0.5') }]);
    expect(t.total.opening.toString()).toBe('12');
    expect(t.total.closing.toString()).toBe('12');
  });

  it('without a transition matrix: net change only, no conversions claimed', () => {
    const x: ExtentAccount = {
      region: 'r',
      unit: 'km2',
      years: [2020, 2021],
      types: ['wetland'],
      area: new Map([
        [2020, area({ wetland: '0' })],
        [2021, area({ wetland: '3' })],
      ]),
      total: new Map(),
      changes: [],
    };
    const t = extentChangeTable(x)!;
    expect(t.hasMatrix).toBe(false);
    expect(t.conversions).toEqual([]);
    expect(t.rows[0]!.changePct).toBeUndefined(); // no area at the opening: no %
    expect(t.rows[0]!.gains).toBeUndefined();
  });
});
