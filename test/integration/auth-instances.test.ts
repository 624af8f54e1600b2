import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppState, buildApp } from '../../src/server/app.ts';
import { openPostgres } from '../../src/server/db/postgres.ts';
import { DEMO_PASSWORD, loadDemoData } from '../../src/server/modules/training/demo-data.ts';
import { createTestApp, logCollector, type TestApp } from '../helpers/app.ts';
import { post, sessionCookieOf, waitForCode } from '../helpers/auth.ts';

/**
 * M5: one-time-code attempt counters live in the database, so two app instances behind a
 * load balancer share them: five misses spread over both kill the attempt on both.
 */

const onPostgres = Boolean(process.env.DATABASE_URL);

describe.skipIf(!onPostgres)(
  'M5 across instances [PostgreSQL only: PGlite is one in-process database, two instances cannot share it]',
  () => {
    let a: TestApp;
    let b: TestApp;
    beforeAll(async () => {
      a = await createTestApp();
      await loadDemoData(a.db, a.config);
      // A second instance on the same database, as behind a load balancer.
      const url = (a.db as { pool?: { options: { connectionString?: string } } }).pool?.options
        .connectionString;
      if (!url) throw new Error('the first instance has no PostgreSQL url');
      const db = openPostgres(url, 3);
      const logs: Record<string, unknown>[] = [];
      const state: AppState = { migrated: true };
      const app = await buildApp({ config: a.config, db, state, logStream: logCollector(logs) });
      await app.ready();
      b = {
        app,
        db,
        config: a.config,
        logs,
        async close() {
          await app.close();
          await db.close();
        },
      };
    });
    afterAll(async () => {
      await b?.close();
      await a?.close();
    });

    it('M5: five wrong codes spread over two instances kill the attempt on both', async () => {
      const ip = '10.9.0.1';
      const start = await post(
        a,
        '/api/auth/login',
        { username: 'anne.mor', password: DEMO_PASSWORD },
        { ip },
      );
      expect(start.statusCode).toBe(200);
      const { challengeId } = start.json() as { challengeId: string };
      const code = await waitForCode(a, 'anne.mor', 0);
      const wrong = code === '000000' ? '111111' : '000000';
      for (const [i, instance] of [a, b, a, b, a].entries()) {
        const res = await post(instance, '/api/auth/verify', { challengeId, code: wrong }, { ip });
        expect(res.statusCode, `miss ${i + 1}`).toBe(401);
      }
      for (const instance of [a, b]) {
        const res = await post(instance, '/api/auth/verify', { challengeId, code }, { ip });
        expect(res.statusCode).toBe(429);
        expect(sessionCookieOf(res)).toBeUndefined();
      }
    });

    it('M5: a code used on one instance is refused on the other', async () => {
      const ip = '10.9.0.2';
      const start = await post(
        b,
        '/api/auth/login',
        { username: 'per.fysio', password: DEMO_PASSWORD },
        { ip },
      );
      const { challengeId } = start.json() as { challengeId: string };
      const code = await waitForCode(a, 'per.fysio', 0);
      const first = await post(a, '/api/auth/verify', { challengeId, code }, { ip });
      expect(first.statusCode).toBe(200);
      expect(sessionCookieOf(first)).toBeDefined();
      const replay = await post(b, '/api/auth/verify', { challengeId, code }, { ip });
      expect(replay.statusCode).not.toBe(200);
      expect(sessionCookieOf(replay)).toBeUndefined();
    });
  },
);
