import { Dec, dec, ONE, ZERO } from '../core/decimal.ts';
import { IssuesError } from '../core/errors.ts';

/**
 * Dual control (双控) of energy and CO2: intensity and total against five-year targets.
 * - Intensity I_t = E_t / GDP_t (GDP at constant prices); cumulative decline d_t = 1 − I_t / I_base.
 * - Progress requirement in year t of a five-year target T: r_t = 1 − (1 − T)^(t/5).
 * - Energy for assessment = reported energy − feedstock use (发改环资〔2022〕803号, base and current year)
 *   − the increase of renewable electricity over the base year (2022-11 notice), each shown as its own line.
 *   GDP is not adjusted. CO2 is energy CO2 (combustion and purchased electricity and heat, as in the national
 *   assessment; processes and non-CO2 gases are outside it) and is not adjusted (feedstock is not combusted).
 * - Lights: the national three-level barometer (red: intensity rose on the year before; yellow: fell less than
 *   the requirement; green: on track), or a city four-level ladder by the share of the requirement met
 *   (≥100% green, 90–100% yellow, 50–90% orange, below red; thresholds configurable).
 */
export type Light = 'green' | 'yellow' | 'orange' | 'red';
export interface Ladder {
  kind: 'national3';
}
export interface CityLadder {
  kind: 'city4';
  green: Dec;
  yellow: Dec;
  orange: Dec;
}
export const NATIONAL3: Ladder = { kind: 'national3' };
export const CITY4: CityLadder = { kind: 'city4', green: ONE, yellow: dec('0.9'), orange: dec('0.5') };

export interface DualTargets {
  baseYear: number;
  /** Five-year cumulative reductions of intensity, as fractions (0.135 = −13.5%). */
  energyIntensity: Dec;
  co2Intensity: Dec;
  /** Optional caps on the totals in the last year of the period (tce, tCO2). */
  energyTotalCap?: Dec;
  co2TotalCap?: Dec;
  ladder: Ladder | CityLadder;
  /** tce per MWh at which the renewable increase is deducted (0.1229 calorific by default). */
  renewableTcePerMWh: Dec;
  period?: number;
  /** Energy basis of the run: calorific (当量值) or equivalent (等价值). */
  basis?: 'calorific' | 'equivalent';
}

export interface DualYearInput {
  year: number;
  energy: Dec;
  feedstock: Dec;
  renewableMWh: Dec;
  co2: Dec;
  gdp: Dec;
}
export interface DualLine {
  indicator: string;
  year: number;
  value: Dec;
  unit: string;
  base?: Dec;
  /** Achieved cumulative decline (intensity) or allowed path (total), required decline, share of requirement met. */
  decline?: Dec;
  required?: Dec;
  share?: Dec;
  light?: Light;
  formula: string;
}

/** 1 − (1 − T)^(t/n): the cumulative decline needed after t of n years. */
export function requiredDecline(target: Dec, t: number, n = 5): Dec {
  return ONE.minus(ONE.minus(target).pow(new Dec(t).div(n)));
}

