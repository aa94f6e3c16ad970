// The tree of an earlier commit in a temporary folder, this checkout's node_modules linked, so that a benchmark can
// run the code before a change beside the code after it, on the same machine in the same minutes.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** `git archive <commit>` of the checkout at `root` into a temporary folder; undefined (and why, printed) if it fails. */
export function beforeTree(root: string, commit: string): { dir: string; remove: () => void } | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'gep-bench-before-'));
  try {
    execFileSync('sh', ['-c', `git -C "${root}" archive "${commit}" | tar -x -C "${dir}"`], { stdio: ['ignore', 'ignore', 'pipe'] });
    symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
    return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    console.log(`(no "before" figures: git archive ${commit} failed: ${(e as Error).message.split('\n')[0]})`);
    return undefined;
  }
}
