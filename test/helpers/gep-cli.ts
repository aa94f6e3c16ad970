import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { main } from '../../cli/main.ts';

export const ROOT = resolve(import.meta.dirname, '../..');
export interface Ran {
  status: number;
  stdout: string;
  stderr: string;
}

/** Run `gep …` in this process, as `cli/gep.ts` does, and return its exit code and what it wrote. */
export async function gep(...args: string[]): Promise<Ran> {
  const out: Buffer[] = [];
  const err: string[] = [];
  const status = await main(args, {
    out: (s) => out.push(Buffer.from(s)),
    err: (s) => err.push(s),
    outBytes: (b) => out.push(Buffer.from(b)),
  });
  return { status, stdout: Buffer.concat(out).toString('utf8'), stderr: err.join('') };
}

/** A launch of the gep CLI as a process (tsx + mathjs) takes seconds, more on a busy machine. */
export const LAUNCH_TIMEOUT = 90_000;

/** Run `gep …` as a user does — a child process in the repository root. Only the smoke tests need this. */
export function spawnGep(...args: string[]): Ran {
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
