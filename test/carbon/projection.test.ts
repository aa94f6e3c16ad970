import { describe, expect, it } from 'vitest';
import { Dec, dec, fixed, str } from '../../engine/core/decimal.ts';
import { DEFAULT_PATHS, detectPeak, projectKaya, projectStirpat } from '../../engine/carbon/projection.ts';
import { fitStirpat } from '../../engine/carbon/stirpat.ts';

const s = (start: number, values: string[]) => values.map((v, n) => ({ year: start + n, value: dec(v) }));

describe('peak detection', () => {
  it('a dip before the true peak is no rebound (review carbon-1 #9): the global maximum is reported, no rebound', () => {
    const p = detectPeak(s(2025, ['100', '104', '103', '101', '102', '106', '105']), { targetYear: 2030 });
    expect(p.year).toBe(2030);
    expect(str(p.value)).toBe('106');
    expect(p.peaked).toBe(true);
    expect(p.rebound).toBeUndefined();
    expect(p.vsTarget).toBe(0);
  });

  it('a rebound that stays below the first peak keeps the first peak and is still flagged', () => {
    const p = detectPeak(s(2025, ['100', '110', '105', '107', '104']));
    expect([p.year, str(p.value), p.rebound?.reboundYear]).toEqual([2026, '110', 2028]);
  });

  it('no peak within the horizon when the maximum is the last year; a clean peak has no rebound', () => {
    expect(detectPeak(s(2025, ['1', '2', '3'])).peaked).toBe(false);
    const p = detectPeak(s(2025, ['1', '3', '2', '1']));
    expect(p.peaked && p.rebound === undefined).toBe(true);
  });

  it('a flat top to the end of the horizon has not peaked; a flat top then a fall has (review carbon-1 #9)', () => {
    expect(detectPeak(s(2025, ['1', '2', '2'])).peaked).toBe(false);
    const p = detectPeak(s(2025, ['1', '2', '2', '1.9']));
    expect([p.year, p.peaked]).toEqual([2026, true]); // the first year the maximum is reached (gt→gte would give 2027)
  });

  it('plateau rule: the first year from which |growth| ≤ 1% holds for 3 years', () => {
    // growth: +10%, +0.5%, −0.5%, +0.9%, −5%
    const p = detectPeak(s(2025, ['100', '110', '110.55', '110.0', '110.99', '105.44']), { plateau: { maxGrowth: dec('0.01'), years: 3 } });
    expect(p.plateauFrom).toBe(2027);
  });
});

describe('Kaya projection', () => {
  const base = {
    year: 2022,
    population: dec('1000'),
    gdp: dec('100000'),
    energy: dec('50'),
    combustion: dec('80'),
    purchased: dec('20'),
    nonEnergy: dec('10'),
  };

  it('one year by hand: baseline rates (+1% P, +3% A, −2% EI, −1% fossil, −1% grid)', () => {
    const y = projectKaya(base, DEFAULT_PATHS[0]!, 2023);
    const t = y[1]!;
    // GDP = 100000 × 1.01 × 1.03 = 104030; E = 104030 × 0.0005 × 0.98 = 50.9747
    expect(str(t.gdp)).toBe('104030');
    expect(str(t.energy)).toBe('50.9747');
    // combustion = 50.9747 × 1.6 × 0.99 = 80.7439248; purchased = 50.9747 × 0.4 × 0.99 = 20.1859812; + 10
    expect(str(t.co2)).toBe('110.929906');
    expect(str(y[0]!.co2)).toBe('110');
  });

  it('year-keyed changes hold from their year on', () => {
    const path = {
      id: 'p',
      label: 'p',
      rates: [
        { from: 0, population: '0.1' },
        { from: 2024, population: '0' },
      ],
    };
    const y = projectKaya(base, path, 2025);
    expect(y.map((r) => str(r.population))).toEqual(['1000', '1100', '1100', '1100']);
  });

  it('STIRPAT path with unit elasticities reproduces the Kaya path when only P, A and EI move', () => {
    const b = { ...base, purchased: dec('0'), nonEnergy: dec('0') };
    const path = { id: 'p', label: 'p', rates: [{ from: 0, population: '0.02', gdp_per_capita: '0.05', energy_intensity: '-0.03' }] };
    const k = projectKaya(b, path, 2030);
    const st = projectStirpat(k, { population: dec('1'), affluence: dec('1'), technology: dec('1') });
    expect(st.at(-1)!.co2.minus(k.at(-1)!.co2).abs().lt('1e-28')).toBe(true);
  });
});

describe('STIRPAT ridge fit', () => {
  // History generated from ln C = 0.5 + 1.2 ln P + 0.7 ln A + 0.9 ln T, drivers varied independently
  const obs = [0, 1, 2, 3, 4, 5, 6, 7].map((n) => {
    const P = 2 + 0.1 * n + 0.05 * (n % 3),
      A = 60000 * (1 + 0.07 * n) * (1 + 0.02 * (n % 2)),
      T = 0.4 * (1 - 0.03 * n) * (1 + 0.01 * ((n * 5) % 4));
    const C = Math.exp(0.5 + 1.2 * Math.log(P) + 0.7 * Math.log(A) + 0.9 * Math.log(T));
    return {
      year: 2015 + n,
      co2: new Dec(C.toPrecision(15)),
      population: new Dec(P.toPrecision(15)),
      gdpPerCapita: new Dec(A.toPrecision(15)),
      energyIntensity: new Dec(T.toPrecision(15)),
    };
  });

  it('with k = 0 it recovers the elasticities; with k > 0 it shrinks them and reports its fit statistics', () => {
    const ols = fitStirpat(obs, 0);
    expect(fixed(ols.elasticities.population, 3)).toBe('1.200');
    expect(fixed(ols.elasticities.affluence, 3)).toBe('0.700');
    expect(fixed(ols.elasticities.technology, 3)).toBe('0.900');
    expect(ols.r2).toBeCloseTo(1, 9);
    const ridge = fitStirpat(obs, 0.1);
    expect(ridge.r2).toBeLessThan(1);
    expect(ridge.r2).toBeGreaterThan(0.9);
    expect(ridge.vif.every((v) => v >= 1)).toBe(true);
    expect(ridge.n).toBe(8);
  });
});

