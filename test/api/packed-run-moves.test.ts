/**
 * A run worker thread hands its packed run (api/store/row-pack.ts) to the server's thread as moved buffers, not as
 * strings copied into the server's heap, where they outlived a scavenge and were promoted (issue 13: the computed
 * POST's tail). The value piscina transfers names every chunk's buffer; moved through a message port, the worker's
 * side is detached (nothing was copied) and the server's side holds the same JSON text.
 */
import { MessageChannel } from 'node:worker_threads';
import { transferableSymbol, valueSymbol } from 'piscina';
import { describe, expect, it } from 'vitest';
import run, { type RunTask } from '../../api/run-worker.ts';
import { type PackedRun, packedBuffers as packedBuffersOf, packRun } from '../../api/store/row-pack.ts';
import { loadDataset } from '../../datasets/load.ts';
import { loadModel } from '../../models/load.ts';
import { SAMPLE_DIR } from '../fixtures/sample-copy.ts';

const model = loadModel('cn-gep-2022');
const task: RunTask = {
  params: { kind: 'gep', model: model.ref, dataset: 'sample', regions: ['tianfu'], years: [2022], base_year: 2020, trace: true },
  datasetDir: SAMPLE_DIR,
  datasetHash: loadDataset(SAMPLE_DIR, model).hash,
  pack: true,
};
const text = (c: Uint8Array) => new TextDecoder().decode(c);

describe('the packed run crosses threads by transfer', () => {
  it('every chunk is a buffer in the transfer list; moved, the sender keeps nothing and the receiver has the same text', async () => {
    const moved = (await run(task)) as unknown as Record<symbol, unknown>;
    const packed = moved[valueSymbol] as PackedRun;
    const buffers = moved[transferableSymbol] as ArrayBuffer[];
    const chunks = [...packed.results, ...packed.traces];
    expect(chunks.length).toBeGreaterThanOrEqual(2); // rows and traces of one region-year
    expect(buffers).toHaveLength(chunks.length);
    for (const c of chunks) expect(buffers).toContain(c.buffer); // by identity (toEqual finds any two ArrayBuffers equal)
    // each chunk starts a buffer of its own: moving it detaches nothing else (a pooled Buffer's slab is shared); the
    // buffer has room to spare, so that the next run's chunk fits when it is handed back
    expect(new Set(buffers).size).toBe(chunks.length);
    expect(chunks.every((c) => c.byteOffset === 0 && c.byteLength <= c.buffer.byteLength)).toBe(true);
    const before = chunks.map(text);
    expect(JSON.parse(before[0]!).length).toBe(packed.count); // the first chunk holds the rows (fewer than 4,000)

    const { port1, port2 } = new MessageChannel();
    const got = new Promise<PackedRun>((resolve) => port2.once('message', resolve));
    port1.postMessage(packed, buffers);
    const received = await got;
    port1.close();
    expect(chunks.every((c) => c.byteLength === 0)).toBe(true); // detached: moved, not copied
    expect([...received.results, ...received.traces].map(text)).toEqual(before);
    expect(received.meta).toBe(packed.meta);
  });

  it('a chunk is the UTF-8 of the JSON text the store reads (a CJK name stays as its characters)', () => {
    const row = { region: '天府', year: '2022', indicator: 'gep' } as never;
    const [chunk] = packRun(null, [row], []).results;
    expect(text(chunk!)).toContain('"天府"');
    expect(chunk!.byteLength).toBe(Buffer.byteLength(text(chunk!)));
    // a small chunk too has its own buffer, not a slice of a pool's
    expect(chunk!.byteOffset).toBe(0);
    expect(chunk!.buffer.byteLength).toBe(chunk!.byteLength); // no headroom where no buffer goes back to be reused
  });

  it('packs into the spare buffers it is given where a chunk fits, with the same bytes as into new ones', () => {
    const rows = Array.from({ length: 50 }, (_, n) => ({ region: '天府', year: '2022', indicator: `i${n}` }) as never);
    const traces = [{ region: '天府', year: 2022, indicator: 'gep', node: { v: '1.5' } }] as never;
    const fresh = packRun({ m: 1 }, rows, traces, []); // as a run worker packs: new buffers with headroom
    const small = new ArrayBuffer(8);
    const spare = [small, ...packedBuffersOf(fresh)];
    const given = [...spare];
    const reused = packRun({ m: 1 }, rows, traces, spare);
    const chunks = [...reused.results, ...reused.traces];
    expect(chunks.map(text)).toEqual([...fresh.results, ...fresh.traces].map(text));
    // each chunk went into a buffer it fits (the 8-byte one fits none), taken from the array as it was used
    for (const c of chunks) expect(given.slice(1)).toContain(c.buffer);
    expect(new Set(chunks.map((c) => c.buffer)).size).toBe(chunks.length);
    expect(spare).toHaveLength(1);
    expect(spare[0]).toBe(small);
  });
});
