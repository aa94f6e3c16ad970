import { type Dec, dec, ONE, ZERO } from '../core/decimal.ts';
import type { Issue } from '../core/errors.ts';
import { requiredDecline } from './dual-control.ts';
import { factorAt, type GridChoice } from './factor-lookup.ts';
import type { FactorSet } from './factors.ts';
import { inventoryRegionYear, type Activity } from './inventory.ts';

/**
 * Carbon footprints of parks, enterprises and communities over time, from their monthly or yearly activity:
 * scope 1 and 2, energy in tce, CO2 per tce, per 10⁴ CNY of value added and per resident, clean-energy share,
 * progress against the entity's own target and, for parks, the zero-carbon park criteria.
 * Roll-up rule: an entity with a parent lies inside the parent's boundary and is counted once, in the parent;
 * the district total sums the entities without a parent and shows their share of the district inventory.
 */
export interface Entity {
  id: string;
  kind: 'park' | 'enterprise' | 'community';
  name: string;
  region?: string;
  parent?: string;
  residents?: Dec;
  baseYear: number;
  targetYear: number;
  targetReduction: Dec;
}
export interface Period {
  entity: string;
  period: string;
  year: number;
  month?: number;
  activity: Activity[];
  output?: Dec;
}

/** Zero-carbon park criteria (发改环资〔2025〕910号 as summarised in a secondary source; verify the thresholds). */
export interface ParkCriteria {
  minTce: Dec;
  smallMaxTce: Dec;
  smallCo2PerTce: Dec;
  largeCo2PerTce: Dec;
  cleanShare: Dec;
  source: string;
}
export const PARK_CRITERIA_910: ParkCriteria = {
  minTce: dec('200000'),
  smallMaxTce: dec('1000000'),
  smallCo2PerTce: dec('0.20'),
  largeCo2PerTce: dec('0.30'),
  cleanShare: dec('0.90'),
  source: '发改环资〔2025〕910号 zero-carbon park indicators, thresholds per https://www.shangjiandao.com/author/238 (secondary; verify)',
};

export interface FootprintPoint {
  period: string;
  scope1: Dec;
  scope2: Dec;
  total: Dec;
  energy: Dec;
}
export interface FootprintYear extends FootprintPoint {
  year: number;
  months: number;
  co2PerTce?: Dec;
  co2PerOutput?: Dec; // tCO2 per 10⁴ CNY
  co2PerResident?: Dec;
  cleanShare?: Dec;
  /** Reduction of the target metric since the base year, the reduction required by now, on track or not. */
  progress?: { metric: string; reduction: Dec; required: Dec; onTrack: boolean };
  criteria?: { rule: string; met: boolean; value: Dec; threshold: Dec }[];
  /** Why the park criteria are not assessed (a partial year, or a park below their size range). */
  criteriaNotApplicable?: string;
}
export interface Footprint {
  entity: Entity;
  months: FootprintPoint[];
  years: FootprintYear[];
}
export interface RollUp {
  region?: string;
  year: number;
  total: Dec;
  entities: string[];
  excluded: string[];
  districtGross?: Dec;
  share?: Dec;
  rule: string;
}

