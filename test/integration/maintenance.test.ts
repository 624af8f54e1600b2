import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { buildPlanWorld, type PlanWorld } from '../helpers/plans.ts';

/**
 * Scheduled housekeeping, run here by sending the scheduled jobs at once: the audit
 * trail's hash chain grows (L3), old plan events and idempotency keys go.
 */

let t: TestApp;
let w: PlanWorld;
beforeAll(async () => {
  t = await createTestApp({}, { background: true });
  w = await buildPlanWorld(t);
});
afterAll(() => t.close());

async function count(sql: string, params: unknown[] = []): Promise<number> {
  const [row] = await t.db.query<{ n: number }>(sql, params);
  return row?.n ?? -1;
}

describe('maintenance jobs', () => {
  it('L3: the audit-seal job seals the rows written so far, and verify finds nothing wrong', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/plans/${w.plan.id}/goals`,
      headers: { cookie: w.owner.cookie },
    });
    expect(res.statusCode).toBe(200);
    const unsealed = () =>
      count(
        `select count(*)::int as n from audit_log a
          where not exists (select 1 from audit_sealed s where s.audit_id = a.id)`,
      );
    expect(await unsealed()).toBeGreaterThan(0);
    await t.app.background.jobs.boss.send('audit-seal', {});
    await expect.poll(unsealed, { timeout: 10_000, interval: 100 }).toBe(0);
    const problems = await t.db.query('select * from audit_verify()');
    expect(problems).toEqual([]);
  });

  it('the prune job removes plan events older than a week and idempotency keys older than a day', async () => {
    await t.db.query(
      `insert into plan_events (plan_id, type, section, created_at)
       values ($1, 'plan.updated', null, now() - interval '8 days'),
              ($1, 'plan.updated', null, now() - interval '1 hour')`,
      [w.plan.id],
    );
    await t.db.query(
      `insert into idempotency_keys (person_id, key, request_hash, status, created_at)
       values ($1, 'old', 'h', 201, now() - interval '2 days'), ($1, 'new', 'h', 201, now())`,
      [w.coord.id],
    );
    await t.app.background.jobs.boss.send('prune', {});
    const old = () =>
      count(
        `select (select count(*) from plan_events where created_at < now() - interval '7 days')
              + (select count(*) from idempotency_keys where key = 'old') as n`,
      );
    await expect.poll(old, { timeout: 10_000, interval: 100 }).toBe(0);
    expect(
      await count(
        `select count(*)::int as n from plan_events where plan_id = $1 and created_at > now() - interval '2 hours'`,
        [w.plan.id],
      ),
    ).toBeGreaterThan(0);
    expect(await count(`select count(*)::int as n from idempotency_keys where key = 'new'`)).toBe(
      1,
    );
  });
});
