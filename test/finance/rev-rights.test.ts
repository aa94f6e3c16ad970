import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadFinanceData } from '../../datasets/finance-data.ts';
import { IssuesError } from '../../engine/core/errors.ts';
import { loadRightsPrices } from '../../models/rights-prices.ts';
import { plan } from '../../runs/registry.ts';
import { fileSources } from '../../runs/sources.ts';

// Review of issue 16 items 1 and 4 (rights, PCAF, credit): defects found, each held by a test that failed first.
const sources = fileSources();
const SAMPLE = join(import.meta.dirname, '../../datasets/tianfu-sample');
const { set } = loadRightsPrices();
const unitOf = (t: keyof typeof set.types) => set.types[t]?.unit;
const services = new Set(['carbon_sequestration', 'water_supply', 'water_conservation', 'forest_products']);
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe("the lender's ratio through the run kind (the API's path), not only the CLI", () => {
  it('a ratio of 25 written for 25 % is refused (at most 1), as gep finance --credit-ratio refuses it', async () => {
    await expect(plan('finance', { credit: { ratio: '25' } }, sources)).rejects.toThrow(/at most 1/);
    await expect(plan('finance', { credit: { ratio: '1' } }, sources)).resolves.toBeDefined();
    // text that is no number is still refused as such (the bound does not stand in front of it)
    await expect(plan('finance', { credit: { ratio: 'abc' } }, sources)).rejects.toThrow(/"abc" is not a number/);
  });
});

describe('PCAF: the instrument decides the denominator where the standard fixes it', () => {
  // PCAF (2022), Global GHG Accounting and Reporting Standard Part A, 2nd ed.: §5.3 project finance (p. 79 ff.):
  // attribution = outstanding / (total project equity + debt), whoever owns the project company; §5.1 listed
  // equity is listed by definition (EVIC), §5.2 unlisted equity is not. A row that says otherwise was divided
  // by the wrong figure (project finance with listed=yes: by an EVIC) without a word.
  it('project finance marked listed, listed equity marked unlisted, unlisted equity marked listed: each refused, all at once', () => {
    const d = mkdtempSync(join(tmpdir(), 'gep-rev-rights-'));
    dirs.push(d);
    cpSync(SAMPLE, d, { recursive: true });
    writeFileSync(
      join(d, 'loans.csv'),
      'loan,region,year,borrower,borrower_name,instrument,listed,outstanding,evic,equity_debt,money_unit,scope1,scope2,emissions_unit,data_quality,source\n' +
        'p,tianfu,2022,b,B,project_finance,yes,1,10,2,亿元,1,1,tCO2e,2,s\n' + // line 2
        'q,tianfu,2022,b,B,listed_equity,no,1,,2,亿元,1,1,tCO2e,2,s\n' + // line 3
        'r,tianfu,2022,b,B,unlisted_equity,yes,1,10,,亿元,1,1,tCO2e,2,s\n' + // line 4
        'o,tianfu,2022,b,B,business_loan,yes,1,10,,亿元,1,1,tCO2e,2,s\n', // line 5: a loan to a listed company: EVIC (§5.2), fine
    );
    let issues: { row?: number; column?: string; code: string }[] = [];
    try {
      loadFinanceData(d, unitOf, services);
    } catch (e) {
      if (!(e instanceof IssuesError)) throw e;
      issues = e.issues;
    }
    expect(issues.map((i) => `${i.row}:${i.column}:${i.code}`)).toEqual([
      '2:listed:instrument_listed_mismatch',
      '3:listed:instrument_listed_mismatch',
      '4:listed:instrument_listed_mismatch',
    ]);
  });
});
