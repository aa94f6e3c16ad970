import { describe, expect, it } from 'vitest';
import { dec } from '../../engine/core/decimal.ts';
import { attribution, bookTotals, type Exposure, financed, projectDelta } from '../../engine/finance/pcaf.ts';

// PCAF (2022), The Global GHG Accounting and Reporting Standard Part A: Financed Emissions, 2nd ed.
// §5.1 listed equity and corporate bonds (p. 49 ff.): attribution = outstanding / EVIC;
// §5.2 business loans and unlisted equity (p. 66 ff.): listed borrower / EVIC, unlisted / (total equity + debt);
// financed emissions = attribution × (scope 1 + scope 2). The figures are the sample's loans.csv (illustrative).
const base = { region: 'tianfu', year: 2022, source: 'test', line: 2 };
const loan: Exposure = {
  ...base,
  id: 'ln-001',
  borrower: 'bio-pharma-co',
  borrowerName: 'b',
  instrument: 'business_loan',
  listed: false,
  outstanding: dec('120000000'),
  equityDebt: dec('1500000000'),
  scope1: dec('18000'),
  scope2: dec('42000'),
  quality: 2,
};
const bond: Exposure = {
  ...base,
  id: 'bd-002',
  borrower: 'tianfu-gas-power',
  borrowerName: 'g',
  instrument: 'corporate_bond',
  listed: true,
  outstanding: dec('500000000'),
  evic: dec('8000000000'),
  scope1: dec('1100000'),
  scope2: dec('5000'),
  quality: 1,
};
const project: Exposure = {
  ...base,
  id: 'pf-003',
  borrower: 'greenway-pv',
  borrowerName: 'p',
  instrument: 'project_finance',
  listed: false,
  outstanding: dec('80000000'),
  equityDebt: dec('100000000'),
  scope1: dec('0'),
  scope2: dec('120'),
  quality: 3,
  baseline: dec('9800'),
  project: dec('120'),
};

describe('PCAF financed emissions, by hand', () => {
  it('unlisted business loan: 1.2亿 / 15亿 (equity + debt) = 0.08; 0.08 × (18,000 + 42,000) = 4,800 tCO2e', () => {
    expect(attribution(loan)).toEqual({ factor: dec('0.08'), denominator: 'equity_debt' });
    const f = financed(loan);
    expect(f.scope1.toString()).toBe('1440');
    expect(f.scope2.toString()).toBe('3360');
    expect(f.total.toString()).toBe('4800');
  });

  it('listed corporate bond: 5亿 / 80亿 (EVIC) = 0.0625; 0.0625 × (1,100,000 + 5,000) = 69,062.5 tCO2e', () => {
    expect(attribution(bond)).toEqual({ factor: dec('0.0625'), denominator: 'evic' });
    expect(financed(bond).total.toString()).toBe('69062.5');
  });

  it('the book: Σ 4,800 + 69,062.5 + 96 = 73,958.5 tCO2e; quality (1.2 × 2 + 5 × 1 + 0.8 × 3) / 7 = 1.4', () => {
    const [t] = bookTotals([loan, bond, project].map(financed));
    expect(t!.total.toString()).toBe('73958.5');
    expect(t!.outstanding.toString()).toBe('700000000');
    expect(t!.quality.toString()).toBe('1.4');
    expect(t!.exposures).toBe(3);
  });

  it("a project's ΔtCO2e is baseline − project (9,800 − 120 = 9,680), kept apart from its financed 96 tCO2e", () => {
    expect(projectDelta(project)!.toString()).toBe('9680');
    expect(financed(project).total.toString()).toBe('96');
    expect(projectDelta(loan)).toBeUndefined();
  });

  it('a borrower without its denominator is refused, not divided by zero', () => {
    expect(() => attribution({ ...bond, evic: undefined })).toThrow(/EVIC/);
    expect(() => attribution({ ...loan, equityDebt: dec('0') })).toThrow(/equity \+ debt/);
  });
});
