import { CommanderError } from 'commander';
import { IssuesError } from '../engine/core/errors.ts';

/** The exit codes the README promises: 0 done, 2 the input was refused (every problem printed), 1 anything else. */
export type ExitCode = 0 | 1 | 2;

/**
 * The one place that decides the exit code of a failed (or help/version-only) command. Commander throws a
 * CommanderError for a usage mistake (unknown option, missing argument …) and also for --help and --version,
 * which it marks with exit code 0.
 */
export function exitCodeFor(e: unknown): ExitCode {
  if (e instanceof IssuesError) return 2;
  if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
  return 1;
}
