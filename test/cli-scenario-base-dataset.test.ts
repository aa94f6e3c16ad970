import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { gep } from './helpers/gep-cli.ts';

/**
 * A scenario names its base dataset; `gep dual --scenario` and `gep uncertainty --scenario` account on it
 * (as `gep compare` does), and on another one only when --dataset names it. The --dataset default (the sample)
 * used to win over the scenario's base in `gep dual`, and `gep uncertainty` dropped a --dataset given.
 */
const tmp = mkdtempSync(join(tmpdir(), 'gep-review-base-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

// the sample with every observation tripled: same manifest id, other numbers
const ds = join(tmp, 'ds');
cpSync('datasets/tianfu-sample', ds, { recursive: true });
const obs = readFileSync(join(ds, 'observations.csv'), 'utf8').split('\n');
const vi = obs[0]!.split(',').indexOf('value');
writeFileSync(
  join(ds, 'observations.csv'),
  obs
    .map((l, n) => {
      const c = l.split(',');
      if (n === 0 || c.length <= vi || Number.isNaN(Number(c[vi]))) return l;
      c[vi] = String(Number(c[vi]) * 3);
      return c.join(',');
    })
    .join('\n'),
);
const scenario = join(tmp, 'on-copy.yaml');
writeFileSync(
  scenario,
  readFileSync('scenarios/greenway.yaml', 'utf8').replace('dataset: tianfu-sample', `dataset: ${JSON.stringify(ds)}`),
);
const datasetHash = (dir: string) => JSON.parse(readFileSync(join(dir, readdirSync(dir)[0]!, 'result.json'), 'utf8')).run.dataset.hash;

async function run(name: string, ...args: string[]) {
  const out = join(tmp, name);
  const r = await gep(...args, '-o', out);
  expect(r.status, r.stderr).toBe(0);
  return datasetHash(out);
}

describe("a scenario's base dataset", () => {
  it('gep dual --scenario accounts on it, as gep dual --scenario --dataset <it> does', async () => {
    const implicit = await run('dual-a', 'dual', '--scenario', scenario);
    const explicit = await run('dual-b', 'dual', '--scenario', scenario, '--dataset', ds);
    const sample = await run('dual-c', 'dual', '--scenario', scenario, '--dataset', 'datasets/tianfu-sample');
    expect(implicit).toBe(explicit);
    expect(sample).not.toBe(explicit);
  });

  it('gep uncertainty --scenario --dataset accounts on the dataset named', async () => {
    const implicit = await run('unc-a', 'uncertainty', '--scenario', scenario, '--draws', '5', '--seed', '1');
    const sample = await run(
      'unc-b',
      'uncertainty',
      '--scenario',
      scenario,
      '--dataset',
      'datasets/tianfu-sample',
      '--draws',
      '5',
      '--seed',
      '1',
    );
    expect(sample).not.toBe(implicit);
  });
});
