import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eicarTestString } from '../../src/server/modules/documents/scanner.ts';
import type { DocumentData } from '../../src/shared/schemas/documents.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { buildPlanWorld, makePlan, type PlanWorld, planAudit } from '../helpers/plans.ts';
import { minimalPdf, multipart, upload } from './documents-fixtures.ts';
import { errorFields } from './people-factories.ts';

/**
 * The configurable limits, on an app with small ones: DOCUMENTS_MAX_MB=1 (F1, exactly at
 * the limit), DOCUMENTS_PLAN_QUOTA_MB=2 (F7) and the marker scanner (F8); at LOG_LEVEL
 * trace (L4).
 */

const MIB = 1024 * 1024;
let t: TestApp;
let w: PlanWorld;
beforeAll(async () => {
  t = await createTestApp({
    DOCUMENTS_MAX_MB: '1',
    DOCUMENTS_PLAN_QUOTA_MB: '2',
    DOCUMENTS_SCANNER: 'marker',
    // The most verbose logging, to show that uploads still log no header or cookie (L4).
    LOG_LEVEL: 'trace',
  });
  w = await buildPlanWorld(t);
});
afterAll(() => t.close());

const text = (size: number, fill = 0x61) => Buffer.alloc(size, fill);
const send = (name: string, bytes: Buffer, planId = w.plan.id) =>
  upload(t, planId, w.coord.cookie, multipart(name, bytes));

async function stored(planId = w.plan.id): Promise<number> {
  const [row] = await t.db.query<{ n: number }>(
    `select coalesce(sum(size_bytes), 0)::int as n from documents where plan_id = $1 and deleted_at is null`,
    [planId],
  );
  return row?.n ?? 0;
}

describe('F1: DOCUMENTS_MAX_MB', () => {
  it('exactly the limit is accepted; one byte more is 413', async () => {
    const exact = await send('nøyaktig.txt', text(MIB));
    expect(exact.statusCode, exact.body).toBe(201);
    expect((exact.json() as DocumentData).size).toBe(MIB);
    const over = await send('for-stor.txt', text(MIB + 1));
    expect(over.statusCode).toBe(413);
    expect(errorFields(over)).toEqual(['file']);
    await t.db.query(
      `update documents set deleted_at = now(), deleted_by = uploaded_by where plan_id = $1`,
      [w.plan.id],
    );
  });
});

describe('F7: the per-plan quota', () => {
  it('uploads fit until the plan holds DOCUMENTS_PLAN_QUOTA_MB; then 413 naming the quota', async () => {
    expect(await stored()).toBe(0);
    expect((await send('en.txt', text(MIB))).statusCode).toBe(201);
    const second = await send('to.txt', text(MIB - 10));
    expect(second.statusCode).toBe(201);
    const full = await send('tre.txt', text(11));
    expect(full.statusCode).toBe(413);
    const problem = full.json() as { detail: string; errors: { code: string }[] };
    expect(problem.errors[0]?.code).toBe('documents.quota');
    expect(problem.detail).toContain('2 MB');
    expect((await send('fire.txt', text(10))).statusCode).toBe(201);
    expect(await stored()).toBe(2 * MIB);
    const refused = await planAudit(t, w.plan.id, 'document.refused');
    expect(refused.at(-1)).toMatchObject({ outcome: 'failed', details: { reason: 'quota' } });
    // Another plan has its own quota.
    expect((await send('annen.txt', text(100), w.otherPlan.id)).statusCode).toBe(201);
  });

  it('a deleted document frees its space', async () => {
    const list = await t.app.inject({
      method: 'GET',
      url: `/api/plans/${w.plan.id}/documents`,
      headers: { cookie: w.coord.cookie },
    });
    const first = (list.json() as { items: DocumentData[] }).items.find((d) => d.name === 'en.txt');
    const del = await t.app.inject({
      method: 'DELETE',
      url: `/api/plans/${w.plan.id}/documents/${first?.id}`,
      headers: { cookie: w.coord.cookie, origin: t.config.publicUrl },
    });
    expect(del.statusCode).toBe(204);
    expect((await send('fem.txt', text(MIB))).statusCode).toBe(201);
  });

  it('two uploads at once cannot both squeeze under the quota', async () => {
    const plan = w.otherPlan.id;
    const room = 2 * MIB - (await stored(plan));
    const size = Math.floor(room / 2) + 1;
    const results = await Promise.all([
      send('samtidig-1.txt', text(size), plan),
      send('samtidig-2.txt', text(size), plan),
    ]);
    expect(results.map((res) => res.statusCode).sort()).toEqual([201, 413]);
    expect(await stored(plan)).toBeLessThanOrEqual(2 * MIB);
  });
});

describe('F8: the scanning hook', () => {
  // A plan of its own: the quota tests filled the others.
  let planId: string;
  beforeAll(async () => {
    planId = (
      await makePlan(t, {
        organizationId: w.orgA,
        owner: w.otherOwner,
        coordinator: w.coord,
        type: 'simple',
      })
    ).id;
  });

  it('the marker scanner refuses the EICAR test file (422); nothing is stored', async () => {
    const before = await t.db.query('select id from documents');
    const res = await send('eicar.txt', Buffer.from(eicarTestString()), planId);
    expect(res.statusCode).toBe(422);
    expect((res.json() as { errors: { code: string }[] }).errors[0]?.code).toBe('documents.scan');
    expect(await t.db.query('select id from documents')).toHaveLength(before.length);
    const refused = await planAudit(t, planId, 'document.refused');
    expect(refused.at(-1)).toMatchObject({ details: { reason: 'scan' } });
  });

  it('a file with the marker inside another kind is refused too; a clean one passes', async () => {
    expect((await send('ren.pdf', minimalPdf(), planId)).statusCode).toBe(201);
    // In a comment line of a PDF, where a scanner finds it and a reader ignores it.
    const tainted = Buffer.concat([minimalPdf(), Buffer.from(`%${eicarTestString()}\n`, 'latin1')]);
    expect((await send('smittet.pdf', tainted, planId)).statusCode).toBe(422);
  });
});

describe('L4: logs', () => {
  it('at LOG_LEVEL=trace an upload logs no cookie, header, file name or content', async () => {
    const res = await send('Hemmelig navn.txt', Buffer.from('hemmelig innhold'), w.otherPlan.id);
    expect([201, 413]).toContain(res.statusCode);
    const logs = JSON.stringify(t.logs);
    const token = w.coord.cookie.split('=')[1] ?? '';
    expect(token.length).toBeGreaterThan(10);
    expect(logs).not.toContain(token);
    expect(logs).not.toContain('Hemmelig');
    expect(logs).not.toContain('hemmelig innhold');
    expect(logs).not.toContain('multipart/form-data; boundary');
  });
});
