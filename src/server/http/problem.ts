import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';

/** RFC 9457 problem details, the shape of every error the API returns. */
/** `code`, where present, is a stable machine-readable reason the web app translates. */
export type FieldError = { field: string; message: string; code?: string };
export type Problem = {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: FieldError[];
};

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  408: 'Request Timeout',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** An error a service throws on purpose; becomes a problem+json reply. */
export class HttpProblem extends Error {
  readonly status: number;
  readonly errors: FieldError[] | undefined;
  readonly detail: string | undefined;
  readonly headers: Record<string, string>;
  constructor(
    status: number,
    options: {
      detail?: string;
      errors?: FieldError[];
      headers?: Record<string, string>;
      cause?: unknown;
    } = {},
  ) {
    super(options.detail ?? TITLES[status] ?? `HTTP ${status}`, { cause: options.cause });
    this.status = status;
    this.detail = options.detail;
    this.errors = options.errors;
    this.headers = options.headers ?? {};
  }
}

export const notFound = (detail?: string) => new HttpProblem(404, detail ? { detail } : {});
export const forbidden = (detail?: string) => new HttpProblem(403, detail ? { detail } : {});
export const badRequest = (errors: FieldError[], detail = 'The request has invalid fields') =>
  new HttpProblem(400, { detail, errors });

export function problemOf(status: number, extra: Partial<Problem> = {}): Problem {
  return {
    type: status === 400 && extra.errors ? '/problems/validation' : 'about:blank',
    title: TITLES[status] ?? 'Error',
    status,
    ...extra,
  };
}

export function sendProblem(reply: FastifyReply, problem: Problem): FastifyReply {
  return reply.code(problem.status).type('application/problem+json; charset=utf-8').send(problem);
}

function fieldName(path: string, context: string | undefined): string {
  const field = path.replace(/^\//, '').split('/').filter(Boolean).join('.');
  return field || context || 'body';
}

/** Maps the schema validator's output to `errors: [{ field, message }]`. */
function validationErrors(error: FastifyError): FieldError[] {
  if (hasZodFastifySchemaValidationErrors(error)) {
    return error.validation.flatMap((issue) => {
      const keys = (issue.params as { keys?: unknown }).keys;
      const base = fieldName(issue.instancePath, error.validationContext);
      if (Array.isArray(keys) && keys.length > 0) {
        return keys.map((key) => ({
          field: issue.instancePath === '/' ? String(key) : `${base}.${String(key)}`,
          message: 'is not an allowed field',
        }));
      }
      return [{ field: base, message: issue.message ?? 'is invalid' }];
    });
  }
  return (error.validation ?? []).map((issue) => ({
    field: fieldName(issue.instancePath, error.validationContext),
    message: issue.message ?? 'is invalid',
  }));
}

export function registerProblemHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    if (error instanceof HttpProblem) {
      if (error.status >= 500) request.log.error({ err: error.cause ?? error }, 'request failed');
      reply.headers(error.headers);
      return sendProblem(
        reply,
        problemOf(error.status, {
          ...(error.detail ? { detail: error.detail } : {}),
          ...(error.errors ? { errors: error.errors } : {}),
        }),
      );
    }
    if (error.validation) {
      return sendProblem(
        reply,
        problemOf(400, {
          detail: 'The request has invalid fields',
          errors: validationErrors(error),
        }),
      );
    }
    const status = typeof error.statusCode === 'number' ? error.statusCode : 500;
    if (status >= 400 && status < 500) {
      // Fastify's own client errors (bad JSON, body too large, prototype poisoning, …).
      return sendProblem(reply, problemOf(status, { detail: clientErrorDetail(error) }));
    }
    request.log.error({ err: error }, 'request failed');
    const unavailable = isDatabaseUnavailable(error);
    return sendProblem(
      reply,
      problemOf(unavailable ? 503 : 500, {
        detail: unavailable
          ? 'The service is briefly unavailable; try again'
          : 'Something went wrong on our side',
      }),
    );
  });
}

function clientErrorDetail(error: FastifyError): string {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'The request body is too large';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'Send application/json';
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return 'The JSON body is empty';
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return 'The body is not valid JSON';
    default:
      // Fastify's messages name no user data; they describe the protocol problem.
      return error.message;
  }
}

/** Connection-level database failures become 503, not 500: the client may retry. */
function isDatabaseUnavailable(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return (
    code === 'ECONNREFUSED' ||
    code === 'ECONNRESET' ||
    code === '57P01' ||
    code === '57P03' ||
    code === '08006' ||
    code === '08003' ||
    (error instanceof Error && /Connection terminated|PGlite is closed/i.test(error.message))
  );
}
