import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayInNorway } from '../../src/server/modules/plans/present.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import {
  buildPlanWorld,
  makePlan,
  type PlanWorld,
  pid,
  planAudit,
  recorder,
} from '../helpers/plans.ts';
import { addPerson } from './people-factories.ts';

let t: TestApp;
let w: PlanWorld;
let r: ReturnType<typeof recorder>;
beforeAll(async () => {
  t = await createTestApp();
  w = await buildPlanWorld(t);
  r = recorder(t);
});
afterAll(async () => {
  r.expectNoLeaks(w.canaries);
  await t.close();
});

const consents = (planId: string) => `/api/plans/${planId}/consents`;
const withdraw = (planId: string, id: string) => `${consents(planId)}/${id}/withdraw`;
const today = () => todayInNorway();

/** A fresh active plan; its sharing consents are for relative and proRead only. */
async function freshPlan(status: 'draft' | 'active' = 'active') {
  const owner = await addPerson(t, w, w.orgA, 'Sara Samtykke');
  const plan = await makePlan(t, {
    organizationId: w.orgA,
    owner,
    coordinator: w.coord,
    status,
    others: [
      { person: w.guardian, role: 'guardian' },
      { person: w.relative, role: 'relative', sharingConsent: true },
      {
        person: w.proRead,
        role: 'professional',
        access: { consents: 'read' },
        sharingConsent: true,
      },
      { person: w.proNone, role: 'professional' },
    ],
  });
  return { plan, owner };
}

describe('POST /api/plans/:planId/consents/:consentId/withdraw', () => {
  it('withdrawing a sharing consent ends the participant’s section access at once', async () => {
    const { plan, owner } = await freshPlan();
    expect((await r.call('GET', consents(plan.id), w.proRead.cookie)).statusCode).toBe(200);
    const consentId = plan.consents[pid(plan, w.proRead)] as string;
    const res = await r.call('POST', withdraw(plan.id, consentId), owner.cookie);
    expect(res.statusCode).toBe(200);
    expect(res.json().withdrawnAt).toEqual(expect.any(String));
    // The very next request: sections refused, the plan and team still visible.
    expect((await r.call('GET', consents(plan.id), w.proRead.cookie)).statusCode).toBe(403);
    const view = await r.call('GET', `/api/plans/${plan.id}`, w.proRead.cookie);
    expect(Object.values(view.json().myAccess)).toEqual(Array(12).fill('none'));
    expect(
      (await r.call('GET', `/api/plans/${plan.id}/participants`, w.proRead.cookie)).statusCode,
    ).toBe(200);
    expect((await r.call('POST', withdraw(plan.id, consentId), owner.cookie)).statusCode).toBe(409);
    const [audit] = await planAudit(t, plan.id, 'consent.withdrawn');
    expect(audit).toMatchObject({ actor_id: owner.id, object_id: consentId, outcome: 'ok' });
  });

  it('guardian and coordinator withdraw too; relatives and professionals cannot (403); Z12 404', async () => {
    const { plan } = await freshPlan();
    const rel = plan.consents[pid(plan, w.relative)] as string;
    for (const person of [w.relative, w.proRead]) {
      expect(
        (await r.call('POST', withdraw(plan.id, rel), person.cookie)).statusCode,
        person.name,
      ).toBe(403);
    }
    expect((await r.call('POST', withdraw(plan.id, rel), w.guardian.cookie)).statusCode).toBe(200);
    const pro = plan.consents[pid(plan, w.proRead)] as string;
    expect((await r.call('POST', withdraw(plan.id, pro), w.coord.cookie)).statusCode).toBe(200);
    const foreign = w.otherPlan.consents.plan as string;
    expect((await r.call('POST', withdraw(plan.id, foreign), w.coord.cookie)).statusCode).toBe(404);
    expect((await r.call('POST', withdraw(plan.id, 'nope'), w.coord.cookie)).statusCode).toBe(404);
    expect(
      (await r.call('POST', withdraw(plan.id, pro), w.coord.cookie, { reason: 'x' })).statusCode,
    ).toBe(400);
    const other = (await r.call('GET', consents(w.otherPlan.id), w.coord.cookie)).json().items;
    expect(other.every((c: { withdrawnAt: string | null }) => c.withdrawnAt === null)).toBe(true);
  });
});

describe('the consent flow', () => {
  it('draft → activation refused → paper consent → active → withdrawn → draft again', async () => {
    const owner = await addPerson(t, w, w.orgA, 'Fia Flyt');
    const created = await r.call('POST', '/api/plans', w.coord.cookie, {
      type: 'ip',
      ownerId: owner.id,
      title: 'Fias plan',
    });
    const planId = created.json().id as string;
    const refused = await r.call('PATCH', `/api/plans/${planId}`, w.coord.cookie, {
      version: 1,
      status: 'active',
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().detail).toMatch(/consent/i);
    // The owner does not see a draft: of all requests, only their own consent to it in the
    // system is answered (plans-draft-consent.test.ts); registering paper is not theirs.
    const early = await r.call('POST', consents(planId), owner.cookie, {
      kind: 'plan',
      givenBy: owner.id,
      method: 'paper',
      givenOn: today(),
    });
    expect(early.statusCode).toBe(404);
    const consent = await r.call('POST', consents(planId), w.coord.cookie, {
      kind: 'plan',
      givenBy: owner.id,
      method: 'paper',
      givenOn: today(),
    });
    expect(consent.statusCode).toBe(201);
    const active = await r.call('PATCH', `/api/plans/${planId}`, w.coord.cookie, {
      version: 1,
      status: 'active',
    });
    expect(active.statusCode).toBe(200);
    expect(active.json().status).toBe('active');
    expect((await r.call('GET', `/api/plans/${planId}`, owner.cookie)).json().myRole).toBe('owner');
    const out = await r.call('POST', withdraw(planId, consent.json().id), owner.cookie);
    expect(out.statusCode).toBe(200);
    expect((await r.call('GET', `/api/plans/${planId}`, owner.cookie)).statusCode).toBe(404);
    const back = await r.call('GET', `/api/plans/${planId}`, w.coord.cookie);
    expect(back.json()).toMatchObject({ status: 'draft', version: 3 });
  });

  it('a closed plan takes no new consents (403)', async () => {
    const { plan, owner } = await freshPlan();
    await t.db.query(`update plans set status = 'closed' where id = $1`, [plan.id]);
    const res = await r.call('POST', consents(plan.id), w.coord.cookie, {
      kind: 'sharing',
      givenBy: owner.id,
      method: 'paper',
      givenOn: today(),
      participantId: pid(plan, w.proNone),
    });
    expect(res.statusCode).toBe(403);
  });
});
