import type { FastifyPluginAsync } from 'fastify';
import YAML from 'yaml';
import type { UploadFile } from '../../api/catalogue.ts';
import type { Ctx } from '../../api/context.ts';
import { Problem } from '../../api/problem.ts';
import { ingestUpload } from '../../api/routes/datasets.ts';
import { getDataset, listDatasets } from '../../api/store/datasets.ts';
import { DEFAULTS } from '../../models/defaults.ts';
import { langOf, sayer } from '../i18n.ts';
import { page } from '../layout.ts';
import { DATA_LABELS } from '../labels/data.ts';
import { datasetCard, datasetTable, uploadForm } from '../views/dataset-list.ts';
import { keyedLoad } from '../views/run-common.ts';
import { modelChoices } from '../views/run-form.ts';

/** A folder chosen with webkitdirectory names its files folder/dataset.yaml: the file is known by its own name. */
export const baseName = (name: string): string => name.split(/[\\/]/).pop() ?? name;

/**
 * A folder holds more than a dataset (a README, notes): what the manifest does not list is left out, and said so.
 * When the manifest cannot be read, everything goes to the checks, which say what is wrong with it.
 */
export function listedOnly(files: UploadFile[]): { files: UploadFile[]; ignored: string[] } {
  const manifest = files.find((f) => f.name === 'dataset.yaml');
  if (!manifest) return { files, ignored: [] };
  let listed: unknown;
  try {
    listed = (YAML.parse(manifest.bytes.toString('utf8')) as { files?: unknown } | null)?.files;
  } catch {
    return { files, ignored: [] };
  }
  if (!listed || typeof listed !== 'object') return { files, ignored: [] };
  const keep = new Set(['dataset.yaml', ...Object.values(listed as Record<string, unknown>).map(String)]);
  return { files: files.filter((f) => keep.has(f.name)), ignored: files.filter((f) => !keep.has(f.name)).map((f) => f.name) };
}

/** GET /ui/datasets (the page), GET /ui/datasets/list (the stored datasets), POST /ui/datasets (an upload). */
export const datasetPages: FastifyPluginAsync<Ctx> = async (app, ctx) => {
  const title = (ref: string, lang: 'zh' | 'en') => {
    try {
      return ctx.catalogue.model(ref).title[lang];
    } catch {
      return ref; // a model this server no longer has: its ref
    }
  };

  app.get('/ui/datasets', { config: { auth: 'open' } }, async (req, reply) => {
    const lang = langOf(req);
    const L = sayer(DATA_LABELS, lang);
    const body = `${keyedLoad('/ui/datasets/list', lang, 'dataset-list', ['gep:datasets'])}
${uploadForm(modelChoices(ctx.catalogue, lang), DEFAULTS.gep.model, lang)}`;
    return reply
      .type('text/html; charset=utf-8')
      .send(page({ lang, title: L('datasets_title'), active: 'datasets', body, path: '/ui/datasets' }));
  });

  app.get('/ui/datasets/list', { config: { auth: 'read' } }, async (req, reply) => {
    const lang = langOf(req);
    const rows = await listDatasets(ctx.store.db);
    return reply.type('text/html; charset=utf-8').send(datasetTable(rows, lang, (ref) => title(ref, lang)));
  });

  app.post('/ui/datasets', { config: { auth: 'key' } }, async (req, reply) => {
    const lang = langOf(req);
    let model: string = DEFAULTS.gep.model;
    const files: UploadFile[] = [];
    let size = 0;
    for await (const part of req.parts()) {
      if (part.type === 'file') {
        const bytes = await part.toBuffer();
        // the upload limit bounds the whole upload, as the body limit of POST /datasets does (each file alone is
        // held to it by @fastify/multipart): 200 files of just under the limit are not 200 times the limit in memory
        size += bytes.length;
        if (size > ctx.config.uploadLimit) throw new Problem('body_too_large');
        if (part.filename) files.push({ name: baseName(part.filename), bytes }); // an input left empty sends a nameless part
      } else if (part.fieldname === 'model' && typeof part.value === 'string' && part.value) model = part.value;
    }
    const { files: listed, ignored } = listedOnly(files);
    const { id, created } = await ingestUpload(ctx, listed, model);
    req.auditSubject = id;
    const d = (await getDataset(ctx.store.db, id))!;
    return reply
      .code(created ? 201 : 200)
      .header('hx-trigger', 'gep:datasets') // the list on the page loads again
      .type('text/html; charset=utf-8')
      .send(datasetCard({ ...d, model: d.model }, created, ignored, lang, title(d.model, lang)));
  });
};
