import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import YAML from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_DATASET } from '../../datasets/load.ts';
import { Dec, dec } from '../../engine/core/decimal.ts';
import { IssuesError } from '../../engine/core/errors.ts';
import type { IndexRun } from '../../lib/index-run.ts';
import { MODELS_DIR } from '../../models/versioned.ts';
import { renderReport } from '../../reports/render.ts';
import { compute, plan, RUN_KINDS } from '../../runs/registry.ts';
import { runsReport } from '../../runs/report.ts';
import { fileSources } from '../../runs/sources.ts';
import { copySample, editLine, setCell } from '../fixtures/sample-copy.ts';
import { gep } from '../helpers/gep-cli.ts';

const sources = fileSources();
const tmp: string[] = [];
afterAll(() => {
  for (const d of tmp) rmSync(d, { recursive: true, force: true });
});
const sample = () => {
  const dir = copySample('gep-index-');
  tmp.push(dirname(dir));
  return dir;
};
const SYSTEM_FILE = join(MODELS_DIR, 'indicator-systems', 'park-city-efficiency.yaml');
const systemDoc = () => YAML.parse(readFileSync(SYSTEM_FILE, 'utf8')) as Record<string, any>;
/** A copy of the park-city system, edited, as a user's file (hashed, not locked). */
function systemFile(edit: (doc: Record<string, any>) => void): string {
  const dir = dirname(sample());
  const doc = systemDoc();
  edit(doc);
  const file = join(dir, 'system.yaml');
  writeFileSync(file, YAML.stringify(doc));
  return file;
}
const indicatorsCsv = () => parse(readFileSync(join(DEFAULT_DATASET, 'indicators.csv')), { columns: true }) as Record<string, string>[];

let run: IndexRun;
let planned: Awaited<ReturnType<typeof plan<'index'>>>;
beforeAll(async () => {
  planned = await plan('index', { years: [2021, 2022] }, sources);
  run = await compute(planned);
}, 240_000);

