import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import YAML from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import type { Issue } from '../../engine/core/errors.ts';
import { MODELS_DIR, readYaml } from '../../models/versioned.ts';
import { jsonExact, keepYaml, useYamlCache } from '../../models/yaml-cache.ts';

// Shipped model YAML kept as JSON by the bundled bin (models/yaml-cache.ts): the same values, read back.
const tmp = mkdtempSync(join(tmpdir(), 'gep-yaml-cache-'));
const cache = join(tmp, 'cache');
afterAll(() => {
  useYamlCache(undefined);
  rmSync(tmp, { recursive: true, force: true });
});
// what `gep uncertainty` of the sample reads (a few files: the test stays fast)
const shipped = [
  'cn-gep-2022/model.yaml',
  'cn-gep-2022/coefficients.yaml',
  'cn-gep-2022/1.1.0.yaml',
  'classifications/ecosystem-type.yaml',
  'dual/cn-dual-2022.yaml',
  'scorecards/dual-default.yaml',
].map((f) => join(MODELS_DIR, f));

describe('the parsed-YAML cache', () => {
  it('keeps only values JSON gives back exactly', () => {
    expect(jsonExact({ a: [1, 'x', true, null, { b: 2.5e-7 }], c: {} })).toBe(true);
    const sparse: number[] = [];
    sparse[2] = 3; // slots 0 and 1 are holes
    for (const v of [-0, Number.NaN, Number.POSITIVE_INFINITY, new Date(0), new Map(), undefined, sparse, { a: undefined }, 10n])
      expect(jsonExact(v), String(v)).toBe(false);
  });

  it('gives every shipped YAML file the value the parser gives, the second time from the cache', () => {
    const parsed = shipped.map((f) => YAML.parse(readFileSync(f, 'utf8')));
    useYamlCache(cache);
    const first = shipped.map((f) => readYaml(f, []));
    expect(readdirSync(cache).length).toBe(shipped.length);
    const second = shipped.map((f) => readYaml(f, []));
    expect(first).toStrictEqual(parsed);
    expect(second).toStrictEqual(parsed);
    // the kept value is what is read: the file is not parsed again
    const file = shipped[0]!;
    const text = readFileSync(file, 'utf8');
    keepYaml(text, { kept: true });
    expect(readYaml(file, [])).toEqual({ kept: true });
    useYamlCache(undefined);
    expect(readYaml(file, [])).toStrictEqual(parsed[0]);
  });

  it('parses the file again when its kept JSON was edited, cut short, emptied or copied from another key', () => {
    useYamlCache(cache);
    const [file, other] = [shipped[1]!, shipped[3]!];
    const text = readFileSync(file, 'utf8');
    const want = YAML.parse(text);
    const kept = join(cache, `${createHash('sha256').update(text).digest('hex')}.json`);
    const otherKept = join(cache, `${createHash('sha256').update(readFileSync(other, 'utf8')).digest('hex')}.json`);
    readYaml(file, []);
    readYaml(other, []);
    const good = readFileSync(kept, 'utf8');
    // a coefficient's value changed by hand (still JSON), the file cut short (a full disk), emptied, another file's
    const edited = good.replace(/"value":"([0-9.]+)"/, '"value":"9$1"');
    expect(edited).not.toBe(good);
    for (const bytes of [edited, good.slice(0, good.length - 1), good.slice(0, 80), '', '{}', 'null', readFileSync(otherKept, 'utf8')]) {
      writeFileSync(kept, bytes);
      expect(readYaml(file, []), bytes.slice(0, 60)).toStrictEqual(want);
      // and the parse is kept again in its place
      expect(readFileSync(kept, 'utf8')).toBe(good);
    }
    useYamlCache(undefined);
  });

  it('keeps nothing for a file outside models/ or a document with errors', () => {
    const dir = join(tmp, 'other');
    useYamlCache(dir);
    const user = join(tmp, 'user.yaml');
    writeFileSync(user, 'a: 1\n');
    expect(readYaml(user, [])).toEqual({ a: 1 });
    const bad = join(tmp, 'bad.yaml');
    writeFileSync(bad, 'a: [1, 2\n');
    const issues: Issue[] = [];
    readYaml(bad, issues);
    expect(issues.length).toBeGreaterThan(0);
    expect(() => readdirSync(dir)).toThrow(); // nothing written
    useYamlCache(undefined);
  });
});
