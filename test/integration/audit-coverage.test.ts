import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.ts';
import type { Db } from '../../src/server/db/index.ts';
import { logCollector, type TestApp, testConfig } from '../helpers/app.ts';
import {
  type AuditCoverage,
  createAuditCoverage,
  isPlanContentRoute,
} from '../helpers/audit-coverage.ts';
import { createTestDb, type TestDb } from '../helpers/db.ts';
import { buildPlanWorld, type PlanWorld } from '../helpers/plans.ts';
import { call } from './people-factories.ts';

/**
 * The audit coverage check itself (SECURITY.md, structural test 3): every test app made by
 * createTestApp runs it at close; here it runs on an app of its own, so that it can be
 * shown to catch a read with no record, or with two.
 */

let testDb: TestDb;
let app: FastifyInstance;
let coverage: AuditCoverage;
let t: TestApp;
let w: PlanWorld;

beforeAll(async () => {
  testDb = await createTestDb();
  coverage = createAuditCoverage();
  const config = testConfig();
  const logs: Record<string, unknown>[] = [];
  app = await buildApp({
    config,
    db: testDb.db,
    state: { migrated: true },
    logStream: logCollector(logs),
    instrument: coverage.instrument,
  });
  await app.ready();
  t = { app, db: testDb.db, config, logs, close: async () => {} };
  w = await buildPlanWorld(t);
});
afterAll(async () => {
  await app?.close();
  await testDb?.drop();
});

const auditRows = (db: Db, requestId: string) =>
  db.query('select 1 from audit_log where request_id = $1', [requestId]);

describe('L1: every successful read of plan content has exactly one audit record', () => {
  it('counts 2xx GETs on plan routes, the plan list and consent requests; each has one record', async () => {
    const plan = `/api/plans/${w.plan.id}`;
    const urls = [
      '/api/plans',
      plan,
      `${plan}/participants`,
      `${plan}/goals`,
      `${plan}/consents`,
      `${plan}/about-me`,
      `${plan}/access-log`,
      '/api/me/consent-requests',
    ];
    for (const url of urls) {
      const res = await call(t, 'GET', url, w.coord.cookie);
      expect(res.statusCode, url).toBe(200);
      expect(await auditRows(t.db, String(res.headers['x-request-id'])), url).toHaveLength(1);
    }
    expect(coverage.reads.map((read) => read.route)).toEqual([
      'GET /api/plans',
      'GET /api/plans/:planId',
      'GET /api/plans/:planId/participants',
      'GET /api/plans/:planId/goals',
      'GET /api/plans/:planId/consents',
      'GET /api/plans/:planId/about-me',
      'GET /api/plans/:planId/access-log',
      'GET /api/me/consent-requests',
    ]);
    await expect(coverage.check(t.db)).resolves.toBeUndefined();
  });

  it('refusals, writes and reads of other things are not counted', async () => {
    const before = coverage.reads.length;
    expect((await call(t, 'GET', `/api/plans/${w.plan.id}`, w.stranger.cookie)).statusCode).toBe(
      404,
    );
    expect((await call(t, 'GET', `/api/plans/${w.plan.id}/log`, w.proNone.cookie)).statusCode).toBe(
      403,
    );
    expect(
      (await call(t, 'POST', `/api/plans/${w.plan.id}/goals`, w.coord.cookie, { title: 'Mål' }))
        .statusCode,
    ).toBe(201);
    expect((await call(t, 'GET', `/api/people/${w.owner.id}`, w.owner.cookie)).statusCode).toBe(
      200,
    );
    expect((await call(t, 'GET', '/api/me', w.owner.cookie)).statusCode).toBe(200);
    expect(coverage.reads.length).toBe(before);
    expect(isPlanContentRoute('/api/plans/:planId/messages')).toBe(true);
    expect(isPlanContentRoute('/api/people/:id')).toBe(false);
  });

  it('a read with no record fails the check, naming the route', async () => {
    coverage.reads.push({ requestId: randomUUID(), route: 'GET /api/plans/:planId/goals' });
    await expect(coverage.check(t.db)).rejects.toThrow(
      /exactly one audit record: GET \/api\/plans\/:planId\/goals has 0 audit rows/,
    );
    coverage.reads.pop();
    await expect(coverage.check(t.db)).resolves.toBeUndefined();
  });

  it('a read with two records fails the check', async () => {
    const res = await call(t, 'GET', `/api/plans/${w.plan.id}/measures`, w.owner.cookie);
    expect(res.statusCode).toBe(200);
    const requestId = String(res.headers['x-request-id']);
    await t.db.query(
      `insert into audit_log (actor_id, action, plan_id, request_id) values ($1, 'section.read', $2, $3)`,
      [w.owner.id, w.plan.id, requestId],
    );
    await expect(coverage.check(t.db)).rejects.toThrow(
      /GET \/api\/plans\/:planId\/measures has 2 audit rows/,
    );
  });
});
