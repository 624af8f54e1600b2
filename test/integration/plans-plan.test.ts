import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { buildPlanWorld, makePlan, type PlanWorld, planAudit, recorder } from '../helpers/plans.ts';
import { addPerson, errorFields, sessionCookie } from './people-factories.ts';

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

const url = (id: string) => `/api/plans/${id}`;

describe('GET /api/plans/:planId', () => {
  it('every active participant: 200 with the plan, their role and their access', async () => {
    const res = await r.call('GET', url(w.plan.id), w.owner.cookie);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      id: w.plan.id,
      type: 'ip',
      title: 'Olas plan',
      status: 'active',
      owner: { id: w.owner.id, name: 'Ola Planeier' },
      coordinator: { id: w.coord.id, name: 'Kari Koordinator' },
      period: { start: null, end: null, nextRevision: null },
      myRole: 'owner',
      version: 1,
    });
    expect(Object.values(body.myAccess)).toEqual(Array(12).fill('write'));
    for (const [person, role] of [
      [w.coord, 'coordinator'],
      [w.guardian, 'guardian'],
      [w.relative, 'relative'],
      [w.relativeNoConsent, 'relative'],
      [w.proRead, 'professional'],
      [w.proNone, 'professional'],
    ] as const) {
      const res = await r.call('GET', url(w.plan.id), person.cookie);
      expect(res.statusCode, person.name).toBe(200);
      expect(res.json().myRole).toBe(role);
    }
  });

  it('myAccess follows grants and consent: none without a sharing consent', async () => {
    const access = async (cookie: string) =>
      (await r.call('GET', url(w.plan.id), cookie)).json().myAccess as Record<string, string>;
    expect(Object.values(await access(w.proRead.cookie))).toEqual(Array(12).fill('read'));
    expect(Object.values(await access(w.proNone.cookie))).toEqual(Array(12).fill('none'));
    expect(Object.values(await access(w.relativeNoConsent.cookie))).toEqual(Array(12).fill('none'));
    expect(await access(w.relative.cookie)).toMatchObject({
      goals: 'read',
      contributions: 'write',
      log: 'none',
      consents: 'none',
    });
  });

  it('404 with one body for expired, removed, org admin, other municipality, stranger, unknown, malformed', async () => {
    const unknown = await r.call(
      'GET',
      url('0190a0b0-0000-7000-8000-000000000000'),
      w.coord.cookie,
    );
    expect(unknown.statusCode).toBe(404);
    const before = (await planAudit(t, w.plan.id)).length;
    for (const person of [w.expired, w.removed, w.admin, w.coordB, w.stranger, w.coord2]) {
      const res = await r.call('GET', url(w.plan.id), person.cookie);
      expect(res.statusCode, person.name).toBe(404);
      expect(res.body).toBe(unknown.body);
    }
    const malformed = await r.call('GET', url('not-a-plan'), w.coord.cookie);
    expect(malformed.statusCode).toBe(404);
    expect(malformed.body).toBe(unknown.body);
    // 404s name no plan: nothing is written.
    expect((await planAudit(t, w.plan.id)).length).toBe(before);
  });

  it('401 without a session', async () => {
    expect((await r.call('GET', url(w.plan.id))).statusCode).toBe(401);
  });

  it('L1: each successful read writes exactly one plan.read row with role and plan', async () => {
    const before = await planAudit(t, w.plan.id, 'plan.read');
    await r.call('GET', url(w.plan.id), w.proRead.cookie);
    const after = await planAudit(t, w.plan.id, 'plan.read');
    expect(after.length).toBe(before.length + 1);
    expect(after.at(-1)).toMatchObject({
      actor_id: w.proRead.id,
      actor_role: 'professional',
      outcome: 'ok',
    });
  });

  it('a draft is seen by its coordinator only', async () => {
    const draft = await makePlan(t, {
      organizationId: w.orgA,
      owner: w.stranger,
      coordinator: w.coord,
      status: 'draft',
      type: 'simple',
      others: [{ person: w.guardian, role: 'guardian' }],
    });
    expect((await r.call('GET', url(draft.id), w.coord.cookie)).statusCode).toBe(200);
    expect((await r.call('GET', url(draft.id), w.stranger.cookie)).statusCode).toBe(404);
    expect((await r.call('GET', url(draft.id), w.guardian.cookie)).statusCode).toBe(404);
  });
});

