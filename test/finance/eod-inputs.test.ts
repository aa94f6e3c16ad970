import { describe, expect, it } from 'vitest';
import type { IssuesError } from '../../engine/core/errors.ts';
import { parseAssetSpec } from '../../lib/asset.ts';
import { parseProject, readFinanceFile } from '../../lib/eod-project.ts';
import { gep } from '../helpers/gep-cli.ts';

const issuesOf = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return (e as IssuesError).issues;
  }
  throw new Error('not refused');
};

const project = (over: Record<string, unknown>) => ({
  ...(readFinanceFile('tianfu-greenway-eod').raw as Record<string, unknown>),
  ...over,
});

describe('EOD and asset inputs: a rate is a share a year, a multiplier is not negative', () => {
  it('a project refuses a discount rate written as a percentage, a rate range reaching −100 % and a negative line multiplier, all at once', () => {
    const raw = project({
      discount_rate: { value: '6', range: { low: '-1', high: '0.08', distribution: 'uniform' }, source: 'test' },
    });
    const lines = (raw.lines as Record<string, unknown>[]).map((l, i) => (i === 0 ? { ...l, range: { low: '-0.2', high: '1.3' } } : l));
    const issues = issuesOf(() => parseProject({ raw: { ...raw, lines }, file: 'p.yaml' }));
    expect(issues).toMatchObject([
      { code: 'discount_rate_bounds', file: 'p.yaml', path: 'discount_rate.range' },
      { code: 'range_negative', file: 'p.yaml', path: 'lines.0.range' },
      { code: 'discount_rate_bounds', file: 'p.yaml', path: 'discount_rate.value' },
    ]);
    expect(issues.find((i) => i.path === 'discount_rate.value')!.message).toMatch(/0\.06/);
  });

  it('an asset spec refuses a discount rate written as a percentage (2.77 for 2.77 %)', () => {
    const raw = readFinanceFile('tianfu-asset').raw as Record<string, unknown>;
    const issues = issuesOf(() =>
      parseAssetSpec({ raw: { ...raw, discount_rate: { opening: '2.77', closing: '0.0277', source: 'test' } }, file: 'a.yaml' }),
    );
    expect(issues).toMatchObject([{ code: 'discount_rate_bounds', file: 'a.yaml', path: 'discount_rate.opening' }]);
  });

  it('gep eod names the project file in the problems found once the ΔGEP is known (a year outside the horizon, an unknown service), exit 2', async () => {
    const r = await gep('eod', 'test/fixtures/eod/outside-horizon.yaml', '--draws', '0');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/outside-horizon\.yaml.*lines\.0\.amounts\.2050/);
    expect(r.stderr).toMatch(/outside-horizon\.yaml.*lines\.1\.gep\.service/);
  }, 300_000);
});
