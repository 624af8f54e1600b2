import cookie from '@fastify/cookie';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setSessionCookie } from '../../src/server/auth/sessions.ts';
import { DEMO_IDS, loadDemoData } from '../../src/server/modules/training/demo-data.ts';
import { createTestApp, productionEnv, type TestApp, testConfig } from '../helpers/app.ts';
import { get, login, outboxFor, post, waitForCode } from '../helpers/auth.ts';

let t: TestApp;
let ip = 20;
const freshIp = () => `10.0.1.${ip++}`;

beforeAll(async () => {
  t = await createTestApp();
  await loadDemoData(t.db, t.config);
});
afterAll(() => t.close());

async function sessionCount(personId: string): Promise<number> {
  const [row] = await t.db.query<{ n: number }>(
    'select count(*)::int as n from sessions where person_id = $1 and ended_at is null',
    [personId],
  );
  return row?.n ?? 0;
}

describe('sessions', () => {
  it('S1: every login gets a new session id; a cookie chosen by someone else is never adopted', async () => {
    const planted = 'samvirke_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
    const first = await login(t, 'ola.planeier', { ip: freshIp() });
    const second = await login(t, 'ola.planeier', { ip: freshIp() });
    expect(first.cookie).not.toBe(second.cookie);
    expect(first.cookie).not.toBe(planted);
    expect((await get(t, '/api/me', planted)).statusCode).toBe(401);
    // Only a hash of the token is stored.
    const token = first.cookie.split('=')[1] ?? '';
    const rows = await t.db.query('select 1 from sessions where id_hash = $1', [token]);
    expect(rows).toHaveLength(0);
  });

  it('S2: a session idle for longer than the idle timeout is refused', async () => {
    const { cookie } = await login(t, 'anne.mor', { ip: freshIp() });
    expect((await get(t, '/api/me', cookie)).statusCode).toBe(200);
    await t.db.query(
      `update sessions set last_seen_at = now() - interval '31 minutes' where person_id = $1 and ended_at is null`,
      [DEMO_IDS.anne],
    );
    const res = await get(t, '/api/me', cookie);
    expect(res.statusCode).toBe(401);
    // The refused cookie is cleared in the browser too.
    expect(res.cookies.find((c) => c.name === 'samvirke_session')?.value).toBe('');
  });

  it('S2: use within the idle timeout keeps the session alive', async () => {
    const { cookie } = await login(t, 'per.fysio', { ip: freshIp() });
    await t.db.query(
      `update sessions set last_seen_at = now() - interval '29 minutes' where person_id = $1 and ended_at is null`,
      [DEMO_IDS.per],
    );
    expect((await get(t, '/api/me', cookie)).statusCode).toBe(200);
    const [row] = await t.db.query<{ fresh: boolean }>(
      `select bool_and(last_seen_at > now() - interval '1 minute') as fresh from sessions where person_id = $1 and ended_at is null`,
      [DEMO_IDS.per],
    );
    expect(row?.fresh).toBe(true);
  });

  it('S3: a session past its absolute limit is refused, however active', async () => {
    const { cookie } = await login(t, 'lise.laerer', { ip: freshIp() });
    await t.db.query(
      `update sessions set expires_at = now() - interval '1 second' where person_id = $1`,
      [DEMO_IDS.lise],
    );
    expect((await get(t, '/api/me', cookie)).statusCode).toBe(401);
  });

  it('S3: the absolute limit is 12 hours by default', async () => {
    const { cookie } = await login(t, 'siri.admin', { ip: freshIp() });
    const me = (await get(t, '/api/me', cookie)).json() as {
      session: { expiresAt: string; idleMinutes: number };
    };
    const hours = (Date.parse(me.session.expiresAt) - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(11.9);
    expect(hours).toBeLessThanOrEqual(12);
    expect(me.session.idleMinutes).toBe(30);
  });

  it('S4: a cookie replayed after logout is dead', async () => {
    const { cookie } = await login(t, 'trude.kurs', { ip: freshIp() });
    const out = await post(t, '/api/auth/logout', {}, { cookie });
    expect(out.statusCode).toBe(204);
    expect((await get(t, '/api/me', cookie)).statusCode).toBe(401);
    // Logging out again, or without a session, is harmless.
    expect((await post(t, '/api/auth/logout', {}, { cookie })).statusCode).toBe(204);
  });

  it('S9: logout clears site data; API answers are never cached', async () => {
    const { cookie } = await login(t, 'tor.annenkommune', { ip: freshIp() });
    const me = await get(t, '/api/me', cookie);
    expect(me.headers['cache-control']).toBe('no-store');
    const out = await post(t, '/api/auth/logout', {}, { cookie });
    expect(out.headers['clear-site-data']).toContain('"cookies"');
    expect(out.headers['clear-site-data']).toContain('"storage"');
    expect(out.cookies.find((c) => c.name === 'samvirke_session')?.value).toBe('');
  });

  it('logs out everywhere: every session of the person ends', async () => {
    const one = await login(t, 'kari.koordinator', { ip: freshIp() });
    const two = await login(t, 'kari.koordinator', { ip: freshIp() });
    expect(await sessionCount(DEMO_IDS.kari)).toBeGreaterThanOrEqual(2);
    const res = await post(t, '/api/auth/logout-everywhere', {}, { cookie: one.cookie });
    expect(res.statusCode).toBe(204);
    expect((await get(t, '/api/me', two.cookie)).statusCode).toBe(401);
    expect(await sessionCount(DEMO_IDS.kari)).toBe(0);
  });

  it('S7: a deactivated account cannot use its session or log in', async () => {
    const { cookie } = await login(t, 'ola.planeier', { ip: freshIp() });
    await t.db.query(`update people set status = 'deactivated' where id = $1`, [DEMO_IDS.ola]);
    try {
      expect((await get(t, '/api/me', cookie)).statusCode).toBe(401);
      const start = await post(
        t,
        '/api/auth/login',
        { username: 'ola.planeier', password: 'Demo-passord-1' },
        { ip: freshIp() },
      );
      expect(start.statusCode).toBe(200);
      const [row] = await t.db.query<{ code: string | null }>(
        'select code_hash as code from login_challenges where id = $1',
        [start.json().challengeId],
      );
      expect(row?.code).toBeNull();
    } finally {
      await t.db.query(`update people set status = 'active' where id = $1`, [DEMO_IDS.ola]);
    }
  });

  it('S6: a state change without our Origin is refused, and text/plain is not accepted', async () => {
    const { cookie } = await login(t, 'anne.mor', { ip: freshIp() });
    const noOrigin = await t.app.inject({
      method: 'POST',
      url: '/api/auth/logout-everywhere',
      headers: { cookie },
    });
    expect(noOrigin.statusCode).toBe(403);
    const foreign = await t.app.inject({
      method: 'POST',
      url: '/api/auth/logout-everywhere',
      headers: { cookie, origin: 'https://evil.example' },
    });
    expect(foreign.statusCode).toBe(403);
    const textPlain = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { origin: t.config.publicUrl, 'content-type': 'text/plain' },
      payload: '{"username":"anne.mor","password":"Demo-passord-1"}',
    });
    expect(textPlain.statusCode).toBe(415);
    expect((await get(t, '/api/me', cookie)).statusCode).toBe(200);
  });

  it('S5: behind https the cookie is __Host- prefixed, Secure, HttpOnly, SameSite=Lax, Path=/ and has no Domain', async () => {
    const config = testConfig(productionEnv());
    const app = Fastify();
    await app.register(cookie);
    app.get('/set', async (_request, reply) => {
      setSessionCookie(reply, config, 'x'.repeat(43));
      return {};
    });
    const res = await app.inject('/set');
    const header = String(res.headers['set-cookie']);
    expect(header).toMatch(/^__Host-samvirke=x{43};/);
    expect(header).toContain('Secure');
    expect(header).toContain('HttpOnly');
    expect(header).toContain('SameSite=Lax');
    expect(header).toContain('Path=/');
    expect(header).not.toMatch(/Domain=/i);
    await app.close();
  });

  it('S5: on plain-http localhost the cookie is HttpOnly, SameSite=Lax, Path=/, without Domain; never in a body', async () => {
    const ipAddress = freshIp();
    // Counted before asking: the code is sent in the background, after the reply.
    const seen = (await outboxFor(t, 'per.fysio')).length;
    const start = await post(
      t,
      '/api/auth/login',
      { username: 'per.fysio', password: 'Demo-passord-1' },
      { ip: ipAddress },
    );
    const code = await waitForCode(t, 'per.fysio', seen);
    const verify = await post(
      t,
      '/api/auth/verify',
      { challengeId: start.json().challengeId, code },
      { ip: ipAddress },
    );
    expect(verify.statusCode).toBe(200);
    const header = String(verify.headers['set-cookie']);
    expect(header).toMatch(/^samvirke_session=[A-Za-z0-9_-]{43};/);
    expect(header).toContain('HttpOnly');
    expect(header).toContain('SameSite=Lax');
    expect(header).toContain('Path=/');
    expect(header).not.toMatch(/Domain=/i);
    expect(verify.body).not.toContain(header.split(';')[0]?.split('=')[1] ?? 'none');
  });
});

describe('production mode', () => {
  it('the test ID-porten, the outbox and the demo data are absent', async () => {
    const prod = await createTestApp(productionEnv());
    try {
      expect((await prod.app.inject('/api/dev/outbox?to=ola.planeier')).statusCode).toBe(404);
      expect((await prod.app.inject('/test-idp/.well-known/openid-configuration')).statusCode).toBe(
        404,
      );
    } finally {
      await prod.close();
    }
  });

  it('the published demo password never opens an account', async () => {
    const prod = await createTestApp(productionEnv());
    try {
      await loadDemoData(prod.db, prod.config);
      const res = await prod.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        headers: { origin: prod.config.publicUrl },
        payload: { username: 'ola.planeier', password: 'Demo-passord-1' },
      });
      expect(res.statusCode).toBe(200);
      const [row] = await prod.db.query<{ code: string | null }>(
        'select code_hash as code from login_challenges where id = $1',
        [res.json().challengeId],
      );
      expect(row?.code).toBeNull();
    } finally {
      await prod.close();
    }
  });
});
