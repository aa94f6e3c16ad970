/** The one overlay for dated parameters (engine/scenario/override-parameter.ts): a window from `from` to `until`. */
import { describe, expect, it } from 'vitest';
import { dec, str } from '../../engine/core/decimal.ts';
import { parseUnit } from '../../engine/core/units.ts';
import { evaluateRegionYear } from '../../engine/eval/evaluate.ts';
import { explain } from '../../engine/eval/explain.ts';
import type { Parameter } from '../../engine/params/parameter.ts';
import { entryInForce } from '../../engine/params/in-force.ts';
import { overrideWindow, scaleEntry } from '../../engine/scenario/override-parameter.ts';
import { DEFAULT_DATASET, loadDataset } from '../../datasets/load.ts';
import { runAccount } from '../../lib/run.ts';
import { loadScenario, runScenario } from '../../lib/scenario.ts';
import { compileModelData, readModelData } from '../../models/load.ts';

const entry = (from: number, value: string, until?: number) => ({
  from,
  ...(until !== undefined ? { until } : {}),
  scalar: { value: dec(value) },
  source: `own ${from}`,
});
const p: Parameter = {
  kind: 'factor',
  name: 'x',
  unit: parseUnit('1'),
  dims: [],
  entries: [entry(2010, '1'), entry(2015, '2'), entry(2020, '3')],
};
const shape = (r: ReturnType<typeof overrideWindow>) => r.entries?.map((e) => [e.from, e.until, str(e.scalar!.value), e.source]);
const byValue = () => [entry(0, '9')].map((e) => ({ ...e, source: 'override' }));

describe('overrideWindow', () => {
  it('from a year to the end: earlier entries kept, the window replaced, later entries gone', () => {
    expect(shape(overrideWindow(p, 2012, undefined, () => byValue().map((e) => ({ ...e, from: 2012 }))))).toEqual([
      [2010, undefined, '1', 'own 2010'],
      [2012, undefined, '9', 'override'],
    ]);
  });

  it('until a year: the entry in force after it comes back, re-dated to the year after', () => {
    expect(shape(overrideWindow(p, 2012, 2016, () => byValue().map((e) => ({ ...e, from: 2012 }))))).toEqual([
      [2010, undefined, '1', 'own 2010'],
      [2012, undefined, '9', 'override'],
      [2017, undefined, '2', 'own 2015'],
      [2020, undefined, '3', 'own 2020'],
    ]);
  });

  it('the window sees the entries in force in it, the first re-dated to from (what a scale multiplies)', () => {
    const seen: [number, string][] = [];
    overrideWindow(p, 2012, 2016, (w) => {
      for (const e of w) seen.push([e.from, str(e.scalar!.value)]);
      return w;
    });
    expect(seen).toEqual([
      [2012, '1'],
      [2015, '2'],
    ]);
  });

  it('when nothing of the parameter follows the window, the override ends at until', () => {
    const ended: Parameter = { ...p, entries: [entry(2010, '1', 2016)] };
    expect(shape(overrideWindow(ended, 2012, 2014, () => [{ ...entry(2012, '9'), source: 'override' }]))).toEqual([
      [2010, 2016, '1', 'own 2010'],
      [2012, undefined, '9', 'override'],
      [2015, 2016, '1', 'own 2010'],
    ]);
    expect(shape(overrideWindow(ended, 2012, 2020, () => [{ ...entry(2012, '9'), source: 'override' }]))).toEqual([
      [2010, 2016, '1', 'own 2010'],
      [2012, 2020, '9', 'override'],
    ]);
  });

  it('a scale over a window past the end of an entry keeps that end: the years after it stay ended', () => {
    const ended: Parameter = { ...p, entries: [entry(2010, '1', 2016), entry(2025, '5')] };
    const twice = (w: Parameter['entries']) => w.map((e) => scaleEntry(e, dec('2')));
    const r = overrideWindow(ended, 2012, 2020, twice);
    expect(shape(r)).toEqual([
      [2010, 2016, '1', 'own 2010'],
      [2012, 2016, '2', 'own 2010'],
      [2025, undefined, '5', 'own 2025'],
    ]);
    // 2018: nothing was in force to scale, so nothing is in force after the scale either
    expect(entryInForce({ ...ended, entries: r.entries! }, 2018).issue?.code).toBe('parameter_ended');
  });

  it('from a year before the first entry: the window starts with the first entry, and the years after it take the first entry again', () => {
    expect(shape(overrideWindow(p, 2005, 2007, (w) => w.map((e) => ({ ...e, source: `${e.source} (window)` }))))).toEqual([
      [2005, undefined, '1', 'own 2010 (window)'],
      [2008, undefined, '1', 'own 2010'],
      [2010, undefined, '1', 'own 2010'],
      [2015, undefined, '2', 'own 2015'],
      [2020, undefined, '3', 'own 2020'],
    ]);
  });
});

describe('a GEP coefficient override with until', () => {
  it('changes the years from–until only; the model’s own entry is back after until', () => {
    const baseline = runAccount({ trace: false });
    const s = loadScenario({
      id: 'until',
      label: 'until',
      base: { model: 'cn-gep-2022@1.0.0', dataset: 'tianfu-sample' },
      overrides: { coefficients: [{ coefficient: 'carbon_price', from: 2021, until: 2021, scale: '2', source: 'test: one year' }] },
    });
    const run = runScenario(s, { trace: false });
    const money = (r: typeof run, y: number) =>
      str(r.account.regionYears.find((x) => x.year === y)!.services.find((x) => x.id === 'carbon_sequestration')!.money);
    expect(money(run, 2020)).toBe(money(baseline, 2020));
    expect(money(run, 2021)).not.toBe(money(baseline, 2021));
    expect(money(run, 2022)).toBe(money(baseline, 2022));
  });
});

describe('until and status of a GEP coefficient in a model file', () => {
  const withEntry = (extra: object) => {
    const m = structuredClone(readModelData(new URL('../../models/cn-gep-2022', import.meta.url).pathname).data) as Record<string, any>;
    Object.assign(m.coefficients.carbon_price.entries[0], extra);
    return compileModelData(m);
  };

  it('are in the trace and in explain; after until the value is an issue naming the coefficient, not a number', () => {
    const model = withEntry({ until: 2025, status: 'secondary' });
    const dataset = loadDataset(DEFAULT_DATASET, model);
    const r = evaluateRegionYear(model, dataset, 'tianfu', 2022, { trace: true });
    const traces = r.traces!;
    const read = traces.get('carbon_sequestration.money')!.reads.find((x) => x.name === 'carbon_price')!;
    expect(read).toMatchObject({ validUntil: 2025, status: 'secondary' });
    expect(explain(traces, 'carbon_sequestration.money').join('\n')).toMatch(
      /coefficient carbon_price = .*\(entry from \d+ until 2025; .*status: secondary\)/,
    );
    const ended = evaluateRegionYear(withEntry({ until: 2021 }), dataset, 'tianfu', 2022);
    expect(ended.issues.map((i) => i.code)).toContain('parameter_ended');
    expect(ended.issues.find((i) => i.code === 'parameter_ended')!.message).toMatch(/coefficient "carbon_price" ended in 2021/);
    expect(ended.values.has('carbon_sequestration.money')).toBe(false);
  });
});
