import { join } from 'node:path';
import { z } from 'zod';
import type { SectorNames } from '../engine/carbon/names.ts';
import { IssuesError, type Issue } from '../engine/core/errors.ts';
import { contentHash, MODELS_DIR, readYaml } from './versioned.ts';

/** models/classifications/energy-balance-sector.yaml: yearbook and CEADs names of the sectors (see its header). */
export const SECTOR_NAMES_FILE = join(MODELS_DIR, 'classifications', 'energy-balance-sector.yaml');

const Names = z.record(z.string().regex(/^[a-z0-9_]+$/), z.array(z.string().min(1)).min(1));
const SectorNamesFile = z.object({ label: z.object({ zh: z.string(), en: z.string() }), aliases: Names, parts: Names }).strict();

let memo: SectorNames | undefined;

/** The shipped sector names, read and checked once. */
export function shippedSectorNames(): SectorNames {
  if (memo) return memo;
  const issues: Issue[] = [];
  const doc = readYaml(SECTOR_NAMES_FILE, issues);
  const parsed = issues.length ? undefined : SectorNamesFile.safeParse(doc);
  if (parsed && !parsed.success)
    for (const e of parsed.error.issues)
      issues.push({
        code: 'schema_invalid',
        file: 'models/classifications/energy-balance-sector.yaml',
        path: e.path.join('.'),
        message: e.message,
      });
  if (issues.length || !parsed?.success) throw new IssuesError('model', issues);
  memo = {
    aliases: parsed.data.aliases,
    parts: parsed.data.parts,
    hash: contentHash({ aliases: parsed.data.aliases, parts: parsed.data.parts }),
  };
  return memo;
}