describe('the park-city ecological-efficiency index on the sample, 2021 and 2022', () => {
  it('scores both years, with rank and change', () => {
    expect(run.index.scores.map((s) => [s.region, s.year, s.rank])).toEqual([
      ['tianfu', 2021, 1],
      ['tianfu', 2022, 1],
    ]);
    const [a, b] = run.index.scores;
    expect(a!.change).toBeUndefined();
    expect(b!.change!.eq(b!.composite.minus(a!.composite))).toBe(true);
  });

  it('every indicator value traces to its raw value: the indicators.csv row (file, line, source) or the run row', () => {
    const rows = indicatorsCsv();
    for (const s of run.index.scores)
      for (const i of s.indicators) {
        const ref = run.system.dimensions.flatMap((d) => d.indicators).find((x) => x.id === i.id)!.value;
        if ('table' in ref) {
          const n = rows.findIndex((r) => r.region === s.region && Number(r.year) === s.year && r.indicator === i.id);
          expect(n, `${i.id} ${s.year}`).toBeGreaterThanOrEqual(0);
          expect(i.raw.eq(rows[n]!.value!), `${i.id} ${s.year}`).toBe(true);
          expect(i.from).toBe(`indicators.csv line ${n + 2} (${rows[n]!.source})`);
        } else expect(i.from).toMatch(new RegExp(`^${ref.run} run, ${ref.indicator.replace('.', '\\.')}`));
      }
  });

  it('hand calculation of 2022: forest cover, green space per built-up land, GEP per km², and the sums up to the composite', () => {
    const s = run.index.scores.find((x) => x.year === 2022)!;
    const ind = (id: string) => s.indicators.find((i) => i.id === id)!;
    // forest cover 22.6 % (indicators.csv): (22.6 − 15) / (40 − 15) = 0.304; red (below the amber 30 %)
    expect(ind('forest_cover').normalised.toString()).toBe('0.304');
    expect(ind('forest_cover').light).toBe('red');
    // urban green 9,050 ha / built-up 51,500 ha (extent.csv, 2022) = 17.5728… % → above the 15 % target: 1, green
    expect(ind('green_to_built').raw.toFixed(6)).toBe(dec('9050').div('51500').mul(100).toFixed(6));
    expect(ind('green_to_built').normalised.toString()).toBe('1');
    // GEP per km²: the dual row dual.gep_per_km2 of 2022 (13,483,933.457… CNY/km²), read in 10^4 CNY/km²
    expect(ind('gep_per_km2').raw.mul(10000).toFixed(6)).toBe('13483933.457265');
    // carbon intensity (lower is better): (x − 1.0) / (0.35 − 1.0)
    const ci = ind('carbon_intensity');
    expect(ci.normalised.eq(ci.raw.minus(1).div(dec('0.35').minus(1)))).toBe(true);
    // dimension score = 100 · Σ weight_in_dimension · normalised; composite = Σ dimension weight · score
    for (const d of s.dimensions) {
      const sum = s.indicators
        .filter((i) => i.dimension === d.id)
        .reduce((a, i) => a.plus(i.weightInDimension.mul(i.normalised)), new Dec(0));
      expect(d.score.eq(sum.mul(100)), d.id).toBe(true);
    }
    const composite = s.dimensions.reduce((a, d) => a.plus(d.weight.mul(d.score)), new Dec(0));
    expect(s.composite.eq(composite)).toBe(true);
    // and the contributions add up to the composite
    expect(
      s.indicators
        .reduce((a, i) => a.plus(i.contribution!), new Dec(0))
        .minus(s.composite)
        .abs()
        .lt('1e-28'),
    ).toBe(true);
    // AHP dimension weights of [1 2 2; 1/2 1 1; 1/2 1 1] (a consistent matrix): 0.5, 0.25, 0.25, CR 0
    expect(s.dimensions.map((d) => d.weight.toFixed(12))).toEqual(['0.500000000000', '0.250000000000', '0.250000000000']);
    expect(run.index.weights.ahp!.dimensions.cr.abs().lt('1e-20')).toBe(true);
    for (const r of Object.values(run.index.weights.ahp!.indicators)) expect(r.cr.lt('0.1')).toBe(true);
    // coupling coordination of the three dimension scores
    expect(s.coupling!.coordination.gt(0)).toBe(true);
  });

  it('the long rows and traces carry every step: raw (with its source), normalised (formula, light), contribution', () => {
    const rows = RUN_KINDS.index.rows(run);
    const at = (indicator: string, key: string) => rows.find((r) => r.indicator === indicator && r.year === '2022' && r.key === key)!;
    expect(at('index.raw', 'indicator=forest_cover')).toMatchObject({
      physical_value: '22.6',
      physical_unit: '%',
      category: 'ecological_security',
    });
    expect(at('index.raw', 'indicator=forest_cover').method).toMatch(/^indicators\.csv line 4 \(illustrative/);
    expect(at('index.normalised', 'indicator=forest_cover').method).toBe(
      '(x − floor) / (target − floor) = (22.6 − 15) / (40 − 15) = 0.304; light=red',
    );
    const traces = RUN_KINDS.index.traces(run);
    const t = traces.find((x) => x.year === 2022 && x.indicator === 'index.forest_cover')!.node as Record<string, string>;
    expect(t).toMatchObject({ raw: '22.6', normalised: '0.304', light: 'red' });
    const composite = traces.find((x) => x.year === 2022 && x.indicator === 'index.composite')!.node as { reads: string[] };
    expect(composite.reads).toEqual([
      'index.dimension.ecological_security',
      'index.dimension.green_development',
      'index.dimension.liveability',
    ]);
  });

  it('the same run twice gives the same id and byte-identical files', async () => {
    const again = await compute(await plan('index', { years: [2021, 2022] }, sources));
    expect(again.meta.id).toBe(run.meta.id);
    expect(RUN_KINDS.index.files(again)).toEqual(RUN_KINDS.index.files(run));
  }, 240_000);

  it('the report shows the index section with lights and a chart, in zh and en, and an XLSX sheet', async () => {
    const doc = runsReport([{ kind: 'index', result: run }]);
    const zh = (await renderReport('html', doc, 'zh')) as string;
    expect(zh).toContain('<section id="index">');
    expect(zh).toContain('公园城市生态效能指数');
    expect(zh).toContain('生态安全');
    expect(zh).toContain('<svg');
    const en = (await renderReport('html', doc, 'en')) as string;
    expect(en).toContain('Ecological security');
    expect(en).toContain('Illustrative data');
    const csv = (await renderReport('csv', doc, 'en')) as string;
    expect(csv).toContain('index.composite');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await renderReport('xlsx', doc, 'zh')) as never);
    const sheet = wb.getWorksheet('生态效能指数')!;
    expect(sheet).toBeDefined();
    expect(sheet.getRow(1).getCell(1).value).toBe('指标');
  }, 120_000);
});

/** A system that reads indicators.csv alone (no runs): fast, for the other methods on the sample's three years. */
function tableOnly(edit: (doc: Record<string, any>) => void = () => {}): string {
  return systemFile((doc) => {
    for (const d of doc.dimensions) d.indicators = d.indicators.filter((i: any) => 'table' in i.value);
    doc.weighting = { method: 'entropy' };
    edit(doc);
  });
}

describe('the other methods, on the sample (indicators.csv only)', () => {
  it('entropy weights over the three years, min–max over years, weighted sum', async () => {
    const r = await compute(
      await plan('index', { system: tableOnly((d) => (d.normalisation = { method: 'minmax', over: 'years' })) }, sources),
    );
    const w = r.index.weights;
    expect(w.method).toBe('entropy');
    expect(w.indicators.reduce((a, i) => a.plus(i.weight), new Dec(0)).toFixed(20)).toBe('1.00000000000000000000');
    // every indicator rises each year: min–max over years gives 0, ·, 1 and the composite rises
    const scores = r.index.scores;
    for (const i of scores[2]!.indicators) expect(i.normalised.toString(), i.id).toBe('1');
    for (const i of scores[0]!.indicators) expect(i.normalised.toString(), i.id).toBe('0');
    expect(scores[2]!.composite.toFixed(10)).toBe('100.0000000000');
  });

  it('TOPSIS over the three years ranks 2022 nearest the ideal (closeness 1: best in every indicator)', async () => {
    const r = await compute(
      await plan(
        'index',
        {
          system: tableOnly((d) => {
            d.weighting = { method: 'given' };
            d.aggregation = { method: 'topsis' };
            setWeights(d);
          }),
        },
        sources,
      ),
    );
    const [y20, y21, y22] = r.index.scores;
    expect(y22!.composite.toFixed(10)).toBe('100.0000000000');
    expect(y20!.composite.toFixed(10)).toBe('0.0000000000');
    expect(y21!.composite.gt(0) && y21!.composite.lt(100)).toBe(true);
  });
});

