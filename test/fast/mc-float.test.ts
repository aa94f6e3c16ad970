import { afterAll, describe, expect, it } from 'vitest';
import { Dec } from '../../engine/core/decimal.ts';
import { evaluateWith } from '../../engine/uncertainty/montecarlo.ts';
import { drawRange, floatOf, prepareUncertainty, runUncertainty, uncertaintyRows } from '../../lib/uncertainty.ts';
import { shutdownWorkers } from '../../lib/workers/pool.ts';
import { DRAW_BLOCK, evaluateFloat, floatDrawValues } from '../../engine/fast/mc-float.ts';
import { loadScenario } from '../../lib/scenario.ts';

/**
 * Issue 13 item 2: Monte Carlo on the float64 path. Each float draw is the exact path's draw (same parameter
 * values from drawStream(seed, i)) accounted in float64, to 1e-9 relative on every measured indicator (services,
 * categories, GEP at current and constant prices, the dual indicators); the same seed gives the same bytes on one
 * thread, on two worker threads, and from draw ranges computed apart and concatenated (as the queue splits runs).
 */
afterAll(shutdownWorkers);

const rel = (f: number, e: Dec) => (e.isZero() ? Math.abs(f) : Math.abs(f - e.toNumber()) / Math.abs(e.toNumber()));

