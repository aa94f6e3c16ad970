import { rmSync } from 'node:fs';
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { serve } from '../../api/server.ts';
import { openStore } from '../../api/store/db.ts';
import { testApi } from '../helpers/api.ts';

/** Send raw bytes on one connection and collect everything the server answers until it closes the connection. */
function raw(port: number, chunks: (string | (() => Promise<string>))[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let got = '';
    socket.on('data', (d) => {
      got += d;
    });
    socket.on('error', reject);
    socket.on('close', () => resolve(got));
    socket.on('connect', async () => {
      for (const c of chunks) socket.write(typeof c === 'string' ? c : await c());
    });
  });
}
const bodyOf = (response: string) => JSON.parse(response.slice(response.indexOf('\r\n\r\n') + 4));

describe('api/server.ts listens; the app answers the refusals Node and Fastify make as problem+json', () => {
  it('serve() listens on the port asked, answers, and closes (the store it opened with it)', async () => {
    const store = await openStore({ file: ':memory:', url: '' });
    const s = await serve({ host: '127.0.0.1', port: 0, store, config: { runWorkers: 0 } });
    try {
      expect(s.address).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(await (await fetch(`${s.address}/health`)).json()).toMatchObject({ status: 'ok', store: 'sqlite' });
    } finally {
      await s.close();
      await store.close();
    }
  });

  it('a signal closes the server gracefully, then exits 0', async () => {
    const store = await openStore({ file: ':memory:', url: '' });
    const lines: string[] = [];
    const exited = new Promise<number>((exit) => {
      void serve({
        host: '127.0.0.1',
        port: 0,
        store,
        config: { runWorkers: 0 },
        signals: ['SIGUSR2'],
        say: (l) => lines.push(l),
        exit,
      }).then(() => process.emit('SIGUSR2', 'SIGUSR2'));
    });
    expect(await exited).toBe(0);
    expect(lines).toEqual(['gep serve: SIGUSR2: finishing the run in progress, then stopping']);
    expect(process.listenerCount('SIGUSR2')).toBe(0);
    await store.close();
  });

  it('431: headers larger than Node takes answer problem+json (Fastify answered plain JSON)', async () => {
    const t = await testApi();
    try {
      await t.app.listen({ host: '127.0.0.1', port: 0 });
      const { port } = t.app.server.address() as { port: number };
      const res = await raw(port, [`GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(64 * 1024)}\r\n\r\n`]);
      expect(res).toMatch(/^HTTP\/1\.1 431 /);
      expect(res).toContain('Content-Type: application/problem+json');
      expect(bodyOf(res)).toMatchObject({ status: 431, code: 'headers_too_large', title: 'Request header fields too large' });
    } finally {
      await t.close();
    }
  });

  it('503: a request arriving while the server closes (on a kept-alive connection) is told to come back, as problem+json', async () => {
    const t = await testApi();
    let started!: () => void;
    const inHandler = new Promise<void>((r) => {
      started = r;
    });
    let release!: () => void;
    t.app.get('/slow', { config: { auth: 'open' } }, async () => {
      started();
      await new Promise<void>((r) => {
        release = r;
      });
      return { slow: true };
    });
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = t.app.server.address() as { port: number };
    let closed: Promise<void> | undefined;
    const res = await raw(port, [
      'GET /slow HTTP/1.1\r\nHost: x\r\n\r\n',
      async () => {
        await inHandler; // the connection is busy, so closing keeps it open
        closed = t.app.close();
        setTimeout(() => release(), 100);
        return 'GET /health HTTP/1.1\r\nHost: x\r\n\r\n';
      },
    ]);
    await closed;
    await t.store.close();
    rmSync(t.dir, { recursive: true, force: true });
    const [first, second] = res.split(/(?=HTTP\/1\.1 )/);
    expect(first).toMatch(/^HTTP\/1\.1 200 /);
    expect(second).toMatch(/^HTTP\/1\.1 503 /);
    expect(second).toMatch(/retry-after: 5/i);
    expect(bodyOf(second!)).toMatchObject({ status: 503, code: 'shutting_down', detail: 'the server is shutting down' });
  });
});
