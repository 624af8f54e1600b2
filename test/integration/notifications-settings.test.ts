import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { buildPlanWorld, type PlanWorld, pid, planAudit, recorder } from '../helpers/plans.ts';
import { call, errorFields, type WorldPerson } from './people-factories.ts';

/**
 * The caller's notification choice (GET, PUT /api/me/notifications) and a plan's
 * notification health for those who decide who sees what
 * (GET /api/plans/:planId/notification-status): booleans, states and generic reasons —
 * never an address, a text, or what a notification was about.
 */

let t: TestApp;
let w: PlanWorld;
let r: ReturnType<typeof recorder>;

beforeAll(async () => {
  t = await createTestApp({ QUIET_HOURS: '22-07' });
  w = await buildPlanWorld(t);
  r = recorder(t);
});
afterAll(() => t?.close());

describe('/api/me/notifications', () => {
  it('reads the caller’s own choice: channel, at night, and which channels have an address', async () => {
    const res = await r.call('GET', '/api/me/notifications', w.owner.cookie);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      channel: 'sms',
      atNight: false,
      channels: { sms: true, email: true },
      quietHours: '22-07',
    });
  });

  it('saves the channel and the night choice, and audits the change', async () => {
    const res = await r.call('PUT', '/api/me/notifications', w.relative.cookie, {
      channel: 'email',
      atNight: true,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ channel: 'email', atNight: true });
    expect((await r.call('GET', '/api/me/notifications', w.relative.cookie)).json()).toMatchObject({
      channel: 'email',
      atNight: true,
    });
    // Only the channel: the night choice is kept.
    const channelOnly = await r.call('PUT', '/api/me/notifications', w.relative.cookie, {
      channel: 'none',
    });
    expect(channelOnly.json()).toMatchObject({ channel: 'none', atNight: true });
    // The same again changes nothing and is not audited again.
    await r.call('PUT', '/api/me/notifications', w.relative.cookie, { channel: 'none' });

    const audits = await t.db.query<{ details: Record<string, unknown>; actor_id: string }>(
      `select details, actor_id from audit_log where action = 'person.updated' and object_id = $1
        order by at, id`,
      [w.relative.id],
    );
    expect(audits).toEqual([
      { details: { fields: 'notifyChannel,notifyAtNight' }, actor_id: w.relative.id },
      { details: { fields: 'notifyChannel' }, actor_id: w.relative.id },
    ]);
  });

  it('a channel without an address is 400 naming `channel`; booleans only tell which have one', async () => {
    await t.db.query('update people set email = null where id = $1', [w.guardian.id]);
    const read = await r.call('GET', '/api/me/notifications', w.guardian.cookie);
    expect(read.json()).toMatchObject({ channels: { sms: true, email: false } });
    const refused = await r.call('PUT', '/api/me/notifications', w.guardian.cookie, {
      channel: 'email',
      atNight: false,
    });
    expect(refused.statusCode).toBe(400);
    expect(errorFields(refused)).toEqual(['channel']);
    expect((await r.call('GET', '/api/me/notifications', w.guardian.cookie)).json()).toMatchObject({
      channel: 'sms',
    });
  });

  it('unknown fields, wrong types and a missing channel are 400 naming the field', async () => {
    const cases: [unknown, string][] = [
      [{ channel: 'sms', personId: w.owner.id }, 'personId'],
      [{ channel: 'sms', atNight: 'yes' }, 'atNight'],
      [{ channel: 'pigeon' }, 'channel'],
      [{ atNight: true }, 'channel'],
    ];
    for (const [body, field] of cases) {
      const res = await r.call('PUT', '/api/me/notifications', w.proRead.cookie, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(errorFields(res)).toEqual([field]);
    }
  });

  it('401 without a session; 403 without our Origin', async () => {
    expect((await call(t, 'GET', '/api/me/notifications')).statusCode).toBe(401);
    expect(
      (await call(t, 'PUT', '/api/me/notifications', undefined, { channel: 'sms' })).statusCode,
    ).toBe(401);
    const foreign = await t.app.inject({
      method: 'PUT',
      url: '/api/me/notifications',
      headers: { cookie: w.owner.cookie, origin: 'https://evil.example' },
      payload: { channel: 'none' },
    });
    expect(foreign.statusCode).toBe(403);
  });
});

