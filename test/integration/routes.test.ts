import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

/**
 * Routes are private unless they say `public: true` (STYLE.md). This list is the whole
 * public surface: a new public route fails this test until it is added here on purpose.
 */
const PUBLIC_ROUTES = [
  'GET /api/health/live',
  'GET /api/health/ready',
  'GET /api/openapi.json',
  'GET /metrics',
  'POST /api/auth/login',
  'POST /api/auth/verify',
  'POST /api/auth/password/code',
  'POST /api/auth/password',
  'POST /api/auth/logout',
  'GET /api/dev/outbox',
];

describe('the public surface', () => {
  it('lists every public route explicitly (static web files and ID-porten aside)', () => {
    const isWebFile = (url: string) =>
      !url.startsWith('/api/') &&
      !url.startsWith('/auth/') &&
      !url.startsWith('/test-idp') &&
      url !== '/metrics';
    const publicRoutes = t.app.routeTable
      .filter((route) => route.public)
      .filter((route) => !isWebFile(route.url))
      .filter(
        (route) => !route.url.startsWith('/auth/idporten/') && !route.url.startsWith('/test-idp'),
      )
      .map((route) => `${route.method} ${route.url}`);
    expect(publicRoutes.sort()).toEqual([...PUBLIC_ROUTES].sort());
  });

  it('every other /api route answers 401 without a session', async () => {
    const privateRoutes = t.app.routeTable.filter(
      (route) => !route.public && route.url.startsWith('/api/'),
    );
    expect(privateRoutes.length).toBeGreaterThan(5);
    for (const route of privateRoutes) {
      const url = route.url.replace(/:[A-Za-z]+/g, '00000000-0000-4000-8000-000000000000');
      const res = await t.app.inject({
        method: route.method as 'GET',
        url,
        headers: { origin: t.config.publicUrl },
        ...(route.method === 'GET' ? {} : { payload: {} }),
      });
      expect(res.statusCode, `${route.method} ${route.url}`).toBe(401);
    }
  });

  it('every ID-porten and test-provider route is under its own prefix', () => {
    const auth = t.app.routeTable.filter((route) => route.url.startsWith('/auth/'));
    for (const route of auth) expect(route.url.startsWith('/auth/idporten/')).toBe(true);
  });
});
