import { describe, expect, it } from 'vitest';
import { dec, str } from '../../engine/core/decimal.ts';
import { IssuesError } from '../../engine/core/errors.ts';
import { appraise, type EodInputs, npvBand, npvDrawRange, npvSetup } from '../../engine/finance/eod.ts';
import { Project } from '../../engine/finance/eod-schema.ts';

/** A small project whose every figure is worked out by hand below (CNY, rate 10 %, 2021–2024). */
const project = (extra: Partial<Record<string, unknown>> = {}) =>
  Project.parse({
    id: 'hand',
    label: { zh: '手算', en: 'By hand' },
    illustrative: true,
    scenario: 's.yaml',
    region: 'r',
    start: 2021,
    end: 2024,
    unit: 'CNY',
    price_year: 2020,
    discount_rate: { value: '0.1', source: 'test' },
    lines: [
      { id: 'works', kind: 'investment', label: { zh: '投入', en: 'works' }, amounts: { '2021': '100' }, source: 'test' },
      { id: 'om', kind: 'operating_cost', label: { zh: '运营', en: 'om' }, amount: '5', from: 2022, source: 'test' },
      { id: 'shop', kind: 'related_industry', label: { zh: '产业', en: 'shop' }, amount: '30', from: 2022, source: 'test' },
      { id: 'land', kind: 'land_value_uplift', label: { zh: '土地', en: 'land' }, amounts: { '2023': '20' }, source: 'test' },
      {
        id: 'visits',
        kind: 'related_industry',
        label: { zh: '游客', en: 'visits' },
        gep: { service: 'recreation', share: '0.5' },
        from: 2022,
        source: 'test',
      },
    ],
    ...extra,
  });

const inputs = (p = project()): EodInputs => ({
  project: p,
  unitFactor: dec('1'),
  // Δ recreation measured in the account years 2021 and 2022 (10 in 2022), held at 10 after (hold_last)
  deltas: [
    {
      service: 'recreation',
      category: 'cultural',
      byYear: new Map([
        [2021, dec('0')],
        [2022, dec('10')],
      ]),
    },
    {
      service: 'crop_products',
      category: 'provisioning',
      byYear: new Map([
        [2021, dec('-2')],
        [2022, dec('-4')],
      ]),
    },
  ],
  accountYears: [2021, 2022],
  areaConverted: dec('650'),
});

