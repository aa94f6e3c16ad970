/**
 * Streaming batches (issue 13 item 4): `csvFile` makes runBatch append each chunk's rows to disk as the chunk
 * finishes, in region order, instead of holding them; the bytes are those of the in-memory batch, on one thread
 * and on workers; `gep batch` moves the streamed file into its run folder and leaves no spool behind.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runBatch } from '../lib/batch.ts';
import { shutdownWorkers } from '../lib/workers/pool.ts';
import { gep } from './helpers/gep-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'gep-batch-stream-'));
afterAll(async () => {
  await shutdownWorkers();
  rmSync(dir, { recursive: true, force: true });
});
const synthetic = { regions: 9, years: [2021, 2022] };

describe('streaming batches', () => {
  it('rows reach the file chunk by chunk, in order, and the file is the in-memory CSV byte for byte', async () => {
    const file = join(dir, 'one.csv');
    const seenAt: string[] = [];
    const streamed = await runBatch({
      synthetic,
      chunk: 4,
      csvFile: file,
      onProgress: () => seenAt.push(readFileSync(file, 'utf8')),
    });
    const kept = await runBatch({ synthetic, chunk: 4 });
    expect(streamed.csv).toBeUndefined();
    expect(streamed.csvFile).toBe(file);
    expect(readFileSync(file, 'utf8')).toBe(kept.csv);
    // after the first chunk (regions 1–4) its rows are on disk and the later regions' are not yet
    expect(seenAt).toHaveLength(3);
    expect(seenAt[0]).toMatch(/,r00004,2022,/);
    expect(seenAt[0]).not.toMatch(/,r00005,/);
    expect(seenAt[1]).toMatch(/,r00008,2022,/);
    expect(seenAt[1]).not.toMatch(/,r00009,/);
  });

  it('on worker threads the streamed file is the same bytes (chunks finishing out of order are written in order)', async () => {
    const file = join(dir, 'two.csv');
    const kept = await runBatch({ synthetic, chunk: 2 });
    await runBatch({ synthetic, chunk: 2, workers: 2, csvFile: file });
    expect(readFileSync(file, 'utf8')).toBe(kept.csv);
  }, 120_000);

  it('gep batch streams results.csv into its run folder and leaves no spool folder', async () => {
    const out = join(dir, 'runs');
    const r = await gep('batch', '--regions', '5', '--years', '2021,2022', '--chunk', '2', '-o', out);
    expect(r.status, r.stderr).toBe(0);
    const folder = /written to (\S+)/.exec(r.stdout)![1]!;
    expect(readdirSync(out)).toEqual([folder.split('/').at(-1)]);
    expect(readdirSync(folder).sort()).toEqual(['result.json', 'results.csv', 'summary.md']);
    const kept = await runBatch({ synthetic: { regions: 5, years: [2021, 2022] }, chunk: 2 });
    expect(readFileSync(join(folder, 'results.csv'), 'utf8')).toBe(kept.csv);
    expect(existsSync(join(out, '.batch-'))).toBe(false);
  });
});
