import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('starting ID-porten logins', () => {
  it('is throttled per address, since each start stores state until it ends', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 61; i++) {
      const res = await t.app.inject({ url: '/auth/idporten/login', remoteAddress: '10.7.0.1' });
      statuses.push(res.statusCode);
    }
    expect(statuses.slice(0, 60).every((status) => status === 302)).toBe(true);
    expect(statuses[60]).toBe(429);
    const elsewhere = await t.app.inject({
      url: '/auth/idporten/login',
      remoteAddress: '10.7.0.2',
    });
    expect(elsewhere.statusCode).toBe(302);
  });
});
