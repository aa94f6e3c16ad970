import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CommanderError } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';
import { exitCodeFor } from '../cli/exit-codes.ts';
import { IssuesError } from '../engine/core/errors.ts';
import { ENGINE_VERSION } from '../engine/version.ts';
import { gep } from './helpers/gep-cli.ts';

/** The README's exit codes — 0 done, 2 the input was refused (every problem printed), 1 anything else — in-process. */
const tmp = mkdtempSync(join(tmpdir(), 'gep-exit-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('exitCodeFor', () => {
  it('maps refused input to 2, help and version to 0, anything else to 1', () => {
    expect(exitCodeFor(new IssuesError('run', [{ code: 'option_invalid', message: 'x' }]))).toBe(2);
    expect(exitCodeFor(new CommanderError(1, 'commander.unknownOption', "error: unknown option '--x'"))).toBe(2);
    expect(exitCodeFor(new CommanderError(0, 'commander.version', ENGINE_VERSION))).toBe(0);
    expect(exitCodeFor(new Error('ENOSPC'))).toBe(1);
    expect(exitCodeFor('a string thrown')).toBe(1);
  });
});

describe('gep exit codes', () => {
  it('0: --version prints the engine version; models lists the models', async () => {
    const v = await gep('--version');
    expect(v).toEqual({ status: 0, stdout: `${ENGINE_VERSION}\n`, stderr: '' });
    const m = await gep('models');
    expect(m.status, m.stderr).toBe(0);
    expect(m.stdout).toMatch(/^cn-gep-2022@1\.0\.0 {2}\[published\]/m);
  });

  it('2: carbon dualcontrol without its base year among --years (the issue 9 example), and no run folder', async () => {
    const out = join(tmp, 'dual');
    const r = await gep('carbon', 'dualcontrol', '--years', '2021,2022', '-o', out);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('dual control needs its base year 2020 among the inventory years (years given: 2021, 2022;');
    expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);
  });

  // One refusal per kind of check: commander's usage errors, option parsers, the run's checks, the store commands.
  it.each([
    [['account', '--bogus'], "unknown option '--bogus'"],
    [['explain', 'water_conservation', '-y', '2022'], "required option '-r, --region <region>' not specified"],
    [[], 'Usage: gep [options] [command]'],
    [['account', '--years', '20x1'], '"20x1" is not a year'],
    [['explain', 'nonsense', '-r', 'tianfu', '-y', '2022'], 'unknown indicator "nonsense"'],
    [['account', '--regions', 'nowhere', '-o', tmp], 'region "nowhere" is not in the dataset'],
    [['uncertainty', '--draws', '0', '--seed', '1'], '"0" is not a whole number from 1 to 1000000'],
    // bounded (runs/limits.ts): 10^20 draws used to be accepted and would run for ever
    [['uncertainty', '--draws', '100000000000000000000', '--seed', '1'], 'is not a whole number from 1 to 1000000'],
    [['uncertainty', '--draws', '10', '--seed', '4294967296'], '"4294967296" is not a whole number from 0 to 4294967295'],
    [['batch', '--regions', '10', '--workers', '1000'], '"1000" is not a whole number from 0 to 64'],
    [['batch', '--years', '2021'], '--years applies to a generated set: give --regions too'],
    [['carbon', 'project', '--paths', join(tmp, 'none.yaml'), '-o', tmp], 'no such file'],
    [['carbon', 'inventory', '--grid', 'sichuan:average:20x', '-o', tmp], 'write geography[:kind[:vintage|year]]'],
    [['report', 'some-run', '--format', 'pdf'], '--format must be html, xlsx, csv or json, not "pdf"'],
    [['serve', '--port', 'eighty'], '"eighty" is not a port'],
  ])('2: gep %j', async (argv, message) => {
    const r = await gep(...argv);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toContain(message);
  });

  it('1: anything else, e.g. a run folder that cannot be written, printed as "gep: <message>"', async () => {
    const r = await gep('account', '--years', '2022', '-o', '/dev/null/runs');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^gep: ENOTDIR/);
  });
});

describe('main() called again in the same process', () => {
  it('keeps no state between calls: options and output belong to each call', async () => {
    const a = join(tmp, 'a');
    const b = join(tmp, 'b');
    const first = await gep('template', a, '--years', '2021', '--region', 'chengdu');
    const second = await gep('template', b, '--years', '2022');
    expect([first.status, second.status]).toEqual([0, 0]);
    expect(first.stdout).toContain(`to ${a};`);
    expect(second.stdout).toContain(`to ${b};`);
    expect(second.stdout).not.toContain(a);
    // the second call sees the default region, not the first call's --region
    expect(readFileSync(join(a, 'extent.csv'), 'utf8')).toMatch(/\nchengdu,2021,/);
    expect(readFileSync(join(b, 'extent.csv'), 'utf8')).toMatch(/\nmy_region,2022,/);
  });

  it('gives each of two concurrent calls its own exit code and output', async () => {
    const [refused, version] = await Promise.all([gep('account', '--years', '20x1'), gep('--version')]);
    expect(refused.status).toBe(2);
    expect(refused.stdout).toBe('');
    expect(version).toEqual({ status: 0, stdout: `${ENGINE_VERSION}\n`, stderr: '' });
  });
});
