import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gep, type Ran } from './helpers/gep-cli.ts';
import { copySample, editLine, setCell } from './fixtures/sample-copy.ts';

/** `gep carbon` end to end, called in-process through main(); two runs shared between assertions. */
const tmp: string[] = [];
afterAll(() => {
  for (const d of tmp) rmSync(d, { recursive: true, force: true });
});

describe('gep carbon', () => {
  let out: string, ok: Ran, bad: Ran, badOut: string;
  beforeAll(async () => {
    out = mkdtempSync(join(tmpdir(), 'gep-carbon-'));
    badOut = mkdtempSync(join(tmpdir(), 'gep-carbon-bad-'));
    tmp.push(out, badOut);
    ok = await gep('carbon', 'all', '--out', out);
    const dir = copySample('gep-carbon-ds-');
    tmp.push(resolve(dir, '..'));
    editLine(dir, 'carbon-activity.csv', 2, 'tianfu,2015,fuel,raw_coal', (t) => setCell(t, 5, '-1'));
    editLine(dir, 'carbon-activity.csv', 3, 'tianfu,2015,fuel,raw_coal', (t) => setCell(t, 3, 'peat'));
    editLine(dir, 'carbon-activity.csv', 4, 'tianfu,2015,fuel,raw_coal', (t) => setCell(t, 6, 'kWh'));
    editLine(dir, 'carbon-activity.csv', 5, 'tianfu,2015,fuel,raw_coal', (t) => setCell(t, 4, 'quarrying'));
    bad = await gep('carbon', 'inventory', '--dataset', dir, '--out', badOut);
  });

  it('all: prints every part and writes carbon.json, results.csv, summary.md and trace.json', () => {
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('[ILLUSTRATIVE DATA]');
    expect(ok.stdout).toMatch(/factor set cn-carbon-factors@1\.2\.0/);
    expect(ok.stdout).toMatch(/tianfu\s+2022\s+[\d,.]+\s+[\d,.]+/);
    expect(ok.stdout).toMatch(/dual\.energy_intensity\s+2021 .* (green|yellow|red)/);
    expect(ok.stdout).toMatch(/zero-carbon\s+\d{4}/);
    expect(ok.stdout).toMatch(/= Δ energy CO2/);
    expect(ok.stdout).toMatch(/xinglong-park\s+park\s+2022/);
    const id = /run ([0-9a-f]{16})/.exec(ok.stdout)![1]!;
    expect(readdirSync(out)).toEqual([id]);
    expect(readdirSync(join(out, id)).sort()).toEqual(['carbon.json', 'results.csv', 'summary.md', 'trace.json']);
    const json = JSON.parse(readFileSync(join(out, id, 'carbon.json'), 'utf8'));
    expect(json.run.id).toBe(id);
    // the gross of 2022 in carbon.json equals the row in results.csv, digit for digit
    const rows = parse(readFileSync(join(out, id, 'results.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    const gross = rows.find((r) => r.indicator === 'carbon.gross' && r.year === '2022' && r.key === '')!;
    expect(json.inventory.find((e: any) => e.year === 2022).gross).toBe(gross.physical_value);
    expect(readFileSync(join(out, id, 'summary.md'), 'utf8')).toMatch(/^# Carbon accounts/);
  });

  it('bad activity data: exit 2, every problem with file, line and column, and no run folder', () => {
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/4 problems in the dataset/);
    expect(bad.stderr).toMatch(/carbon-activity\.csv, line 2, column "amount": -1 is negative/);
    expect(bad.stderr).toMatch(/line 3, column "item": "peat" is not a fuel item/);
    expect(bad.stderr).toMatch(/line 4, column "unit": "kWh" cannot be converted to t/);
    expect(bad.stderr).toMatch(/line 5, column "sector": sector "quarrying" is not in cn-carbon-factors@1\.2\.0/);
    expect(readdirSync(badOut)).toEqual([]);
  });
});
