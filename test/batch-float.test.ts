/**
 * `gep batch --path float` (issue 13 item 4): a screening batch on the float64 path (lib/batch-float.ts). Its rows are
 * the exact batch's rows (same indicators, regions, years, keys, units, price bases, scores and ranks), each figure
 * within 1e-9 relative of the exact one; it is labelled screening in every row, its result.json and its summary; its
 * run id is not the exact batch's (and the exact batch's id is what it was); it gives the same bytes twice, on any
 * chunking or number of threads; a bad --path is refused by name.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { runBatch } from '../lib/batch.ts';
import { FLOAT_RELATIVE, floatText } from '../lib/float-text.ts';
import { RESULT_COLUMNS } from '../lib/rows.ts';
import type { ResultRow } from '../lib/rows.ts';
import { shutdownWorkers } from '../lib/workers/pool.ts';
import { plan, RUN_KINDS, run } from '../runs/registry.ts';
import { fileSources } from '../runs/sources.ts';
import { gep } from './helpers/gep-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'gep-batch-float-'));
afterAll(async () => {
  await shutdownWorkers();
  rmSync(dir, { recursive: true, force: true });
});
const synthetic = { regions: 7, years: [2019, 2020, 2021, 2022], seed: 11 };
const rowsOf = (csv: string) => parse(csv, { columns: true }) as ResultRow[];

/**
 * Every difference between an exact and a float batch's rows: a row that is not the same row (what it is: every
 * column but the figures, the method's screening label aside), a figure beyond 1e-9 relative. Ratios and rates are
 * kept to 12 decimal places on the exact path (engine/dual/account.ts), so half that quantum is allowed too.
 */
function disagreements(exact: ResultRow[], float: ResultRow[]): { lines: string[]; compared: number } {
  const lines: string[] = [];
  let compared = 0;
  if (exact.length !== float.length) lines.push(`${exact.length} exact rows, ${float.length} float rows`);
  exact.forEach((e, i) => {
    const f = float[i]!;
    const at = `row ${i + 2} ${e.indicator} ${e.region} ${e.year} ${e.key} ${e.price_basis}`;
    // every column but the figures (compared below) and the method (which says the path)
    for (const c of RESULT_COLUMNS.filter((c) => !['physical_value', 'money_value', 'method'].includes(c)))
      if ((e[c] ?? '') !== (f[c] ?? '')) lines.push(`${at}: ${c} ${e[c]} ≠ ${f[c]}`);
    if (f.method !== `${e.method}; float64 screening`) lines.push(`${at}: method ${f.method}`);
    for (const c of ['physical_value', 'money_value'] as const) {
      if ((e[c] === '') !== (f[c] === '')) lines.push(`${at}: ${c} exact "${e[c]}", float "${f[c]}"`);
      if (e[c] === '' || f[c] === '') continue;
      compared++;
      const [x, y] = [Number(e[c]), Number(f[c])];
      if (e.indicator === 'dual.rank' ? x !== y : !(Math.abs(x - y) <= FLOAT_RELATIVE * Math.abs(x) + 5e-13))
        lines.push(`${at}: ${c} exact ${e[c]}, float ${f[c]} (relative ${Math.abs(x - y) / Math.abs(x)})`);
    }
  });
  return { lines, compared };
}

