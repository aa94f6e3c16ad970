import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { IssuesError, type Issue } from '../engine/core/errors.ts';

/** One thing wrong with a request: the field (dotted path in the body/query, or the uploaded file's column), and why. */
export interface FieldError {
  field: string;
  message: string;
  code?: string;
  file?: string;
  row?: number;
  column?: string;
  path?: string;
}

/** RFC 9457 problem details; `errors` lists every field that is wrong. */
export class Problem extends Error {
  constructor(
    public readonly status: number,
    public readonly title: string,
    public readonly detail?: string,
    public readonly errors?: FieldError[],
    public readonly headers: Record<string, string> = {},
  ) {
    super(detail ?? title);
  }
}

export const notFound = (what: string, field?: string) =>
  new Problem(404, 'Not found', `${what} does not exist`, field ? [{ field, message: `${what} does not exist` }] : undefined);
const TITLES: Record<number, string> = { 404: 'Not found', 409: 'Conflict', 422: 'Unprocessable input' };
export const badField = (field: string, message: string, status = 400) =>
  new Problem(status, TITLES[status] ?? 'Bad request', message, [{ field, message }]);

const TYPE = 'urn:gep-ledger:problem'; // a stable identifier per kind of problem (not a page to fetch)

export function sendProblem(reply: FastifyReply, req: FastifyRequest, p: Problem) {
  const slug = p.title.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  return reply
    .code(p.status)
    .headers(p.headers)
    .type('application/problem+json')
    .send({
      type: `${TYPE}:${slug}`,
      title: p.title,
      status: p.status,
      ...(p.detail ? { detail: p.detail } : {}),
      instance: req.url,
      ...(p.errors ? { errors: p.errors } : {}),
    });
}

export function issueErrors(issues: Issue[], field = (i: Issue) => i.column ?? i.path ?? i.file ?? ''): FieldError[] {
  return issues.map((i) => ({
    field: field(i),
    message: i.message,
    code: i.code,
    ...(i.file ? { file: i.file } : {}),
    ...(i.row !== undefined ? { row: i.row } : {}),
    ...(i.column ? { column: i.column } : {}),
    ...(i.path ? { path: i.path } : {}),
  }));
}

/**
 * Every error becomes problem+json. Validation errors name the field; IssuesError (bad model, dataset or
 * run options) lists every issue; anything unexpected is logged with its stack and answered with a bare 500.
 */
export function toProblem(err: unknown, log?: { error(o: object, msg: string): void }): Problem {
  if (err instanceof Problem) return err;
  if (hasZodFastifySchemaValidationErrors(err)) {
    const where = (err as { validationContext?: string }).validationContext ?? 'body';
    return new Problem(
      400,
      'Bad request',
      `the ${where} is not valid`,
      err.validation.map((v) => ({
        field: [where, ...v.instancePath.split('/').filter(Boolean)].join('.'),
        message: v.message ?? 'invalid',
        code: v.keyword,
      })),
    );
  }
  if (err instanceof IssuesError) {
    return new Problem(
      422,
      'Unprocessable input',
      `${err.issues.length} problem${err.issues.length === 1 ? '' : 's'} in the ${err.kind}`,
      issueErrors(err.issues),
    );
  }
  const fe = err as FastifyError;
  if (fe && typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    const title = fe.statusCode === 413 ? 'Payload too large' : fe.statusCode === 415 ? 'Unsupported media type' : 'Bad request';
    return new Problem(
      fe.statusCode,
      title,
      fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE' ? 'the body is larger than this route accepts; nothing was stored' : fe.message,
    );
  }
  log?.error({ err }, 'unexpected error');
  return new Problem(500, 'Internal server error', 'the server could not answer; the error is in its log');
}
