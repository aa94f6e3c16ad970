import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../api/store/db.ts';
import { runHead } from '../../api/store/runs.ts';

describe('closing the SQLite store while requests are reading', () => {
  it('lets the reads in flight finish, closes the database (no SQLITE_BUSY), and refuses reads asked for after', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gep-close-'));
    try {
      for (const warm of [true, false]) {
        const store = await openStore({ file: join(dir, `${warm ? 'warm' : 'cold'}.db`), url: '' });
        if (warm) await runHead(store.db, 'none'); // the prepared statement is kept
        // runHead is a prepared read (api/store/prepared.ts): 20 of them queued when the server closes
        const reads = Array.from({ length: 20 }, () => runHead(store.db, 'none'));
        const closed = store.close();
        // before: the queued reads prepared their statement again after close() had finalized the kept ones, and
        // SQLite refused to close ("SQLITE_BUSY: unable to close due to unfinalized statements"), the file left open
        await expect(closed).resolves.toBeUndefined();
        expect(await Promise.all(reads)).toEqual(Array(20).fill(undefined));
        await expect(runHead(store.db, 'none')).rejects.toThrow();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
