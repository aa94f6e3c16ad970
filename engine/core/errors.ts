/** One problem, with where it is. Everything that can go wrong with user input is reported as a list of these. */
export interface Issue {
  /** A stable code, e.g. "coefficient_missing_key", "unit_mismatch". */
  code: string;
  message: string;
  /** File, model or dataset the problem is in. */
  file?: string;
  /** Line number in the file for CSV problems (the header is line 1). */
  row?: number;
  column?: string;
  /** Dotted path inside a model or manifest, e.g. "services[3].physical.formula". */
  path?: string;
}

/** An error that carries every problem found, not just the first. */
export class IssuesError extends Error {
  override name = 'IssuesError';
  constructor(
    public readonly kind: 'model' | 'dataset' | 'run' | 'scenario',
    public readonly issues: Issue[],
  ) {
    super(`${issues.length} problem${issues.length === 1 ? '' : 's'} in the ${kind}:\n` + issues.map(formatIssue).join('\n'));
  }
}

export function formatIssue(i: Issue): string {
  const where = [
    i.file,
    i.row !== undefined ? `line ${i.row}` : undefined,
    i.column !== undefined ? `column "${i.column}"` : undefined,
    i.path,
  ]
    .filter(Boolean)
    .join(', ');
  return `  - ${where ? where + ': ' : ''}${i.message} [${i.code}]`;
}
