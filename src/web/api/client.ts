/** An RFC 9457 problem, as every API error is sent. */
export type Problem = {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: { field: string; message: string; code?: string }[];
};

export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;
  /** Seconds from a 429's `Retry-After` header, when it gave a number. */
  readonly retryAfter: number | null;

  constructor(problem: Problem, retryAfter: number | null = null) {
    super(problem.detail ?? problem.title);
    this.name = 'ApiError';
    this.status = problem.status;
    this.problem = problem;
    this.retryAfter = retryAfter;
  }
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * What the API client tells the rest of the app: the server answered a call made with the
 * session (the server's idle clock moved), or a call that needed a session got 401.
 */
export type ApiEvent = { type: 'activity'; at: number } | { type: 'unauthorized' };

const listeners = new Set<(event: ApiEvent) => void>();
let lastActivity = 0;

export function onApiEvent(listener: (event: ApiEvent) => void): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

/** When the server last answered a call (0: not yet). Its idle clock counts from about then. */
export function lastApiActivity(): number {
  return lastActivity;
}

function emit(event: ApiEvent): void {
  for (const listener of listeners) listener(event);
}

/** Login, logout and the like answer 401 as part of their flow: not a lost session. */
function isAuthFlow(path: string): boolean {
  return path.startsWith('/api/auth/') || path === '/api/me' || path.startsWith('/api/dev/');
}

function isJson(response: Response): boolean {
  const type = response.headers.get('content-type') ?? '';
  return /^application\/(problem\+)?json\b/i.test(type);
}

function isProblem(value: unknown): value is Omit<Problem, 'type'> & { type?: string } {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return typeof record.title === 'string' && typeof record.status === 'number';
}

function retryAfterOf(response: Response): number | null {
  const value = response.headers.get('retry-after');
  if (value === null || !/^\d+$/.test(value.trim())) return null;
  return Number(value);
}

async function toApiError(response: Response): Promise<ApiError> {
  const fallback: Problem = {
    type: 'about:blank',
    title: response.statusText || 'Request failed',
    status: response.status,
  };
  const retryAfter = retryAfterOf(response);
  if (!isJson(response)) return new ApiError(fallback, retryAfter);
  const body: unknown = await response.json().catch(() => null);
  return new ApiError(
    isProblem(body) ? { ...body, type: body.type ?? 'about:blank' } : fallback,
    retryAfter,
  );
}

/**
 * Calls the Samvirke API with the session cookie and JSON in and out.
 * Resolves with the parsed body (undefined for 204); throws ApiError on any non-2xx answer.
 */
export async function request<T>(
  method: Method,
  path: string,
  body?: unknown,
  signal?: AbortSignal,
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'same-origin',
    signal,
  });
  if (response.status === 401) {
    if (!isAuthFlow(path)) emit({ type: 'unauthorized' });
  } else if (!path.startsWith('/api/auth/logout')) {
    lastActivity = Date.now();
    emit({ type: 'activity', at: lastActivity });
  }
  if (!response.ok) throw await toApiError(response);
  if (response.status === 204) return undefined as T;
  if (!isJson(response)) {
    throw new ApiError({
      type: 'about:blank',
      title: 'Unexpected response',
      status: response.status,
      detail: `Expected JSON from ${method} ${path}`,
    });
  }
  return (await response.json()) as T;
}

export const api = {
  get: <T>(path: string, signal?: AbortSignal) => request<T>('GET', path, undefined, signal),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, body),
  put: <T>(path: string, body?: unknown) => request<T>('PUT', path, body),
  patch: <T>(path: string, body?: unknown) => request<T>('PATCH', path, body),
  delete: <T = void>(path: string) => request<T>('DELETE', path),
};

/** The reason codes of a 400's field errors (e.g. `too-short`), by field. */
export function fieldCodesOf(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError) || error.status !== 400) return {};
  return Object.fromEntries(
    (error.problem.errors ?? []).flatMap((e) => (e.code ? [[e.field, e.code]] : [])),
  );
}

/** The field errors of a 400, as a map from field name to the server's message. */
export function fieldErrorsOf(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError) || error.status !== 400) return {};
  return Object.fromEntries((error.problem.errors ?? []).map((e) => [e.field, e.message]));
}
