/**
 * Review of the streaming batch (issue 13 item 4): when one worker task fails, the batch fails and no further task
 * is started. Before the fix the other lanes went on starting tasks (up to four per thread ahead) after the caller
 * had its rejection — in `gep batch` after `shutdownWorkers()`, so a new pool was started that kept the process
 * alive — and results after the failure were still handed over to be written.
 */
import { describe, expect, it } from 'vitest';
import { type BatchTask, inOrder } from '../lib/batch.ts';

const tasks: BatchTask[] = Array.from({ length: 12 }, (_, i) => ({ kind: 'batch', spec: {}, run: 'r', from: i, to: i + 1 }));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('inOrder after a failed task', () => {
  it('rejects, starts no task after the failure and hands nothing over past it', async () => {
    const startedAt: number[] = [];
    const taken: number[] = [];
    const run = async (t: BatchTask) => {
      startedAt.push(t.from);
      if (t.from === 0) {
        await sleep(5);
        throw new Error('region r00001: no extent rows');
      }
      await sleep(30);
      return t.from;
    };
    await expect(inOrder<number>(1, tasks, (r) => taken.push(r), run)).rejects.toThrow(/no extent rows/);
    const atFailure = startedAt.length;
    await sleep(200); // the lanes still in flight finish their task …
    expect(startedAt.length).toBe(atFailure); // … and start no other
    expect(atFailure).toBe(2); // one thread: two tasks in flight
    expect(taken).toEqual([]);
  });

  it('without a failure every result is handed over once, in task order', async () => {
    const taken: number[] = [];
    const run = async (t: BatchTask) => {
      await sleep((t.from * 7) % 11); // finish out of order
      return t.from;
    };
    await inOrder<number>(2, tasks, (r) => taken.push(r), run);
    expect(taken).toEqual(tasks.map((t) => t.from));
  });
});
