import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { buildPlanWorld, type PlanWorld } from '../helpers/plans.ts';
import { call, outboxOf } from './people-factories.ts';

/**
 * A message whose body holds a name, a diagnosis and a national id reaches the team as a
 * notification that says only that something is waiting (issue 5; N1, N3).
 */

let t: TestApp;
let w: PlanWorld;
beforeAll(async () => {
  t = await createTestApp({ NOTIFY_BATCH_SECONDS: '0' }, { background: true });
  w = await buildPlanWorld(t);
});
afterAll(() => t.close());

describe('notifications of a message', () => {
  it('carry no name, diagnosis or national id from the message, nor anything of the plan', async () => {
    const secret = {
      name: 'Ola Planeier',
      diagnosis: 'cerebral parese',
      nationalId: w.owner.nationalId,
    };
    const res = await call(t, 'POST', `/api/plans/${w.plan.id}/messages`, w.proRead.cookie, {
      subject: `Om ${secret.name}`,
      body: `${secret.name} (${secret.nationalId}) har fått diagnosen ${secret.diagnosis}.`,
    });
    // proRead may only read: the coordinator sends it instead.
    expect(res.statusCode).toBe(403);
    const sent = await call(t, 'POST', `/api/plans/${w.plan.id}/messages`, w.coord.cookie, {
      subject: `Om ${secret.name}`,
      body: `${secret.name} (${secret.nationalId}) har fått diagnosen ${secret.diagnosis}.`,
    });
    expect(sent.statusCode).toBe(201);
    const recipients = [w.owner, w.guardian, w.relative, w.proRead];
    await expect
      .poll(
        async () => (await Promise.all(recipients.map((p) => outboxOf(t, p.id)))).flat().length,
        {
          timeout: 10_000,
          interval: 100,
        },
      )
      .toBe(recipients.length);
    const rows = await t.db.query<{ text: string; subject: string | null; person_id: string }>(
      'select text, subject, person_id from dev_outbox',
    );
    const everything = JSON.stringify(rows);
    for (const value of [...Object.values(secret), 'Olas plan', w.plan.id, 'Planeier', 'parese']) {
      expect(everything).not.toContain(value);
    }
    // Exactly one per recipient, none to the sender or to those who may not read messages.
    const per = new Map<string, number>();
    for (const row of rows) per.set(row.person_id, (per.get(row.person_id) ?? 0) + 1);
    for (const p of recipients) expect(per.get(p.id), p.name).toBe(1);
    for (const p of [w.coord, w.proNone, w.relativeNoConsent, w.expired, w.removed]) {
      expect(per.get(p.id), p.name).toBeUndefined();
    }
  });
});
