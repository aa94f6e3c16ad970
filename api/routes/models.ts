import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { listModels } from '../../models/load.ts';
import type { CompiledModel } from '../../engine/model/types.ts';
import type { Ctx } from '../context.ts';
import { notFound } from '../problem.ts';
import { coefficientHistory } from '../store/models.ts';

/** What the list and a model's own page both say of a model. */
const modelHead = (m: CompiledModel) => ({
  id: m.id,
  version: m.version,
  ref: m.ref,
  status: m.status,
  kind: m.kind,
  title: m.title,
  hash: m.hash,
});

/** GET /models, /models/:id (indicators, formulas, units), /models/:id/coefficients/:name (value history with sources). */
export const modelRoutes: FastifyPluginAsyncZod<Ctx> = async (app, { catalogue, store }) => {
  app.get('/models', { config: { auth: 'read' }, schema: { summary: 'the coefficient models this server runs' } }, async () => ({
    items: listModels().map((id) => {
      const m = catalogue.model(id);
      return {
        ...modelHead(m),
        services: m.services.length,
        links: { self: `/models/${m.id}` },
      };
    }),
  }));

  app.get(
    '/models/:id',
    {
      config: { auth: 'read' },
      schema: {
        summary: 'a model: services, indicators with formulas and units, inputs, coefficients',
        params: z.object({ id: z.string() }),
      },
    },
    async (req) => {
      const m = catalogue.model(req.params.id);
      const unit = (id: string) => m.indicatorById.get(id)!.unit.text;
      return {
        ...modelHead(m),
        description: m.description,
        sources: m.sources,
        categories: m.categories,
        services: m.services.map((s) => ({
          id: s.id,
          category: s.category,
          label: s.label,
          method: s.method,
          flow: s.flow,
          physical: { indicator: s.physical, unit: unit(s.physical), formula: m.indicatorById.get(s.physical)!.formula },
          money: { indicator: s.money, unit: unit(s.money), formula: m.indicatorById.get(s.money)!.formula },
          parts: s.parts.map((p) => ({ indicator: p, unit: unit(p), formula: m.indicatorById.get(p)!.formula })),
        })),
        indicators: m.indicators.map((i) => ({
          id: i.id,
          label: i.label,
          unit: i.unit.text,
          account: i.account,
          formula: i.formula,
          over: i.over.map((o) => o.dim.name),
          reads: { indicators: i.deps, inputs: i.inputs, coefficients: i.coefficients },
        })),
        inputs: [...m.inputs.values()].map((i) => ({
          name: i.name,
          label: i.label,
          unit: i.unit.text,
          dims: i.dims.map((d) => d.name),
          table: i.table,
          optional: i.optional,
        })),
        coefficients: [...m.coefficients.values()].map((c) => ({
          name: c.name,
          label: c.label,
          unit: c.unit.text,
          dims: c.dims.map((d) => d.name),
          entries: c.entries.length,
          links: { history: `/models/${m.id}/coefficients/${c.name}` },
        })),
      };
    },
  );

  app.get(
    '/models/:id/coefficients/:name',
    {
      config: { auth: 'read' },
      schema: { summary: 'every dated entry of a coefficient, with its source', params: z.object({ id: z.string(), name: z.string() }) },
    },
    async (req) => {
      const m = catalogue.model(req.params.id);
      const entries = await coefficientHistory(store.db, m.ref, req.params.name);
      if (!entries.length) throw notFound(`coefficient "${req.params.name}" of ${m.ref}`, 'name');
      return {
        model: m.ref,
        name: req.params.name,
        label: entries[0]!.label,
        unit: entries[0]!.unit,
        dims: entries[0]!.dims,
        entries: entries.map(({ label: _l, unit: _u, dims: _d, ...e }) => e),
      };
    },
  );
};
