import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { Decimal as DecimalJs } from 'decimal.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gep, type Ran } from './helpers/gep-cli.ts';
import { copySample, damageMany, MANY_PROBLEMS } from './fixtures/sample-copy.ts';

/** The gep CLI end to end, called in-process through main() (test/cli-smoke.test.ts launches it as a process). */
const tmp: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'gep-cli-'));
  tmp.push(d);
  return d;
}
afterAll(() => {
  for (const d of tmp) rmSync(d, { recursive: true, force: true });
});

// decimal.js rounds to 20 significant digits by default: sums here must be exact.
const Decimal = DecimalJs.clone({ precision: 1000 });

const RUN_FILES = ['result.json', 'results.csv', 'summary.md', 'trace.json'];

describe('gep account', () => {
  let out1: string, out2: string, run1: Ran, run2: Ran, runId: string;
  beforeAll(async () => {
    out1 = tempDir();
    out2 = tempDir();
    run1 = await gep('account', '--out', out1);
    run2 = await gep('account', '--out', out2);
    runId = /run ([0-9a-f]{16})/.exec(run1.stdout)?.[1] ?? '';
  });

  it('exits 0, prints the GEP table and writes the four files into <out>/<runId>', () => {
    expect(run1.status, run1.stderr).toBe(0);
    expect(run1.stdout).toContain('model cn-gep-2022@1.0.0');
    expect(run1.stdout).toMatch(/region\s+year\s+GEP current\s+GEP at 2020 prices/);
    expect(run1.stdout).toMatch(/tianfu\s+2020\s+[\d.]+/);
    expect(run1.stdout).toMatch(/tianfu\s+2022\s+[\d.]+/);
    expect(runId).toMatch(/^[0-9a-f]{16}$/);
    expect(readdirSync(out1)).toEqual([runId]);
    expect(readdirSync(join(out1, runId)).sort()).toEqual(RUN_FILES);
  });

  it('result.json parses, names the model, and its 2020 GEP equals the sum of the service rows of results.csv', () => {
    const dir = join(out1, runId);
    const result = JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8'));
    expect(result.run.model).toBe('cn-gep-2022@1.0.0');
    expect(result.run.id).toBe(runId);
    const acc = result.accounts.find((a: any) => a.region === 'tianfu' && a.year === 2020);
    const gep = new Decimal(acc.gep.current);
    expect(gep.gt(0)).toBe(true);

    const rows = parse(readFileSync(join(dir, 'results.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    const services = rows.filter((r) => r.level === 'service' && r.region === 'tianfu' && r.year === '2020' && r.price_basis === 'current');
    expect(services).toHaveLength(result.model.services.length);
    const sum = services.reduce((s, r) => s.plus(new Decimal(r.money_value!)), new Decimal(0));
    expect(sum.toString()).toBe(gep.toString());
    expect(sum.eq(gep)).toBe(true);
    // and the total row of results.csv says the same
    const total = rows.find((r) => r.level === 'total' && r.year === '2020' && r.price_basis === 'current')!;
    expect(new Decimal(total.money_value!).eq(gep)).toBe(true);
  });

  it('running it twice gives byte-identical files', () => {
    expect(run2.status, run2.stderr).toBe(0);
    expect(readdirSync(out2)).toEqual([runId]);
    for (const f of RUN_FILES) {
      const a = readFileSync(join(out1, runId, f)),
        b = readFileSync(join(out2, runId, f));
      expect(a.length, f).toBeGreaterThan(0);
      expect(a.equals(b), f).toBe(true);
    }
  });
});

describe('gep explain', () => {
  it('prints the formula, the coefficient reservoir_cost and its source', async () => {
    const r = await gep('explain', 'water_conservation', '--region', 'tianfu', '--year', '2022');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('cn-gep-2022@1.0.0 · tianfu · 2022 · current prices');
    expect(r.stdout).toContain('water_conservation.money');
    expect(r.stdout).toContain('= physical * reservoir_cost');
    expect(r.stdout).toContain('water_conservation.physical');
    expect(r.stdout).toContain('reservoir_cost');
    expect(r.stdout).toContain('Garzê');
    expect(r.stdout).toContain('input precipitation = 812.6 mm');
  });
});

describe('gep validate', () => {
  it('exits 2 on a damaged dataset and prints every problem with file, row and column', async () => {
    const ds = copySample('gep-cli-');
    tmp.push(dirname(ds));
    damageMany(ds);
    const r = await gep('validate', ds);
    expect(r.status).toBe(2);
    expect(r.stdout).not.toContain('OK:');
    expect(r.stderr).toContain(`${MANY_PROBLEMS.length} problems in the dataset`);
    const lines = r.stderr.split('\n').filter((l) => l.startsWith('  - '));
    expect(lines).toHaveLength(MANY_PROBLEMS.length);
    for (const p of MANY_PROBLEMS) {
      expect(
        lines.some((l) => l.includes(`${p.file}, line ${p.row}, column "${p.column}"`) && l.endsWith(`[${p.code}]`)),
        `${p.file} ${p.row} ${p.code}`,
      ).toBe(true);
    }
  });
});

describe('gep template', () => {
  let dir: string, made: Ran;
  beforeAll(async () => {
    dir = join(tempDir(), 'new');
    made = await gep('template', dir, '--years', '2021,2022', '--region', 'chengdu');
  });

  it("writes a manifest and blank CSVs with the model's variables and units", () => {
    expect(made.status, made.stderr).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['INPUTS.md', 'dataset.yaml', 'extent.csv', 'observations.csv', 'price-index.csv']);
    const obs = parse(readFileSync(join(dir, 'observations.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    const precip = obs.filter((r) => r.variable === 'precipitation');
    expect(precip.map((r) => [r.region, r.year, r.key, r.unit, r.value])).toEqual([
      ['chengdu', '2021', '', 'mm', ''],
      ['chengdu', '2022', '', 'mm', ''],
    ]);
    expect(obs.every((r) => r.value === '')).toBe(true);
    expect(readFileSync(join(dir, 'dataset.yaml'), 'utf8')).toMatch(/years:\s*\n\s*- 2021\n\s*- 2022/);
  });

  it('validate on the blank template exits 2 and lists every blank value as not_a_number, in one run', async () => {
    const r = await gep('validate', dir);
    expect(r.status).toBe(2);
    const blank = (file: string, column: string) =>
      (
        parse(readFileSync(join(dir, file), 'utf8'), { columns: true, info: true }) as {
          record: Record<string, string>;
          info: { lines: number };
        }[]
      )
        .filter((x) => x.record[column] === '')
        .map((x) => `${file}, line ${x.info.lines}, column "${column}"`);
    const expected = [...blank('extent.csv', 'area_ha'), ...blank('observations.csv', 'value'), ...blank('price-index.csv', 'index')];
    expect(expected.length).toBeGreaterThan(100);
    const nan = r.stderr.split('\n').filter((l) => l.endsWith('[not_a_number]'));
    expect(nan).toHaveLength(expected.length);
    for (const where of expected)
      expect(
        nan.some((l) => l.includes(where)),
        where,
      ).toBe(true);
  });
});
