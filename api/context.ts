import type { Catalogue } from './catalogue.ts';
import type { ApiConfig } from './config.ts';
import type { PageCache } from './page-cache.ts';
import type { RunService } from './runs.ts';
import type { Store } from './store/db.ts';

/**
 * What the route plugins share; each route group (api/routes/*.ts) is registered with it as its options. In a
 * file of its own so that the routes do not import api/app.ts, which imports them (no import cycle).
 */
export interface Ctx {
  store: Store;
  catalogue: Catalogue;
  runs: RunService;
  config: ApiConfig;
  now: () => string;
  /** Serialised result pages of done runs (api/page-cache.ts), shared by the routes that serve them. */
  pages: PageCache;
}
