import type { FastifyInstance } from 'fastify';

/**
 * The methods each route path takes, recorded as routes are added, so that a known path asked with another
 * method answers 405 with `Allow` (RFC 9110 §15.5.6) instead of a 404 that says the resource is not there.
 * Call before the routes are registered; the function it returns gives the methods of a concrete path.
 */
export function recordRouteMethods(app: FastifyInstance): (path: string) => string[] {
  const routes = new Map<string, { pattern: RegExp; methods: Set<string> }>();
  app.addHook('onRoute', (route) => {
    let r = routes.get(route.url);
    if (!r) {
      const source = route.url
        .replace(/[.+?^${}()|[\]\\]/g, '\\$&')
        .replace(/:[A-Za-z0-9_]+/g, '[^/]+')
        .replace(/\*/g, '.*');
      r = { pattern: new RegExp(`^${source}/?$`), methods: new Set() };
      routes.set(route.url, r);
    }
    for (const m of [route.method].flat()) r.methods.add(m);
  });
  return (path) => {
    const methods = new Set<string>();
    for (const r of routes.values()) if (r.pattern.test(path)) for (const m of r.methods) methods.add(m);
    return [...methods].sort();
  };
}
