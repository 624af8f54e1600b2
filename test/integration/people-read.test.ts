import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import {
  addPerson,
  auditRows,
  buildWorld,
  call,
  errorFields,
  leakedCanaries,
  type World,
} from './people-factories.ts';

let t: TestApp;
let w: World;
beforeAll(async () => {
  t = await createTestApp();
  w = await buildWorld(t);
});
afterAll(() => t.close());

describe('GET /api/people/:id', () => {
  it('the person themself: 200 with national id, mobile and e-mail, not audited', async () => {
    const res = await call(t, 'GET', `/api/people/${w.citizenA.id}`, w.citizenA.cookie);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      id: w.citizenA.id,
      name: 'Ola Planeier',
      nationalId: w.citizenA.nationalId,
      mobile: w.citizenA.mobile,
      email: w.citizenA.email,
      status: 'active',
      organizationId: w.orgA,
      version: 1,
    });
    expect(Object.keys(res.json()).sort()).toEqual(
      [
        'codeChannel',
        'createdAt',
        'deactivatedAt',
        'email',
        'id',
        'language',
        'mobile',
        'name',
        'nationalId',
        'notifyChannel',
        'organizationId',
        'status',
        'updatedAt',
        'username',
        'version',
      ].sort(),
    );
    expect(await auditRows(t, 'person.read', w.citizenA.id)).toEqual([]);
  });

  it('staff who administer the account: 200, and the read is audited', async () => {
    for (const staff of [w.adminA, w.coordA]) {
      const res = await call(t, 'GET', `/api/people/${w.citizenA.id}`, staff.cookie);
      expect(res.statusCode).toBe(200);
      expect(res.json().nationalId).toBe(w.citizenA.nationalId);
    }
    const audits = await auditRows(t, 'person.read', w.citizenA.id);
    expect(audits.map((a) => [a.actor_id, a.outcome])).toEqual([
      [w.adminA.id, 'ok'],
      [w.coordA.id, 'ok'],
    ]);
  });

  it('404 with the same body for another municipality, another citizen, an unknown or malformed id', async () => {
    const unknown = await call(
      t,
      'GET',
      '/api/people/0190a0b0-0000-7000-8000-000000000000',
      w.coordA.cookie,
    );
    expect(unknown.statusCode).toBe(404);
    const cases = [
      call(t, 'GET', `/api/people/${w.citizenA.id}`, w.coordB.cookie),
      call(t, 'GET', `/api/people/${w.citizenA.id}`, w.citizenA2.cookie),
      call(t, 'GET', '/api/people/not-an-id', w.coordA.cookie),
      call(t, 'GET', `/api/people/${w.citizenA.id}'%20or%201=1`, w.coordA.cookie),
    ];
    for (const res of await Promise.all(cases)) {
      expect(res.statusCode).toBe(404);
      expect(res.body).toBe(unknown.body);
      expect(leakedCanaries(res.body, w.canaries)).toEqual([]);
    }
    const denied = await auditRows(t, 'person.read', w.citizenA.id);
    expect(
      denied
        .filter((a) => a.outcome === 'denied')
        .map((a) => a.actor_id)
        .sort(),
    ).toEqual([w.coordB.id, w.citizenA2.id].sort());
  });

  it('401 without a session', async () => {
    const res = await call(t, 'GET', `/api/people/${w.citizenA.id}`);
    expect(res.statusCode).toBe(401);
  });
});

