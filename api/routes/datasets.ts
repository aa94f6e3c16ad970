import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { SIZE_LIMITS, tooLong } from '../../engine/core/limits.ts';
import { DEFAULTS } from '../../models/defaults.ts';
import type { Ctx } from '../context.ts';
import { badField, notFound } from '../problem.ts';
import { getDataset } from '../store/datasets.ts';
import { isWorkbook, type UploadFile } from '../catalogue.ts';

const FileName = z
  .string()
  .max(SIZE_LIMITS.fileNameLength, tooLong(SIZE_LIMITS.fileNameLength))
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'a plain file name (letters, digits, . _ -), no folders');
/**
 * POST /datasets body: the dataset folder as JSON. Text files are sent as text; a file in another
 * encoding can be sent as base64, and is then checked (and refused unless it is UTF-8) like any other.
 */
export const DatasetUpload = z
  .object({
    model: z.string().min(1).default(DEFAULTS.gep.model).describe('the model to validate the dataset against'),
    files: z
      .array(
        z
          .object({
            name: FileName,
            content: z.string(),
            encoding: z.enum(['utf-8', 'base64']).default('utf-8'),
          })
          .strict(),
      )
      .min(1)
      .describe('dataset.yaml and the CSV files it lists, or one .xlsx workbook (base64) holding the dataset'),
  })
  .strict();

/**
 * The rules of an upload, for POST /datasets and the workbench's form (web/routes/datasets.ts) alike: plain file
 * names, each once, a workbook alone, a manifest unless it is a workbook; then the catalogue validates the files
 * as a dataset (every problem at once) and stores them all or nothing.
 */
export async function ingestUpload(ctx: Pick<Ctx, 'catalogue' | 'now'>, files: UploadFile[], model: string) {
  const seen = new Set<string>();
  files.forEach((f, n) => {
    const name = FileName.safeParse(f.name);
    if (!name.success) throw badField(`files.${n}.name`, `${f.name}: ${name.error.issues[0]!.message}`);
    if (seen.has(f.name)) throw badField(`files.${n}.name`, `${f.name} is given twice`);
    seen.add(f.name);
  });
  if (!files.length) throw badField('files', 'no file was uploaded');
  const books = files.filter((f) => isWorkbook(f.name));
  if (books.length && files.length > 1)
    throw badField(
      'files',
      `a workbook is a whole dataset and is uploaded alone (${books[0]!.name} came with ${files.length - 1} other file(s))`,
    );
  if (!books.length && !seen.has('dataset.yaml'))
    throw badField('files', 'a dataset needs its manifest, dataset.yaml (or is one .xlsx workbook)', 'manifest_missing');
  return ctx.catalogue.ingest(files, model, ctx.now());
}

export const datasetRoutes: FastifyPluginAsyncZod<Ctx> = async (app, ctx) => {
  const { store, config } = ctx;
  app.post(
    '/datasets',
    {
      bodyLimit: config.uploadLimit,
      config: { auth: 'key' },
      schema: {
        summary: 'upload a dataset (manifest + CSVs, or one .xlsx workbook), validated against a model; stored all-or-nothing',
        body: DatasetUpload,
      },
    },
    async (req, reply) => {
      const { files, model } = req.body;
      // a workbook comes alone (ingestUpload says so otherwise), and as base64
      if (files.length === 1 && isWorkbook(files[0]!.name) && files[0]!.encoding !== 'base64')
        throw badField('files.0.encoding', 'a workbook is binary: send its content as base64');
      const { id, created } = await ingestUpload(
        ctx,
        files.map((f) => ({ name: f.name, bytes: Buffer.from(f.content, f.encoding === 'base64' ? 'base64' : 'utf8') })),
        model,
      );
      req.auditSubject = id;
      const d = await getDataset(store.db, id);
      return reply
        .code(created ? 201 : 200)
        .header('location', `/datasets/${id}`)
        .send(d);
    },
  );

  app.get(
    '/datasets/:id',
    {
      config: { auth: 'read' },
      schema: { summary: 'a stored dataset (by id, or the latest with that manifest id)', params: z.object({ id: z.string() }) },
    },
    async (req) => {
      const d = await getDataset(store.db, req.params.id);
      if (!d) throw notFound(`dataset "${req.params.id}"`, 'id');
      return d;
    },
  );
};
