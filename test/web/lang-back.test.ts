import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApi, testApi } from '../helpers/api.ts';

let api: TestApi;
beforeAll(async () => {
  api = await testApi();
});
afterAll(() => api.close());

describe('GET /ui/lang/:lang?back=: the language switch goes back to a path on this server, whatever back holds', () => {
  const back = async (b: string) => {
    const r = await api.app.inject({ url: `/ui/lang/en?back=${encodeURIComponent(b)}` });
    return { status: r.statusCode, location: r.headers.location, body: r.body };
  };

  it('never to another site: //host, /\\host, a scheme, a tab or newline that browsers strip', async () => {
    for (const b of [
      '//evil.example',
      '/\\evil.example',
      '\\\\evil.example',
      'https://evil.example',
      'javascript:alert(1)',
      '/\t/evil.example',
      '/\n/evil.example',
      ' //evil.example',
    ])
      expect(await back(b), JSON.stringify(b)).toEqual({ status: 303, location: '/', body: '' });
    // percent-encoded slashes stay a path of this server (the browser does not decode them into //)
    expect((await back('/%2F%2Fevil.example')).location).toBe('/%2F%2Fevil.example');
  });

  it('a back that is not a header value (non-ASCII, control characters) goes to / instead of a 500', async () => {
    // before: Node refused the Location header (ERR_INVALID_CHAR) and the client got Fastify's bare 500 JSON
    for (const b of ['/中文', '/\u0001', '/a\u007fb', '/\u00e9'])
      expect(await back(b), JSON.stringify(b)).toEqual({ status: 303, location: '/', body: '' });
    // the paths the pages give (req.url, percent-encoded) come back as they were
    expect((await back('/ui/compare?base=a&runs=b,c')).location).toBe('/ui/compare?base=a&runs=b,c');
    expect((await back('/ui/run?dataset=%E4%B8%AD')).location).toBe('/ui/run?dataset=%E4%B8%AD');
  });
});
