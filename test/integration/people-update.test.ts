import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matchesAnyTemplate } from '../../src/server/modules/delivery/templates.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import {
  addPerson,
  auditRows,
  buildWorld,
  call,
  canaryMobile,
  errorFields,
  leakedCanaries,
  outboxOf,
  sessionCookie,
  syntheticNationalId,
  type World,
  type WorldPerson,
} from './people-factories.ts';

let t: TestApp;
let w: World;
beforeAll(async () => {
  t = await createTestApp();
  w = await buildWorld(t);
});
afterAll(() => t.close());

const citizen = (name: string): Promise<WorldPerson> => addPerson(t, w, w.orgA, name);

describe('PATCH /api/people/:id', () => {
  it('staff edit the name and language; the audit names the changed fields only', async () => {
    const p = await citizen('Ida Endring');
    const res = await call(t, 'PATCH', `/api/people/${p.id}`, w.coordA.cookie, {
      version: 1,
      name: 'Ida Endret',
      language: 'nn',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      name: 'Ida Endret',
      language: 'nn',
      version: 2,
      username: p.username,
    });
    const [audit] = await auditRows(t, 'person.updated', p.id);
    expect(audit?.details).toEqual({ fields: 'name,language' });
    expect(await outboxOf(t, p.id)).toEqual([]);
  });

  it('409 for a stale version', async () => {
    const p = await citizen('Eva Versjon');
    const ok = await call(t, 'PATCH', `/api/people/${p.id}`, w.coordA.cookie, {
      version: 1,
      language: 'en',
    });
    expect(ok.statusCode).toBe(200);
    const stale = await call(t, 'PATCH', `/api/people/${p.id}`, w.adminA.cookie, {
      version: 1,
      language: 'nb',
    });
    expect(stale.statusCode).toBe(409);
  });

  it('A17: a contact change by the person themself needs a fresh login', async () => {
    const p = await citizen('Mona Mobil');
    const oldCookie = await sessionCookie(t, p.id, 20);
    const newMobile = canaryMobile();
    w.canaries.push(newMobile);
    const refused = await call(t, 'PATCH', `/api/people/${p.id}`, oldCookie, {
      version: 1,
      mobile: newMobile,
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().detail).toMatch(/log in again/i);

    const res = await call(t, 'PATCH', `/api/people/${p.id}`, p.cookie, {
      version: 1,
      mobile: newMobile,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().mobile).toBe(newMobile);
    const messages = await outboxOf(t, p.id);
    expect(messages.map((m) => [m.channel, m.to_address])).toEqual([['sms', p.mobile]]);
    expect(matchesAnyTemplate(messages[0]?.text ?? '')).toBe(true);
    expect(messages[0]?.text).toMatch(/Kontaktinformasjonen din i Samvirke ble endret/);
    const [audit] = await auditRows(t, 'person.updated', p.id);
    expect(audit?.details).toEqual({ fields: 'mobile' });
  });

  it('A17: staff change both addresses; both old addresses are told', async () => {
    const p = await citizen('Stian Staff');
    const newMobile = canaryMobile();
    const newEmail = 'ny.adresse.stian@example.test';
    w.canaries.push(newMobile, newEmail);
    const res = await call(t, 'PATCH', `/api/people/${p.id}`, w.coordA.cookie, {
      version: 1,
      mobile: newMobile,
      email: newEmail,
    });
    expect(res.statusCode).toBe(200);
    const sent = (await outboxOf(t, p.id)).map((m) => [m.channel, m.to_address]).sort();
    expect(sent).toEqual([
      ['email', p.email],
      ['sms', p.mobile],
    ]);
  });

  it('an old session may still change fields other than mobile and e-mail', async () => {
    const p = await citizen('Gro Gammel');
    const oldCookie = await sessionCookie(t, p.id, 60);
    const res = await call(t, 'PATCH', `/api/people/${p.id}`, oldCookie, {
      version: 1,
      notifyChannel: 'email',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().notifyChannel).toBe('email');
  });

  it('one of mobile and e-mail must stay; a channel needs its address', async () => {
    const p = await citizen('Kim Kanal');
    const both = await call(t, 'PATCH', `/api/people/${p.id}`, w.coordA.cookie, {
      version: 1,
      mobile: null,
      email: null,
    });
    expect(both.statusCode).toBe(400);
    const noMail = await call(t, 'PATCH', `/api/people/${p.id}`, w.coordA.cookie, {
      version: 1,
      email: null,
      codeChannel: 'email',
    });
    expect(noMail.statusCode).toBe(400);
    expect(errorFields(noMail)).toEqual(['codeChannel']);
    // Removing the mobile moves the channels that used it to e-mail.
    const moved = await call(t, 'PATCH', `/api/people/${p.id}`, w.coordA.cookie, {
      version: 1,
      mobile: null,
    });
    expect(moved.statusCode).toBe(200);
    expect(moved.json()).toMatchObject({
      mobile: null,
      codeChannel: 'email',
      notifyChannel: 'email',
    });
  });

  it('404 for another municipality and another citizen; 400 for unknown fields', async () => {
    const other = await call(t, 'PATCH', `/api/people/${w.citizenA.id}`, w.coordB.cookie, {
      version: 1,
      name: 'X',
    });
    expect(other.statusCode).toBe(404);
    const citizen2 = await call(t, 'PATCH', `/api/people/${w.citizenA.id}`, w.citizenA2.cookie, {
      version: 1,
      name: 'X',
    });
    expect(citizen2.statusCode).toBe(404);
    for (const field of ['organizationId', 'status', 'nationalId', 'username']) {
      const res = await call(t, 'PATCH', `/api/people/${w.citizenA.id}`, w.coordA.cookie, {
        version: 1,
        [field]: field === 'nationalId' ? syntheticNationalId() : w.orgB,
      });
      expect(res.statusCode).toBe(400);
      expect(errorFields(res)).toEqual([field]);
    }
  });
});

describe('POST /api/people/:id/deactivate', () => {
  it('ends the sessions at once, and the audit trail has created and deactivated', async () => {
    const created = await call(t, 'POST', '/api/people', w.coordA.cookie, {
      name: 'Dag Deaktiv',
      nationalId: syntheticNationalId(),
      email: 'dag.deaktiv@example.test',
    });
    w.canaries.push(created.json().nationalId, 'dag.deaktiv@example.test');
    expect(created.statusCode).toBe(201);
    const id = created.json().id as string;
    const cookie = await sessionCookie(t, id);
    expect((await call(t, 'GET', '/api/me/notifications', cookie)).statusCode).toBe(200);

    const res = await call(t, 'POST', `/api/people/${id}/deactivate`, w.adminA.cookie);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      id,
      status: 'deactivated',
      deactivatedAt: expect.any(String),
    });
    expect((await call(t, 'GET', '/api/me/notifications', cookie)).statusCode).toBe(401);
    const live = await t.db.query(
      'select 1 from sessions where person_id = $1 and ended_at is null',
      [id],
    );
    expect(live).toEqual([]);
    expect(await auditRows(t, 'person.created', id)).toHaveLength(1);
    const [audit] = await auditRows(t, 'person.deactivated', id);
    expect(audit).toMatchObject({ actor_id: w.adminA.id, details: { sessionsEnded: 1 } });
    // The invitation no longer works, and a deactivated account is not invited again.
    const open = await t.db.query(
      'select 1 from invitations where person_id = $1 and expires_at > now()',
      [id],
    );
    expect(open).toEqual([]);
    expect(
      (await call(t, 'POST', `/api/people/${id}/invitation`, w.adminA.cookie)).statusCode,
    ).toBe(409);
  });

  it('nobody deactivates themself (403); other municipality 404; citizens 404', async () => {
    expect(
      (await call(t, 'POST', `/api/people/${w.coordA.id}/deactivate`, w.coordA.cookie)).statusCode,
    ).toBe(403);
    expect(
      (await call(t, 'POST', `/api/people/${w.citizenA.id}/deactivate`, w.citizenA.cookie))
        .statusCode,
    ).toBe(403);
    expect(
      (await call(t, 'POST', `/api/people/${w.citizenA.id}/deactivate`, w.coordB.cookie))
        .statusCode,
    ).toBe(404);
    expect(
      (await call(t, 'POST', `/api/people/${w.citizenA.id}/deactivate`, w.citizenA2.cookie))
        .statusCode,
    ).toBe(404);
    expect(
      (await call(t, 'POST', `/api/people/${w.citizenA.id}/deactivate`, w.coordA.cookie, { x: 1 }))
        .statusCode,
    ).toBe(400);
  });
});

describe('POST /api/people/:id/invitation', () => {
  it('sends a new link and ends the old one; 409 once the account is in use', async () => {
    const created = await call(t, 'POST', '/api/people', w.coordA.cookie, {
      name: 'Ine Invitert',
      nationalId: syntheticNationalId(),
      mobile: canaryMobile(),
    });
    w.canaries.push(created.json().nationalId, created.json().mobile);
    const id = created.json().id as string;
    const res = await call(t, 'POST', `/api/people/${id}/invitation`, w.coordA.cookie);
    expect(res.statusCode).toBe(204);
    expect(res.body).toBe('');
    const links = (await outboxOf(t, id)).map((m) => /invitasjon\/(\S+?)\.? /.exec(m.text)?.[1]);
    expect(links).toHaveLength(2);
    expect(links[0]).not.toBe(links[1]);
    const open = await t.db.query(
      'select 1 from invitations where person_id = $1 and expires_at > now()',
      [id],
    );
    expect(open).toHaveLength(1);
    expect(await auditRows(t, 'person.invited', id)).toHaveLength(1);

    expect(
      (await call(t, 'POST', `/api/people/${w.citizenA.id}/invitation`, w.coordA.cookie))
        .statusCode,
    ).toBe(409);
    expect(
      (await call(t, 'POST', `/api/people/${id}/invitation`, w.coordB.cookie)).statusCode,
    ).toBe(404);
  });
});

describe('/api/me/notifications', () => {
  it('reads and sets the caller’s own channel; e-mail needs an address (400 channel)', async () => {
    const p = await citizen('Nils Varsel');
    const read = await call(t, 'GET', '/api/me/notifications', p.cookie);
    expect(read.json()).toEqual({
      channel: 'sms',
      atNight: false,
      channels: { sms: true, email: true },
      quietHours: null,
    });
    const none = await call(t, 'PUT', '/api/me/notifications', p.cookie, { channel: 'none' });
    expect(none.statusCode).toBe(200);
    expect(none.json().channel).toBe('none');

    const patched = await call(t, 'PATCH', `/api/people/${p.id}`, w.coordA.cookie, {
      version: 2,
      email: null,
    });
    expect(patched.statusCode).toBe(200);
    const refused = await call(t, 'PUT', '/api/me/notifications', p.cookie, { channel: 'email' });
    expect(refused.statusCode).toBe(400);
    expect(errorFields(refused)).toEqual(['channel']);
    const unknown = await call(t, 'PUT', '/api/me/notifications', p.cookie, {
      channel: 'sms',
      personId: w.citizenA.id,
    });
    expect(errorFields(unknown)).toEqual(['personId']);
    expect((await call(t, 'GET', '/api/me/notifications')).statusCode).toBe(401);
  });
});

describe('logs', () => {
  it('no log line holds a national id, phone number or e-mail', () => {
    expect(leakedCanaries(JSON.stringify(t.logs), w.canaries)).toEqual([]);
  });
});