export function dualControl(series: DualYearInput[], targets: DualTargets): DualLine[] {
  const n = targets.period ?? 5;
  const sorted = [...series].sort((a, b) => a.year - b.year);
  const base = sorted.find((s) => s.year === targets.baseYear);
  if (!base)
    throw new IssuesError('run', [
      {
        code: 'base_year_unknown',
        path: 'dual.baseYear',
        message: `dual control needs the base year ${targets.baseYear} among the years accounted (${sorted.map((s) => s.year).join(', ') || 'none'}): add it to the years or choose another base year (--base-year)`,
      },
    ]);
  const assessed = (s: DualYearInput) => {
    const renew = s.year > base.year ? Dec.max(ZERO, s.renewableMWh.minus(base.renewableMWh)).mul(targets.renewableTcePerMWh) : ZERO;
    return { renew, value: s.energy.minus(s.feedstock).minus(renew) };
  };
  const lines: DualLine[] = [];
  const eBase = assessed(base).value;
  const iBase = { energy: eBase.div(base.gdp).mul(10000), co2: base.co2.div(base.gdp).mul(10000) };
  let prev = iBase;
  for (const s of sorted.filter((x) => x.year >= base.year && x.year <= base.year + n)) {
    const t = s.year - base.year;
    const a = assessed(s);
    lines.push({
      indicator: 'dual.energy_total_reported',
      year: s.year,
      value: s.energy,
      unit: 'tce',
      formula: `Σ energy, ${targets.basis ?? 'calorific'} basis`,
    });
    lines.push({
      indicator: 'dual.deduction_feedstock',
      year: s.year,
      value: s.feedstock.neg(),
      unit: 'tce',
      formula: 'feedstock (raw-material) use of coal, oil and gas, deducted in base and current year',
    });
    lines.push({
      indicator: 'dual.deduction_renewable',
      year: s.year,
      value: a.renew.neg(),
      unit: 'tce',
      formula: `max(0, renewable MWh − renewable MWh in ${base.year}) × ${targets.renewableTcePerMWh} tce/MWh`,
    });
    lines.push({
      indicator: 'dual.energy_total_assessed',
      year: s.year,
      value: a.value,
      unit: 'tce',
      formula: 'reported − feedstock − renewable increase',
    });
    const intensity = { energy: a.value.div(s.gdp).mul(10000), co2: s.co2.div(s.gdp).mul(10000) };
    for (const k of ['energy', 'co2'] as const) {
      const target = k === 'energy' ? targets.energyIntensity : targets.co2Intensity;
      const decline = ONE.minus(intensity[k].div(iBase[k]));
      const required = requiredDecline(target, t, n);
      const share = required.isZero() ? undefined : decline.div(required);
      const rose = t > 0 && intensity[k].gt(prev[k]);
      lines.push({
        indicator: `dual.${k}_intensity`,
        year: s.year,
        value: intensity[k],
        unit: k === 'energy' ? 'tce/10^4 CNY' : 'tCO2/10^4 CNY',
        base: iBase[k],
        decline,
        required,
        ...(share ? { share } : {}),
        ...(t > 0 ? { light: light(targets.ladder, rose, decline, required, share) } : {}),
        formula: `I = ${k === 'energy' ? 'assessed energy' : 'energy CO2'} / GDP (constant prices); decline = 1 − I/I_${base.year}; required = 1 − (1 − ${target})^(${t}/${n})`,
      });
    }
    for (const [k, cap, value, baseValue] of [
      ['energy', targets.energyTotalCap, a.value, eBase],
      ['co2', targets.co2TotalCap, s.co2, base.co2],
    ] as const) {
      if (!cap) continue;
      // The allowed path grows (or falls) geometrically from the base year to the cap in the last year.
      const allowed = baseValue.mul(cap.div(baseValue).pow(new Dec(t).div(n)));
      // Share of the requirement met: under a falling cap, the cut made over the cut needed; under a rising (or flat)
      // cap, 1 within the allowed path, else the allowed rise over the actual rise.
      const need = baseValue.minus(allowed),
        done = baseValue.minus(value);
      const share = need.gt(0)
        ? Dec.max(ZERO, done.div(need))
        : value.lte(allowed)
          ? ONE
          : allowed.minus(baseValue).div(value.minus(baseValue));
      const l: Light =
        targets.ladder.kind === 'city4' ? ladder4(targets.ladder, share) : value.gt(cap) ? 'red' : value.gt(allowed) ? 'yellow' : 'green';
      lines.push({
        indicator: `dual.${k}_total`,
        year: s.year,
        value,
        unit: k === 'energy' ? 'tce' : 'tCO2',
        base: baseValue,
        required: allowed,
        share,
        ...(t > 0 ? { light: l } : {}),
        formula: `allowed = base × (cap/base)^(${t}/${n}); cap ${cap}`,
      });
    }
    prev = intensity;
  }
  return lines;
}

function light(ladder: Ladder | CityLadder, rose: boolean, decline: Dec, required: Dec, share: Dec | undefined): Light {
  if (ladder.kind === 'city4') return ladder4(ladder, share ?? ONE);
  return rose ? 'red' : decline.lt(required) ? 'yellow' : 'green';
}
function ladder4(l: CityLadder, share: Dec): Light {
  return share.gte(l.green) ? 'green' : share.gte(l.yellow) ? 'yellow' : share.gt(l.orange) ? 'orange' : 'red';
}

/** The GDP (constant prices) of each year of the period, with where it came from. */
export interface GdpPathYear {
  year: number;
  gdp: Dec;
  source: string;
}

/**
 * GDP of years base+1 … base+n from an annual real growth rate, compounded exactly year by year
 * (GDP_t = GDP_t−1 × (1 + g)), or the year's GDP from economy.csv where `given` has it (a forecast row wins).
 */
