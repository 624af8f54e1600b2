import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import {
  buildPlanWorld,
  makePlan,
  type PlanWorld,
  planAudit,
  planOrganization,
  recorder,
} from '../helpers/plans.ts';
import { addPerson, errorFields } from './people-factories.ts';

let t: TestApp;
let w: PlanWorld;
let r: ReturnType<typeof recorder>;
let draftId: string;
beforeAll(async () => {
  t = await createTestApp();
  w = await buildPlanWorld(t);
  r = recorder(t);
  const draft = await makePlan(t, {
    organizationId: w.orgA,
    owner: w.stranger,
    coordinator: w.coord,
    type: 'simple',
    status: 'draft',
    title: 'Utkast',
    others: [{ person: w.guardian, role: 'guardian' }],
  });
  draftId = draft.id;
});
afterAll(async () => {
  r.expectNoLeaks(w.canaries);
  await t.close();
});

type Item = { id: string; myRole: string; title: string };
const ids = (res: { json(): { items: Item[] } }) => res.json().items.map((i) => i.id);

describe('GET /api/plans', () => {
  it('each person sees the plans they take part in now, newest first, with their role', async () => {
    const coord = await r.call('GET', '/api/plans', w.coord.cookie);
    expect(coord.statusCode).toBe(200);
    expect(ids(coord)).toEqual([draftId, w.otherPlan.id, w.plan.id]);
    expect(coord.json().next).toBeNull();
    expect(coord.json().items[2]).toMatchObject({
      title: 'Olas plan',
      status: 'active',
      type: 'ip',
      myRole: 'coordinator',
      owner: { id: w.owner.id, name: 'Ola Planeier' },
      coordinator: { id: w.coord.id, name: 'Kari Koordinator' },
    });
    const expected: [typeof w.owner, string[]][] = [
      [w.owner, [w.plan.id]],
      [w.guardian, [w.plan.id]], // a draft only for its coordinator
      [w.relative, [w.plan.id]],
      [w.relativeNoConsent, [w.plan.id]],
      [w.proRead, [w.otherPlan.id, w.plan.id]],
      [w.proNone, [w.plan.id]],
      [w.expired, []],
      [w.removed, []],
      [w.stranger, []], // owner of a draft: not yet
      [w.admin, []],
      [w.coordB, []],
    ];
    for (const [person, planIds] of expected) {
      const res = await r.call('GET', '/api/plans', person.cookie);
      expect(res.statusCode, person.name).toBe(200);
      expect(ids(res), person.name).toEqual(planIds);
    }
  });

  it('pages with limit and an opaque cursor; a bad cursor is 400', async () => {
    const first = await r.call('GET', '/api/plans?limit=2', w.coord.cookie);
    expect(ids(first)).toEqual([draftId, w.otherPlan.id]);
    const next = first.json().next as string;
    expect(next).toEqual(expect.any(String));
    const second = await r.call('GET', `/api/plans?limit=2&before=${next}`, w.coord.cookie);
    expect(ids(second)).toEqual([w.plan.id]);
    expect(second.json().next).toBeNull();
    const bad = await r.call('GET', '/api/plans?before=abc', w.coord.cookie);
    expect(bad.statusCode).toBe(400);
    expect(errorFields(bad)).toEqual(['before']);
  });

  it('Z14/D2: repeated, unknown or out-of-range parameters are 400', async () => {
    for (const query of [
      'limit=1&limit=2',
      'scope=mine&scope=organization',
      'before=a&before=b',
      'limit=0',
      'limit=201',
      'limit=1e9',
      'scope=all',
      'ownerId=x',
    ]) {
      const res = await r.call('GET', `/api/plans?${query}`, w.coord.cookie);
      expect(res.statusCode, query).toBe(400);
    }
  });

  it('the list is audited (one row per request)', async () => {
    const before = (await planAudit(t, null, 'plan.list')).length;
    await r.call('GET', '/api/plans', w.relative.cookie);
    const rows = await planAudit(t, null, 'plan.list');
    expect(rows.length).toBe(before + 1);
    expect(rows.at(-1)).toMatchObject({ actor_id: w.relative.id, details: { count: 1 } });
  });
});

