/**
 * One unit reader for every loader (issue 10 item 2): a yearbook writes 亿m3, 万t, 亿元, 万人, 10^8 kWh, and their
 * Chinese names; each must give exactly the rows the base unit gives, in observations, economy and carbon activity.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Dec } from '../../engine/core/decimal.ts';
import type { IssuesError } from '../../engine/core/errors.ts';
import { loadCarbonData } from '../../datasets/carbon.ts';
import type { Row } from '../../datasets/csv.ts';
import { parseEconomy } from '../../datasets/economy.ts';
import { loadDataset } from '../../datasets/load.ts';
import { LoadNotes } from '../../datasets/load-notes.ts';
import { readObservations } from '../../datasets/observations.ts';
import { InputValues, type LoadContext } from '../../datasets/row-checks.ts';
import { loadFactorSet } from '../../models/carbon-factors.ts';
import { loadModel } from '../../models/load.ts';
import { NON_NEGATIVE, optionQuantity } from '../../cli/number-options.ts';
import { copySample, readLines, SAMPLE_DIR, writeLines } from '../fixtures/sample-copy.ts';
import { gep } from '../helpers/gep-cli.ts';

const model = loadModel('cn-gep-2022');
const cn = loadFactorSet('cn-carbon-factors');

/** A random exact decimal, 0 to 10^9 with up to 6 decimals, as text. */
const decimal = fc
  .tuple(fc.bigInt({ min: 0n, max: 10n ** 9n }), fc.integer({ min: 0, max: 6 }))
  .map(([n, k]) => new Dec(n.toString()).div(new Dec(10).pow(k)).toFixed());
const times = (v: string, power: number) => new Dec(v).mul(new Dec(10).pow(power)).toFixed();

/** [variable, key, base unit, the same quantity written in yearbook units (with their power of ten)] */
const OBSERVATIONS: [string, string, string, [string, number][]][] = [
  [
    'reservoir_capacity',
    '',
    'm3',
    [
      ['亿m3', 8],
      ['亿立方米', 8],
      ['10^8 m3', 8],
      ['1e8 m3', 8],
      ['亿方', 8],
    ],
  ],
  [
    'air_pollutant_emission',
    'so2',
    't',
    [
      ['万t', 4],
      ['万吨', 4],
      ['10^4 t', 4],
      ['10^4t', 4],
      ['千吨', 3],
    ],
  ],
  [
    'hydropower_generation',
    '',
    'kWh',
    [
      ['10^8 kWh', 8],
      ['亿kWh', 8],
      ['亿千瓦时', 8],
      ['亿度', 8],
      ['万千瓦时', 4],
      ['百万kWh', 6],
    ],
  ],
  [
    'visits',
    'park_greenway',
    'visit',
    [
      ['万人次', 4],
      ['10^4 visit', 4],
    ],
  ],
  [
    'product_price',
    'grain',
    'CNY/t',
    [
      ['元/吨', 0],
      ['万元/t', 4],
      ['元每吨', 0],
    ],
  ],
  [
    'landscape_floor_area',
    'park_greenway',
    'm2',
    [
      ['万平方米', 4],
      ['万m²', 4],
    ],
  ],
];

function observationsRead(rows: Row[]) {
  const ctx: LoadContext = { regions: new Set(['r']), years: new Set([2020]), issues: [], warnings: [], notes: new LoadNotes() };
  const values = new InputValues();
  readObservations(ctx, 'observations.csv', rows, model, values);
  expect(ctx.issues).toEqual([]);
  return { values: values.get('r', 2020)!, notes: ctx.notes.list() };
}
const obsRow = (line: number, variable: string, key: string, value: string, unit: string): Row => ({
  line,
  cells: { region: 'r', year: '2020', variable, key, value, unit, source: 'x' },
});

