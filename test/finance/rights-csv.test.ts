import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadFinanceData } from '../../datasets/finance-data.ts';
import { IssuesError } from '../../engine/core/errors.ts';
import { valueLedger } from '../../engine/finance/rights-ledger.ts';
import { loadRightsPrices } from '../../models/rights-prices.ts';

const SAMPLE = join(import.meta.dirname, '../../datasets/tianfu-sample');
const { set } = loadRightsPrices();
const unitOf = (t: keyof typeof set.types) => set.types[t]?.unit;
const services = new Set(['carbon_sequestration', 'water_supply', 'water_conservation', 'forest_products']);
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
/** A copy of the sample with its rights.csv / loans.csv replaced. */
function sampleWith(files: { rights?: string; loans?: string }): string {
  const d = mkdtempSync(join(tmpdir(), 'gep-rights-'));
  dirs.push(d);
  cpSync(SAMPLE, d, { recursive: true });
  if (files.rights) writeFileSync(join(d, 'rights.csv'), files.rights);
  if (files.loans) writeFileSync(join(d, 'loans.csv'), files.loans);
  return d;
}
const issuesOf = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    if (e instanceof IssuesError) return e.issues;
    throw e;
  }
  throw new Error('no problem found');
};
const RH = 'region,year,holder_kind,holder,holder_name,right_type,quantity,unit,vintage,status,stand,gep_service,source\n';
const LH =
  'loan,region,year,borrower,borrower_name,instrument,listed,outstanding,evic,equity_debt,money_unit,scope1,scope2,emissions_unit,data_quality,source\n';