describe('GET /api/plans?scope=organization (Z6)', () => {
  it('the org admin sees metadata of their organisation’s plans only: no title, no owner', async () => {
    const adminB = await addPerson(t, w, w.orgB, 'Berit Admin', ['org_admin']);
    const ownerB = await addPerson(t, w, w.orgB, 'Bjørn Eier');
    const planB = await makePlan(t, {
      organizationId: w.orgB,
      owner: ownerB,
      coordinator: w.coordB,
      title: 'Bjørns plan',
    });
    const res = await r.call('GET', '/api/plans?scope=organization', w.admin.cookie);
    expect(res.statusCode).toBe(200);
    const items = res.json().items as Record<string, unknown>[];
    expect(items.map((i) => i.id)).toEqual([draftId, w.otherPlan.id, w.plan.id]);
    expect(items[2]).toEqual({
      id: w.plan.id,
      type: 'ip',
      status: 'active',
      coordinator: { id: w.coord.id, name: 'Kari Koordinator' },
      participantCount: 7, // coordinator, owner, guardian, 2 relatives, 2 professionals; not expired or removed
      createdAt: expect.any(String),
    });
    expect(res.body).not.toContain('Olas plan');
    expect(res.body).not.toContain('Ola Planeier');
    const b = await r.call('GET', '/api/plans?scope=organization', adminB.cookie);
    expect(b.json().items.map((i: { id: string }) => i.id)).toEqual([planB.id]);
    // …and the content stays closed to the admin.
    expect((await r.call('GET', `/api/plans/${w.plan.id}`, w.admin.cookie)).statusCode).toBe(404);
    expect(
      (await r.call('GET', `/api/plans/${w.plan.id}/participants`, w.admin.cookie)).statusCode,
    ).toBe(404);
    expect(
      (await r.call('GET', `/api/plans/${w.plan.id}/consents`, w.admin.cookie)).statusCode,
    ).toBe(404);
  });

  it('anybody else: 403, audited as denied', async () => {
    for (const person of [w.coord, w.owner, w.coordB]) {
      const res = await r.call('GET', '/api/plans?scope=organization', person.cookie);
      expect(res.statusCode, person.name).toBe(403);
    }
    const denied = (await planAudit(t, null, 'plan.adminSummary')).filter(
      (a) => a.outcome === 'denied',
    );
    expect(denied.map((a) => a.actor_id)).toEqual([w.coord.id, w.owner.id, w.coordB.id]);
  });
});

