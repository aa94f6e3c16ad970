import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ENGINE_VERSION } from '../engine/version.ts';
import { runAccount } from '../lib/run.ts';
import { resultJson, traceJson } from '../reports/result-json.ts';
import { resultsCsv } from '../reports/results-csv.ts';
import { summaryMarkdown } from '../reports/summary.ts';

const render = () => {
  const run = runAccount();
  return { id: run.meta.id, json: resultJson(run), csv: resultsCsv(run), md: summaryMarkdown(run), trace: traceJson(run) };
};

describe('reproducible runs', () => {
  it('the same inputs give byte-identical result files and the same run id', () => {
    const a = render(),
      b = render();
    expect(b.id).toBe(a.id);
    expect(b.json).toBe(a.json);
    expect(b.csv).toBe(a.csv);
    expect(b.md).toBe(a.md);
    expect(b.trace).toBe(a.trace);
  });

  it('property: for any choice of years and base year, two runs give the same bytes', () => {
    const choice = fc
      .subarray([2020, 2021, 2022], { minLength: 1 })
      .chain((years) => fc.record({ years: fc.constant(years), base: fc.constantFrom(...years) }));
    fc.assert(
      fc.property(choice, ({ years, base }) => {
        const once = () => {
          const r = runAccount({ years, baseYear: base });
          return resultJson(r) + resultsCsv(r);
        };
        expect(once()).toBe(once());
      }),
      { numRuns: 8 },
    );
  });

  it('records engine version, model id@version, model hash and dataset hash', () => {
    const run = runAccount({ years: [2020] });
    expect(run.meta).toMatchObject({
      engine_version: ENGINE_VERSION,
      model: 'cn-gep-2022@1.0.0',
      dataset: { id: 'tianfu-sample', illustrative: true },
    });
    expect(run.meta.model_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(run.meta.dataset.hash).toMatch(/^[0-9a-f]{64}$/);
    // A different selection is a different run.
    expect(run.meta.id).not.toBe(runAccount().meta.id);
  });

  it('serialises every number as an exact decimal string, never a float or exponent', () => {
    const json = JSON.parse(render().json);
    const gep = json.accounts[0].gep.current;
    expect(typeof gep).toBe('string');
    expect(gep).toMatch(/^-?\d+(\.\d+)?$/);
  });

  it('ENGINE_VERSION follows package.json', () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    expect(ENGINE_VERSION).toBe(pkg.version);
  });
});