describe('GET /api/people (search)', () => {
  type Listed = {
    items: { id: string; name: string; username: string; status: string }[];
    next: string | null;
  };

  it('finds people of the own organisation by a name fragment, case-insensitive', async () => {
    const res = await call(t, 'GET', '/api/people?query=PLANEI', w.coordA.cookie);
    expect(res.statusCode).toBe(200);
    const body = res.json() as Listed;
    expect(body.items).toEqual([
      { id: w.citizenA.id, name: 'Ola Planeier', username: w.citizenA.username, status: 'active' },
    ]);
    expect(body.next).toBeNull();
  });

  it('lists never hold a national id, phone or e-mail (Z11)', async () => {
    const res = await call(t, 'GET', '/api/people?limit=200', w.adminA.cookie);
    expect(res.statusCode).toBe(200);
    const body = res.json() as Listed;
    expect(body.items.map((i) => i.id).sort()).toEqual(
      [w.coordA.id, w.adminA.id, w.citizenA.id, w.citizenA2.id].sort(),
    );
    for (const item of body.items)
      expect(Object.keys(item).sort()).toEqual(['id', 'name', 'status', 'username']);
    expect(leakedCanaries(res.body, w.canaries)).toEqual([]);
  });

  it('finds by an exact national id, and audits that search', async () => {
    const res = await call(t, 'GET', `/api/people?query=${w.citizenA.nationalId}`, w.coordA.cookie);
    expect(res.statusCode).toBe(200);
    expect((res.json() as Listed).items.map((i) => i.id)).toEqual([w.citizenA.id]);
    expect(leakedCanaries(res.body, w.canaries)).toEqual([]);
    const [audit] = await auditRows(t, 'person.search', w.citizenA.id);
    expect(audit).toMatchObject({ actor_id: w.coordA.id, details: { by: 'nationalId', hits: 1 } });
  });

  it('another municipality finds nobody of Demo kommune, by name or by national id (Z5)', async () => {
    const byName = await call(t, 'GET', '/api/people?query=Ola', w.coordB.cookie);
    expect((byName.json() as Listed).items).toEqual([]);
    const byId = await call(
      t,
      'GET',
      `/api/people?query=${w.citizenA.nationalId}`,
      w.coordB.cookie,
    );
    expect((byId.json() as Listed).items).toEqual([]);
    const all = await call(t, 'GET', '/api/people', w.coordB.cookie);
    expect((all.json() as Listed).items.map((i) => i.id)).toEqual([w.coordB.id]);
    const header = await t.app.inject({
      method: 'GET',
      url: '/api/people?query=Ola',
      headers: { cookie: w.coordB.cookie, 'x-organization-id': w.orgA },
    });
    expect((header.json() as Listed).items).toEqual([]);
    const param = await call(t, 'GET', `/api/people?organizationId=${w.orgA}`, w.coordB.cookie);
    expect(param.statusCode).toBe(400);
  });

  it('pages with an opaque cursor, newest first', async () => {
    const canaries = { canaries: w.canaries };
    const extra = [];
    for (let i = 0; i < 3; i++)
      extra.push(await addPerson(t, canaries, w.orgA, `Pål Sidemann ${i}`));
    const first = await call(t, 'GET', '/api/people?query=sidemann&limit=2', w.coordA.cookie);
    const page1 = first.json() as Listed;
    expect(page1.items.map((i) => i.name)).toEqual(['Pål Sidemann 2', 'Pål Sidemann 1']);
    expect(page1.next).toEqual(expect.any(String));
    const second = await call(
      t,
      'GET',
      `/api/people?query=sidemann&limit=2&before=${encodeURIComponent(page1.next ?? '')}`,
      w.coordA.cookie,
    );
    const page2 = second.json() as Listed;
    expect(page2.items.map((i) => i.name)).toEqual(['Pål Sidemann 0']);
    expect(page2.next).toBeNull();
  });

  it('treats LIKE wildcards in the query as text', async () => {
    const res = await call(t, 'GET', '/api/people?query=%25', w.coordA.cookie);
    expect((res.json() as Listed).items).toEqual([]);
  });

  it.each([
    ['limit=201', 'limit'],
    ['limit=0', 'limit'],
    ['limit=1e9', 'limit'],
    ['limit=abc', 'limit'],
    ['before=bm90LWEtY3Vyc29y', 'before'],
    ['query=a&query=b', 'query'],
  ])('400 for %s', async (query, field) => {
    const res = await call(t, 'GET', `/api/people?${query}`, w.coordA.cookie);
    expect(res.statusCode).toBe(400);
    expect(errorFields(res)).toEqual([field]);
  });

  it('403 for a citizen', async () => {
    const res = await call(t, 'GET', '/api/people?query=Ola', w.citizenA2.cookie);
    expect(res.statusCode).toBe(403);
  });

  it('no log line holds a national id, phone number or e-mail', () => {
    expect(leakedCanaries(JSON.stringify(t.logs), w.canaries)).toEqual([]);
  });
});
