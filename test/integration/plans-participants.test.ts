import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { buildPlanWorld, makePlan, type PlanWorld, planAudit, recorder } from '../helpers/plans.ts';
import { addPerson, errorFields } from './people-factories.ts';

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

const team = (planId: string) => `/api/plans/${planId}/participants`;
const _member = (planId: string, participantId: string) => `${team(planId)}/${participantId}`;
type Row = {
  id: string;
  personId: string;
  role: string;
  access: Record<string, string> | null;
  active: boolean;
  version: number;
};

/** A fresh active plan with a care team like the world's. */
async function freshPlan() {
  const owner = await addPerson(t, w, w.orgA, 'Egil Eier');
  const plan = await makePlan(t, {
    organizationId: w.orgA,
    owner,
    coordinator: w.coord,
    others: [
      { person: w.guardian, role: 'guardian' },
      { person: w.relative, role: 'relative', sharingConsent: true },
      { person: w.proRead, role: 'professional', access: { goals: 'read' }, sharingConsent: true },
    ],
  });
  return { plan, owner };
}

describe('GET /api/plans/:planId/participants', () => {
  it('every active participant sees the team: names, roles, function — never contact data', async () => {
    const res = await r.call('GET', team(w.plan.id), w.relative.cookie);
    expect(res.statusCode).toBe(200);
    const items = res.json().items as Row[];
    const expected = [w.coord, w.owner, w.guardian, w.relative, w.relativeNoConsent, w.proRead]
      .concat([w.proNone, w.expired])
      .map((p) => p.id);
    expect(items.map((p) => p.personId).sort()).toEqual(expected.sort());
    expect(Object.keys(items[0] ?? {}).sort()).toEqual(
      [
        'access',
        'active',
        'createdAt',
        'functionTitle',
        'id',
        'name',
        'organizationName',
        'personId',
        'responsibility',
        'role',
        'validUntil',
        'version',
      ].sort(),
    );
    expect(items.find((p) => p.personId === w.expired.id)?.active).toBe(false);
    for (const person of [
      w.coord,
      w.owner,
      w.guardian,
      w.relativeNoConsent,
      w.proRead,
      w.proNone,
    ]) {
      expect((await r.call('GET', team(w.plan.id), person.cookie)).statusCode, person.name).toBe(
        200,
      );
    }
  });

  it('grants: in full for coordinator, owner and guardian; others see only their own', async () => {
    for (const person of [w.coord, w.owner, w.guardian]) {
      const items = (await r.call('GET', team(w.plan.id), person.cookie)).json().items as Row[];
      expect(
        items.every((p) => p.access !== null),
        person.name,
      ).toBe(true);
    }
    const items = (await r.call('GET', team(w.plan.id), w.proRead.cookie)).json().items as Row[];
    const shown = items.filter((p) => p.access !== null);
    expect(shown.map((p) => p.personId)).toEqual([w.proRead.id]);
    expect(Object.values(shown[0]?.access ?? {})).toEqual(Array(12).fill('read'));
  });

  it('404 for those who do not see the plan; one audit row per successful read', async () => {
    for (const person of [w.expired, w.removed, w.admin, w.coordB, w.stranger]) {
      expect((await r.call('GET', team(w.plan.id), person.cookie)).statusCode, person.name).toBe(
        404,
      );
    }
    const before = (await planAudit(t, w.plan.id, 'participants.read')).length;
    await r.call('GET', team(w.plan.id), w.owner.cookie);
    const after = await planAudit(t, w.plan.id, 'participants.read');
    expect(after.length).toBe(before + 1);
    expect(after.at(-1)).toMatchObject({ actor_id: w.owner.id, actor_role: 'owner' });
  });
});

