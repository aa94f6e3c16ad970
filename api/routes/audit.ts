import { z } from 'zod';
import type { Ctx, ZApp } from '../app.ts';
import { Problem } from '../problem.ts';
import { auditLog } from '../store/audit.ts';

/** GET /audit: the latest successful writes (who, what, when). It always needs a key, even when reads are open. */
export function registerAuditRoutes(app: ZApp, { store }: Ctx): void {
  app.get(
    '/audit',
    {
      schema: {
        summary: 'the audit log of writes, newest first (needs a key)',
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(1000).default(100) }).strict(),
        security: [{ apiKey: [] }],
      },
    },
    async (req) => {
      if (!req.keyId)
        throw new Problem(401, 'Unauthorized', 'the audit log needs an API key', [{ field: 'authorization', message: 'missing' }], {
          'www-authenticate': 'Bearer realm="gep-ledger"',
        });
      return { items: await auditLog(store.db, req.query.limit) };
    },
  );
}
