/**
 * A run keeps the traces it stores and writes (current prices: runs/account-inputs.ts accountTraces, trace.json); the
 * constant-price evaluations are traced only when asked (`gep explain --base-year`): 439 → 386 µs for a traced
 * one-region-year account, best of 12 rounds (issue 13: the computed POST). What a run stores is the same either way.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_DATASET, loadDataset } from '../datasets/load.ts';
import { traceJson } from '../reports/result-json.ts';
import { accountRun } from '../lib/run.ts';
import { chooseMethod } from '../lib/method.ts';
import { accountTraces } from '../runs/account-inputs.ts';
import { loadModel } from '../models/load.ts';

const base = loadModel('cn-gep-2022');
const dataset = loadDataset(DEFAULT_DATASET, base);
const model = chooseMethod(base, dataset);

describe('constant-price traces', () => {
  it('are kept only when asked; the stored traces, trace.json and the meta are the same bytes either way', () => {
    const plain = accountRun(model, dataset, { trace: true, years: [2022], regions: ['tianfu'], baseYear: 2020 });
    const asked = accountRun(model, dataset, { trace: true, traceConstant: true, years: [2022], regions: ['tianfu'], baseYear: 2020 });
    const [p, a] = [plain.account.regionYears[0]!, asked.account.regionYears[0]!];
    expect(p.current.traces?.size).toBeGreaterThan(40);
    expect(p.constant.traces).toBeUndefined();
    expect(a.constant.traces?.size).toBe(a.current.traces?.size);
    // a money value's constant-price trace reads the base year's prices; its current one the year's own
    const money = 'crop_products.money';
    expect(JSON.stringify(a.constant.traces!.get(money))).toContain('"year":2020');
    expect(JSON.stringify(a.current.traces!.get(money))).not.toContain('"year":2020');
    expect(JSON.stringify(accountTraces(plain))).toBe(JSON.stringify(accountTraces(asked)));
    expect(traceJson(plain)).toBe(traceJson(asked));
    expect(plain.meta).toEqual(asked.meta);
    expect(p.constant.values.get(money)!.value.toString()).toBe(a.constant.values.get(money)!.value.toString());
  });

  it('are not kept without a trace at all', () => {
    const none = accountRun(model, dataset, { trace: false, traceConstant: true, years: [2022], regions: ['tianfu'], baseYear: 2020 });
    expect(none.account.regionYears[0]!.constant.traces).toBeUndefined();
    expect(none.account.regionYears[0]!.current.traces).toBeUndefined();
  });
});