describe('POST /api/plans', () => {
  it('a coordinator creates a draft for a person of their organisation; both join the care team', async () => {
    const owner = await addPerson(t, w, w.orgA, 'Nora Ny');
    const res = await r.call('POST', '/api/plans', w.coord.cookie, {
      type: 'ip',
      ownerId: owner.id,
      title: 'Noras plan',
    });
    expect(res.statusCode).toBe(201);
    const plan = res.json();
    expect(plan).toMatchObject({
      type: 'ip',
      title: 'Noras plan',
      status: 'draft',
      owner: { id: owner.id, name: 'Nora Ny' },
      coordinator: { id: w.coord.id },
      myRole: 'coordinator',
      version: 1,
    });
    const team = await r.call('GET', `/api/plans/${plan.id}/participants`, w.coord.cookie);
    expect(
      team.json().items.map((p: { personId: string; role: string }) => [p.personId, p.role]),
    ).toEqual([
      [owner.id, 'owner'],
      [w.coord.id, 'coordinator'],
    ]);
    expect((await r.call('GET', `/api/plans/${plan.id}`, owner.cookie)).statusCode).toBe(404);
    const [audit] = await planAudit(t, plan.id, 'plan.created');
    expect(audit).toMatchObject({
      actor_id: w.coord.id,
      object_id: plan.id,
      details: { type: 'ip' },
    });
    expect(await planOrganization(t, plan.id)).toBe(w.orgA);
  });

  it('another coordinator of the organisation may be named; a non-coordinator may not (400)', async () => {
    const owner = await addPerson(t, w, w.orgA, 'Nils Ny');
    const named = await r.call('POST', '/api/plans', w.coord.cookie, {
      type: 'simple',
      ownerId: owner.id,
      title: 'Samspill',
      coordinatorId: w.coord2.id,
    });
    expect(named.statusCode).toBe(201);
    expect(named.json()).toMatchObject({ coordinator: { id: w.coord2.id }, myRole: null });
    expect(Object.values(named.json().myAccess)).toEqual(Array(12).fill('none'));
    expect((await r.call('GET', `/api/plans/${named.json().id}`, w.coord2.cookie)).statusCode).toBe(
      200,
    );
    expect((await r.call('GET', `/api/plans/${named.json().id}`, w.coord.cookie)).statusCode).toBe(
      404,
    );
    for (const coordinatorId of [w.guardian.id, w.coordB.id, owner.id, w.admin.id]) {
      const res = await r.call('POST', '/api/plans', w.coord.cookie, {
        type: 'simple',
        ownerId: owner.id,
        title: 'X',
        coordinatorId,
      });
      expect(res.statusCode).toBe(400);
      expect(errorFields(res)).toEqual(['coordinatorId']);
    }
  });

  it('a second open IP for the same owner is 409; a simple plan beside it is fine', async () => {
    const owner = await addPerson(t, w, w.orgA, 'Ivar Ip');
    const body = { type: 'ip', ownerId: owner.id, title: 'IP' };
    expect((await r.call('POST', '/api/plans', w.coord.cookie, body)).statusCode).toBe(201);
    expect((await r.call('POST', '/api/plans', w.coord.cookie, body)).statusCode).toBe(409);
    const simple = { ...body, type: 'simple' };
    expect((await r.call('POST', '/api/plans', w.coord.cookie, simple)).statusCode).toBe(201);
  });

  it('not a coordinator: 403 (audited); owner unknown or of another municipality: 404', async () => {
    const body = { type: 'ip', ownerId: w.stranger.id, title: 'X' };
    for (const person of [w.owner, w.relative, w.admin]) {
      expect(
        (await r.call('POST', '/api/plans', person.cookie, body)).statusCode,
        person.name,
      ).toBe(403);
    }
    const denied = await planAudit(t, null, 'plan.created');
    expect(denied.filter((a) => a.outcome === 'denied').length).toBe(3);
    const unknown = await r.call('POST', '/api/plans', w.coord.cookie, {
      ...body,
      ownerId: '0190a0b0-0000-7000-8000-000000000000',
    });
    expect(unknown.statusCode).toBe(404);
    const other = await r.call('POST', '/api/plans', w.coordB.cookie, body);
    expect(other.statusCode).toBe(404);
    expect(other.body).toBe(unknown.body);
  });

  it('Z5/Z7: organizationId or other unknown fields are 400; tenant headers are ignored', async () => {
    for (const extra of [{ organizationId: w.orgB }, { status: 'active' }, { version: 1 }]) {
      const res = await r.call('POST', '/api/plans', w.coord.cookie, {
        type: 'simple',
        ownerId: w.stranger.id,
        title: 'X',
        ...extra,
      });
      expect(res.statusCode).toBe(400);
      expect(errorFields(res)).toEqual(Object.keys(extra));
    }
    const owner = await addPerson(t, w, w.orgA, 'Hanne Header');
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/plans',
      headers: {
        cookie: w.coord.cookie,
        origin: t.config.publicUrl,
        'x-organization-id': w.orgB,
        'x-tenant-id': w.orgB,
      },
      payload: { type: 'simple', ownerId: owner.id, title: 'Header' },
    });
    expect(res.statusCode).toBe(201);
    expect(await planOrganization(t, res.json().id)).toBe(w.orgA);
  });

  it('titles: one line of plain text, 1–200 characters; type must be ip or simple', async () => {
    for (const [field, patch] of [
      ['title', { title: '' }],
      ['title', { title: 'a\nb' }],
      ['title', { title: 'x'.repeat(201) }],
      ['type', { type: 'other' }],
      ['ownerId', { ownerId: 'not-an-id' }],
    ] as const) {
      const body = { type: 'simple', ownerId: w.stranger.id, title: 'X' };
      const res = await r.call('POST', '/api/plans', w.coord.cookie, Object.assign(body, patch));
      expect(res.statusCode, JSON.stringify(patch)).toBe(400);
      expect(errorFields(res)).toEqual([field]);
    }
  });
});
