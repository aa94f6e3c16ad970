import type { FastifyInstance } from 'fastify';
import { Problem } from './problem.ts';

/** JSON bodies must be UTF-8 (RFC 8259): refuse other bytes instead of decoding them into U+FFFD. */
export function useUtf8Json(app: FastifyInstance): void {
  // No route reads plain text: a text/plain body is a media type the API does not take (415), as application/xml is.
  app.removeContentTypeParser('text/plain');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_req, body: Buffer, done) => {
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(body);
    } catch {
      const message = 'not UTF-8: send text files as UTF-8 or base64-encode them (encoding: "base64")';
      return done(
        new Problem('request_invalid', 'the body is not UTF-8 text', [{ field: 'body', message, code: 'request_invalid' }]),
        undefined,
      );
    }
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch (e) {
      done(
        new Problem('request_invalid', `the body is not valid JSON: ${(e as Error).message}`, [
          { field: 'body', message: 'not valid JSON', code: 'request_invalid' },
        ]),
        undefined,
      );
    }
  });
}
