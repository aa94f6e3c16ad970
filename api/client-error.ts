import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { Problem, problemBody } from './problem.ts';

/**
 * Node refuses some requests before Fastify sees them (headers too large, a request that does not arrive in
 * time, bytes that are not HTTP). They are answered as problem+json too, like every other refusal.
 */
export function clientErrorHandler(err: NodeJS.ErrnoException, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return; // nothing left to answer
  const p =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? new Problem('headers_too_large', 'the request headers are larger than the server accepts')
      : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? new Problem('request_timeout', 'the request did not arrive in time')
        : new Problem('request_invalid', 'the request is not valid HTTP');
  const body = JSON.stringify(problemBody(p));
  if (socket.writable)
    socket.write(
      `HTTP/1.1 ${p.status} ${STATUS_CODES[p.status]}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `Content-Type: application/problem+json\r\nConnection: close\r\n\r\n${body}`,
    );
  socket.destroy(err);
}
