import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealAudit, verifyAudit } from '../../src/server/modules/audit/seal.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { buildPlanWorld, type PlanWorld } from '../helpers/plans.ts';
import { call } from './people-factories.ts';

/**
 * SECURITY.md L3: the application cannot change or delete audit rows (a trigger), and a
 * hash chain detects a change made around the trigger — by a superuser, a restored
 * backup, a trigger disabled for a moment. Rows are sealed after they are written, so an
 * audit insert never waits for the chain.
 */

let t: TestApp;
let w: PlanWorld;
beforeAll(async () => {
  t = await createTestApp();
  w = await buildPlanWorld(t);
});
afterAll(() => t.close());

/** Audit rows written straight into the table: ours to tamper with later. */
async function rows(action: string, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const [row] = await t.db.query<{ id: string }>(
      `insert into audit_log (actor_id, action, outcome, request_id, details)
       values ($1, $2, 'ok', $3, $4::jsonb) returning id`,
      [w.coord.id, action, `test-${action}-${i}`, JSON.stringify({ n: i })],
    );
    if (row) ids.push(row.id);
  }
  return ids;
}

/** Runs `sql` with the append-only trigger off, as only a superuser can. */
async function asSuperuser(sql: string, params: unknown[]): Promise<void> {
  await t.db.transaction(async (tx) => {
    await tx.query('alter table audit_log disable trigger audit_log_no_update');
    await tx.query(sql, params);
    await tx.query('alter table audit_log enable trigger audit_log_no_update');
  });
}

describe('L3: the audit trail is append-only and sealed by a hash chain', () => {
  it('the application cannot update or delete audit rows or seals', async () => {
    const [id] = await rows('test.locked', 1);
    await expect(
      t.db.query(`update audit_log set action = 'x' where id = $1`, [id]),
    ).rejects.toThrow(/append-only/);
    await expect(t.db.query('delete from audit_log where id = $1', [id])).rejects.toThrow(
      /append-only/,
    );
    expect(await sealAudit(t.db)).not.toBeNull();
    await expect(t.db.query(`update audit_seals set hash = 'x'`)).rejects.toThrow(/append-only/);
    await expect(t.db.query('delete from audit_sealed')).rejects.toThrow(/append-only/);
  });

  it('seals the trail in batches that continue each other; an untouched trail verifies', async () => {
    // Real reads write real audit rows; then some of our own.
    expect((await call(t, 'GET', `/api/plans/${w.plan.id}`, w.coord.cookie)).statusCode).toBe(200);
    await rows('test.first', 3);
    const first = await sealAudit(t.db);
    expect(first).not.toBeNull();
    expect(await sealAudit(t.db)).toBeNull(); // nothing new
    await rows('test.second', 2);
    const second = await sealAudit(t.db, 1); // at most one row per seal
    const third = await sealAudit(t.db);
    const seals = await t.db.query<{
      id: string;
      row_count: number;
      prev_hash: string;
      hash: string;
    }>('select id::text, row_count, prev_hash, hash from audit_seals order by id');
    const byId = new Map(seals.map((s) => [s.id, s]));
    expect(byId.get(String(second))?.row_count).toBe(1);
    expect(byId.get(String(third))?.row_count).toBe(1);
    expect(byId.get(String(second))?.prev_hash).toBe(byId.get(String(first))?.hash);
    expect(byId.get(String(third))?.prev_hash).toBe(byId.get(String(second))?.hash);
    for (const seal of seals) expect(seal.hash).toMatch(/^[0-9a-f]{64}$/);
    const [unsealed] = await t.db.query<{ n: number }>(
      `select count(*)::int as n from audit_log a
       where not exists (select 1 from audit_sealed s where s.audit_id = a.id)`,
    );
    expect(unsealed?.n).toBe(0);
    expect(await verifyAudit(t.db)).toEqual([]);
  });

  it('a sealed row changed, or removed, around the trigger is detected, naming the seal', async () => {
    const [changed] = await rows('test.changed', 2);
    const changedSeal = await sealAudit(t.db);
    const [removed] = await rows('test.removed', 2);
    const removedSeal = await sealAudit(t.db);
    expect(await verifyAudit(t.db)).toEqual([]);

    await asSuperuser(`update audit_log set details = '{"n": 99}'::jsonb where id = $1`, [changed]);
    expect(await verifyAudit(t.db)).toEqual([
      { sealId: changedSeal, problem: 'a sealed row was changed' },
    ]);

    await asSuperuser('delete from audit_log where id = $1', [removed]);
    expect(await verifyAudit(t.db)).toEqual([
      { sealId: changedSeal, problem: 'a sealed row was changed' },
      { sealId: removedSeal, problem: '1 sealed row(s) missing' },
    ]);
  });

  it.skipIf(!process.env.DATABASE_URL)(
    'writing audit rows does not wait for a seal in progress (PostgreSQL: separate connections)',
    async () => {
      await t.db.transaction(async (tx) => {
        await tx.query(
          `insert into audit_log (action, request_id) values ('test.during', 'test-during-0')`,
        );
        expect(await sealAudit(tx)).not.toBeNull();
        // The seal's transaction is open and holds the sealer's lock; a write on another
        // connection goes through at once.
        const started = Date.now();
        await rows('test.concurrent', 1);
        expect(Date.now() - started).toBeLessThan(2000);
      });
      expect(await sealAudit(t.db)).not.toBeNull();
    },
  );
});
