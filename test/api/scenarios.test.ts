import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import YAML from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableCounts } from '../../api/store/migrations.ts';
import { compareRuns } from '../../lib/compare.ts';
import { dualRows, runDual } from '../../lib/dual.ts';
import { carbonRows } from '../../lib/carbon-rows.ts';
import { runCarbon } from '../../lib/carbon-run.ts';
import { runUncertainty, uncertaintyRows } from '../../lib/uncertainty.ts';
import { runAccount } from '../../lib/run.ts';
import { loadScenario, runScenario } from '../../lib/scenario.ts';
import { sampleUpload, testApi, type TestApi } from '../helpers/api.ts';

let t: TestApi;
beforeAll(async () => {
  t = await testApi();
});
afterAll(async () => {
  await t.close();
});
const post = (url: string, payload: unknown, headers: Record<string, string> = t.auth) =>
  t.app.inject({ method: 'POST', url, payload: payload as object, headers });
const get = (url: string) => t.app.inject({ method: 'GET', url });
const greenway = YAML.parse(readFileSync('scenarios/greenway.yaml', 'utf8'));

async function refused(send: () => Promise<{ statusCode: number; headers: Record<string, unknown>; json(): any }>, status: number) {
  const before = await tableCounts(t.store.db);
  const res = await send();
  expect(res.statusCode).toBe(status);
  expect(res.headers['content-type']).toContain('application/problem+json');
  expect(await tableCounts(t.store.db)).toEqual(before);
  return res.json();
}

const years = [2020, 2022];
const baselineDirect = runAccount({ years });
const greenwayDirect = runScenario(loadScenario('scenarios/greenway.yaml'), { years });

describe('scenarios and comparison', () => {
  let base: string, green: string;
  it('POST /scenarios stores a scenario checked against its model and dataset', async () => {
    const res = await post('/scenarios', greenway);
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ name: 'greenway', scenario: { id: 'greenway', base: { model: 'cn-gep-2022@1.0.0' } } });
    expect((await post('/scenarios', greenway)).statusCode).toBe(200);
    expect((await get('/scenarios/greenway')).json().hash).toBe(res.json().hash);
  });

  it('refuses bad scenarios naming the field, and stores nothing', async () => {
    const noSource = structuredClone(greenway);
    delete noSource.overrides.inputs[0].source;
    expect((await refused(() => post('/scenarios', { ...noSource, id: 'x1' }), 422)).errors[0]).toMatchObject({
      path: 'overrides.inputs.0.source',
    });
    const unknownCoef = {
      ...structuredClone(greenway),
      id: 'x2',
      overrides: { coefficients: [{ coefficient: 'no_such_coefficient', from: 2021, scale: '2', source: 'test' }] },
    };
    const bad = await refused(() => post('/scenarios', unknownCoef), 422);
    expect(JSON.stringify(bad.errors)).toContain('no_such_coefficient');
    const otherData = { ...structuredClone(greenway), id: 'x3', base: { model: 'cn-gep-2022@1.0.0', dataset: 'nowhere' } };
    expect((await refused(() => post('/scenarios', otherData), 422)).errors[0]).toMatchObject({ path: 'base.dataset' });
    await refused(() => post('/scenarios', { ...greenway, id: 'x4' }, {}), 401);
  });

  it("POST /runs runs a stored scenario; POST /compare gives exactly lib/compare.ts's Δ rows", async () => {
    const g = await post('/runs', { scenario: 'greenway', years });
    expect(g.statusCode).toBe(201);
    expect(g.json()).toMatchObject({
      scenario: 'greenway',
      scenario_hash: expect.stringMatching(/^[0-9a-f]{64}$/),
      meta: greenwayDirect.meta,
    });
    green = g.json().id;
    base = (await post('/runs', { years })).json().id;
    const gep = (await get(`/runs/${green}/results?indicator=gep&year=2022&basis=current`)).json().items[0];
    expect(gep.scenario).toBe('greenway');
    const cmp = await post('/compare', { runs: [base, green] });
    expect(cmp.statusCode).toBe(200);
    expect(cmp.json().items).toEqual(compareRuns([baselineDirect, greenwayDirect]));
    const dTotal = cmp.json().items.find((r: any) => r.level === 'delta_total' && r.year === '2022' && r.price_basis === 'current');
    expect(dTotal.money_value).toBe(
      greenwayDirect.account.regionYears[1]!.gep.current.minus(baselineDirect.account.regionYears[1]!.gep.current).toString(),
    );
    const csv = await post('/compare', { runs: [base, green], format: 'csv' });
    expect(csv.headers['content-type']).toContain('text/csv');
    expect((await refused(() => post('/compare', { runs: [base] }), 400)).errors[0].field).toBe('body.runs');
    expect((await refused(() => post('/compare', { runs: [base, 'nope'] }), 404)).errors[0].field).toBe('runs.1');
    expect((await refused(() => post('/runs', { scenario: 'nope' }), 404)).errors[0].field).toBe('scenario');
  });

  it("a scenario run's report carries the comparison with its baseline", async () => {
    const html = (await get(`/runs/${green}/report.html?lang=zh`)).body;
    expect(html).toContain('<section id="comparison">');
    expect(html).toContain('情景比较');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await get(`/runs/${green}/report.xlsx`)).rawPayload as never);
    const sheet = wb.getWorksheet('Scenario comparison')!;
    expect(sheet.rowCount).toBe(compareRuns([baselineDirect, greenwayDirect]).length + 1);
    // the scenarios sheet lists every override (greenway.yaml: two conversions and one input)
    const sc = wb.getWorksheet('Scenarios')!;
    expect(sc.rowCount).toBe(1 + 1 + 3);
    // scenario id (hidden), kind, target, region, from year (a number), change, source
    const rows = [2, 3, 4, 5].map((n) => [2, 3, 4, 5, 6, 7, 8].map((c) => sc.getRow(n).getCell(c).value));
    expect(rows).toContainEqual([
      'greenway',
      'Land-use conversion',
      'Bare land → Urban green space',
      null,
      2021,
      '250 ha',
      'illustrative greenway plan',
    ]);
    expect(rows).toContainEqual(['greenway', 'Input', 'visits[park_greenway]', null, 2021, '× 1.08', expect.stringContaining('8 %')]);
    expect(html).toContain('裸地 → 城市绿地'); // the conversion by the types' zh names (reports/names.ts), not their ids
    expect(html).not.toContain('bare_land → urban_green');
  });
});

