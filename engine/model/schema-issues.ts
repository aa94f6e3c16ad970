import type { Issue } from '../core/errors.ts';
import { type IssueCode, isIssueCode } from '../core/issue-codes.ts';

/** The part of a zod issue read here (zod's own type is a union of many shapes). */
interface ZodIssueLike {
  code: string;
  path: PropertyKey[];
  message: string;
  params?: unknown;
  errors?: ZodIssueLike[][];
}

/**
 * zod issues as the user needs them: path, message and code. A number refused by decimalText carries the bounded
 * reader's code (number_out_of_range …); any other issue gets `fallback`. A union that fails (a table cell that is
 * a number or an object) is reported by the issues of the alternatives the value had the shape of, under the
 * union's path — "table.nox.high: out of range", not "table.nox: Invalid input".
 */
export function schemaIssues(issues: readonly object[], fallback: IssueCode): Pick<Issue, 'code' | 'path' | 'message'>[] {
  const seen = new Set<string>();
  const out: Pick<Issue, 'code' | 'path' | 'message'>[] = [];
  for (const i of flatten(issues as ZodIssueLike[], [])) {
    const path = i.path.map(String).join('.');
    if (seen.has(`${path}\0${i.message}`)) continue;
    seen.add(`${path}\0${i.message}`);
    const code = (i.params as { code?: unknown } | undefined)?.code;
    out.push({ code: typeof code === 'string' && isIssueCode(code) ? code : fallback, path, message: i.message });
  }
  return out;
}

function flatten(issues: ZodIssueLike[], prefix: PropertyKey[]): ZodIssueLike[] {
  return issues.flatMap((i) => {
    const path = [...prefix, ...i.path];
    if (i.code !== 'invalid_union' || !i.errors) return [{ ...i, path }];
    // alternatives whose failure is not "wrong type" at their root: the value was meant as one of those
    const shaped = i.errors.filter((alt) => !alt.every((a) => a.code === 'invalid_type' && a.path.length === 0));
    return shaped.length ? shaped.flatMap((alt) => flatten(alt, path)) : [{ ...i, path }];
  });
}
