import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { type Issue, IssuesError, issuesSummary } from '../engine/core/errors.ts';
import { classOf, type IssueClass, type IssueCode, messageOf } from '../engine/core/issue-codes.ts';
import { clipText, SIZE_LIMITS } from '../engine/core/limits.ts';

/** One thing wrong with a request: the field (dotted path in the body/query, or the uploaded file's column), and why. */
export interface FieldError {
  field: string;
  message: string;
  code: IssueCode;
  file?: string;
  row?: number;
  column?: string;
  /** a workbook's cell, sheet!D12 */
  cell?: string;
  path?: string;
}

/** The one mapping from a class of issue to an HTTP status. */
export const HTTP_STATUS: Record<IssueClass, number> = {
  input: 422,
  request: 400,
  unauthorized: 401,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  unsupported: 415,
  unavailable: 503,
  internal: 500,
};
/** Where HTTP has a more precise status for a code than for its class. */
const CODE_STATUS: Partial<Record<IssueCode, number>> = {
  method_not_allowed: 405,
  request_timeout: 408,
  uri_too_long: 414,
  headers_too_large: 431,
};

export const statusFor = (code: IssueCode): number => CODE_STATUS[code] ?? HTTP_STATUS[classOf(code)];

const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Unauthorized',
  404: 'Not found',
  405: 'Method not allowed',
  408: 'Request timeout',
  409: 'Conflict',
  413: 'Payload too large',
  414: 'URI too long',
  415: 'Unsupported media type',
  422: 'Unprocessable input',
  431: 'Request header fields too large',
  500: 'Internal server error',
  503: 'Service unavailable',
};

/** RFC 9457 problem details: the code decides the status; `errors` lists every field that is wrong. */
export class Problem extends Error {
  readonly status: number;
  readonly title: string;
  constructor(
    public readonly code: IssueCode,
    public readonly detail: string = messageOf(code),
    public readonly errors: FieldError[] = [],
    public readonly headers: Record<string, string> = {},
  ) {
    super(detail);
    this.status = statusFor(code);
    this.title = TITLES[this.status] ?? 'Error';
  }
}

export const notFound = (what: string, field?: string) =>
  new Problem('not_found', `${what} does not exist`, field ? [{ field, message: `${what} does not exist`, code: 'not_found' }] : []);
export const badField = (field: string, message: string, code: IssueCode = 'request_invalid') =>
  new Problem(code, message, [{ field, message, code }]);

const TYPE = 'urn:gep-ledger:problem'; // a stable identifier per kind of problem (not a page to fetch)

/** An error of the answer with each of its strings clipped (a refusal echoes what it refuses, never 100 KB of it). */
const clipError = (e: FieldError): FieldError =>
  Object.fromEntries(Object.entries(e).map(([k, v]) => [k, typeof v === 'string' ? clipText(v) : v])) as unknown as FieldError;

/**
 * The problem+json body (RFC 9457); `instance` is the request's URL when there is one. Sizes are capped
 * (SIZE_LIMITS): every string to problemTextLength, the list to its first problemErrors, and `errors_omitted`
 * counts the rest.
 */
export function problemBody(p: Problem, instance?: string) {
  const slug = p.title.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  const errors = p.errors.slice(0, SIZE_LIMITS.problemErrors).map(clipError);
  return {
    type: `${TYPE}:${slug}`,
    title: p.title,
    status: p.status,
    code: p.code,
    detail: clipText(p.detail),
    ...(instance !== undefined ? { instance: clipText(instance) } : {}),
    ...(errors.length ? { errors } : {}),
    // a long list is cut, and says how much was left out
    ...(p.errors.length > errors.length ? { errors_omitted: p.errors.length - errors.length } : {}),
  };
}

export function sendProblem(reply: FastifyReply, req: FastifyRequest, p: Problem) {
  return reply.code(p.status).headers(p.headers).type('application/problem+json').send(problemBody(p, req.url));
}

export function issueErrors(issues: Issue[], field = (i: Issue) => i.column ?? i.path ?? i.file ?? ''): FieldError[] {
  return issues.map((i) => ({
    field: field(i),
    message: i.message,
    code: i.code,
    ...(i.file ? { file: i.file } : {}),
    ...(i.row !== undefined ? { row: i.row } : {}),
    ...(i.column ? { column: i.column } : {}),
    ...(i.cell ? { cell: i.cell } : {}),
    ...(i.path ? { path: i.path } : {}),
  }));
}

/** When one answer carries issues of several classes, the status is that of the first class here that is present. */
const PRECEDENCE: IssueClass[] = [
  'internal',
  'unavailable',
  'unauthorized',
  'not_found',
  'conflict',
  'too_large',
  'unsupported',
  'request',
  'input',
];
const leadCode = (issues: Issue[]): IssueCode => {
  for (const c of PRECEDENCE) {
    const hit = issues.find((i) => classOf(i.code) === c);
    if (hit) return hit.code;
  }
  return 'schema_invalid'; // an IssuesError without issues: still a refusal of the input
};

/** The code of a refusal Fastify makes itself (before or around a route), by its status. */
const FASTIFY_CODES: Record<number, IssueCode> = {
  413: 'body_too_large',
  414: 'uri_too_long',
  415: 'media_type_unsupported',
  431: 'headers_too_large',
};
export const fastifyCode = (status: number): IssueCode => FASTIFY_CODES[status] ?? 'request_invalid';

/**
 * Every error becomes problem+json. Validation errors name the field; IssuesError (bad model, dataset or
 * run options) lists every issue; anything unexpected is logged with its stack and answered with a bare 500.
 */
export function toProblem(err: unknown, log?: { error(o: object, msg: string): void }): Problem {
  if (err instanceof Problem) return err;
  if (hasZodFastifySchemaValidationErrors(err)) {
    const where = (err as { validationContext?: string }).validationContext ?? 'body';
    return new Problem(
      'request_invalid',
      `the ${where} is not valid`,
      err.validation.map((v) => ({
        field: [where, ...v.instancePath.split('/').filter(Boolean)].join('.'),
        message: v.message ?? 'invalid',
        code: 'request_invalid',
      })),
    );
  }
  if (err instanceof IssuesError) {
    return new Problem(leadCode(err.issues), issuesSummary(err.kind, err.issues.length), issueErrors(err.issues));
  }
  const fe = err as FastifyError;
  if (fe && typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    const code = fastifyCode(fe.statusCode);
    return new Problem(code, code === 'body_too_large' ? messageOf(code) : fe.message.replace(/^FST_\w+:?\s*/, ''));
  }
  log?.error({ err }, 'unexpected error');
  return new Problem('internal');
}
