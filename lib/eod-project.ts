import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { dec } from '../engine/core/decimal.ts';
import { type Issue, IssuesError } from '../engine/core/errors.ts';
import { Project } from '../engine/finance/eod-schema.ts';
import { schemaIssues } from '../engine/model/schema-issues.ts';
import { readYaml } from '../models/versioned.ts';
import { canonicalJson } from './canonical-json.ts';

/** The shipped EOD projects: datasets/projects/<id>.yaml. */
export const PROJECTS_DIR = resolve(import.meta.dirname, '../datasets/projects');

/** A project file by shipped id or path; its scenario and baseline refs resolved against the file's folder. */
export interface LoadedProject {
  project: Project;
  file: string;
  /** The scenario and baseline as Sources refs (paths for the CLI; a ref with no such file is passed on as a stored id). */
  scenarioRef: string;
  baselineRef?: string;
}

/** A shipped id (datasets/projects/<id>.yaml) or a path to a YAML or JSON file. */
export function projectPath(ref: string): string {
  const shipped = join(PROJECTS_DIR, `${ref}.yaml`);
  return existsSync(shipped) ? shipped : resolve(ref);
}

/** A project or asset-spec file read as data (the CLI's Sources.financeFile). */
export function readFinanceFile(ref: string): { raw: unknown; file: string; dir: string } {
  const path = projectPath(ref);
  const file = relative(process.cwd(), path) || path;
  const issues: Issue[] = [];
  const raw = readYaml(path, issues, file);
  if (issues.length) throw new IssuesError('run', issues);
  return { raw, file, dir: dirname(path) };
}

/** Ranges whose numbers are out of order would draw nonsense: refused here, naming the field. */
function rangeIssues(p: Project, file: string): Issue[] {
  const issues: Issue[] = [];
  const check = (r: { low: string; high: string; mode?: string | undefined; distribution: string } | undefined, path: string) => {
    if (!r) return;
    const low = dec(r.low),
      high = dec(r.high);
    if (high.lt(low)) issues.push({ code: 'range_order', file, path, message: `high ${r.high} is below low ${r.low}` });
    if (r.mode !== undefined && (dec(r.mode).lt(low) || dec(r.mode).gt(high)))
      issues.push({ code: 'range_mode', file, path, message: `mode ${r.mode} is outside ${r.low}–${r.high}` });
    if (r.distribution === 'lognormal' && !low.gt(0))
      issues.push({ code: 'range_lognormal', file, path, message: 'a lognormal range needs low > 0' });
  };
  // a rate is a share a year: 6 % is 0.06; a rate of 1 or more is almost surely a percentage written as such
  const rateOk = (v: string) => dec(v).gt(-1) && dec(v).lt(1);
  const rr = p.discount_rate.range;
  check(rr, 'discount_rate.range');
  if (rr && !(rateOk(rr.low) && rateOk(rr.high)))
    issues.push({
      code: 'discount_rate_bounds',
      file,
      path: 'discount_rate.range',
      message: `the range ${rr.low}–${rr.high} leaves −1 < rate < 1 (a share a year: 6 % is 0.06)`,
    });
  for (const [i, l] of p.lines.entries()) {
    check(l.range, `lines.${i}.range`);
    if (l.range && dec(l.range.low).lt(0))
      issues.push({
        code: 'range_negative',
        file,
        path: `lines.${i}.range`,
        message: `line ${l.id}: a multiplier of ${l.range.low} would turn its sign (1 = as written; −5 % is 0.95)`,
      });
  }
  const ids = p.lines.map((l) => l.id);
  ids.forEach((id, i) => {
    if (ids.indexOf(id) !== i) issues.push({ code: 'duplicate', file, path: `lines.${i}.id`, message: `line id "${id}" is given twice` });
  });
  if (!rateOk(p.discount_rate.value))
    issues.push({
      code: 'discount_rate_bounds',
      file,
      path: 'discount_rate.value',
      message: `${p.discount_rate.value} is not a share a year between −1 and 1 (6 % is 0.06)`,
    });
  return issues;
}

/** A project from its data (read by Sources.financeFile, or given inline), checked; refs resolved from `dir`. */
export function parseProject({ raw, file, dir }: { raw: unknown; file: string; dir?: string }): LoadedProject {
  const parsed = Project.safeParse(raw);
  if (!parsed.success)
    throw new IssuesError(
      'run',
      schemaIssues(parsed.error.issues, 'schema_invalid').map((i) => ({ ...i, file })),
    );
  const more = rangeIssues(parsed.data, file);
  if (more.length) throw new IssuesError('run', more);
  // a scenario named by a path is read from beside the project file; any other ref goes to the sources as it is
  const near = (r: string) => {
    const p = dir === undefined ? undefined : resolve(dir, r);
    return p && existsSync(p) ? p : r;
  };
  const p = parsed.data;
  return { project: p, file, scenarioRef: near(p.scenario), ...(p.baseline ? { baselineRef: near(p.baseline) } : {}) };
}

/**
 * sha256 of the project as data, without its scenario and baseline refs (paths): the run identity holds the
 * scenarios' own hashes, so a project moved to another folder is the same run.
 */
export function projectHash(p: Project): string {
  const { scenario: _s, baseline: _b, ...rest } = p;
  return createHash('sha256').update(canonicalJson(rest)).digest('hex');
}
