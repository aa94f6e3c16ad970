import { describe, expect, it } from 'vitest';
import { Dec } from '../../engine/core/decimal.ts';
import type { AccountingData, RegionYearValues } from '../../engine/eval/data.ts';
import { evaluateRegionYear } from '../../engine/eval/evaluate.ts';
import { rowsAt, runRows } from '../../engine/fast/account-float.ts';
import type { RowKey } from '../../engine/fast/columns.ts';
import type { CompiledModel } from '../../engine/model/types.ts';
import { DEFAULT_DATASET, loadDataset } from '../../datasets/load.ts';
import { loadModel } from '../../models/load.ts';
import { loadAccount } from '../replication/published.ts';

/**
 * Review of issue 13 (the float kernel writes NaN as 0 / 0, starts `v` and hoisted temporaries at 0, and drops the
 * scratch cells it finds unread): a differential test of EVERY indicator of the program (parts, breakdown totals,
 * physical and money, not only services and totals, which test/fast/float-agreement.test.ts holds), at current and
 * constant prices, against the exact path, on datasets with holes (inputs absent, keys absent, values zero), given
 * values and local coefficients (the published accounts), the esv-equivalent and park-city models. Where the exact
 * path gives a value the float path gives it within 1e-9 relative; where the exact path gives none and the region-year
 * needs the indicator, the float path gives NaN (an indicator nobody needs may be computed on the float path).
 */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

/** `n` regions, each region-year the template's (regions in turn) with holes; given values follow the template region. */
function withHoles(t: AccountingData, n: number, seed: number): AccountingData {
  const rand = lcg(seed);
  const values = new Map<string, RegionYearValues>();
  const regions = Array.from({ length: n }, (_, i) => `h${i}`);
  const from = (region: string) => t.regions[regions.indexOf(region) % t.regions.length]!;
  for (const region of regions)
    for (const year of t.years) {
      const src = t.values(from(region), year);
      if (!src) continue;
      const v: RegionYearValues = new Map();
      for (const [name, byKey] of src) {
        if (rand() < 0.08) continue; // the input absent
        const m = new Map<string, Dec>();
        for (const [k, x] of byKey) {
          const q = rand();
          if (q < 0.1) continue; // the key absent
          m.set(k, q < 0.18 ? new Dec(0) : x.mul(new Dec(80 + Math.floor(rand() * 41)).div(100)));
        }
        v.set(name, m);
      }
      values.set(`${region}\0${year}`, v);
    }
  const given = t.given;
  return {
    regions,
    years: t.years,
    deflator: t.deflator,
    priceIndex: (s, y) => t.priceIndex(s, y),
    values: (r, y) => values.get(`${r}\0${y}`),
    ...(t.localCoefficients ? { localCoefficients: t.localCoefficients } : {}),
    ...(given ? { given: (r: string, y: number) => given.call(t, from(r), y) } : {}),
    ...(t.givenPrecedence ? { givenPrecedence: t.givenPrecedence.bind(t) } : {}),
  };
}

function disagreements(label: string, model: CompiledModel, data: AccountingData, baseYear: number): { lines: string[]; compared: number } {
  const keys: RowKey[] = data.regions.flatMap((region) =>
    data.years.flatMap((year) => [
      { region, year, priceYear: year },
      { region, year, priceYear: baseYear },
    ]),
  );
  const rows = rowsAt(model, data, keys);
  const O = runRows(rows);
  const ids = rows.program.indicators;
  const lines: string[] = [];
  let compared = 0;
  keys.forEach((k, r) => {
    const basis = k.priceYear === k.year ? {} : { basis: { kind: 'constant' as const, baseYear } };
    const exact = evaluateRegionYear(model, data, k.region, k.year, basis).values;
    ids.forEach((id, j) => {
      const e = exact.get(id)?.value;
      const f = O[r * ids.length + j]!;
      const at = `${label} ${k.region} ${k.year} at ${k.priceYear} prices ${id}`;
      if (e === undefined) {
        if (!Number.isNaN(f) && rows.need[r]![j] !== 0) lines.push(`${at}: exact absent, float ${f}`);
        return;
      }
      compared++;
      const x = e.toNumber();
      const rel = x === 0 ? Math.abs(f) : Math.abs(f - x) / Math.abs(x);
      if (!(rel <= 1e-9)) lines.push(`${at}: exact ${e.toString()}, float ${f}`);
    });
  });
  return { lines, compared };
}

describe('every indicator of the float program agrees with the exact path, on data with holes', () => {
  it('the sample and copies of it with holes, under cn-gep-2022 (1.0.0, 1.1.0) and esv-equivalent-2015', () => {
    for (const ref of ['cn-gep-2022', 'cn-gep-2022@1.1.0', 'esv-equivalent-2015']) {
      const m = loadModel(ref);
      const d = loadDataset(DEFAULT_DATASET, m);
      for (const [label, data] of [
        [ref, d],
        [`${ref} with holes`, withHoles(d, 6, 1)],
      ] as const) {
        const r = disagreements(label, m, data, 2020);
        expect(r.lines).toEqual([]);
        expect(r.compared).toBeGreaterThan(data.years.length * m.services.length);
      }
    }
  });

  it('the park-city model on its dataset, and with holes', () => {
    const m = loadModel('park-city-gep-2023');
    const d = loadDataset(new URL('../../datasets/tianfu-park-city', import.meta.url).pathname, m);
    for (const data of [d, withHoles(d, 6, 2)]) {
      const r = disagreements('park-city', m, data, 2021);
      expect(r.lines).toEqual([]);
      expect(r.compared).toBeGreaterThan(m.services.length);
    }
  });

  it('the published accounts (given values, local coefficients), and with holes', () => {
    for (const [account, ref] of [
      ['garze-2010', 'cn-gep-2022@1.1.0'],
      ['baiyangdian-2011', 'cn-gep-2022@1.1.0'],
      ['beibu-gulf-1999-2014', 'esv-equivalent-2015'],
    ] as const) {
      const a = loadAccount(account, ref);
      for (const data of [a.data, withHoles(a.data, 3, 3)]) {
        const r = disagreements(account, a.model, data, a.data.manifest.price_year);
        expect(r.lines).toEqual([]);
        expect(r.compared).toBeGreaterThan(0);
      }
    }
  });
});