describe('yearbook units give exactly the rows of the base unit (property)', () => {
  it('observations: 亿m3, 万t, 10^8 kWh, 万人次, 万元/t and their Chinese names', () => {
    fc.assert(
      fc.property(decimal, (v) => {
        for (const [variable, key, base, written] of OBSERVATIONS)
          for (const [unit, power] of written) {
            const a = observationsRead([obsRow(2, variable, key, times(v, power), base)]).values;
            const b = observationsRead([obsRow(2, variable, key, v, unit)]).values;
            expect(b.get(variable)!.get(key)!.toFixed(), `${v} ${unit}`).toBe(a.get(variable)!.get(key)!.toFixed());
          }
      }),
      { numRuns: 40 },
    );
  });

  it('economy: 亿元, 10^8 CNY, 万元, 万人, 10^4 person', () => {
    const cases: [string, string, string, number][] = [
      ['gdp', 'CNY', '亿元', 8],
      ['gdp', 'CNY', '10^8 CNY', 8],
      ['va_primary', 'CNY', '万元', 4],
      ['population', 'person', '万人', 4],
      ['population', 'person', '10^4 person', 4],
    ];
    fc.assert(
      fc.property(decimal, (v) => {
        for (const [variable, base, unit, power] of cases) {
          const read = (value: string, u: string) => {
            const issues: never[] = [];
            const eco = parseEconomy(
              'economy.csv',
              [{ line: 2, cells: { region: 'r', year: '2020', variable, value, unit: u } }],
              new Set(['r']),
              issues,
            );
            expect(issues).toEqual([]);
            return eco.value('r', variable as 'gdp', 2020)!.toFixed();
          };
          expect(read(v, unit), `${v} ${unit}`).toBe(read(times(v, power), base));
        }
      }),
      { numRuns: 40 },
    );
  });

  it('carbon activity: 万t, 万吨, 亿m3, 亿立方米, 10^8 kWh, 亿千瓦时 (one dataset per draw)', () => {
    const dir = copySample();
    const F = 'carbon-activity.csv';
    const header = readLines(dir, F)[0]!;
    const rows: [string, string, string, string, number][] = [
      // kind, item, base unit (the factor set's), written unit, power
      ['fuel', 'raw_coal', 't', '万t', 4],
      ['fuel', 'diesel', 't', '万吨', 4],
      ['fuel', 'natural_gas', 'm3', '亿m3', 8],
      ['feedstock', 'natural_gas', 'm3', '亿立方米', 8],
      ['electricity', 'grid', 'MWh', '10^8 kWh', 5],
      ['electricity', 'solar', 'MWh', '亿千瓦时', 5],
    ];
    const amounts = (written: boolean, v: string) => {
      writeLines(dir, F, [
        header,
        ...rows.map(
          ([kind, item, base, unit, power]) =>
            `tianfu,2020,${kind},${item},chemicals,${written ? v : times(v, power)},${written ? unit : base},x`,
        ),
      ]);
      return loadCarbonData(dir, cn)
        .activity('tianfu', 2020)
        .map((a) => `${a.kind} ${a.item} ${a.amount.toFixed()}`);
    };
    fc.assert(
      fc.property(decimal, (v) => {
        expect(amounts(true, v)).toEqual(amounts(false, v));
      }),
      { numRuns: 6 },
    );
    amounts(true, '1');
    expect(loadCarbonData(dir, cn).notes.map((n) => n.replace(/^.*carbon-activity\.csv: /, ''))).toContain(
      'unit 万t → t (× 10000), line 2',
    );
  });
});

