/**
 * Review: every YAML file the user names (scorecard, dual spec, scenario, projection paths, model, factor set) is
 * read by one reader that refuses an alias bomb and a folder as input (exit 2), as dataset.yaml already did; they
 * exited 1 with "Excessive alias count" or EISDIR.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { gep } from './helpers/gep-cli.ts';

const tmp = mkdtempSync(join(tmpdir(), 'gep-user-yaml-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
// "billion laughs": 9 levels of 10 aliases each
const levels = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
for (const [n, name] of [...'bcdefghi'].entries()) levels.push(`${name}: &${name} [${Array(10).fill(`*${'abcdefghi'[n]}`).join(',')}]`);
const bomb = join(tmp, 'bomb.yaml');
writeFileSync(bomb, `${levels.join('\n')}\n`);
const folder = join(tmp, 'folder.yaml');
mkdirSync(folder);
const out = join(tmp, 'out');

it.each([
  ['dual', '--scorecard'],
  ['dual', '--spec'],
  ['compare'],
  ['carbon', 'project', '--paths'],
  ['carbon', 'inventory', '--scenario'],
])('gep %s %s <alias bomb> exits 2 with yaml_aliases', async (...args) => {
  const r = await gep(...args, bomb, '--out', out);
  expect(r.status).toBe(2);
  expect(r.stderr).toContain('[yaml_aliases]');
});

it.each([['compare'], ['carbon', 'project', '--paths'], ['carbon', 'inventory', '--scenario']])(
  'gep %s %s <a folder> exits 2 with file_missing',
  async (...args) => {
    const r = await gep(...args, folder, '--out', out);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('[file_missing]');
  },
);
