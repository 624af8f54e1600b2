import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, productionEnv, type TestApp } from '../helpers/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ BODY_LIMIT_BYTES: '1000' });
});
afterAll(() => t.close());

describe('health', () => {
  it('live answers ok', async () => {
    const res = await t.app.inject('/api/health/live');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('ready answers ok when the database answers and migrations are applied', async () => {
    const res = await t.app.inject('/api/health/ready');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });
});

describe('errors are problem+json', () => {
  it('unknown API route: 404 problem', async () => {
    const res = await t.app.inject('/api/does-not-exist?x=1');
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ type: 'about:blank', title: 'Not Found', status: 404 });
  });

  it('a body over the limit: 413 problem', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/health/live',
      headers: { 'content-type': 'application/json', origin: t.config.publicUrl },
      payload: JSON.stringify({ filler: 'x'.repeat(5000) }),
    });
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ status: 413, title: 'Content Too Large' });
  });

  it('a __proto__ key: 400 problem', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/health/live',
      headers: { 'content-type': 'application/json', origin: t.config.publicUrl },
      payload: '{"__proto__":{"admin":true}}',
    });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});

describe('security headers', () => {
  it('sends a CSP without inline script, nosniff, referrer policy and no-store on the API', async () => {
    const res = await t.app.inject('/api/health/live');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['cache-control']).toBe('no-store');
    // HSTS only in production, where the app is behind https.
    expect(res.headers['strict-transport-security']).toBeUndefined();
  });

  it('sends HSTS in production', async () => {
    const production = await createTestApp(productionEnv());
    try {
      const res = await production.app.inject('/api/health/live');
      expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    } finally {
      await production.close();
    }
  });
});

describe('request ids and logs', () => {
  it('gives every response a request id and writes one log line per request with it', async () => {
    const before = t.logs.length;
    const res = await t.app.inject({
      url: '/api/health/live?name=Kari%20Nordmann',
      headers: { cookie: 'sid=secret-session', authorization: 'Bearer secret-token' },
    });
    const id = res.headers['x-request-id'];
    expect(typeof id).toBe('string');
    const lines = t.logs.slice(before);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      reqId: id,
      route: '/api/health/live',
      status: 200,
      method: 'GET',
    });
    const text = JSON.stringify(lines);
    expect(text).not.toContain('Kari');
    expect(text).not.toContain('secret-session');
    expect(text).not.toContain('secret-token');
  });

  it('keeps a well-formed incoming request id and replaces a hostile one', async () => {
    const kept = await t.app.inject({
      url: '/api/health/live',
      headers: { 'x-request-id': 'abc12345-trace' },
    });
    expect(kept.headers['x-request-id']).toBe('abc12345-trace');
    const replaced = await t.app.inject({
      url: '/api/health/live',
      headers: { 'x-request-id': 'evil\nline injected' },
    });
    expect(replaced.headers['x-request-id']).not.toContain('evil');
  });
});

describe('metrics', () => {
  it('counts requests by route template and reports event-loop lag, with no personal data', async () => {
    await t.app.inject('/api/health/live?fnr=01010112345');
    const res = await t.app.inject('/metrics');
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatch(
      /http_requests_total\{method="GET",route="\/api\/health\/live",status="200"\} \d+/,
    );
    expect(res.body).toContain('http_request_duration_seconds_bucket');
    expect(res.body).toContain('nodejs_eventloop_lag_seconds');
    expect(res.body).not.toContain('01010112345');
  });
});

describe('OpenAPI', () => {
  it('is generated from the route schemas', async () => {
    const res = await t.app.inject('/api/openapi.json');
    expect(res.statusCode).toBe(200);
    const doc = res.json() as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.paths).toHaveProperty('/api/health/live');
    expect(doc.paths).toHaveProperty('/api/health/ready');
  });
});
