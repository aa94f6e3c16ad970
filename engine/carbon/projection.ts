import { z } from 'zod';
import { type Dec, dec, ONE, ZERO } from '../core/decimal.ts';
import { IssuesError } from '../core/errors.ts';
import { DecimalText } from '../model/schema.ts';

/**
 * Kaya-style projection: C = P × (GDP/P) × (E/GDP) × (C/E), with CO2 per tce split into the combustion part
 * (follows the fossil share of direct energy) and the purchased electricity and heat part (follows the grid
 * factor); process and other non-energy emissions follow their own rate. Rates are per year and hold from
 * the year they are given until a later change, so "from 2030: gdp_per_capita 0.025" is a change of path.
 * Every year is computed exactly from the year before (no float powers).
 */
const Rates = z
  .object({
    from: z.number().int(),
    population: DecimalText.optional(),
    gdp_per_capita: DecimalText.optional(),
    energy_intensity: DecimalText.optional(),
    fossil_share: DecimalText.optional(),
    grid_factor: DecimalText.optional(),
    non_energy: DecimalText.optional(),
  })
  .strict();
export const ProjectionPath = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9_-]*$/),
    label: z.string().min(1),
    source: z.string().optional(),
    rates: z.array(Rates).min(1),
  })
  .strict();
export type ProjectionPath = z.infer<typeof ProjectionPath>;
export const ProjectionPaths = z.array(ProjectionPath).min(1);

/** METHODS §2.3 default parameter sets (population, GDP per capita, energy intensity, fossil share, grid factor per year). */
export const DEFAULT_PATHS: ProjectionPath[] = [
  {
    id: 'baseline',
    label: 'Baseline',
    source: 'METHODS §2.3 (after ihsing35/city_co2_prediction scenario_settings.yaml); grid and non-energy rates illustrative',
    rates: [
      {
        from: 0,
        population: '0.01',
        gdp_per_capita: '0.03',
        energy_intensity: '-0.02',
        fossil_share: '-0.01',
        grid_factor: '-0.01',
        non_energy: '0',
      },
    ],
  },
  {
    id: 'low-carbon',
    label: 'Low-carbon',
    source: 'METHODS §2.3; grid and non-energy rates illustrative',
    rates: [
      {
        from: 0,
        population: '0.005',
        gdp_per_capita: '0.02',
        energy_intensity: '-0.03',
        fossil_share: '-0.02',
        grid_factor: '-0.02',
        non_energy: '-0.02',
      },
    ],
  },
  {
    id: 'zero-carbon',
    label: 'Zero-carbon',
    source: 'METHODS §2.3; grid and non-energy rates illustrative',
    rates: [
      {
        from: 0,
        population: '0',
        gdp_per_capita: '0.01',
        energy_intensity: '-0.05',
        fossil_share: '-0.05',
        grid_factor: '-0.05',
        non_energy: '-0.05',
      },
    ],
  },
];

export interface ProjectionBase {
  year: number;
  population: Dec;
  gdp: Dec;
  energy: Dec;
  combustion: Dec;
  purchased: Dec;
  nonEnergy: Dec;
}
export interface ProjectedYear {
  year: number;
  population: Dec;
  gdp: Dec;
  energy: Dec;
  energyIntensity: Dec;
  combustionPerTce: Dec;
  purchasedPerTce: Dec;
  combustion: Dec;
  purchased: Dec;
  nonEnergy: Dec;
  co2: Dec;
}
export interface Projection {
  path: ProjectionPath;
  years: ProjectedYear[];
  stirpat?: { year: number; co2: Dec }[];
}

export const KAYA_FORMULA =
  'P_t = P_t−1(1+g_P); A_t = A_t−1(1+g_A); GDP = P·A; EI_t = EI_t−1(1+g_EI); E = GDP·EI; C = E·(cf_t + cp_t) + N_t; cf_t = cf_t−1(1+g_fossil); cp_t = cp_t−1(1+g_grid); N_t = N_t−1(1+g_N)';

function ratesAt(path: ProjectionPath, year: number) {
  const r = { population: ZERO, gdp_per_capita: ZERO, energy_intensity: ZERO, fossil_share: ZERO, grid_factor: ZERO, non_energy: ZERO };
  for (const change of [...path.rates].sort((a, b) => a.from - b.from)) {
    if (change.from > year) break;
    for (const k of Object.keys(r) as (keyof typeof r)[]) if (change[k] !== undefined) r[k] = dec(change[k]!);
  }
  return r;
}

export function projectKaya(base: ProjectionBase, path: ProjectionPath, toYear: number): ProjectedYear[] {
  if (!base.population.gt(0) || !base.gdp.gt(0) || !base.energy.gt(0))
    throw new IssuesError('run', [
      {
        code: 'not_positive',
        message: `a projection needs positive population, GDP and energy in its base year ${base.year} (got ${base.population}, ${base.gdp}, ${base.energy})`,
      },
    ]);
  let P = base.population,
    A = base.gdp.div(base.population),
    EI = base.energy.div(base.gdp);
  let cf = base.combustion.div(base.energy),
    cp = base.purchased.div(base.energy),
    N = base.nonEnergy;
  const row = (year: number): ProjectedYear => {
    const gdp = P.mul(A),
      energy = gdp.mul(EI),
      combustion = energy.mul(cf),
      purchased = energy.mul(cp);
    return {
      year,
      population: P,
      gdp,
      energy,
      energyIntensity: EI,
      combustionPerTce: cf,
      purchasedPerTce: cp,
      combustion,
      purchased,
      nonEnergy: N,
      co2: combustion.plus(purchased).plus(N),
    };
  };
  const out = [row(base.year)];
  for (let y = base.year + 1; y <= toYear; y++) {
    const r = ratesAt(path, y);
    P = P.mul(ONE.plus(r.population));
    A = A.mul(ONE.plus(r.gdp_per_capita));
    EI = EI.mul(ONE.plus(r.energy_intensity));
    cf = cf.mul(ONE.plus(r.fossil_share));
    cp = cp.mul(ONE.plus(r.grid_factor));
    N = N.mul(ONE.plus(r.non_energy));
    out.push(row(y));
  }
  return out;
}