describe('PATCH /api/plans/:planId', () => {
  async function freshPlan(type: 'ip' | 'simple' = 'ip', status: 'draft' | 'active' = 'active') {
    const owner = await addPerson(t, w, w.orgA, 'Ny Eier');
    return makePlan(t, {
      organizationId: w.orgA,
      owner,
      coordinator: w.coord,
      type,
      status,
      others: [
        { person: w.guardian, role: 'guardian' },
        { person: w.relative, role: 'relative', sharingConsent: true },
        { person: w.proRead, role: 'professional', sharingConsent: true },
        { person: w.expired, role: 'professional', validFor: '-1 second' },
      ],
    });
  }

  it('the coordinator changes title and period; the change is audited with field names', async () => {
    const plan = await freshPlan();
    const res = await r.call('PATCH', url(plan.id), w.coord.cookie, {
      version: 1,
      title: '  Ny tittel  ',
      period: { start: '2026-01-01', end: '2026-12-31', nextRevision: '2026-06-01' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      title: 'Ny tittel',
      version: 2,
      period: { start: '2026-01-01', end: '2026-12-31', nextRevision: '2026-06-01' },
    });
    const [audit] = await planAudit(t, plan.id, 'plan.updated');
    expect(audit?.details).toMatchObject({
      fields: 'title,period.start,period.end,period.nextRevision',
    });
    const cleared = await r.call('PATCH', url(plan.id), w.coord.cookie, {
      version: 2,
      period: { nextRevision: null },
    });
    expect(cleared.json().period).toEqual({
      start: '2026-01-01',
      end: '2026-12-31',
      nextRevision: null,
    });
  });

  it('other participants who see the plan: 403, audited as denied; those who do not: 404', async () => {
    const plan = await freshPlan();
    const [owner] = await t.db.query<{ id: string }>(
      'select owner_id as id from plans where id = $1',
      [plan.id],
    );
    const ownerCookie = await sessionCookie(t, owner?.id ?? '');
    expect(
      (await r.call('PATCH', url(plan.id), ownerCookie, { version: 1, title: 'X' })).statusCode,
    ).toBe(403);
    for (const person of [w.guardian, w.relative, w.proRead]) {
      const res = await r.call('PATCH', url(plan.id), person.cookie, { version: 1, title: 'X' });
      expect(res.statusCode, person.name).toBe(403);
    }
    const denied = await planAudit(t, plan.id, 'plan.updated');
    expect(denied.map((a) => [a.actor_id, a.outcome])).toEqual([
      [owner?.id, 'denied'],
      [w.guardian.id, 'denied'],
      [w.relative.id, 'denied'],
      [w.proRead.id, 'denied'],
    ]);
    for (const person of [w.owner, w.expired, w.admin, w.coordB, w.stranger]) {
      const res = await r.call('PATCH', url(plan.id), person.cookie, { version: 1, title: 'X' });
      expect(res.statusCode, person.name).toBe(404);
    }
  });

  it('Z7/Z8: unknown or protected fields are 400 and change nothing', async () => {
    const plan = await freshPlan();
    for (const [field, value] of [
      ['ownerId', w.stranger.id],
      ['organizationId', w.orgB],
      ['coordinatorId', w.coord2.id],
      ['role', 'coordinator'],
      ['createdBy', w.coord.id],
      ['validUntil', '2030-01-01'],
    ] as const) {
      const res = await r.call('PATCH', url(plan.id), w.coord.cookie, {
        version: 1,
        [field]: value,
      });
      expect(res.statusCode, field).toBe(400);
      expect(errorFields(res)).toContain(field);
    }
    const proto = await r.call(
      'PATCH',
      url(plan.id),
      w.coord.cookie,
      '{"version":1,"__proto__":{"status":"active"}}',
    );
    expect(proto.statusCode).toBe(400);
    const bad = await r.call('PATCH', url(plan.id), w.coord.cookie, {
      version: 1,
      period: { start: '2026-05-01', end: '2026-04-01' },
    });
    expect(bad.statusCode).toBe(400);
    expect(errorFields(bad)).toEqual(['period.end']);
    expect((await r.call('GET', url(plan.id), w.coord.cookie)).json().version).toBe(1);
  });

  it('Z14: with a duplicate JSON key, the value checked is the value used', async () => {
    const plan = await freshPlan();
    const res = await r.call(
      'PATCH',
      url(plan.id),
      w.coord.cookie,
      '{"version":1,"title":"Første","title":"Andre"}',
    );
    expect(res.statusCode).toBe(200);
    expect(res.json().title).toBe('Andre');
    const bad = await r.call(
      'PATCH',
      url(plan.id),
      w.coord.cookie,
      '{"version":2,"title":"Ok","title":""}',
    );
    expect(bad.statusCode).toBe(400);
    expect((await r.call('GET', url(plan.id), w.coord.cookie)).json().title).toBe('Andre');
  });

  it('a stale version is 409; two concurrent edits of one version: one 200, one 409', async () => {
    const plan = await freshPlan();
    const stale = await r.call('PATCH', url(plan.id), w.coord.cookie, { version: 7, title: 'X' });
    expect(stale.statusCode).toBe(409);
    const results = await Promise.all([
      r.call('PATCH', url(plan.id), w.coord.cookie, { version: 1, title: 'Først' }),
      r.call('PATCH', url(plan.id), w.coord.cookie, { version: 1, title: 'Sist' }),
    ]);
    expect(results.map((res) => res.statusCode).sort()).toEqual([200, 409]);
    const winner = results.find((res) => res.statusCode === 200)?.json().title;
    const now = (await r.call('GET', url(plan.id), w.coord.cookie)).json();
    expect(now).toMatchObject({ title: winner, version: 2 });
  });

  it('type: simple becomes ip (nothing lost); ip never becomes simple; a second open IP is 409', async () => {
    const simple = await freshPlan('simple');
    const before = (await r.call('GET', url(simple.id), w.relative.cookie)).json();
    expect(before.myAccess.goals).toBe('none');
    const res = await r.call('PATCH', url(simple.id), w.coord.cookie, { version: 1, type: 'ip' });
    expect(res.statusCode).toBe(200);
    expect(res.json().type).toBe('ip');
    const after = (await r.call('GET', url(simple.id), w.relative.cookie)).json();
    expect(after.myAccess.goals).toBe('read');
    const back = await r.call('PATCH', url(simple.id), w.coord.cookie, {
      version: 2,
      type: 'simple',
    });
    expect(back.statusCode).toBe(400);
    expect(errorFields(back)).toEqual(['type']);

    const ip = await makePlan(t, {
      organizationId: w.orgA,
      owner: w.otherOwner,
      coordinator: w.coord,
      type: 'simple',
    });
    // w.otherOwner already owns an open IP (the world's second plan).
    const second = await r.call('PATCH', url(ip.id), w.coord.cookie, { version: 1, type: 'ip' });
    expect(second.statusCode).toBe(409);
  });

  it('status: active needs the plan consent; closed is allowed and final', async () => {
    const plan = await freshPlan('ip', 'draft');
    const refused = await r.call('PATCH', url(plan.id), w.coord.cookie, {
      version: 1,
      status: 'active',
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().detail).toMatch(/consent/i);
    const closed = await r.call('PATCH', url(plan.id), w.coord.cookie, {
      version: 1,
      status: 'closed',
    });
    expect(closed.statusCode).toBe(200);
    expect(closed.json().status).toBe('closed');
    const again = await r.call('PATCH', url(plan.id), w.coord.cookie, { version: 2, title: 'Y' });
    expect(again.statusCode).toBe(403);
    const draftAgain = await freshPlan('simple', 'active');
    const toDraft = await r.call('PATCH', url(draftAgain.id), w.coord.cookie, {
      version: 1,
      status: 'draft',
    });
    expect(toDraft.statusCode).toBe(409);
  });
});
