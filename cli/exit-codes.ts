import { IssuesError, type IssueClass } from '../engine/core/errors.ts';
import { classOf } from '../engine/core/issue-codes.ts';

/** 0 done, 2 the input was refused (every problem is printed), 1 anything else (README, "Exit codes"). */
export type ExitCode = 0 | 1 | 2;

/** The exit code of each class of issue: refusals of what the user gave exit 2; faults of the program or its environment 1. */
export const EXIT_CODES: Record<IssueClass, ExitCode> = {
  input: 2,
  request: 2,
  unauthorized: 2,
  not_found: 2,
  conflict: 2,
  too_large: 2,
  unsupported: 2,
  unavailable: 1,
  internal: 1,
};

/**
 * The one mapping from an error to the CLI's exit code. An IssuesError exits by the class of its codes (1 as soon as
 * one is a fault, else 2); commander's own refusals (unknown option, missing argument, no command) are refusals of
 * input too, and --help and --version are not errors. Anything else is a fault: 1.
 */
export function exitCodeFor(e: unknown): ExitCode {
  if (e === undefined || e === null) return 0;
  if (e instanceof IssuesError) return e.issues.some((i) => EXIT_CODES[classOf(i.code)] === 1) ? 1 : 2;
  const code = (e as { code?: unknown }).code;
  if (typeof code === 'string' && code.startsWith('commander.')) {
    // --help and --version are answers; help shown because no command was given ("commander.help") is a refusal
    return code === 'commander.helpDisplayed' || code === 'commander.version' ? 0 : 2;
  }
  return 1;
}
