import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Ctx } from '../context.ts';
import { auditLog } from '../store/audit.ts';

/** GET /audit: the latest successful writes (who, what, when). It always needs a key, even when reads are open. */
export const auditRoutes: FastifyPluginAsyncZod<Ctx> = async (app, { store }) => {
  app.get(
    '/audit',
    {
      config: { auth: 'key' },
      schema: {
        summary: 'the audit log of writes, newest first (needs a key)',
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(1000).default(100) }).strict(),
      },
    },
    async (req) => ({ items: await auditLog(store.db, req.query.limit) }),
  );
};
