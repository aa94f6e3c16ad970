import { describe, expect, it } from 'vitest';
import { dec, fixed, str, ZERO } from '../../engine/core/decimal.ts';
import { footprints, rollUp } from '../../engine/carbon/footprint.ts';
import { loadCarbonData } from '../../datasets/carbon.ts';
import { loadFactorSet } from '../../models/carbon-factors.ts';
import { SAMPLE_DIR } from '../fixtures/sample-copy.ts';

const cn = loadFactorSet('cn-carbon-factors');
const grid = { geography: 'sichuan', kind: 'average', vintage: 'year' as const };

describe('entity footprints', () => {
  it('a park by hand: CO2 per tce, clean-energy share, progress and the zero-carbon park criteria', () => {
    const park = { id: 'p', kind: 'park' as const, name: 'P', baseYear: 2021, targetYear: 2025, targetReduction: dec('0.2') };
    const act = (grid_: string, solar: string) => [
      { kind: 'electricity' as const, item: 'grid', sector: 'electronics', amount: dec(grid_) },
      { kind: 'electricity' as const, item: 'solar', sector: 'electronics', amount: dec(solar) },
    ];
    const {
      footprints: [fp],
      issues,
    } = footprints(
      cn,
      [park],
      [
        { entity: 'p', period: '2021', year: 2021, activity: act('2000000', '0') },
        { entity: 'p', period: '2022', year: 2022, activity: act('200000', '1800000') },
      ],
      { grid },
    );
    expect(issues).toEqual([]);
    const [y21, y22] = fp!.years;
    // 2021: 2,000,000 MWh × 0.1255 = 251,000 tCO2; 245,800 tce (a park in the 200,000–1,000,000 tce range) → 1.021155 tCO2/tce
    expect(str(y21!.total)).toBe('251000');
    expect(fixed(y21!.co2PerTce!, 6)).toBe('1.021155');
    // 2022: 200,000 × 0.1404 = 28,080 tCO2; 2,000,000 MWh → 245,800 tce; 0.114239 tCO2/tce; clean 90%
    expect(fixed(y22!.co2PerTce!, 6)).toBe('0.114239');
    expect(str(y22!.cleanShare!)).toBe('0.9');
    expect(y22!.criteria!.map((c) => [c.met, str(c.threshold)])).toEqual([
      [true, '0.2'],
      [true, '0.9'],
    ]);
    // the same park at a thousandth of the size (245.8 tce) or with 6 months of data is outside the criteria (review carbon-1 #8)
    const small = footprints(cn, [park], [{ entity: 'p', period: '2022', year: 2022, activity: act('200', '1800') }], { grid })
      .footprints[0]!.years[0]!;
    expect([small.criteria, small.criteriaNotApplicable]).toEqual([
      undefined,
      '245.8 tce < 200000 tce/yr: below the parks the criteria apply to',
    ]);
    const half = footprints(
      cn,
      [park],
      [1, 2, 3, 4, 5, 6].map((m) => ({ entity: 'p', period: `2022-0${m}`, year: 2022, month: m, activity: act('40000', '360000') })),
      { grid },
    ).footprints[0]!.years[0]!;
    expect([half.energy.gte('200000'), half.criteria, half.criteriaNotApplicable]).toEqual([
      true,
      undefined,
      '6 months of data: the criteria are assessed on a whole year',
    ]);
    // required reduction after 1 of 4 years of a 20% target: 1 − 0.8^(1/4) = 5.43%
    expect(fixed(y22!.progress!.required, 4)).toBe('0.0543');
    expect(y22!.progress!.onTrack).toBe(true);
  });

  it('an enterprise by hand: CO2 per 10⁴ CNY of value added (review carbon-1: the ×10⁴ scale was untested)', () => {
    const ent = { id: 'e', kind: 'enterprise' as const, name: 'E', baseYear: 2021, targetYear: 2025, targetReduction: dec('0.15') };
    const el = [{ kind: 'electricity' as const, item: 'grid', sector: 'chemicals', amount: dec('1000') }];
    const {
      footprints: [fp],
    } = footprints(cn, [ent], [{ entity: 'e', period: '2022', year: 2022, activity: el, output: dec('50000000') }], { grid });
    // 1000 MWh × 0.1404 = 140.4 tCO2 over 5,000 (10⁴ CNY) = 0.02808 tCO2/10⁴ CNY
    expect(str(fp!.years[0]!.co2PerOutput!)).toBe('0.02808');
  });

  it('a partial year is shown with its month count and gets no progress verdict', () => {
    const e = {
      id: 'c',
      kind: 'community' as const,
      name: 'C',
      residents: dec('1000'),
      baseYear: 2021,
      targetYear: 2025,
      targetReduction: dec('0.1'),
    };
    const el = (mwh: string) => [{ kind: 'electricity' as const, item: 'grid', sector: 'residential_urban', amount: dec(mwh) }];
    const periods = [
      { entity: 'c', period: '2021', year: 2021, activity: el('1200') },
      ...['01', '02', '03', '04', '05', '06'].map((m) => ({
        entity: 'c',
        period: `2022-${m}`,
        year: 2022,
        month: Number(m),
        activity: el('100'),
      })),
    ];
    const {
      footprints: [fp],
    } = footprints(cn, [e], periods, { grid });
    const y22 = fp!.years[1]!;
    expect(y22.months).toBe(6);
    expect(y22.progress).toBeUndefined();
    expect(str(y22.total)).toBe('84.24'); // 600 MWh × 0.1404
    expect(str(y22.co2PerResident!)).toBe('0.08424');
    expect(fp!.months).toHaveLength(6);
  });

  it('the sample entities: months add up to the year; the enterprise inside the park is counted once in the roll-up', () => {
    const data = loadCarbonData(SAMPLE_DIR, cn);
    const { footprints: fps, issues } = footprints(cn, data.entities, data.entityPeriods, { grid });
    expect(issues).toEqual([]);
    for (const fp of fps) {
      const y22 = fp.years.find((y) => y.year === 2022)!;
      expect(y22.months).toBe(12);
      const monthly = fp.months.filter((m) => m.period.startsWith('2022')).reduce((s, m) => s.plus(m.total), ZERO);
      // monthly inventories use each month's own figures; the year uses the summed activity: the same number
      expect(monthly.minus(y22.total).abs().lt('1e-25')).toBe(true);
    }
    const enterprise = fps.find((f) => f.entity.id === 'bio-pharma-co')!;
    expect(enterprise.years[1]!.co2PerOutput!.gt(0)).toBe(true);
    expect(enterprise.years[1]!.progress!.metric).toBe('tCO2/10^4 CNY');
    const community = fps.find((f) => f.entity.id === 'luxi-community')!;
    expect(community.years[0]!.co2PerResident!.gt(0)).toBe(true);
    const r = rollUp(fps, 2022, dec('15000000'));
    expect(r.entities).toEqual(['xinglong-park', 'luxi-community']);
    expect(r.excluded).toEqual(['bio-pharma-co']);
    const park = fps[0]!.years[1]!.total,
      comm = community.years[1]!.total;
    expect(r.total.eq(park.plus(comm))).toBe(true);
  });
});
