import { describe, expect, it } from 'vitest';
import { dec } from '../../engine/core/decimal.ts';
import { creditBand } from '../../engine/finance/credit.ts';

describe('GEP-linked credit band, by hand', () => {
  it("the lender's ratio × each end of the basis band: 0.25 × (18, 21.28, 24) ×10⁹ CNY = (4.5, 5.32, 6) ×10⁹", () => {
    // no ratio is built in (shared/research/green-finance-users.md §1.1: observed loan/GEP from ~5 % to ~50 %)
    const b = creditBand(dec('0.25'), { low: dec('18000000000'), central: dec('21280000000'), high: dec('24000000000') });
    expect(b.low.toString()).toBe('4500000000');
    expect(b.central.toString()).toBe('5320000000');
    expect(b.high.toString()).toBe('6000000000');
  });
});