describe('Monte Carlo on the float path', () => {
  const exact = prepareUncertainty({ path: 'exact' });
  const float = prepareUncertainty({});

  it('measures the same indicators, dual ones included, and at the central values gives the exact deterministic column (1e-9)', () => {
    expect(float.measured.map((m) => m.id)).toEqual(exact.measured.map((m) => m.id));
    expect(float.measured.some((m) => m.id === 'dual.geep')).toBe(true);
    const det = evaluateWith(
      exact.setup,
      exact.setup.params.map((p) => p.central),
    );
    const f = floatOf(float);
    const out = new Float64Array(f.count);
    f.measure(
      evaluateFloat(
        f.mc,
        f.mc.params.map((p) => p.central.toNumber()),
      ),
      out,
      0,
    );
    det.forEach((e, j) => {
      expect(rel(out[j]!, e), `${float.measured[j]!.id}: ${out[j]} vs ${e}`).toBeLessThanOrEqual(1e-9);
    });
  });

  it('draw by draw, the float draws agree with the exact draws to 1e-9 relative (seed 20221, draws 0–24)', () => {
    const e = drawRange(exact, 20221, 0, 25) as string[][];
    const f = drawRange(float, 20221, 0, 25) as number[][];
    let moved = 0;
    for (const [i, row] of e.entries())
      for (const [j, v] of row.entries()) {
        expect(rel(f[i]![j]!, new Dec(v)), `draw ${i} ${float.measured[j]!.id}: ${f[i]![j]} vs ${v}`).toBeLessThanOrEqual(1e-9);
        if (j === 0 && i > 0 && v !== e[0]![0]) moved++;
      }
    expect(moved).toBeGreaterThan(20); // the draws differ from one another: GEP moves
  });

  it('under scenarios: input factors (every key, one key), a keyed coefficient cell, four distributions, overrides (1e-9 draw by draw)', () => {
    const ranged = loadScenario({
      id: 'ranged',
      label: 'ranges of every kind',
      base: { model: 'cn-gep-2022@1.0.0', dataset: 'tianfu-sample' },
      uncertainty: [
        { input: 'nep', low: '0.9', high: '1.1', distribution: 'triangular', mode: '1.02' },
        { input: 'area', key: 'broadleaf_forest', low: '0.95', high: '1.05', distribution: 'normal' },
        { coefficient: 'runoff_coefficient', key: 'broadleaf_forest', low: '0.02', high: '0.04' },
        { coefficient: 'carbon_price', low: '40', high: '120', distribution: 'lognormal' },
      ],
    });
    const priceHigh = loadScenario(new URL('../../scenarios/price-high.yaml', import.meta.url).pathname);
    for (const scenario of [ranged, priceHigh]) {
      const e = drawRange(prepareUncertainty({ scenario, path: 'exact' }), 3, 0, 12) as string[][];
      const fp = prepareUncertainty({ scenario });
      const f = drawRange(fp, 3, 0, 12) as number[][];
      for (const [i, row] of e.entries())
        for (const [j, v] of row.entries())
          expect(rel(f[i]![j]!, new Dec(v)), `${scenario.id} draw ${i} ${fp.measured[j]!.id}: ${f[i]![j]} vs ${v}`).toBeLessThanOrEqual(
            1e-9,
          );
      if (scenario === ranged) expect(fp.setup.params.length).toBeGreaterThanOrEqual(8);
    }
  });

  it('same seed → same draws from ranges computed apart and concatenated ([0, 137) + [137, 400) = [0, 400))', () => {
    const whole = drawRange(float, 7, 0, 400) as number[][];
    const parts = [...(drawRange(float, 7, 0, 137) as number[][]), ...(drawRange(prepareUncertainty({}), 7, 137, 400) as number[][])];
    expect(parts).toEqual(whole);
    expect(Object.is(parts[399]![0], whole[399]![0])).toBe(true);
  });

  it('draws evaluated in blocks give the bytes of draws evaluated one at a time (across block edges, a block and a half)', () => {
    const f = floatOf(float);
    const n = DRAW_BLOCK + DRAW_BLOCK / 2 + 3;
    const blocked = drawRange(float, 5, 0, n) as number[][];
    const values = new Float64Array(f.mc.draws.length);
    const out = new Float64Array(f.count);
    let moved = 0;
    for (let i = 0; i < n; i++) {
      f.measure(evaluateFloat(f.mc, floatDrawValues(f.mc, 5, i, values)), out, 0);
      const one = Array.from(out);
      for (let j = 0; j < f.count; j++) expect(Object.is(blocked[i]![j], one[j]), `draw ${i} ${float.measured[j]!.id}`).toBe(true);
      if (i > 0 && one[0] !== blocked[i - 1]![0]) moved++;
    }
    expect(moved).toBeGreaterThan(n / 2); // draws differ: a block that repeated one draw's rows would fail
  });

  it('same seed → same bytes on 1 and on 2 worker threads; the run records the path (meta, rows, identity)', async () => {
    const one = await runUncertainty({ draws: 300, seed: 11 });
    const two = await runUncertainty({ draws: 300, seed: 11, workers: 2 });
    expect(JSON.stringify(uncertaintyRows(two))).toBe(JSON.stringify(uncertaintyRows(one)));
    expect(JSON.stringify(two.summaries)).toBe(JSON.stringify(one.summaries));
    expect(one.meta.path).toBe('float');
    const ex = await runUncertainty({ draws: 300, seed: 11, path: 'exact' });
    expect(ex.meta.path).toBe('exact');
    expect(ex.meta.id).not.toBe(one.meta.id); // the path is part of the identity
    // the deterministic column is exact on both paths; the percentiles agree to 1e-9
    one.summaries.forEach((s, j) => {
      const e = ex.summaries[j]!;
      expect(s.deterministic.toString()).toBe(e.deterministic.toString());
      for (const k of ['mean', 'p5', 'p50', 'p95'] as const) expect(rel(s[k].toNumber(), e[k]), `${s.id} ${k}`).toBeLessThanOrEqual(1e-9);
    });
    // the tornado: same order, bars to 1e-9
    expect(one.tornado.map((t) => t.param)).toEqual(ex.tornado.map((t) => t.param));
    for (const [n, t] of one.tornado.entries()) expect(rel(t.outputHigh.toNumber(), ex.tornado[n]!.outputHigh)).toBeLessThanOrEqual(1e-9);
  }, 300_000);
});