describe('a float (screening) batch', () => {
  it('has the exact batch rows, every figure within 1e-9 relative: the sample', async () => {
    const [e, f] = [await runBatch({}), await runBatch({ path: 'float' })];
    const d = disagreements(rowsOf(e.csv!), rowsOf(f.csv!));
    expect(d.lines).toEqual([]);
    expect(d.compared).toBeGreaterThan(50);
    expect(f.path).toBe('float');
    for (const [y, t] of Object.entries(e.totals))
      expect(Math.abs(f.totals[y]!.gep.toNumber() / t.gep.toNumber() - 1)).toBeLessThan(FLOAT_RELATIVE);
  });

  it('has the exact batch rows, every figure within 1e-9 relative: a generated set, scores and ranks included', async () => {
    const [e, f] = [await runBatch({ synthetic }), await runBatch({ synthetic, path: 'float' })];
    const d = disagreements(rowsOf(e.csv!), rowsOf(f.csv!));
    expect(d.lines).toEqual([]);
    expect(d.compared).toBeGreaterThan(synthetic.regions * synthetic.years.length * 20);
    expect(f.scores.map((s) => s.region)).toEqual(e.scores.map((s) => s.region));
  });

  it('gives the same bytes twice, whatever the chunks and threads (they are how, not what)', async () => {
    const one = await runBatch({ synthetic, path: 'float', chunk: 7 });
    expect((await runBatch({ synthetic, path: 'float', chunk: 7 })).csv).toBe(one.csv);
    const file = join(dir, 'workers.csv');
    await runBatch({ synthetic, path: 'float', chunk: 2, workers: 2, csvFile: file });
    expect(readFileSync(file, 'utf8')).toBe(one.csv);
  }, 120_000);

  it('is another run than the exact batch: its id differs, the exact id is the one without a path', async () => {
    const sources = fileSources();
    const exact = await plan('batch', { synthetic }, sources);
    expect((await plan('batch', { synthetic, path: 'exact' }, sources)).id).toBe(exact.id);
    const float = await plan('batch', { synthetic, path: 'float' }, sources);
    expect(float.id).not.toBe(exact.id);
    expect(float.identity).toMatchObject({ path: 'float' });
    expect(exact.identity).not.toHaveProperty('path');
  });

  it('says it is screening, and how precise, in result.json, summary.md and every row', async () => {
    const b = await run('batch', { synthetic: { regions: 2, years: [2022] }, path: 'float' }, fileSources());
    const files = RUN_KINDS.batch.files(b) as Record<string, string>;
    const result = JSON.parse(files['result.json']!);
    expect(result.run).toMatchObject({ path: 'float', precision: { digits: 12, trusted_digits: 9, relative_to_exact: 1e-9 } });
    // totals printed to the figures' precision, not as the long exact sum of float values
    expect(result.totals['2022'].gep).toBe(floatText(b.totals['2022']!.gep.toNumber()));
    expect(files['summary.md']).toMatch(/^# Screening batch \(float64\)/);
    expect(files['summary.md']).toMatch(/first 9 are trustworthy/);
    expect(rowsOf(files['results.csv']!).every((r) => r.method.endsWith('; float64 screening'))).toBe(true);
    const exact = await run('batch', { synthetic: { regions: 2, years: [2022] } }, fileSources());
    expect(JSON.parse(String(RUN_KINDS.batch.files(exact)['result.json'])).run.path).toBe('exact');
  });

  it('gep batch --path float writes a screening run folder; a bad --path is refused by name', async () => {
    const out = join(dir, 'runs');
    const r = await gep('batch', '--regions', '3', '--years', '2021,2022', '--path', 'float', '-o', out);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Screening batch \(float64\) — 3 regions/);
    expect(r.stdout).toMatch(/12 significant digits; the first 9 are trustworthy/);
    const bad = await gep('batch', '--regions', '3', '--path', 'fast', '-o', out);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--path.*'fast' is invalid.*exact, float/);
    const refused = await plan('batch', { synthetic, path: 'fast' } as never, fileSources()).catch((e: { issues: unknown }) => e.issues);
    expect(refused).toMatchObject([{ code: 'option_invalid', path: 'path' }]);
  });
});

describe('floatText', () => {
  it('prints 12 significant digits in plain notation, without trailing zeros', () => {
    expect(floatText(18442435569.76666)).toBe('18442435569.8');
    expect(floatText(0.1 + 0.2)).toBe('0.3');
    expect(floatText(-0.009102824833123)).toBe('-0.00910282483312');
    expect(floatText(1.5e21)).toBe('1500000000000000000000');
    expect(floatText(-1.234567890126e22)).toBe('-12345678901300000000000');
    expect(floatText(4.5e-7)).toBe('0.00000045');
    expect(floatText(1234567890123.4)).toBe('1234567890120');
    expect(floatText(0)).toBe('0');
    expect(floatText(-0)).toBe('0');
    expect(floatText(-1e-30)).toBe('-0.000000000000000000000000000001');
    expect(() => floatText(Number.NaN)).toThrow(RangeError);
    // the exact serialiser's bound: a figure past 1e±100 is a mistake in the inputs, not a 300-digit string
    expect(() => floatText(1e300)).toThrow(/beyond 1e±100/);
  });
});
