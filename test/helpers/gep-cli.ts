import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

/** A launch of the gep CLI (tsx + mathjs) takes ~3 s, more on a busy machine: tests give it this long. */
export const LAUNCH_TIMEOUT = 90_000;
export const ROOT = resolve(import.meta.dirname, '../..');
export interface Ran {
  status: number;
  stdout: string;
  stderr: string;
}

/** Run `gep …` as a user does — a child process in the repository root — and return its exit code and output. */
export function gep(...args: string[]): Ran {
  try {
    const stdout = execFileSync(process.execPath, ['--import', 'tsx', 'cli/gep.ts', ...args], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: LAUNCH_TIMEOUT,
    });
    return { status: 0, stdout, stderr: '' };
  } catch (e) {
    const err = e as { status: number | null; stdout: string; stderr: string };
    if (err.status === null) throw e; // killed, timed out: not an exit code to test
    return { status: err.status, stdout: err.stdout, stderr: err.stderr };
  }
}