describe('GET /api/plans/:planId/notification-status', () => {
  const url = () => `/api/plans/${w.plan.id}/notification-status`;

  beforeAll(async () => {
    // The newest notification to proRead failed: the gateway refused the number.
    await t.db.query(
      `insert into deliveries (person_id, channel, template, status, attempts, last_error, failed_at, created_at)
       values ($1, 'sms', 'new-message', 'sent', 1, null, null, now() - interval '2 days'),
              ($1, 'sms', 'new-message', 'failed', 1, 'gateway 400', now(), now())`,
      [w.proRead.id],
    );
    // A failed login code is not a notification.
    await t.db.query(
      `insert into deliveries (person_id, channel, template, status, attempts, last_error, failed_at)
       values ($1, 'sms', 'login-code', 'failed', 1, 'gateway 503', now())`,
      [w.owner.id],
    );
    await t.db.query(`update people set notify_channel = 'none' where id = $1`, [w.proNone.id]);
  });

  it('the coordinator sees whose notifications fail, with the reason only', async () => {
    const res = await r.call('GET', url(), w.coord.cookie);
    expect(res.statusCode).toBe(200);
    const items = (res.json() as { items: { participantId: string; status: string }[] }).items;
    const of = (person: WorldPerson) =>
      items.find((item) => item.participantId === pid(w.plan, person));
    expect(of(w.proRead)).toEqual({
      participantId: pid(w.plan, w.proRead),
      status: 'failing',
      lastFailedAt: expect.any(String),
      reason: 'gateway 400',
    });
    expect(of(w.owner)).toEqual({ participantId: pid(w.plan, w.owner), status: 'ok' });
    expect(of(w.proNone)).toEqual({ participantId: pid(w.plan, w.proNone), status: 'off' });
    // Every current participant, and nobody removed.
    expect(of(w.removed)).toBeUndefined();
    expect(items).toHaveLength(Object.keys(w.plan.participants).length - 1);
    const audits = await planAudit(t, w.plan.id, 'notifications.status.read');
    expect(audits.map((a) => [a.outcome, a.actor_id])).toEqual([['ok', w.coord.id]]);
  });

  it('the owner, who decides who sees what, may see it too', async () => {
    expect((await r.call('GET', url(), w.owner.cookie)).statusCode).toBe(200);
  });

  it('a professional or a relative gets 403 (audited as denied)', async () => {
    for (const person of [w.proRead, w.relative]) {
      expect((await r.call('GET', url(), person.cookie)).statusCode).toBe(403);
    }
    const denied = (await planAudit(t, w.plan.id, 'notifications.status.read')).filter(
      (a) => a.outcome === 'denied',
    );
    expect(denied.map((a) => a.actor_id)).toEqual([w.proRead.id, w.relative.id]);
  });

  it('strangers, other municipalities, removed and expired participants, unknown plans: 404', async () => {
    for (const person of [w.stranger, w.coordB, w.admin, w.removed, w.expired]) {
      expect((await r.call('GET', url(), person.cookie)).statusCode, person.name).toBe(404);
    }
    for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-plan']) {
      const res = await r.call('GET', `/api/plans/${id}/notification-status`, w.coord.cookie);
      expect(res.statusCode).toBe(404);
    }
    expect((await call(t, 'GET', url())).statusCode).toBe(401);
  });

  it('no reply or log line shows a national id, phone number or e-mail', () => {
    r.expectNoLeaks(w.canaries);
  });
});