export function footprints(
  set: FactorSet,
  entities: Entity[],
  periods: Period[],
  opts: { grid: GridChoice; criteria?: ParkCriteria },
): { footprints: Footprint[]; issues: Issue[] } {
  const issues: Issue[] = [];
  const criteria = opts.criteria ?? PARK_CRITERIA_910;
  const out: Footprint[] = [];
  for (const e of entities) {
    const mine = periods.filter((p) => p.entity === e.id);
    const inv = (p: { activity: Activity[] }, year: number) => {
      const r = inventoryRegionYear(set, e.id, year, p.activity, { grid: opts.grid });
      issues.push(...r.issues);
      return r;
    };
    const months: FootprintPoint[] = [];
    const byYear = new Map<number, { activity: Activity[]; output?: Dec; months: number }>();
    for (const p of mine) {
      const r = inv(p, p.year);
      if (p.month) months.push({ period: p.period, scope1: r.scope1, scope2: r.scope2, total: r.gross, energy: r.energy.calorific });
      const y = byYear.get(p.year) ?? { activity: [], months: 0 };
      // Monthly rows of the same item add up to the year (the inventory is linear in the amounts).
      y.activity.push(...p.activity.filter((a) => a.kind !== 'coal_rate'));
      if (p.output) y.output = (y.output ?? ZERO).plus(p.output);
      y.months += p.month ? 1 : 12;
      byYear.set(p.year, y);
    }
    const years: FootprintYear[] = [];
    for (const [year, y] of [...byYear].sort(([a], [b]) => a - b)) {
      const r = inv(y, year);
      const energy = r.energy.calorific;
      const fy: FootprintYear = {
        period: String(year),
        year,
        months: y.months,
        scope1: r.scope1,
        scope2: r.scope2,
        total: r.gross,
        energy,
      };
      if (energy.gt(0)) {
        fy.co2PerTce = r.gross.div(energy);
        const clean = cleanTce(set, r.energy.renewableMWh, year, (i) => issues.push({ ...i, message: `${e.id} ${year}: ${i.message}` }));
        fy.cleanShare = clean.div(energy);
      }
      if (y.output?.gt(0)) fy.co2PerOutput = r.gross.div(y.output).mul(10000);
      if (e.residents) fy.co2PerResident = r.gross.div(e.residents);
      years.push(fy);
    }
    // Progress on the entity's own target: CO2 per output for enterprises, CO2 per tce otherwise.
    const metric = e.kind === 'enterprise' ? 'co2PerOutput' : 'co2PerTce';
    const base = years.find((y) => y.year === e.baseYear)?.[metric];
    for (const y of years) {
      const v = y[metric];
      if (base && v && y.year > e.baseYear && y.months === 12) {
        const reduction = ONE.minus(v.div(base));
        const required = requiredDecline(e.targetReduction, y.year - e.baseYear, e.targetYear - e.baseYear);
        y.progress = {
          metric: metric === 'co2PerTce' ? 'tCO2/tce' : 'tCO2/10^4 CNY',
          reduction,
          required,
          onTrack: reduction.gte(required),
        };
      }
      // The criteria are for parks of at least 200,000 tce a year, assessed on whole years.
      if (e.kind === 'park' && y.co2PerTce && y.cleanShare && (y.months < 12 || y.energy.lt(criteria.minTce))) {
        y.criteriaNotApplicable =
          y.months < 12
            ? `${y.months} months of data: the criteria are assessed on a whole year`
            : `${y.energy} tce < ${criteria.minTce} tce/yr: below the parks the criteria apply to`;
      } else if (e.kind === 'park' && y.co2PerTce && y.cleanShare) {
        const large = y.energy.gte(criteria.smallMaxTce);
        const threshold = large ? criteria.largeCo2PerTce : criteria.smallCo2PerTce;
        y.criteria = [
          {
            rule: `CO2 per tce ≤ ${threshold} (${large ? `≥ ${criteria.smallMaxTce}` : `${criteria.minTce}–${criteria.smallMaxTce}`} tce/yr) — core`,
            met: y.co2PerTce.lte(threshold),
            value: y.co2PerTce,
            threshold,
          },
          {
            rule: `clean-energy share ≥ ${criteria.cleanShare} — guiding`,
            met: y.cleanShare.gte(criteria.cleanShare),
            value: y.cleanShare,
            threshold: criteria.cleanShare,
          },
        ];
      }
    }
    out.push({ entity: e, months, years });
  }
  return { footprints: out, issues };
}

/**
 * Renewable electricity in tce (calorific basis), the numerator of the clean-energy share. No renewable
 * electricity is zero tce whatever the factor; otherwise the electricity standard-coal factor must be in force.
 */
function cleanTce(set: FactorSet, mwh: Dec, year: number, fail: (i: Issue) => void): Dec {
  if (mwh.isZero()) return ZERO;
  const r = factorAt(set, 'electricity.sce', year);
  if (r.issue) {
    fail({ ...r.issue, message: `${r.issue.message} (needed for the clean-energy share)` });
    return ZERO; // beside an issue: the run is refused
  }
  return mwh.mul(r.factor.value);
}

/** Sum entities into the district without counting a child inside its parent twice (give the footprints of one region). */
export function rollUp(fps: Footprint[], year: number, districtGross?: Dec, region?: string): RollUp {
  const regions = new Set(fps.map((f) => f.entity.region));
  // callers group the footprints by region first (lib/carbon-run.ts): several regions here is a programming error
  if (regions.size > 1) throw new Error(`a roll-up is of one region, but the entities are of ${[...regions].join(', ')}`);
  const ids = new Set(fps.map((f) => f.entity.id));
  const top = fps.filter((f) => !f.entity.parent || !ids.has(f.entity.parent));
  const total = top.reduce((s, f) => s.plus(f.years.find((y) => y.year === year)?.total ?? ZERO), ZERO);
  return {
    ...(region !== undefined ? { region } : {}),
    year,
    total,
    entities: top.map((f) => f.entity.id),
    excluded: fps.filter((f) => !top.includes(f)).map((f) => f.entity.id),
    ...(districtGross?.gt(0) ? { districtGross, share: total.div(districtGross) } : {}),
    rule: 'entities inside a parent entity are counted once, in the parent; entities are part of the district inventory, not added to it',
  };
}
