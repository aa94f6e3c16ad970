import { existsSync, readdirSync, rmSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

/**
 * Files written aside (an upload being validated, a stored dataset being written out) live in a folder of the
 * process that writes them, `<dataDir>/tmp/<host>-<pid>/`. A process killed mid-upload (kill -9, a crash, the
 * machine losing power) cannot clean its folder: the next server to start on the data directory removes the
 * folders of this host's processes that are no longer alive, and leaves those of live ones (a second server on
 * the same data directory) and of other hosts (a data directory shared over the network) alone.
 */
export const tempRoot = (dataDir: string) => join(dataDir, 'tmp');

const host = () => hostname().replace(/[^A-Za-z0-9.-]/g, '_');

/** This process's folder for files written aside. */
export const processTempDir = (dataDir: string) => join(tempRoot(dataDir), `${host()}-${process.pid}`);

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0); // signal 0: only asks whether the process exists
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'; // it exists, as another user's
  }
}

/**
 * Remove what killed processes left: folders of dead processes of this host, and folders of the older layout
 * (`tmp/upload-*`, `datasets/*.partial-*`, from servers that did not clean up). Returns what was removed.
 */
export function cleanTempFolders(dataDir: string): string[] {
  const removed: string[] = [];
  const root = tempRoot(dataDir);
  const mine = `${host()}-`;
  for (const name of existsSync(root) ? readdirSync(root) : []) {
    const pid = name.startsWith(mine) ? Number(name.slice(mine.length)) : Number.NaN;
    const stale = name.startsWith('upload-') || (Number.isInteger(pid) && pid !== process.pid && !alive(pid));
    if (stale) removed.push(join(root, name));
  }
  const datasets = join(dataDir, 'datasets');
  for (const name of existsSync(datasets) ? readdirSync(datasets) : [])
    if (/\.partial-[0-9a-f]+$/.test(name)) removed.push(join(datasets, name));
  for (const dir of removed) rmSync(dir, { recursive: true, force: true });
  return removed;
}
