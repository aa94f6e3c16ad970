import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareLines, deltaRows } from '../lib/compare.ts';
import type { ResultRow } from '../lib/rows.ts';
import { loadModel } from '../models/load.ts';
import { comparisonSection } from '../reports/compare-section.ts';
import { gep } from './helpers/gep-cli.ts';

/**
 * `gep compare` writes each run's values beside the deltas (issue 10 item 7): comparison.csv and result.json hold
 * reference, scenario, Δ and Δ % of every indicator; results.csv the runs' own rows and the Δ rows; the summary
 * and the report's table show them side by side.
 */
const row = (physical: string, money: string, over: Partial<ResultRow> = {}): ResultRow => ({
  indicator: 'water_conservation',
  level: 'service',
  category: 'regulating',
  region: 'r',
  year: '2022',
  scenario: '',
  key: '',
  physical_value: physical,
  physical_unit: 'm3',
  money_value: money,
  currency: 'CNY',
  price_year: '2022',
  price_basis: 'current',
  method: 'm',
  model: 'x@1',
  ...over,
});

describe('compareLines: reference, scenario, Δ and Δ %', () => {
  const lines = compareLines([
    { scenario: 'baseline', rows: [row('200', '-200'), row('0', '', { year: '2021' }), row('', '', { indicator: 'a' })] },
    {
      scenario: 's',
      rows: [row('250', '-150'), row('5', '', { year: '2021' }), row('', '', { indicator: 'a' }), row('3', '9', { key: 'k' })],
    },
  ]);

  it('gives both values, the exact Δ and Δ % of the reference (of its magnitude when negative)', () => {
    expect(lines[0]).toMatchObject({
      reference: 'baseline',
      scenario: 's',
      physical: { reference: '200', scenario: '250', delta: '50', pct: '25' },
      money: { reference: '-200', scenario: '-150', delta: '50', pct: '25' },
    });
  });

  it('Δ % is empty for a reference of 0; a value neither has stays empty; a row only the scenario has counts 0 in the reference', () => {
    expect(lines[1]!.physical).toEqual({ reference: '0', scenario: '5', delta: '5', pct: '' });
    expect(lines[1]!.money).toEqual({ reference: '', scenario: '', delta: '', pct: '' });
    expect(lines[2]!.physical.delta).toBe('');
    expect(lines[3]!.physical).toEqual({ reference: '0', scenario: '3', delta: '3', pct: '' });
  });

  it('a physical value one run does not have (money given, quantity not) gives no Δ, not a Δ against 0', () => {
    const [l] = compareLines([
      { scenario: 'a', rows: [row('', '100')] },
      { scenario: 'b', rows: [row('40', '120')] },
    ]);
    expect(l!.physical).toEqual({ reference: '', scenario: '40', delta: '', pct: '' });
    expect(l!.money.delta).toBe('20');
  });

  it('Δ % is rounded to 4 places: 1/3 of the reference is 33.3333 %', () => {
    const [l] = compareLines([
      { scenario: 'a', rows: [row('3', '3')] },
      { scenario: 'b', rows: [row('4', '2')] },
    ]);
    expect([l!.physical.pct, l!.money.pct]).toEqual(['33.3333', '-33.3333']);
  });

  it('the Δ rows are the long rows they always were (level delta_*, key vs=<reference>)', () => {
    expect(deltaRows(lines)[0]).toMatchObject({
      level: 'delta_service',
      scenario: 's',
      key: 'vs=baseline',
      physical_value: '50',
      money_value: '50',
    });
  });
});

describe('gep compare writes the values beside the Δ', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'gep-compare-values-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  let stdout = '';
  let dir = '';
  beforeAll(async () => {
    const r = await gep('compare', 'scenarios/greenway.yaml', '-o', tmp);
    expect(r.status, r.stderr).toBe(0);
    stdout = r.stdout;
    dir = join(tmp, readdirSync(tmp)[0]!);
  });
  const csv = (f: string) => parse(readFileSync(join(dir, f), 'utf8'), { columns: true }) as Record<string, string>[];

  // Visits 2021 in datasets/tianfu-sample/observations.csv: 8,900,000 (scenic areas) + 42,000,000 (parks and greenways);
  // greenway.yaml scales the parks' by 1.08: 45,360,000, so 54,260,000 in all. Δ 3,360,000 = 6.6012 % of 50,900,000.
  it('comparison.csv: one line per indicator with reference, scenario, Δ and Δ %', () => {
    expect(readdirSync(dir).sort()).toEqual(['comparison.csv', 'result.json', 'results.csv', 'summary.md']);
    const rec = csv('comparison.csv').find(
      (l) => l.indicator === 'recreation' && l.level === 'service' && l.year === '2021' && l.price_basis === 'current',
    )!;
    expect(rec).toMatchObject({
      reference: 'baseline',
      scenario: 'greenway',
      physical_unit: 'visit',
      physical_reference: '50900000',
      physical_scenario: '54260000',
      physical_delta: '3360000',
      physical_delta_pct: '6.6012',
    });
  });

  it('result.json carries the same lines; results.csv the runs’ own rows beside their Δ rows', () => {
    const doc = JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8'));
    expect(doc.comparison).toEqual(csv('comparison.csv'));
    const rows = csv('results.csv').filter((r) => r.indicator === 'gep' && r.year === '2022' && r.price_basis === 'current');
    expect(rows.map((r) => [r.level, r.scenario])).toEqual([
      ['total', 'baseline'],
      ['total', 'greenway'],
      ['delta_total', 'greenway'],
    ]);
  });

  it('the printed table and summary.md show reference, scenario, Δ and Δ %', () => {
    expect(stdout).toMatch(/greenway\s+tianfu\s+2022\s+gep\s+current\s+10⁸ CNY\s+212\.78\s+214\.20\s+1\.42\s+\+0\.67 %/);
    expect(stdout).toMatch(/recreation\s+visit\s+45,400,000\.00\s+48,440,000\.00\s+3,040,000\.00\s+\+6\.70 %/);
    expect(readFileSync(join(dir, 'summary.md'), 'utf8')).toContain('| reference | scenario value | Δ | Δ % |');
  });

  it("the report's comparison table shows both values beside Δ and Δ %", () => {
    // as POST /compare does: the lines of the runs' own rows (here, those results.csv holds)
    const rows = csv('results.csv') as ResultRow[];
    const html = comparisonSection(
      loadModel('cn-gep-2022'),
      compareLines(
        ['baseline', 'greenway'].map((s) => ({ scenario: s, rows: rows.filter((r) => r.scenario === s && !r.level.startsWith('delta_')) })),
      ),
      'en',
    );
    expect(html).toContain(
      '<th scope="col">Reference (10⁸ CNY)</th><th scope="col">Scenario (10⁸ CNY)</th><th scope="col">Change, money (10⁸ CNY)</th><th scope="col">Change, %</th>',
    );
    expect(html).toContain('<td class="n">212.78</td><td class="n">214.20</td><td class="n">1.42</td><td class="n">+0.67 %</td>');
  });
});