function setWeights(doc: Record<string, any>): void {
  for (const d of doc.dimensions) {
    d.weight = '1';
    for (const i of d.indicators) i.weight = '1';
  }
}

describe('refusals, each naming what is wrong', () => {
  it('AHP judgements with CR ≥ 0.1 are refused with the CR, λmax and the matrix', async () => {
    const file = systemFile((d) => {
      d.weighting.dimensions = [
        ['1', '5', '1/5'],
        ['1/5', '1', '5'],
        ['5', '1/5', '1'],
      ];
    });
    const e = await plan('index', { system: file, years: [2022] }, sources).catch((x: unknown) => x);
    // the shape of the matrix is checked when the system loads, its consistency when the weights are computed
    const err = e instanceof IssuesError ? e : await compute(e as never).catch((x: unknown) => x);
    expect(err).toBeInstanceOf(IssuesError);
    expect((err as IssuesError).issues[0]).toMatchObject({ code: 'ahp_inconsistent', path: 'weighting.dimensions' });
    expect((err as IssuesError).issues[0]!.message).toMatch(/CR = [0-9.]+ .*Saaty's rule is CR < 0\.1/);
  }, 240_000);

  it('a malformed system: not reciprocal, thresholds out of order, given weights missing — all at once', async () => {
    const file = systemFile((d) => {
      d.weighting = { method: 'given' };
      d.dimensions[0].indicators[0].amber = '50';
      d.dimensions[0].weight = '1';
    });
    const e = (await plan('index', { system: file }, sources).catch((x: unknown) => x)) as IssuesError;
    expect(e).toBeInstanceOf(IssuesError);
    const codes = e.issues.map((i) => i.code);
    expect(codes).toContain('scorecard_order');
    expect(codes).toContain('weight_missing');
    const ahp = systemFile((d) => (d.weighting.dimensions[0][1] = '3'));
    const e2 = (await plan('index', { system: ahp }, sources).catch((x: unknown) => x)) as IssuesError;
    expect(e2.issues).toMatchObject([{ code: 'ahp_matrix', path: 'weighting.dimensions' }]);
    expect(e2.issues[0]!.message).toMatch(/not reciprocal/);
  });

  it('a value missing from indicators.csv, and a unit that does not convert, name the indicator, region and year', async () => {
    const dir = sample();
    editLine(dir, 'indicators.csv', 28, 'tianfu,2022,satisfaction', (l) => setCell(l, 2, 'satisfaction_x'));
    editLine(dir, 'indicators.csv', 16, 'tianfu,2022,park_green_per_capita', (l) => setCell(l, 4, 'ha'));
    const e = (await compute(await plan('index', { dataset: dir, system: tableOnly() }, sources)).catch((x: unknown) => x)) as IssuesError;
    expect(e).toBeInstanceOf(IssuesError);
    expect(e.issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          code: 'indicator_value_missing',
          message: expect.stringMatching(/indicators\.csv for tianfu 2022, indicator satisfaction/),
        }),
        expect.objectContaining({
          code: 'unit_mismatch',
          message: expect.stringMatching(/park_green_per_capita is in m2\/person; its value for tianfu 2022 is in ha/),
        }),
      ]),
    );
  }, 120_000);

  it('a bad indicators.csv row is refused when the dataset loads (validate lists it)', async () => {
    const dir = sample();
    editLine(dir, 'indicators.csv', 2, 'tianfu,2020,forest_cover', (l) => setCell(setCell(l, 3, 'lots'), 5, ''));
    const r = await gep('validate', dir);
    expect(r.status).toBe(2);
    expect(r.stderr + r.stdout).toMatch(/indicators\.csv, line 2, column "value": "lots" is not a number/);
    expect(r.stderr + r.stdout).toMatch(/source_missing/);
  }, 120_000);
});

describe('gep index (CLI)', () => {
  it('prints the table and, with --explain, every score down to its raw value', async () => {
    const out = dirname(sample());
    const r = await gep('index', '--system', tableOnly(), '--explain', '-o', out);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('[ILLUSTRATIVE DATA]');
    expect(r.stdout).toMatch(/forest_cover \(森林覆盖率\) raw 22\.6 % \[indicators\.csv line 4/);
    expect(r.stdout).toContain('written to');
  }, 120_000);
});