describe('EOD appraisal by hand (engine/finance/eod.ts)', () => {
  it('cash flows, NPV, payback, self-balance ratio and the five links, numbers written out', () => {
    const a = appraise(inputs());
    // visits = 0.5 × Δrecreation: 2022 0.5 × 10 = 5; 2023 and 2024 hold 2022's Δ: 5, 5
    expect(a.lines.find((l) => l.id === 'visits')!.amounts.map(str)).toEqual(['0', '5', '5', '5']);
    // net: 2021 −100; 2022 30 + 5 − 5 = 30; 2023 30 + 20 + 5 − 5 = 50; 2024 30
    expect(a.net.map(str)).toEqual(['-100', '30', '50', '30']);
    // NPV = −100 + 30/1.1 + 50/1.21 + 30/1.331 = −100 + 27.2727… + 41.3223… + 22.5394… = −8.8655146506…
    expect(a.npv.toDecimalPlaces(8).toString()).toBe('-8.86551465');
    // cumulative −100, −70, −20, 10: payback 2 + 20/30 = 2.6667 years
    expect(a.payback!.toDecimalPlaces(4).toString()).toBe('2.6667');
    // never paid back on discounted flows within 2024 (cumulative discounted ends at −8.87)
    expect(a.discountedPayback).toBeUndefined();
    // PV revenues = 35 × a(3, 10 %) + 20/1.21 = 35 × 2.4868519910 + 16.5289256198 = 103.5687453043
    expect(a.pvRevenue.toDecimalPlaces(8).toString()).toBe('103.5687453');
    // PV operating = 5 × 2.4868519910 = 12.4342599549; PV investment = 100 (year 0)
    expect(a.pvOperating.toDecimalPlaces(8).toString()).toBe('12.43425995');
    expect(str(a.pvInvestment)).toBe('100');
    // self-balance = (103.5687453043 − 12.4342599549) / 100 = 0.9113448535 (= 1 + NPV/100: below 1, not self-balanced)
    expect(a.selfBalance!.toDecimalPlaces(10).toString()).toBe('0.9113448535');
    expect(a.selfBalance!.minus(a.npv.div(100).plus(1)).abs().lt(dec('1e-30'))).toBe(true);
    // undiscounted: (35 × 3 + 20 − 15) / 100 = 1.1
    expect(str(a.selfBalanceSimple!)).toBe('1.1');
    // the IRR is below 10 % (NPV < 0 at 10 %) and zeroes the NPV
    expect(a.irr!.lt(dec('0.1'))).toBe(true);
    expect(
      a.net
        .reduce((s, f, t) => s.plus(f.div(a.irr!.plus(1).pow(t))), dec('0'))
        .abs()
        .lt(dec('1e-7')),
    ).toBe(true);
    // the five links: investment, environment (650 ha; Δ regulating 0), quality (ΔGEP 2022 = 10 − 4 = 6), land value, feedback
    const m = (link: string, id: string) => a.links.find((l) => l.id === link)!.measures.find((x) => x.id === id)!.value!;
    expect(str(m('investment', 'pv_investment'))).toBe('100');
    expect(str(m('environment', 'area_converted'))).toBe('650');
    expect(str(m('quality', 'delta_gep'))).toBe('6');
    expect(str(m('quality', 'delta_cultural'))).toBe('10');
    expect(m('land_value', 'pv_land_value').toDecimalPlaces(8).toString()).toBe('16.52892562');
    expect(m('feedback', 'self_balance').eq(a.selfBalance!)).toBe(true);
  });

  it("the monetisable ΔGEP: provisioning marketable by default (the finance sheet's rule), others as the project says", () => {
    const a = appraise(inputs(project({ marketable: [{ service: 'recreation', share: '0.25', source: 'test' }] })));
    const rec = a.deltas.find((d) => d.service === 'recreation')!;
    const crop = a.deltas.find((d) => d.service === 'crop_products')!;
    expect([str(rec.share), rec.shareFrom, rec.monetisable.map(str).join(' ')]).toEqual(['0.25', 'project', '0 2.5 2.5 2.5']);
    expect([str(crop.share), crop.shareFrom, crop.delta.map(str).join(' ')]).toEqual(['1', 'default', '-2 -4 -4 -4']);
  });

  it('an account year skipped (account 2021 and 2023) holds the last measured ΔGEP, instead of a ΔGEP of 0 in 2022', () => {
    const x = inputs();
    x.accountYears = [2021, 2023];
    x.deltas = [
      {
        service: 'recreation',
        category: 'cultural',
        byYear: new Map([
          [2021, dec('4')],
          [2023, dec('10')],
        ]),
      },
    ];
    const rec = appraise(x).deltas.find((d) => d.service === 'recreation')!;
    // 2021 measured 4, 2022 not measured → 4 held, 2023 measured 10, 2024 after the account → 10 held
    expect(rec.delta.map(str).join(' ')).toBe('4 4 10 10');
  });

  it('refuses every misfit at once: a year outside the horizon, a service with no ΔGEP, a share above 1', () => {
    const p = project({ marketable: [{ service: 'recreation', share: '1.5', source: 'test' }] });
    p.lines.push(
      { id: 'late', kind: 'rights', label: { zh: '权益', en: 'late' }, amounts: { '2030': '1' }, source: 'test' },
      {
        id: 'fish',
        kind: 'related_industry',
        label: { zh: '渔', en: 'fish' },
        gep: { service: 'aquatic_products', share: '1' },
        source: 'test',
      },
    );
    const e = (() => {
      try {
        appraise(inputs(p));
      } catch (x) {
        return x as IssuesError;
      }
    })()!;
    expect(e).toBeInstanceOf(IssuesError);
    expect(e.issues.map((i) => [i.code, i.path])).toEqual([
      ['not_a_fraction', 'marketable.0.share'],
      ['project_invalid', 'lines.5.amounts.2030'],
      ['service_unknown', 'lines.6.gep.service'],
    ]);
  });

  it('the NPV band: the same draws for a seed however they are split, another seed other draws; no spread gives the NPV', () => {
    const p = project({ discount_rate: { value: '0.1', range: { low: '0.08', high: '0.12' }, source: 'test' } });
    p.lines[0]!.range = { low: '0.9', high: '1.3', mode: '1', distribution: 'triangular' };
    p.lines[2]!.range = { low: '0.5', high: '1.2', distribution: 'uniform' };
    const a = appraise(inputs(p));
    const setup = npvSetup(p, a);
    expect(setup.params.map((x) => x.id)).toEqual(['discount_rate', 'line:works', 'line:shop']);
    const all = npvDrawRange(setup, 7, 0, 200).map(str);
    expect([...npvDrawRange(setup, 7, 0, 75), ...npvDrawRange(setup, 7, 75, 200)].map(str)).toEqual(all);
    expect(npvDrawRange(setup, 8, 0, 200).map(str)).not.toEqual(all);
    const band = npvBand(npvDrawRange(setup, 7, 0, 200), 7);
    expect(str(npvBand(npvDrawRange(setup, 7, 0, 200), 7).p50)).toBe(str(band.p50));
    expect(band.p5.lt(band.p50) && band.p50.lt(band.p95)).toBe(true);
    // degenerate spreads (low = high = 1, rate low = high = 0.1): every draw is the appraised NPV exactly
    const flat = project({ discount_rate: { value: '0.1', range: { low: '0.1', high: '0.1' }, source: 'test' } });
    flat.lines[0]!.range = { low: '1', high: '1', distribution: 'uniform' };
    const fa = appraise(inputs(flat));
    expect(new Set(npvDrawRange(npvSetup(flat, fa), 1, 0, 20).map(str))).toEqual(new Set([str(fa.npv)]));
  });
});
