import type { FastifyInstance } from 'fastify';

/** The part of fetch's options that openid-client, jose and oidc-provider pass. */
export type FetchInit = {
  method?: string;
  headers?: ConstructorParameters<typeof Headers>[0];
  body?: unknown;
};

export type FetchFunction = (url: string, init?: FetchInit) => Promise<Response>;

type InjectMethod = 'GET' | 'POST' | 'HEAD' | 'OPTIONS';
const METHODS = new Set<string>(['GET', 'POST', 'HEAD', 'OPTIONS']);

/**
 * A fetch that answers from the same Fastify app through `app.inject()`, for the built-in
 * test ID-porten: the client and the provider talk HTTP to each other without a listening
 * socket (tests, and a server behind a proxy that cannot reach its own public address).
 * Only URLs on `origin` are served; anything else is refused, never sent to the network.
 */
export function injectFetch(app: FastifyInstance, origin: string): FetchFunction {
  return async (url, init = {}) => {
    const target = new URL(url);
    if (target.origin !== origin) throw new TypeError(`injectFetch serves ${origin} only`);
    const method = (init.method ?? 'GET').toUpperCase();
    if (!METHODS.has(method)) throw new TypeError(`injectFetch does not send ${method}`);
    const res = await app.inject({
      method: method as InjectMethod,
      url: target.href,
      headers: headersObject(new Headers(init.headers)),
      ...(init.body === undefined || init.body === null ? {} : { payload: payloadOf(init.body) }),
    });
    const headers = new Headers();
    for (const [name, value] of Object.entries(res.headers)) {
      if (value === undefined) continue;
      for (const one of Array.isArray(value) ? value : [String(value)]) headers.append(name, one);
    }
    const empty = method === 'HEAD' || [101, 204, 205, 304].includes(res.statusCode);
    return new Response(empty ? null : new Uint8Array(res.rawPayload), {
      status: res.statusCode,
      headers,
    });
  };
}

function payloadOf(body: unknown): string | Buffer {
  if (typeof body === 'string') return body;
  if (body instanceof URLSearchParams) return body.toString();
  if (body instanceof Uint8Array) return Buffer.from(body);
  if (body instanceof ArrayBuffer) return Buffer.from(body);
  throw new TypeError('injectFetch: unsupported request body');
}

/** Headers as a plain object (forEach: the one iteration every Headers typing has). */
function headersObject(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, name) => {
    out[name] = value;
  });
  return out;
}
