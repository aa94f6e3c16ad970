/**
 * Review of issue 13 item 3 (engine/eval/region-year-runtime.ts): a coefficient's read is built once per resolved
 * coefficient and shared by the traces of every region-year of that year, and an input's read once per value
 * read in a region-year. Two things that sharing relies on, held here:
 * - no consumer of traces changes one in place (a change would show in every other trace sharing the read):
 *   the traces of a run, deep-frozen, go through everything that reads them and come out the same bytes;
 * - a shared read says nothing of another region-year: each region-year's traces, accounted with the other
 *   regions, are the bytes it gives accounted alone.
 */
import { describe, expect, it } from 'vitest';
import { explain } from '../engine/eval/explain.ts';
import type { TraceNode } from '../engine/eval/trace.ts';
import { accountGep, type GepAccount } from '../engine/gep/account.ts';
import { syntheticData } from '../datasets/generate.ts';
import { DEFAULT_DATASET, loadDataset } from '../datasets/load.ts';
import { chooseMethod } from '../lib/method.ts';
import { chainReads } from '../lib/scenario-changes.ts';
import { loadModel } from '../models/load.ts';
import { withTotals } from '../web/views/explain-panel.ts';

function deepFreeze(v: unknown, seen = new Set<unknown>()): void {
  if (v === null || typeof v !== 'object' || seen.has(v)) return;
  seen.add(v);
  if (v instanceof Map) for (const x of v.values()) deepFreeze(x, seen);
  else for (const x of Object.values(v)) deepFreeze(x, seen);
  Object.freeze(v);
}

const base = loadModel('cn-gep-2022');
const sample = loadDataset(DEFAULT_DATASET, base);
const model = chooseMethod(base, sample);
/** Three regions of different values (a variant of the sample each), the sample's years. */
const data = syntheticData(sample, { regions: 3, years: sample.years });
const account = (regions: string[]): GepAccount =>
  accountGep(model, data, { trace: true, baseYear: sample.years[0]!, years: sample.years, regions, transitions: [] });
const tracesOf = (a: GepAccount) =>
  a.regionYears.flatMap((ry) => [ry.current.traces, ry.constant.traces].filter((t): t is Map<string, TraceNode> => !!t));
const text = (a: GepAccount, region?: string) =>
  JSON.stringify(
    a.regionYears
      .filter((ry) => region === undefined || ry.region === region)
      .map((ry) => [ry.region, ry.year, [...(ry.current.traces ?? [])], [...(ry.constant.traces ?? [])]]),
  );

describe('shared trace reads', () => {
  it('are read-only to their consumers: frozen traces give the same explanations and the same bytes', () => {
    const a = account(data.regions);
    const before = text(a);
    // the sharing is real: one coefficient read object is in the traces of two regions
    const reads = (t: Map<string, TraceNode>) => [...t.values()].flatMap((n) => n.reads).filter((r) => r.kind === 'coefficient');
    const [r0, r1] = a.regionYears.filter((ry) => ry.year === sample.years[0]);
    expect(reads(r0!.current.traces!).some((r) => reads(r1!.current.traces!).includes(r))).toBe(true);
    const explained = (t: Map<string, TraceNode>) =>
      [...t.keys()].map((id) => [explain(t, id, { maxDepth: 3 }), [...chainReads(t, id, 3).inputs]]);
    const unfrozen = tracesOf(a).map((t) => JSON.stringify([explained(t), [...withTotals(t, model, 'en')]]));
    for (const t of tracesOf(a)) for (const n of t.values()) deepFreeze(n);
    // in ES modules (strict mode) a write to a frozen object throws
    expect(tracesOf(a).map((t) => JSON.stringify([explained(t), [...withTotals(t, model, 'en')]]))).toEqual(unfrozen);
    expect(text(a)).toBe(before);
  });

  it('say nothing of another region-year: each region accounted with the others traces as it does alone', () => {
    const together = account(data.regions);
    expect(data.regions.length).toBeGreaterThan(1);
    for (const region of data.regions) expect(text(together, region), region).toBe(text(account([region]), region));
  });
});
