/**
 * The exact evaluator's results, traces, diagnostics and issues, byte for byte, as c96c958 gave them (before the
 * round-4 domain plans, group-sum cache, cap early return and exact-arith div/add/sumOf/str): one sha256 per case
 * over every region-year, current and two constant price bases, with and without traces. The hashes were taken
 * from the untouched c96c958 tree with the same code (the exact-eval engineer's comparison script, made a test).
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { str } from '../engine/core/decimal.ts';
import { CoefficientResolver } from '../engine/eval/coefficients.ts';
import { evaluateRegionYear } from '../engine/eval/evaluate.ts';
import { syntheticData } from '../datasets/generate.ts';
import { DEFAULT_DATASET, loadDataset } from '../datasets/load.ts';
import { chooseMethod } from '../lib/method.ts';
import { loadModel } from '../models/load.ts';

const enc = (x: unknown): unknown => {
  if (x instanceof Map) return { $map: [...x].map(([k, v]) => [k, enc(v)]) };
  if (x && typeof x === 'object' && typeof (x as any).isFinite === 'function' && (x as any).d !== undefined) return `D${str(x as any)}`;
  if (Array.isArray(x)) return x.map(enc);
  if (x && typeof x === 'object') return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, enc(v)]));
  return x;
};

/** [case, model, dataset, plain hash, trace hash] at c96c958 (region-years in the count). */
const cases: [string, string, string, number, string, string][] = [
  ['sample 1.0.0', 'cn-gep-2022', DEFAULT_DATASET, 9, '22816c6feb0367ad', 'c200f75231fc8889'],
  ['park-city', 'park-city-gep-2023', 'datasets/tianfu-park-city', 6, '9b8d1091f421ec87', '0b9cbc8684977a24'],
  ['baiyangdian', 'cn-gep-2022@1.1.0', 'datasets/published/baiyangdian-2011', 3, 'ff4fd32ed6471566', '52c18f5369278e9c'],
  ['beibu', 'esv-equivalent-2015', 'datasets/published/beibu-gulf-1999-2014', 9, '7d1cf6697e48637c', '89e74715d83fa213'],
  ['garze', 'cn-gep-2022@1.1.0', 'datasets/published/garze-2010', 3, 'c6cb697c2ccbb2d3', 'b01391ab2018871e'],
  ['synthetic 40 × 5', 'cn-gep-2022', 'SYN', 600, '1eeaef4299d7369c', 'b91a8e0eeec3f737'],
];

describe('the exact path gives c96c958 bytes', () => {
  for (const [name, ref, dir, count, plainHash, traceHash] of cases)
    it(name, () => {
      const model0 = loadModel(ref);
      const loaded = loadDataset(dir === 'SYN' ? DEFAULT_DATASET : dir, model0);
      const data = dir === 'SYN' ? syntheticData(loaded, { regions: 40, years: [2018, 2019, 2020, 2021, 2022] }) : loaded;
      const model = dir === 'SYN' ? model0 : chooseMethod(model0, loaded);
      for (const trace of [false, true]) {
        const h = createHash('sha256');
        let n = 0;
        for (const y of data.years) {
          const bases = [{ kind: 'current' }, { kind: 'constant', baseYear: data.years[0] }, { kind: 'constant', baseYear: 2015 }];
          for (const basis of bases) {
            const py = basis.kind === 'current' ? y : basis.baseYear!;
            const resolver = new CoefficientResolver(data, y, py);
            for (const r of data.regions) {
              h.update(JSON.stringify(enc(evaluateRegionYear(model, data, r, y, { trace, basis: basis as any, resolver }))));
              n++;
            }
          }
        }
        expect([n, h.digest('hex').slice(0, 16)]).toEqual([count, trace ? traceHash : plainHash]);
      }
    });
});