describe('rights.csv and loans.csv', () => {
  it("the sample's ledger and book load, every unit converted exactly and noted (万tCO2e, 万m3, mu → ha, 亿元, 万元)", () => {
    const d = loadFinanceData(SAMPLE, unitOf, services);
    expect(d.rights).toHaveLength(10);
    expect(d.loans).toHaveLength(4);
    const forest = d.rights.find((r) => r.type === 'forest_right')!;
    expect([forest.quantity.toString(), forest.unit, forest.stand]).toEqual(['120', 'ha', 'cypress-plantation']); // 1,800 mu / 15
    expect(d.rights.find((r) => r.type === 'water_right')!.quantity.toString()).toBe('5000000');
    expect(d.loans.find((l) => l.id === 'bd-002')!.scope1.toString()).toBe('1100000');
    expect(d.notes.join('\n')).toMatch(/mu → ha \(× 1\/15\)/);
    expect(d.notes.join('\n')).toMatch(/亿元 → CNY/);
  });

  it('every problem of every row at once, each naming file, line and column; no row dropped silently', () => {
    const rights =
      RH +
      'tianfu,2022,district,gov,G,carbon_alowance,10,tCO2e,2022,held,,,s\n' + // line 2: unknown type
      'tianfu,2022,bank,gov,G,ccer,10,tCO2e,2022,kept,,,s\n' + // line 3: holder kind and status
      'tianfu,2022,district,gov,G,ccer,10,m3,2022,held,,,s\n' + // line 4: unit of another dimension
      'tianfu,2022,district,gov,G,ccer,-5,tCO2e,2023,held,,,\n' + // line 5: negative, vintage after year, no source
      'tianfu,2022,district,gov,G,water_right,10,m3,2022,held,cypress-plantation,carbon_seq,s\n' + // line 6: stand on a non-forest right, unknown service
      'atlantis,2030,district,gov,G,ccer,10,tCO2e,2022,held,,,s\n'; // line 7: region and year
    const issues = issuesOf(() => loadFinanceData(sampleWith({ rights }), unitOf, services));
    const at = issues.map((i) => `${i.row}:${i.column}:${i.code}`);
    expect(at).toEqual(
      expect.arrayContaining([
        '2:right_type:right_type_unknown',
        '3:holder_kind:holder_kind_unknown',
        '3:status:right_status_unknown',
        '4:unit:unit_mismatch',
        '5:quantity:below_minimum',
        '5:vintage:years_order',
        '5:source:source_missing',
        '6:stand:stand_unexpected',
        '6:gep_service:service_unknown',
        '7:region:region_unknown',
        '7:year:year_unknown',
      ]),
    );
    expect(issues.every((i) => i.file?.endsWith('rights.csv'))).toBe(true);
    expect(issues.find((i) => i.code === 'right_type_unknown')!.message).toMatch(/did you mean "carbon_allowance"/);
  });

  it('a duplicate row is refused, naming the first', () => {
    const row = 'tianfu,2022,district,gov,G,ccer,10,tCO2e,2022,held,,,s\n';
    const issues = issuesOf(() => loadFinanceData(sampleWith({ rights: RH + row + row }), unitOf, services));
    expect(issues).toEqual([expect.objectContaining({ code: 'duplicate_row', row: 3, message: expect.stringMatching(/line 2/) })]);
  });

  it('loans.csv: the denominator the borrower needs, outstanding above it, the score, yes/no', () => {
    const loans =
      LH +
      'a,tianfu,2022,b,B,business_loan,no,1,,,亿元,1,1,tCO2e,2,s\n' + // line 2: unlisted without equity + debt
      'c,tianfu,2022,b,B,corporate_bond,yes,9,8,,亿元,1,1,tCO2e,1,s\n' + // line 3: outstanding > EVIC
      'd,tianfu,2022,b,B,loan,maybe,1,,2,亿元,1,1,tCO2e,6,s\n'; // line 4: instrument, listed, score
    const issues = issuesOf(() => loadFinanceData(sampleWith({ loans }), unitOf, services));
    expect(issues.map((i) => `${i.row}:${i.column}:${i.code}`)).toEqual(
      expect.arrayContaining([
        '2:equity_debt:denominator_missing',
        '3:outstanding:attribution_above_one',
        '4:instrument:instrument_unknown',
        '4:listed:yes_no_invalid',
        '4:data_quality:quality_score_invalid',
      ]),
    );
  });

  it('a right with no price in force on its valuation date is refused (CEA traded from 16 July 2021: none for 2020)', () => {
    const d = loadFinanceData(
      sampleWith({ rights: `${RH}tianfu,2020,enterprise,p,P,carbon_allowance,10,tCO2e,2020,held,,,s\n` }),
      unitOf,
      services,
    );
    const { valued, issues } = valueLedger(d.rights, set, 'rights.csv');
    expect(valued).toEqual([]);
    expect(issues).toEqual([
      expect.objectContaining({ code: 'price_missing', row: 2, message: expect.stringMatching(/2020-12-31.*first is from 2021-12-31/) }),
    ]);
  });

  it('prices in force by date: 2021 at the 2021 close (54.22), 2022 at the 2022 close (55.00); a retired right has no value', () => {
    const d = loadFinanceData(SAMPLE, unitOf, services);
    const { valued } = valueLedger(d.rights, set, 'rights.csv');
    const cea = valued.filter((v) => v.row.type === 'carbon_allowance');
    expect(cea.map((v) => [v.row.year, v.price!.price.central.toString(), v.value!.central.toString()])).toEqual([
      [2021, '54.22', '28194400'], // 520,000 × 54.22
      [2022, '55', '26400000'], // 480,000 × 55.00
    ]);
    const retired = valued.find((v) => v.row.status === 'retired')!;
    expect([retired.method, retired.value]).toEqual(['retired', undefined]);
  });
});

describe('rights and loans as workbook sheets', () => {
  it('a workbook of the sample (sheets rights and loans) gives the same ledger and book as the folder', async () => {
    const { sampleBook } = await import('../helpers/workbook.ts');
    const d = mkdtempSync(join(tmpdir(), 'gep-rights-xlsx-'));
    dirs.push(d);
    const file = join(d, 'sample.xlsx');
    await sampleBook().xlsx.writeFile(file);
    const book = loadFinanceData(file, unitOf, services);
    const folder = loadFinanceData(SAMPLE, unitOf, services);
    const plain = (x: { line: number }[]) => x.map(({ line: _l, ...r }) => JSON.stringify(r));
    expect(plain(book.rights)).toEqual(plain(folder.rights));
    expect(plain(book.loans)).toEqual(plain(folder.loans));
  });
});