describe('POST /api/plans/:planId/participants', () => {
  it('the coordinator adds a professional with grants, function and an end date', async () => {
    const { plan } = await freshPlan();
    const teacher = await addPerson(t, w, w.orgA, 'Tove Lærer');
    const res = await r.call('POST', team(plan.id), w.coord.cookie, {
      personId: teacher.id,
      role: 'professional',
      access: { goals: 'read', log: 'none' },
      validUntil: '2027-01-31',
      functionTitle: 'Lærer',
      organizationName: 'Demo skole',
      responsibility: 'Tilrettelegging\ni skolen',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      personId: teacher.id,
      name: 'Tove Lærer',
      role: 'professional',
      functionTitle: 'Lærer',
      organizationName: 'Demo skole',
      responsibility: 'Tilrettelegging\ni skolen',
      validUntil: '2027-01-31T23:00:00.000Z', // through that day, Norwegian time
      active: true,
      version: 1,
    });
    expect(res.json().access).toMatchObject({ goals: 'read', log: 'none', measures: 'write' });
    const [audit] = await planAudit(t, plan.id, 'participant.added');
    expect(audit).toMatchObject({ actor_id: w.coord.id, object_id: res.json().id });
    expect(audit?.details?.access).toContain('goals=read');
    expect(JSON.stringify(audit?.details)).not.toContain('Tove');
  });

  it('400: role owner, unknown roles, sections or levels; coordinator role for a non-coordinator', async () => {
    const { plan } = await freshPlan();
    for (const [field, body] of [
      ['role', { role: 'owner' }],
      ['role', { role: 'admin' }],
      ['access.secret', { access: { secret: 'read' } }],
      ['access.goals', { access: { goals: 'admin' } }],
      ['validUntil', { validUntil: 'tomorrow' }],
      ['planId', { planId: w.otherPlan.id }],
      ['organizationId', { organizationId: w.orgB }],
      ['role', { role: 'coordinator' }],
    ] as const) {
      const base = { personId: w.stranger.id, role: 'relative' };
      const res = await r.call('POST', team(plan.id), w.coord.cookie, Object.assign(base, body));
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(errorFields(res), JSON.stringify(body)).toEqual([field]);
    }
  });

  it('a person the coordinator may not see is 404; one already taking part is 409', async () => {
    const { plan } = await freshPlan();
    const unknown = await r.call('POST', team(plan.id), w.coord.cookie, {
      personId: '0190a0b0-0000-7000-8000-000000000000',
      role: 'relative',
    });
    expect(unknown.statusCode).toBe(404);
    const citizenB = await addPerson(t, w, w.orgB, 'Berta Borte');
    for (const person of [w.coordB, citizenB]) {
      const res = await r.call('POST', team(plan.id), w.coord.cookie, {
        personId: person.id,
        role: 'relative',
      });
      expect(res.statusCode).toBe(404);
      expect(res.body).toBe(unknown.body);
    }
    const again = await r.call('POST', team(plan.id), w.coord.cookie, {
      personId: w.relative.id,
      role: 'relative',
    });
    expect(again.statusCode).toBe(409);
    const coordinator = await r.call('POST', team(plan.id), w.coord.cookie, {
      personId: w.coord2.id,
      role: 'coordinator',
    });
    expect(coordinator.statusCode).toBe(201);
  });

  it('Z9: owner, guardian, relative and professional cannot add (403, audited); outsiders get 404', async () => {
    const { plan, owner } = await freshPlan();
    const body = { personId: w.stranger.id, role: 'relative' };
    for (const person of [owner, w.guardian, w.relative, w.proRead]) {
      expect(
        (await r.call('POST', team(plan.id), person.cookie, body)).statusCode,
        person.name,
      ).toBe(403);
    }
    const denied = await planAudit(t, plan.id, 'participant.added');
    expect(denied.map((a) => a.outcome)).toEqual(['denied', 'denied', 'denied', 'denied']);
    for (const person of [w.admin, w.coordB, w.stranger, w.coord2]) {
      expect(
        (await r.call('POST', team(plan.id), person.cookie, body)).statusCode,
        person.name,
      ).toBe(404);
    }
  });
});