/**
 * The same driver paths through STIRPAT elasticities (ln C = a + b ln P + c ln A + d ln T):
 * C_t = C_t−1 · (P_t/P_t−1)^b · (A_t/A_t−1)^c · (T_t/T_t−1)^d, with T the energy intensity.
 */
export function projectStirpat(
  kaya: ProjectedYear[],
  e: { population: Dec; affluence: Dec; technology: Dec },
): { year: number; co2: Dec }[] {
  const out = [{ year: kaya[0]!.year, co2: kaya[0]!.co2 }];
  for (let n = 1; n < kaya.length; n++) {
    const a = kaya[n - 1]!,
      b = kaya[n]!;
    const growth = b.population
      .div(a.population)
      .pow(e.population)
      .mul(b.gdp.div(b.population).div(a.gdp.div(a.population)).pow(e.affluence))
      .mul(b.energyIntensity.div(a.energyIntensity).pow(e.technology));
    out.push({ year: b.year, co2: out[n - 1]!.co2.mul(growth) });
  }
  return out;
}

export interface PeakOptions {
  plateau?: { maxGrowth: Dec; years: number };
  targetYear?: number;
}
export interface Peak {
  year: number;
  value: Dec;
  /** True only when a later year is strictly lower than the maximum (a flat top to the horizon has not peaked). */
  peaked: boolean;
  /** After the peak the series fell and then rose again (a dip before the peak is not a rebound). */
  rebound?: { firstPeakYear: number; firstPeakValue: Dec; reboundYear: number };
  plateauFrom?: number;
  /** peak year − target year (negative: before the target). */
  vsTarget?: number;
}

/**
 * Peak of an annual series: the global maximum (first year it is reached) and its value; whether the series
 * rises again after having fallen from an earlier local peak (rebound); the first year from which the
 * year-on-year growth stays within ±maxGrowth for `years` years (plateau), when asked.
 */
export function detectPeak(series: { year: number; value: Dec }[], opts: PeakOptions = {}): Peak {
  // projectKaya always gives the base year: an empty series is a caller's mistake, not the user's
  if (!series.length) throw new Error('an empty series has no peak');
  let bi = 0;
  series.forEach((p, n) => {
    if (p.value.gt(series[bi]!.value)) bi = n;
  });
  const best = series[bi]!;
  const out: Peak = { year: best.year, value: best.value, peaked: series.slice(bi + 1).some((p) => p.value.lt(best.value)) };
  const firstFall = series.findIndex((p, n) => n > bi && p.value.lt(series[n - 1]!.value));
  if (firstFall > 0) {
    const rise = series.findIndex((p, n) => n > firstFall && p.value.gt(series[n - 1]!.value));
    if (rise > 0)
      out.rebound = {
        firstPeakYear: series[firstFall - 1]!.year,
        firstPeakValue: series[firstFall - 1]!.value,
        reboundYear: series[rise]!.year,
      };
  }
  if (opts.plateau) {
    const { maxGrowth, years } = opts.plateau;
    const flat = series.map(
      (p, n) =>
        n > 0 &&
        p.value
          .div(series[n - 1]!.value)
          .minus(1)
          .abs()
          .lte(maxGrowth),
    );
    for (let n = 1; n + years <= series.length; n++) {
      if (flat.slice(n, n + years).every(Boolean)) {
        out.plateauFrom = series[n]!.year;
        break;
      }
    }
  }
  if (opts.targetYear !== undefined) out.vsTarget = best.year - opts.targetYear;
  return out;
}

export interface PeakStatus extends Peak {
  /** The observed years the status is read from, first and last. */
  firstYear: number;
  lastYear: number;
  lastValue: Dec;
  /** last observed year − peak year: 0 while the maximum is the latest year. */
  yearsSincePeak: number;
  /** The last value below the maximum, as a fraction of it (0 at the maximum). */
  belowPeak: Dec;
  targetYear?: number;
  /** target year − last observed year (negative: the target year has passed). */
  yearsToTarget?: number;
  /** Peaked at or before the target year and not risen above the maximum since (the maximum is global). */
  metTarget?: boolean;
}

/**
 * Peak status of an observed history: its global maximum (first year reached), whether a later year is lower
 * (peaked), a rebound after the maximum (fell, then rose again), the plateau rule when asked (a convention, no
 * standard exists: |year-on-year growth| ≤ x for n consecutive years, `--plateau x:n`), years since the peak and
 * the distance to the peak target year. A region that has not peaked has no years since peak to speak of (0).
 */
export function peakStatus(series: { year: number; value: Dec }[], opts: PeakOptions = {}): PeakStatus {
  const sorted = [...series].sort((a, b) => a.year - b.year);
  const peak = detectPeak(sorted, opts);
  const last = sorted.at(-1)!;
  const out: PeakStatus = {
    ...peak,
    firstYear: sorted[0]!.year,
    lastYear: last.year,
    lastValue: last.value,
    yearsSincePeak: last.year - peak.year,
    belowPeak: peak.value.isZero() ? ZERO : ONE.minus(last.value.div(peak.value)),
  };
  if (opts.targetYear !== undefined) {
    out.targetYear = opts.targetYear;
    out.yearsToTarget = opts.targetYear - last.year;
    out.metTarget = peak.peaked && peak.year <= opts.targetYear;
  }
  return out;
}
