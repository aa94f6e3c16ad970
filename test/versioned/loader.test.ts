/**
 * The one loader of versioned data (models/versioned.ts), kind by kind: every shipped item loads through it with
 * the hash the lock recorded, a changed shipped item is refused with the same message for every kind, a schema
 * error lists every problem by path, and models/lock.ts (updatedLock) leaves the lock as it is.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { IssuesError } from '../../engine/core/errors.ts';
import { FACTOR_SET, loadFactorSet } from '../../models/carbon-factors.ts';
import { DEFAULTS_KIND } from '../../models/defaults.ts';
import { DUAL_SPEC, loadDualSpec, loadScorecard, SCORECARD } from '../../models/dual.ts';
import { INDICATOR_SYSTEM, loadIndicatorSystem } from '../../models/indicator-systems.ts';
import { GEP_MODEL, loadModel, readModelData } from '../../models/load.ts';
import { KINDS, updatedLock } from '../../models/registry.ts';
import { loadRightsPrices, RIGHTS_PRICES } from '../../models/rights-prices.ts';
import { contentHash, listShipped, loadItem, MODELS_DIR, readLock, type Versioned, type VersionedKind } from '../../models/versioned.ts';

type Doc = Record<string, any>;
interface Case {
  kind: VersionedKind<Versioned, unknown>;
  id: string;
  /** The public loader of the kind (what lib/, the CLI and the API call). */
  load: (id: string) => unknown;
  /** The shipped file to edit, relative to models/, and one edit that changes its content. */
  file: string;
  edit: [string, string];
  /** Two or more schema problems, and the paths they must be reported at. */
  break: (d: Doc) => void;
  paths: string[];
}

const cases: Case[] = [
  {
    kind: GEP_MODEL,
    id: 'cn-gep-2022',
    load: loadModel,
    file: 'cn-gep-2022/coefficients.yaml',
    edit: ['value: "7.06"', 'value: "7.07"'],
    break: (d) => {
      d.version = 'one';
      delete d.sources[0].citation;
    },
    paths: ['version', 'sources.0.citation'],
  },
  {
    kind: FACTOR_SET,
    id: 'cn-carbon-factors',
    load: loadFactorSet,
    file: 'cn-carbon-factors/factors.yaml',
    edit: ['value: "0.1404"', 'value: "0.1405"'],
    break: (d) => {
      d.version = 'one';
      d.gwp.set = 'AR9';
    },
    paths: ['version', 'gwp.set'],
  },
  {
    kind: DUAL_SPEC,
    id: 'cn-dual-2022',
    load: loadDualSpec,
    file: 'dual/cn-dual-2022.yaml',
    edit: ['Realisation rate (', 'Realisation rate, edited ('],
    break: (d) => {
      d.version = 'one';
      delete d.sources[0].citation;
    },
    paths: ['version', 'sources.0.citation'],
  },
  {
    kind: SCORECARD,
    id: 'dual-default',
    load: loadScorecard,
    file: 'scorecards/dual-default.yaml',
    edit: ['weight: "30"', 'weight: "31"'],
    break: (d) => {
      d.id = 'Not An Id';
      d.version = 'one';
    },
    paths: ['id', 'version'],
  },
  {
    kind: DEFAULTS_KIND,
    id: 'defaults',
    load: (id) => loadItem(DEFAULTS_KIND, id).value,
    file: 'defaults.yaml',
    edit: ['energy_intensity: "0.135"', 'energy_intensity: "0.14"'],
    break: (d) => {
      d.gep.model = 'Not An Id';
      d.carbon.dual_control.energy_intensity = '1.5';
      d.carbon.projection.to_year = 'soon';
    },
    paths: ['gep.model', 'carbon.dual_control.energy_intensity', 'carbon.projection.to_year'],
  },
  {
    kind: INDICATOR_SYSTEM,
    id: 'park-city-efficiency',
    load: loadIndicatorSystem,
    file: 'indicator-systems/park-city-efficiency.yaml',
    edit: ['target: "87.5"', 'target: "88"'],
    break: (d) => {
      d.version = 'one';
      d.lights.green = 'lots';
    },
    paths: ['version', 'lights.green'],
  },
  {
    kind: RIGHTS_PRICES,
    id: 'cn-rights-2022',
    load: (id) => loadRightsPrices(id).set,
    file: 'finance/rights-prices/cn-rights-2022.yaml',
    edit: ['central: "54.22"', 'central: "54.23"'],
    break: (d) => {
      d.version = 'one';
      d.types.ccer.prices[0].from = 'soon';
    },
    paths: ['version', 'types.ccer.prices.0.from'],
  },
];
const frozen = cases.filter((c) => c.kind.frozen !== 'never');