describe('review carbon-1 mutations: each rate drives its own factor; STIRPAT statistics by an independent computation', () => {
  it('fossil share drives only the combustion part, grid factor only the purchased part, non_energy only N (distinct rates)', () => {
    const base = {
      year: 2022,
      population: dec('1000'),
      gdp: dec('100000'),
      energy: dec('50'),
      combustion: dec('80'),
      purchased: dec('20'),
      nonEnergy: dec('10'),
    };
    const [, t] = projectKaya(
      base,
      { id: 'p', label: 'p', rates: [{ from: 0, fossil_share: '-0.1', grid_factor: '0.2', non_energy: '0.5' }] },
      2023,
    );
    // E = 50 unchanged; combustion 50 × 1.6 × 0.9 = 72; purchased 50 × 0.4 × 1.2 = 24; N = 10 × 1.5 = 15
    expect([str(t!.combustion), str(t!.purchased), str(t!.nonEnergy), str(t!.co2)]).toEqual(['72', '24', '15', '111']);
  });

  it('adjusted R² = 1 − (1 − R²)(n − 1)/(n − 4), RMSE = √(SSres/n), VIF = 1/(1 − R²_j) of each regressor on the others', () => {
    // noisy history (residuals ~1%) so the statistics are not degenerate
    const obs = [0, 1, 2, 3, 4, 5, 6, 7, 8].map((n) => {
      const P = 2 + 0.1 * n + 0.05 * (n % 3),
        A = 60000 * (1 + 0.07 * n) * (1 + 0.02 * (n % 2)),
        T = 0.4 * (1 - 0.03 * n) * (1 + 0.01 * ((n * 5) % 4));
      const C = Math.exp(0.5 + 1.2 * Math.log(P) + 0.7 * Math.log(A) + 0.9 * Math.log(T) + 0.01 * (((n * 7) % 5) - 2));
      return {
        year: 2014 + n,
        co2: new Dec(C.toPrecision(15)),
        population: new Dec(P.toPrecision(15)),
        gdpPerCapita: new Dec(A.toPrecision(15)),
        energyIntensity: new Dec(T.toPrecision(15)),
      };
    });
    const f = fitStirpat(obs, 0);
    const n = obs.length;
    expect(f.adjustedR2).toBeCloseTo(1 - ((1 - f.r2) * (n - 1)) / (n - 4), 12);
    // residuals from the reported (6-digit) coefficients
    const res = obs.map(
      (o) =>
        Math.log(Number(o.co2)) -
        (Number(f.intercept) +
          Number(f.elasticities.population) * Math.log(Number(o.population)) +
          Number(f.elasticities.affluence) * Math.log(Number(o.gdpPerCapita)) +
          Number(f.elasticities.technology) * Math.log(Number(o.energyIntensity))),
    );
    const rmse = Math.sqrt(res.reduce((s, r) => s + r * r, 0) / n);
    expect(f.rmse / rmse).toBeCloseTo(1, 3); // √(n/(n−1)) = 1.061 would fail
    // VIF: auxiliary OLS of each ln-regressor on the other two (with intercept), solved by Cramer's rule
    const x = obs.map((o) => [Math.log(Number(o.population)), Math.log(Number(o.gdpPerCapita)), Math.log(Number(o.energyIntensity))]);
    const vif = [0, 1, 2].map((j) => {
      const [a, b] = [0, 1, 2].filter((i) => i !== j);
      const y = x.map((r) => r[j]!),
        u = x.map((r) => r[a!]!),
        v = x.map((r) => r[b!]!);
      const m = (z: number[]) => z.reduce((s, q) => s + q, 0) / n;
      const cu = u.map((q) => q - m(u)),
        cv = v.map((q) => q - m(v)),
        cy = y.map((q) => q - m(y));
      const dot = (p: number[], q: number[]) => p.reduce((s, z, i) => s + z * q[i]!, 0);
      const det = dot(cu, cu) * dot(cv, cv) - dot(cu, cv) ** 2;
      const bu = (dot(cu, cy) * dot(cv, cv) - dot(cv, cy) * dot(cu, cv)) / det,
        bv = (dot(cv, cy) * dot(cu, cu) - dot(cu, cy) * dot(cu, cv)) / det;
      const r2 = 1 - cy.reduce((s, q, i) => s + (q - bu * cu[i]! - bv * cv[i]!) ** 2, 0) / dot(cy, cy);
      return 1 / (1 - r2);
    });
    for (const [j, v] of f.vif.entries()) expect(v / vif[j]!).toBeCloseTo(1, 8);
    expect(Math.max(...vif)).toBeGreaterThan(1.5); // the regressors are collinear enough that [1, 1, 1] would fail
  });
});
