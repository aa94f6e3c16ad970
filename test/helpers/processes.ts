import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './gep-cli.ts';

/** A `gep` process (serve or worker) started by a test, with what it said on stderr. */
export interface GepProcess {
  name: string;
  proc: ChildProcess;
  pid: number;
  said: string[];
}

/** Start `gep <args>` as its own process (node + tsx), with extra environment and node flags before tsx's. */
export function startGep(name: string, args: string[], env: Record<string, string>, nodeArgs: string[] = []): GepProcess {
  const proc = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', join(ROOT, 'cli/gep.ts'), ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const said: string[] = [];
  proc.stderr!.setEncoding('utf8').on('data', (d: string) => said.push(...d.split('\n').filter(Boolean)));
  return { name, proc, pid: proc.pid!, said };
}

/** Wait (bounded) for a line the process says; the match. */
export async function saidLine(p: GepProcess, re: RegExp, ms: number): Promise<RegExpMatchArray> {
  const deadline = Date.now() + ms;
  for (;;) {
    for (const line of p.said) {
      const m = line.match(re);
      if (m) return m;
    }
    if (p.proc.exitCode !== null) throw new Error(`${p.name} exited (${p.proc.exitCode}): ${p.said.join('\n')}`);
    if (Date.now() > deadline) throw new Error(`${p.name} did not say ${re} within ${ms} ms: ${p.said.join('\n')}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Poll `f` until it gives a value (bounded). */
export async function until<T>(what: string, f: () => Promise<T | undefined | false>, ms: number, every = 100): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, every));
  }
}

/** kill -9 every process still alive, and wait until each has gone. */
export async function killAll(ps: GepProcess[]): Promise<void> {
  await Promise.all(
    ps.splice(0).map(
      (p) =>
        new Promise<void>((resolve) => {
          if (p.proc.exitCode !== null || p.proc.signalCode !== null) return resolve();
          p.proc.once('exit', () => resolve());
          p.proc.kill('SIGKILL');
        }),
    ),
  );
}