describe('the unit reader in each loader', () => {
  it('notes each scaling once per file and unit, with its lines; the same unit is not noted', () => {
    const { notes } = observationsRead([
      obsRow(2, 'air_pollutant_emission', 'so2', '1.2', '万t'),
      obsRow(3, 'air_pollutant_emission', 'nox', '3', '万t'),
      obsRow(4, 'air_pollutant_emission', 'dust', '3', 't'),
      obsRow(5, 'reservoir_capacity', '', '0.5', '亿立方米'),
    ]);
    expect(notes).toEqual([
      'observations.csv: unit 万t → t (× 10000), 2 rows (lines 2, 3)',
      'observations.csv: unit 亿立方米 → m3 (× 100000000), line 5',
    ]);
  });

  it('extent.csv: an optional unit column (亩, 万亩, 公顷, km², hm2); empty is ha; a non-area unit is refused naming the cell', () => {
    const dir = copySample();
    const lines = readLines(dir, 'extent.csv');
    // header gains a unit column; the first three rows are given in other units for the same areas
    const edited = lines.map((l, n) => {
      if (n === 0) return `${l},unit`;
      const cells = l.split(',');
      const ha = new Dec(cells[3]!);
      if (n === 1) cells[3] = ha.mul(15).toFixed(); // 1 ha = 15 亩
      if (n === 2) cells[3] = ha.div(100).toFixed(); // km²
      if (n === 3) cells[3] = ha.mul(15).div(10000).toFixed(); // 万亩
      return [...cells, ['', '亩', 'km²', '万亩', '公顷', 'hm2'][n] ?? ''].join(',');
    });
    writeLines(dir, 'extent.csv', edited);
    const ds = loadDataset(dir, model);
    const shipped = loadDataset(SAMPLE_DIR, model);
    expect(ds.values('tianfu', 2020)!.get('area')).toEqual(shipped.values('tianfu', 2020)!.get('area'));
    expect(ds.notes.map((n) => n.replace(/^.*extent\.csv/, 'extent.csv'))).toEqual([
      'extent.csv: unit 亩 → ha (× 1/15), line 2',
      'extent.csv: unit km² → ha (× 100), line 3',
      'extent.csv: unit 万亩 → ha (× 2000/3), line 4',
    ]);
    writeLines(dir, 'extent.csv', [...edited.slice(0, 2), `${edited[2]!.replace(/km²$/, 't')}`, ...edited.slice(3)]);
    try {
      loadDataset(dir, model);
      expect.unreachable();
    } catch (e) {
      expect((e as IssuesError).issues.map((i) => [i.code, i.row, i.column])).toEqual([['unit_mismatch', 3, 'unit']]);
      expect((e as IssuesError).issues[0]!.message).toBe('area_ha is in ha; "t" cannot be converted to it');
    }
  });

  it('an unknown unit is refused with a suggestion, naming the cell', () => {
    const ctx: LoadContext = { regions: new Set(['r']), years: new Set([2020]), issues: [], warnings: [], notes: new LoadNotes() };
    readObservations(ctx, 'observations.csv', [obsRow(2, 'reservoir_capacity', '', '1', '亿立方')], model, new InputValues());
    expect(ctx.issues).toMatchObject([{ code: 'unit_invalid', row: 2, column: 'unit' }]);
    expect(ctx.issues[0]!.message).toMatch(/"立" is not a unit|亿立方/);
  });

  it('a value scaled beyond the bounds is refused (9e23 in 亿m3)', () => {
    const ctx: LoadContext = { regions: new Set(['r']), years: new Set([2020]), issues: [], warnings: [], notes: new LoadNotes() };
    readObservations(ctx, 'observations.csv', [obsRow(2, 'reservoir_capacity', '', '9e23', '亿m3')], model, new InputValues());
    expect(ctx.issues).toMatchObject([{ code: 'number_out_of_range', row: 2, column: 'value' }]);
  });
});

describe('gep validate says what was converted', () => {
  it('prints each scaled unit and each mapped name once, with its lines', async () => {
    const dir = copySample();
    const obs = readLines(dir, 'observations.csv');
    writeLines(
      dir,
      'observations.csv',
      obs.map((l) =>
        l.startsWith('tianfu,2020,reservoir_capacity,')
          ? l.replace(/,(\d+),m3,/, (_, v) => `,${new Dec(v).div('1e8').toFixed()},亿m3,`)
          : l.replace('evapotranspiration,coniferous_forest', 'evapotranspiration,针叶林'),
      ),
    );
    const r = await gep('validate', dir);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/converted: .*observations\.csv: unit 亿m3 → m3 \(× 100000000\), line \d+/);
    expect(r.stdout).toMatch(/converted: .*observations\.csv: key of ecosystem_type 针叶林 → coniferous_forest, 3 rows/);
  });
});

describe('CLI quantity options', () => {
  it('--energy-cap "10213.48 万tce" is 102134800 tce; a bare number is in the option\'s unit', () => {
    expect(optionQuantity('--energy-cap', '10213.48 万tce', 'tce', NON_NEGATIVE)).toBe('102134800');
    expect(optionQuantity('--energy-cap', '10213.48万吨标准煤', 'tce', NON_NEGATIVE)).toBe('102134800');
    expect(optionQuantity('--co2-cap', '2.5 10^6 tCO2', 'tCO2', NON_NEGATIVE)).toBe('2500000');
    expect(optionQuantity('--energy-cap', '5600000', 'tce', NON_NEGATIVE)).toBe('5600000');
    expect(() => optionQuantity('--energy-cap', '-1 万tce', 'tce', NON_NEGATIVE)).toThrow(/is not a number of 0 or more/);
  });

  it('a unit of another dimension is refused naming the option (exit 2)', async () => {
    const r = await gep('carbon', 'dualcontrol', '--energy-cap', '5 万吨');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--energy-cap is in tce; "万吨" cannot be converted to it');
  });
});
