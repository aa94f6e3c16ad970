import type { IssueCode } from './issue-codes.ts';
import { SIZE_LIMITS } from './limits.ts';

export type { IssueClass, IssueCode } from './issue-codes.ts';

/** One problem, with where it is. Everything that can go wrong with user input is reported as a list of these. */
export interface Issue {
  /** A registered code (engine/core/issue-codes.ts), e.g. "parameter_missing_key", "unit_mismatch". */
  code: IssueCode;
  message: string;
  /** File, model or dataset the problem is in. */
  file?: string;
  /** Line number in the file for CSV problems (the header is line 1). */
  row?: number;
  column?: string;
  /** A workbook's cell or range, sheet!D12 (then `row` is the sheet's row, and `file` the workbook). */
  cell?: string;
  /** Dotted path inside a model or manifest, e.g. "services[3].physical.formula". */
  path?: string;
}

/** What the problems are in; it names the error ("3 problems in the dataset"). */
export type IssuesKind = 'model' | 'dataset' | 'run' | 'scenario' | 'config' | 'command';

/** At most this many issues are written out; the rest are counted ("… and 12 more"). A bad file must not flood a terminal or a response. */
export const ISSUES_SHOWN = SIZE_LIMITS.problemErrors;

/** An error that carries every problem found, not just the first. */
export class IssuesError extends Error {
  override name = 'IssuesError';
  constructor(
    public readonly kind: IssuesKind,
    public readonly issues: Issue[],
  ) {
    const shown = issues.slice(0, ISSUES_SHOWN).map(formatIssue);
    if (issues.length > ISSUES_SHOWN) shown.push(`  … and ${issues.length - ISSUES_SHOWN} more`);
    super(`${issuesSummary(kind, issues.length)}:\n` + shown.join('\n'));
  }
}

export const issuesSummary = (kind: IssuesKind, n: number) => `${n} problem${n === 1 ? '' : 's'} in the ${kind}`;

export function formatIssue(i: Issue): string {
  const where = [
    i.file,
    i.cell ?? (i.row !== undefined ? `line ${i.row}` : undefined),
    i.column !== undefined ? `column "${i.column}"` : undefined,
    i.path,
  ]
    .filter(Boolean)
    .join(', ');
  return `  - ${where ? where + ': ' : ''}${i.message} [${i.code}]`;
}