/** The document of a shipped item as data (a model folder's files as one document). */
const docOf = (c: Case): Doc =>
  structuredClone(
    c.kind === GEP_MODEL ? readModelData(join(MODELS_DIR, c.id)).data : YAML.parse(readFileSync(join(MODELS_DIR, c.file), 'utf8')),
  );

/** Write a document where a user would keep it: a folder with the main file for folder kinds, else a file. */
function writeUserCopy(c: Case, doc: Doc | string): string {
  const dir = mkdtempSync(join(tmpdir(), 'gep-versioned-'));
  const file = join(dir, c.kind.file ?? 'mine.yaml');
  writeFileSync(file, typeof doc === 'string' ? doc : YAML.stringify(doc));
  return c.kind.file ? dir : file;
}

function issuesOf(f: () => unknown): IssuesError['issues'] {
  try {
    f();
  } catch (e) {
    if (e instanceof IssuesError) return e.issues;
    throw e;
  }
  throw new Error('expected an IssuesError');
}

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('one loader for every kind of versioned data', () => {
  it('the registry holds every kind, and each case below covers one', () => {
    expect(cases.map((c) => c.kind)).toEqual([...KINDS]);
  });

  it.each(cases)('$kind.name: every shipped item loads through the loader, frozen ones with the hash the lock recorded', (c) => {
    const lock = readLock();
    const ids = listShipped(c.kind);
    expect(ids).toContain(c.id);
    for (const id of ids) {
      const item = loadItem(c.kind, id);
      expect(item.shipped).toBe(true);
      expect(item.frozen).toBe(c.kind.frozen !== 'never');
      if (item.frozen) expect(lock[item.key], item.key).toBe(item.hash);
    }
    // the kind's public loader gives what the loader gives: compiled items carry its hash, the others hash to it
    const value = c.load(c.id) as { hash?: string };
    expect(value.hash ?? contentHash(value)).toBe(loadItem(c.kind, c.id).hash);
  });

  describe('a changed shipped item is refused, with the same message for every kind', () => {
    let root: string;
    let unlockedRoot: string;
    beforeAll(() => {
      root = mkdtempSync(join(tmpdir(), 'gep-models-'));
      cpSync(MODELS_DIR, root, { recursive: true });
      for (const c of cases) {
        const file = join(root, c.file);
        const text = readFileSync(file, 'utf8');
        expect(text, c.file).toContain(c.edit[0]);
        writeFileSync(file, text.replace(c.edit[0], c.edit[1]));
      }
      unlockedRoot = mkdtempSync(join(tmpdir(), 'gep-models-'));
      cpSync(MODELS_DIR, unlockedRoot, { recursive: true });
      writeFileSync(join(unlockedRoot, 'published.lock.json'), '{}\n');
    });

    it.each(frozen)('$kind.name: changed after it was locked', (c) => {
      const key = loadItem(c.kind, c.id).key;
      const issues = issuesOf(() => loadItem(c.kind, c.id, { root }));
      expect(issues).toEqual([
        {
          code: 'published_model_changed',
          file: expect.stringMatching(new RegExp(`${esc(c.kind.file ? `${c.id}/${c.kind.file}` : c.file)}$`)),
          message: expect.stringMatching(
            new RegExp(
              `^${esc(key)} is published and frozen, but its content changed \\(hash [0-9a-f]{12}…, recorded [0-9a-f]{12}…\\): publish the change as a new version$`,
            ),
          ),
        },
      ]);
    });

    it.each(frozen)('$kind.name: not recorded in the lock', (c) => {
      const key = loadItem(c.kind, c.id).key;
      const issues = issuesOf(() => loadItem(c.kind, c.id, { root: unlockedRoot }));
      expect(issues).toEqual([
        expect.objectContaining({
          code: 'published_model_unlocked',
          message: expect.stringMatching(
            new RegExp(`^${esc(key)} is published but not in models/published.lock.json: record it with "npx tsx models/lock.ts"`),
          ),
        }),
      ]);
    });

    it('the defaults file is not frozen: an edit takes effect', () => {
      const d = loadItem(DEFAULTS_KIND, 'defaults', { root }).value as Doc;
      expect(d.carbon.dual_control.energy_intensity).toBe('0.14');
    });
  });

  it.each(cases)('$kind.name: a schema error lists every problem with its path', (c) => {
    const doc = docOf(c);
    c.break(doc);
    const path = writeUserCopy(c, doc);
    const issues = issuesOf(() => loadItem(c.kind, path));
    expect(issues.map((i) => i.path).sort()).toEqual([...c.paths].sort());
    for (const i of issues) expect(i).toMatchObject({ code: 'schema_invalid', file: expect.stringMatching(/gep-versioned-/) });
  });

  it.each(cases)('$kind.name: a YAML syntax error names the file and the line', (c) => {
    const path = writeUserCopy(c, 'id: [unclosed\nversion: 1.0.0\n');
    const issues = issuesOf(() => loadItem(c.kind, path));
    expect(issues).toEqual([expect.objectContaining({ code: 'yaml_syntax', message: expect.stringMatching(/line \d+/) })]);
  });

  it.each(cases)('$kind.name: a misspelt id is not found, naming the ids that are shipped', (c) => {
    const issues = issuesOf(() => loadItem(c.kind, `${c.id}-typo`));
    expect(issues).toEqual([expect.objectContaining({ code: 'not_found', message: expect.stringContaining(c.id) })]);
  });

  it.each(cases)('$kind.name: a user file is hashed, and locked only if it claims a published version', (c) => {
    const doc = docOf(c);
    doc.description = `${doc.description ?? ''} (a local edit)`;
    if (c.kind.frozen === 'published') {
      expect(issuesOf(() => loadItem(c.kind, writeUserCopy(c, doc)))[0]!.code).toBe('published_model_changed');
      doc.status = 'draft';
    }
    const item = loadItem(c.kind, writeUserCopy(c, doc));
    expect(item.shipped).toBe(false);
    expect(item.frozen).toBe(false);
    expect(item.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(item.hash).not.toBe(loadItem(c.kind, c.id).hash);
  });
});

describe('models/lock.ts records through the same loader', () => {
  it('leaves models/published.lock.json as it is: every frozen item is recorded with its current hash', () => {
    const lock = readLock();
    expect(updatedLock(lock)).toEqual({ lock, added: [], problems: [] });
  });

  it('adds a new version, and reports a changed one instead of rewriting it', () => {
    const root = mkdtempSync(join(tmpdir(), 'gep-models-'));
    cpSync(MODELS_DIR, root, { recursive: true });
    mkdirSync(join(root, 'dual'), { recursive: true });
    const spec = readFileSync(join(root, 'dual/cn-dual-2022.yaml'), 'utf8');
    writeFileSync(join(root, 'dual/cn-dual-2023.yaml'), spec.replace('id: cn-dual-2022', 'id: cn-dual-2023'));
    writeFileSync(
      join(root, 'scorecards/dual-default.yaml'),
      readFileSync(join(root, 'scorecards/dual-default.yaml'), 'utf8').replace('weight: "30"', 'weight: "31"'),
    );
    const { lock, added, problems } = updatedLock(readLock(root), root);
    expect(added).toEqual(['dual/cn-dual-2023@1.0.0']);
    expect(lock['dual/cn-dual-2023@1.0.0']).toMatch(/^[0-9a-f]{64}$/);
    expect(lock['scorecards/dual-default@1.0.0']).toBe(readLock()['scorecards/dual-default@1.0.0']);
    expect(problems).toEqual([expect.stringMatching(/^scorecards\/dual-default@1\.0\.0 is published and frozen, but its content changed/)]);
  });
});