describe('carbon runs', () => {
  it('kind "carbon" stores the GEP and the carbon rows, equal to lib/carbon-run.ts; the report has the carbon section and the finance sheet carbon by scope', async () => {
    const res = await post('/runs', { kind: 'carbon' });
    expect(res.statusCode).toBe(201);
    const id = res.json().id;
    const direct = runCarbon({});
    expect(res.json().meta.carbon).toEqual(direct.meta);
    const gross = (await get(`/runs/${id}/results?indicator=carbon.gross&level=inventory`)).json();
    expect(gross.items).toEqual(carbonRows(direct).filter((r) => r.indicator === 'carbon.gross' && r.level === 'inventory'));
    const trace = (await get(`/runs/${id}/trace?indicator=carbon.intensity_gdp&year=2022`)).json();
    expect(trace.node.formula).toBe('gross / GDP × 10⁴');
    // 2016 is a carbon year outside the GEP years: its inventory traces are there too
    expect((await get(`/runs/${id}/trace?indicator=carbon.per_capita&year=2016`)).json().node.formula).toBe('gross / population');
    expect((await get(`/runs/${id}/trace?indicator=carbon.per_capita&year=1999`)).statusCode).toBe(404);
    const html = (await get(`/runs/${id}/report.html?lang=zh`)).body;
    expect(html).toContain('<section id="carbon">');
    expect(html).toContain('碳达峰预测');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await get(`/runs/${id}/report.xlsx`)).rawPayload as never);
    const fin = wb.getWorksheet('Finance sheet')!;
    const last = direct.inventory.at(-1)!;
    const exact = (fin.getRow(1).values as unknown[]).indexOf('Value (exact)'); // the hidden exact text beside the number
    const cell = (label: string) =>
      fin
        .getRows(2, fin.rowCount - 1)!
        .find((r) => r.getCell(1).value === label)
        ?.getCell(exact).value;
    expect(cell('Emissions, scope 1')).toBe(last.inventory.scope1.toString());
    expect(cell('Sinks (inventory, kept apart)')).toBe(last.inventory.sinks.toString());
    expect(wb.getWorksheet('Carbon')!.rowCount).toBe(carbonRows(direct).length + 1);
  });
});

describe('uncertainty', () => {
  it("a run with uncertainty stores lib/uncertainty.ts's rows; the finance sheet gives GEP P5 / P50 / P95", async () => {
    const res = await post('/runs', { years: [2021, 2022], uncertainty: { draws: 20, seed: 7 } });
    expect(res.statusCode).toBe(201);
    const id = res.json().id;
    const direct = await runUncertainty({ region: 'tianfu', year: 2022, baseYear: 2020, draws: 20, seed: 7 });
    const stats = (await get(`/runs/${id}/results?level=uncertainty_total&limit=100`)).json().items;
    expect(stats).toEqual(uncertaintyRows(direct).filter((r) => r.level === 'uncertainty_total'));
    const s = direct.summaries[direct.measured.findIndex((m) => m.id === 'gep|current')]!;
    expect(s.p5.lte(s.p50) && s.p50.lte(s.p95)).toBe(true);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await get(`/runs/${id}/report.xlsx`)).rawPayload as never);
    const fin = wb.getWorksheet('Finance sheet')!;
    const row = fin.getRows(2, fin.rowCount - 1)!.find((r) => r.getCell(1).value === 'Low / central / high')!;
    expect(row.getCell((fin.getRow(1).values as unknown[]).indexOf('Value')).value).toBe(`${s.p5} / ${s.p50} / ${s.p95}`);
    expect(wb.getWorksheet('Uncertainty')!.rowCount).toBe(uncertaintyRows(direct).length + 1);
  });
});

describe('dual accounting runs', () => {
  it('kind "dual" stores the GEP and the dual rows, equal to lib/dual.ts; the report has the dual section', async () => {
    const res = await post('/runs', { kind: 'dual' });
    expect(res.statusCode).toBe(201);
    const id = res.json().id;
    const direct = runDual({ trace: true });
    expect(res.json().meta).toEqual(direct.meta);
    const ratio = (await get(`/runs/${id}/results?indicator=dual.gep_gdp_ratio&limit=10`)).json();
    expect(ratio.items).toEqual(dualRows(direct).filter((r) => r.indicator === 'dual.gep_gdp_ratio'));
    const html = (await get(`/runs/${id}/report.html`)).body;
    expect(html).toContain('<section id="dual">');
    expect(html).toContain('Dual-evaluation scorecard');
  });

  it('refuses a dual run on a dataset without economy data', async () => {
    const upload = sampleUpload({
      'dataset.yaml': (s) => s.replace('id: tianfu-sample', 'id: no-economy').replace(/^\s+economy: economy.csv\n/m, ''),
    });
    upload.files = upload.files.filter((f) => f.name !== 'economy.csv');
    expect((await post('/datasets', upload)).statusCode).toBe(201);
    expect((await refused(() => post('/runs', { kind: 'dual', dataset: 'no-economy' }), 422)).errors[0].field).toBe('dataset');
  });
});
