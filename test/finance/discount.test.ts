import { describe, expect, it } from 'vitest';
import { dec, str } from '../../engine/core/decimal.ts';
import { IssuesError } from '../../engine/core/errors.ts';
import {
  annuityFactor,
  discountedPaybackYears,
  growingAnnuityFactor,
  irr,
  npv,
  paybackYears,
  presentValue,
  presentValueOfSeries,
  signChanges,
} from '../../engine/finance/discount.ts';

const ds = (...xs: string[]) => xs.map(dec);

describe('discounting (engine/finance/discount.ts), against hand calculations and a published example', () => {
  it('NPV by hand: −100, 60, 60 at 10 % = −100 + 60/1.1 + 60/1.21 = 4.1322314…', () => {
    // 60/1.1 = 54.545454…, 60/1.21 = 49.586776…; sum − 100 = 4.132231404958677685950413223140496
    expect(
      npv(dec('0.1'), ds('-100', '60', '60'))
        .toDecimalPlaces(12)
        .toString(),
    ).toBe('4.132231404959');
    // at 0 % it is the plain sum
    expect(str(npv(dec('0'), ds('-100', '60', '60')))).toBe('20');
  });

  it("NPV as in Microsoft Excel's NPV function, example 1: 10 %, −10,000 a year from now, then 3,000, 4,200, 6,800 → 1,188.44", () => {
    // support.microsoft.com/excel "NPV function", Example 1 (Excel discounts the first value one period: our t = 1)
    expect(
      presentValueOfSeries(dec('0.1'), ds('-10000', '3000', '4200', '6800'))
        .toDecimalPlaces(2)
        .toString(),
    ).toBe('1188.44');
  });

  it('IRR by hand: −100, 60, 60 solves 60v + 60v² = 100, v = 1/(1+r), so r = (√69 − 7)/10 = 0.1306623863', () => {
    const r = irr(ds('-100', '60', '60'));
    expect(r.toDecimalPlaces(10).toString()).toBe(dec('69').sqrt().minus(7).div(10).toDecimalPlaces(10).toString());
    // r is rounded to 10 places: |NPV'(r)| ≈ 150, so |NPV(r)| < 150 × 5e-11
    expect(
      npv(r, ds('-100', '60', '60'))
        .abs()
        .lt(dec('1e-8')),
    ).toBe(true);
  });

  it("IRR as in Microsoft Excel's IRR function example: −70,000 then 12,000 … 26,000 → 8.7 % (five years), −2.1 % (four)", () => {
    // support.microsoft.com/excel "IRR function", Example: =IRR(A2:A7) 8.7 %, =IRR(A2:A6) −2.1 %, =IRR(A2:A4,-10%) −44.4 %
    const flows = ds('-70000', '12000', '15000', '18000', '21000', '26000');
    expect(irr(flows).mul(100).toDecimalPlaces(1).toString()).toBe('8.7');
    expect(irr(flows.slice(0, 5)).mul(100).toDecimalPlaces(1).toString()).toBe('-2.1');
    expect(irr(flows.slice(0, 3)).mul(100).toDecimalPlaces(1).toString()).toBe('-44.4');
  });

  it('IRR is refused when NPV does not change sign (all flows positive), naming why', () => {
    expect(() => irr(ds('100', '60'))).toThrow(IssuesError);
    try {
      irr(ds('-100', '-60'));
    } catch (e) {
      expect((e as IssuesError).issues[0]!.code).toBe('irr_undefined');
      expect((e as IssuesError).issues[0]!.message).toMatch(/no sign change/);
    }
    expect(signChanges(ds('-100', '60', '0', '-10', '50'))).toBe(3);
  });

  it('IRR refused for −100, 230, −132 (two IRRs, 10 % and 20 %: NPV < 0 at both ends) does not claim there is none', () => {
    // −100 + 230v − 132v² = 0 ⇔ (1.1·1.2 = 1.32): v = 1/1.1 or 1/1.2, r = 10 % or 20 %
    expect(npv(dec('0.1'), ds('-100', '230', '-132')).isZero()).toBe(true);
    try {
      irr(ds('-100', '230', '-132'));
      expect.unreachable();
    } catch (e) {
      const m = (e as IssuesError).issues[0]!.message;
      expect(m).not.toMatch(/have no IRR/);
      expect(m).toMatch(/change sign 2 times/);
    }
  });

  it('simple payback by hand: −100, 40, 40, 40 → 2 + 20/40 = 2.5 years; never → undefined', () => {
    expect(str(paybackYears(ds('-100', '40', '40', '40'))!)).toBe('2.5');
    expect(paybackYears(ds('-100', '40', '40'))).toBeUndefined();
    // investment over two years: −60, −40, 30, 50, 50 → cumulative −60, −100, −70, −20, 30 → 3 + 20/50 = 3.4
    expect(str(paybackYears(ds('-60', '-40', '30', '50', '50'))!)).toBe('3.4');
  });

  it('payback counts from the first deficit: a first year with no or some inflow before the works is not payback 0', () => {
    // 0, −100, 60, 60 → cumulative 0, −100, −40, 20 → 2 + 40/60 = 2.6666…
    expect(
      paybackYears(ds('0', '-100', '60', '60'))!
        .toDecimalPlaces(10)
        .toString(),
    ).toBe('2.6666666667');
    // 10, −100, 60, 60 → cumulative 10, −90, −30, 30 → 2 + 30/60 = 2.5
    expect(str(paybackYears(ds('10', '-100', '60', '60'))!)).toBe('2.5');
    // a cumulative flow never below 0 pays back at once
    expect(str(paybackYears(ds('0', '10', '0'))!)).toBe('0');
  });

  it('discounted payback by hand: −100, 60, 60 at 10 % → discounted 54.5454…, 49.5867…; 1 + 45.4545…/49.5867… = 1.9166…', () => {
    // (100 − 600/11) / (6000/121) = (500/11) / (6000/121) = 500·121 / (11·6000) = 60500/66000 = 0.916666…
    expect(
      discountedPaybackYears(dec('0.1'), ds('-100', '60', '60'))!
        .toDecimalPlaces(10)
        .toString(),
    ).toBe('1.9166666667');
  });

  it('annuity factor by hand: a(3, 10 %) = 1/1.1 + 1/1.21 + 1/1.331 = 2.4868519910…; a(n, 0) = n', () => {
    expect(annuityFactor(dec('0.1'), 3).toDecimalPlaces(10).toString()).toBe('2.486851991');
    expect(str(annuityFactor(dec('0'), 7))).toBe('7');
    expect(
      annuityFactor(dec('0.1'), 3)
        .minus(presentValueOfSeries(dec('0.1'), ds('1', '1', '1')))
        .abs()
        .lt(dec('1e-30')),
    ).toBe(true);
  });

  it('growing annuity factor: the closed form equals the sum term by term (r = 5 %, g = 2 %, n = 4), and n/(1+r) when g = r', () => {
    const r = dec('0.05'),
      g = dec('0.02');
    const terms = [0, 1, 2, 3].map((t) => dec('1.02').pow(t));
    expect(growingAnnuityFactor(r, g, 4).minus(presentValueOfSeries(r, terms)).abs().lt(dec('1e-30'))).toBe(true);
    expect(str(growingAnnuityFactor(r, r, 4).mul('1.05'))).toBe('4');
  });

  it("PV of dated flows (the rights part's signature): 100 at t = 1, 2, 3 at 10 % = 248.685199 (= 100 × a(3, 10 %))", () => {
    const flows = [1, 2, 3].map((t) => ({ t, amount: dec('100') }));
    expect(presentValue(flows, dec('0.1')).toFixed(6)).toBe('248.685199');
    expect(() => presentValue([{ t: 1.5, amount: dec('1') }], dec('0.1'))).toThrow(/whole number/);
  });
});