export function gdpPath(
  baseYear: number,
  gdpBase: Dec,
  n: number,
  growth: Dec | undefined,
  given: (year: number) => Dec | undefined,
): GdpPathYear[] {
  const out: GdpPathYear[] = [];
  let prev = gdpBase;
  for (let t = 1; t <= n; t++) {
    const year = baseYear + t;
    const g = given(year);
    if (g) out.push({ year, gdp: g, source: 'economy.csv (constant prices)' });
    else if (growth) out.push({ year, gdp: prev.mul(ONE.plus(growth)), source: `GDP_${year - 1} × (1 + ${growth})` });
    else
      throw new IssuesError('run', [
        {
          code: 'economy_missing',
          path: '--gdp-growth',
          message: `the caps of dual control need GDP of ${year}: give a growth path (--gdp-growth 0.055) or the year's GDP in economy.csv`,
        },
      ]);
    prev = out.at(-1)!.gdp;
  }
  return out;
}

/**
 * Caps as the assessment derives them from the intensity target and the GDP path: in year t of the period
 * cap_t = I_base × (1 − r_t) × GDP_t with r_t = 1 − (1 − T)^(t/n) (so cap_n = I_base × (1 − T) × GDP_n), for energy
 * (on the basis chosen) and for energy CO2; the allowed increment is cap_t − the base year's value.
 */
export function dualCaps(
  base: { year: number; energy: Dec; co2: Dec; gdp: Dec },
  path: GdpPathYear[],
  targets: { energyIntensity: Dec; co2Intensity: Dec; period?: number; basis: string },
): DualLine[] {
  const n = targets.period ?? 5;
  const lines: DualLine[] = [];
  for (const p of path) {
    const t = p.year - base.year;
    lines.push({ indicator: 'dual.gdp_path', year: p.year, value: p.gdp, unit: 'CNY', base: base.gdp, formula: p.source });
    for (const [k, target, value, unit] of [
      ['energy', targets.energyIntensity, base.energy, 'tce'],
      ['co2', targets.co2Intensity, base.co2, 'tCO2'],
    ] as const) {
      const required = requiredDecline(target, t, n);
      const cap = value.div(base.gdp).mul(ONE.minus(required)).mul(p.gdp);
      const what = k === 'energy' ? `assessed energy, ${targets.basis} basis` : 'energy CO2';
      lines.push({
        indicator: `dual.${k}_cap`,
        year: p.year,
        value: cap,
        unit,
        base: value,
        required,
        formula: `cap = I_${base.year} × (1 − r) × GDP_${p.year}; I_${base.year} = ${what} ${value} / GDP ${base.gdp}; r = 1 − (1 − ${target})^(${t}/${n})`,
      });
      lines.push({
        indicator: `dual.${k}_increment`,
        year: p.year,
        value: cap.minus(value),
        unit,
        base: value,
        formula: `allowed increment = cap_${p.year} − ${what} of ${base.year} (${value})`,
      });
    }
  }
  return lines;
}

/**
 * Energy-consumption elasticity (能源消费弹性系数) = energy growth rate / GDP growth rate: year on year, and over
 * the period as the ratio of the average annual growth rates from the base year ((X_t/X_base)^(1/t) − 1). Undefined
 * (no line) when GDP did not change.
 */
export function energyElasticity(series: { year: number; energy: Dec; gdp: Dec }[], baseYear: number): DualLine[] {
  const s = [...series].sort((a, b) => a.year - b.year);
  const base = s.find((x) => x.year === baseYear);
  const lines: DualLine[] = [];
  for (let i = 1; i < s.length; i++) {
    const a = s[i - 1]!,
      b = s[i]!;
    if (a.year < baseYear) continue;
    const ge = b.energy.div(a.energy).minus(1),
      gg = b.gdp.div(a.gdp).minus(1);
    if (!gg.isZero())
      lines.push({
        indicator: 'dual.energy_elasticity',
        year: b.year,
        value: ge.div(gg),
        unit: '1',
        formula: `(E_${b.year}/E_${a.year} − 1) / (GDP_${b.year}/GDP_${a.year} − 1) = ${ge.toSignificantDigits(6)} / ${gg.toSignificantDigits(6)}`,
      });
    if (base && b.year - baseYear > 1) {
      const t = new Dec(1).div(b.year - baseYear);
      const ae = b.energy.div(base.energy).pow(t).minus(1),
        ag = b.gdp.div(base.gdp).pow(t).minus(1);
      if (!ag.isZero())
        lines.push({
          indicator: 'dual.energy_elasticity_period',
          year: b.year,
          value: ae.div(ag),
          unit: '1',
          formula: `average annual growth ${baseYear}–${b.year}: ((E_${b.year}/E_${baseYear})^(1/${b.year - baseYear}) − 1) / ((GDP_${b.year}/GDP_${baseYear})^(1/${b.year - baseYear}) − 1)`,
        });
    }
  }
  return lines;
}
