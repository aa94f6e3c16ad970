import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import YAML from 'yaml';
import { buildApp } from '../../api/app.ts';
import type { ApiConfig } from '../../api/config.ts';
import { openStore, type Store } from '../../api/store/db.ts';
import { createKey } from '../../api/store/keys.ts';
import { DEFAULT_DATASET } from '../../datasets/load.ts';
import { webRoutes } from '../../web/plugin.ts';

export interface TestApi {
  app: FastifyInstance;
  store: Store;
  key: string;
  auth: { authorization: string };
  dir: string;
  close(): Promise<void>;
}

/** An app on a fresh in-memory SQLite store and a temporary data directory, with one API key. */
export async function testApi(config: Partial<ApiConfig> = {}): Promise<TestApi> {
  const dir = mkdtempSync(join(tmpdir(), 'gep-api-'));
  const store = await openStore({ file: ':memory:', url: '' });
  const app = await buildApp({ store, dataDir: dir, config, plugins: [webRoutes] }); // the workbench too, as gep serve
  const { key } = await createKey(store.db, 'test', '2026-11-25T00:00:00.000Z');
  return {
    app,
    store,
    key,
    dir,
    auth: { authorization: `Bearer ${key}` },
    async close() {
      await app.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** dataset.yaml and every file it lists. */
export const SAMPLE_FILES = [
  'dataset.yaml',
  ...Object.values((YAML.parse(readFileSync(join(DEFAULT_DATASET, 'dataset.yaml'), 'utf8')) as { files: Record<string, string> }).files),
];

/** The sample dataset as an upload body, with optional edits per file. */
export function sampleUpload(edit: Record<string, (text: string) => string> = {}) {
  return {
    files: SAMPLE_FILES.map((name) => {
      const text = readFileSync(join(DEFAULT_DATASET, name), 'utf8');
      return { name, content: (edit[name] ?? ((t) => t))(text) };
    }),
  };
}
