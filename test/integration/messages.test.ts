import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MessageData } from '../../src/shared/schemas/messages.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { buildPlanWorld, type PlanWorld, pid, planAudit, recorder } from '../helpers/plans.ts';
import { errorFields, type WorldPerson } from './people-factories.ts';

/**
 * Messages in a plan: send, list, read, edit, withdraw and reply, with recipients limited
 * to those who may read messages, and every refusal of the issue: a professional without
 * `messages` access 403, a stranger 404.
 */

let t: TestApp;
let w: PlanWorld;
let r: ReturnType<typeof recorder>;
beforeAll(async () => {
  t = await createTestApp();
  w = await buildPlanWorld(t);
  r = recorder(t);
});
afterAll(async () => {
  try {
    r.expectNoLeaks(w.canaries);
  } finally {
    await t.close();
  }
});

const url = (planId: string, rest = '') => `/api/plans/${planId}/messages${rest}`;

async function send(
  by: WorldPerson,
  body: Record<string, unknown>,
  planId = w.plan.id,
): Promise<MessageData> {
  const res = await r.call('POST', url(planId), by.cookie, body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as MessageData;
}

async function list(by: WorldPerson, query = '') {
  const res = await r.call('GET', `${url(w.plan.id)}${query}`, by.cookie);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { items: MessageData[]; next: string | null; unread: number };
}

describe('sending', () => {
  it('goes by default to everyone in the team who may read messages, never the sender', async () => {
    const m = await send(w.coord, { subject: 'Møte neste uke', body: 'Hei alle.\nSees.' });
    const names = m.recipients.map((x) => x.name).sort();
    expect(names).toEqual([w.owner, w.guardian, w.relative, w.proRead].map((p) => p.name).sort());
    expect(m).toMatchObject({
      mine: true,
      readByMe: null,
      editable: true,
      recipientCount: 4,
      readCount: 0,
      body: 'Hei alle.\nSees.',
      subject: 'Møte neste uke',
    });
    expect(m.threadId).toBe(m.id);
    expect(m.sender.name).toBe(w.coord.name);
  });

  it('to chosen participants only: others do not see it, and get 404 for it', async () => {
    const m = await send(w.coord, {
      body: 'Bare til deg',
      recipientIds: [pid(w.plan, w.owner)],
    });
    expect(m.recipients.map((x) => x.name)).toEqual([w.owner.name]);
    const owner = await list(w.owner);
    expect(owner.items.map((x) => x.id)).toContain(m.id);
    const guardian = await list(w.guardian);
    expect(guardian.items.map((x) => x.id)).not.toContain(m.id);
    const res = await r.call('GET', url(w.plan.id, `/${m.id}`), w.guardian.cookie);
    expect(res.statusCode).toBe(404);
  });

  it('refuses recipients who may not read messages, or are not in this plan', async () => {
    for (const who of [w.proNone, w.relativeNoConsent, w.expired, w.coord]) {
      const res = await r.call('POST', url(w.plan.id), w.coord.cookie, {
        body: 'x',
        recipientIds: [pid(w.plan, who)],
      });
      expect(res.statusCode, who.name).toBe(400);
      expect(errorFields(res)).toEqual(['recipientIds']);
    }
    const foreign = await r.call('POST', url(w.plan.id), w.coord.cookie, {
      body: 'x',
      recipientIds: [pid(w.otherPlan, w.otherOwner)],
    });
    expect(foreign.statusCode).toBe(400);
  });

  it('a professional with read access only may read but not send (403)', async () => {
    const res = await r.call('POST', url(w.plan.id), w.proRead.cookie, { body: 'Hei' });
    expect(res.statusCode).toBe(403);
    expect((await list(w.proRead)).items.length).toBeGreaterThan(0);
  });

  it('a relative with a sharing consent may send; the team answers in the thread', async () => {
    const m = await send(w.relative, { body: 'Spørsmål fra onkel' });
    expect(m.recipients.map((x) => x.name)).toContain(w.coord.name);
    const reply = await send(w.coord, { body: 'Svar', replyToId: m.id });
    expect(reply.threadId).toBe(m.id);
    expect(reply.replyToId).toBe(m.id);
    // The thread's people, minus the one replying.
    expect(reply.recipients.map((x) => x.name).sort()).toEqual(
      m.recipients
        .map((x) => x.name)
        .filter((n) => n !== w.coord.name)
        .concat(w.relative.name)
        .sort(),
    );
    const thread = await list(w.relative, `?threadId=${m.id}`);
    expect(thread.items.map((x) => x.id)).toEqual([reply.id, m.id]);
  });

  it('rejects bad bodies naming the field, and unknown fields', async () => {
    const cases: [unknown, string][] = [
      [{ body: '' }, 'body'],
      [{ body: '   ' }, 'body'],
      [{ body: 'x'.repeat(10_001) }, 'body'],
      [{ body: 'x', subject: '' }, 'subject'],
      [{ body: 'x', recipientIds: [] }, 'recipientIds'],
      [{ body: 'x', recipientIds: ['nope'] }, 'recipientIds.0'],
      [{ body: 'x', attachments: [{ name: 'a.pdf' }] }, 'attachments'],
      [{ body: 'x', replyToId: '00000000-0000-4000-8000-000000000000' }, 'replyToId'],
    ];
    for (const [body, field] of cases) {
      const res = await r.call('POST', url(w.plan.id), w.coord.cookie, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(errorFields(res), JSON.stringify(body)).toContain(field);
    }
    const extra = await r.call('POST', url(w.plan.id), w.coord.cookie, {
      body: 'x',
      senderId: w.owner.id,
    });
    expect(extra.statusCode).toBe(400);
  });

  it('keeps text as typed: script is stored and returned as plain text', async () => {
    const body = '<script>alert(1)</script>\n<b>fet</b>';
    const m = await send(w.coord, { body });
    expect(m.body).toBe(body);
  });
});

describe('who may list', () => {
  it('403 for a section not granted, 404 for those who may not see the plan', async () => {
    for (const who of [w.proNone, w.relativeNoConsent]) {
      const res = await r.call('GET', url(w.plan.id), who.cookie);
      expect(res.statusCode, who.name).toBe(403);
    }
    for (const who of [w.expired, w.removed, w.stranger, w.coordB, w.admin, w.coord2]) {
      const res = await r.call('GET', url(w.plan.id), who.cookie);
      expect(res.statusCode, who.name).toBe(404);
      const post = await r.call('POST', url(w.plan.id), who.cookie, { body: 'x' });
      expect(post.statusCode, who.name).toBe(404);
    }
  });

  it('another plan’s message through this plan’s path is 404 (Z12)', async () => {
    const other = await send(w.coord, { body: 'Olgas melding' }, w.otherPlan.id);
    const res = await r.call('GET', url(w.plan.id, `/${other.id}`), w.coord.cookie);
    expect(res.statusCode).toBe(404);
    const read = await r.call('POST', url(w.plan.id, `/${other.id}/read`), w.coord.cookie);
    expect(read.statusCode).toBe(404);
  });

  it('pages newest first with a cursor', async () => {
    for (let i = 0; i < 3; i += 1) await send(w.coord, { body: `Side ${i}` });
    const first = await list(w.coord, '?limit=2');
    expect(first.items).toHaveLength(2);
    expect(first.next).not.toBeNull();
    const second = await list(w.coord, `?limit=2&before=${first.next}`);
    const firstIds = first.items.map((x) => x.id);
    for (const m of second.items) expect(firstIds).not.toContain(m.id);
    const times = [...first.items, ...second.items].map((x) => x.createdAt);
    expect([...times].sort().reverse()).toEqual(times);
    const bad = await r.call('GET', `${url(w.plan.id)}?before=nonsense`, w.coord.cookie);
    expect(bad.statusCode).toBe(400);
  });
});

describe('reading', () => {
  it('marks read per recipient; the sender sees who read it, others see counts', async () => {
    const m = await send(w.coord, { body: 'Les meg' });
    const before = await list(w.owner);
    expect(before.items.find((x) => x.id === m.id)?.readByMe).toBe(false);
    const unreadBefore = before.unread;
    const res = await r.call('POST', url(w.plan.id, `/${m.id}/read`), w.owner.cookie);
    expect(res.statusCode).toBe(204);
    const again = await r.call('POST', url(w.plan.id, `/${m.id}/read`), w.owner.cookie);
    expect(again.statusCode).toBe(204);
    const after = await list(w.owner);
    expect(after.unread).toBe(unreadBefore - 1);
    const ownerView = after.items.find((x) => x.id === m.id);
    expect(ownerView?.readByMe).toBe(true);
    expect(ownerView?.recipients.every((x) => x.readAt === null)).toBe(true);
    const senderView = (await list(w.coord)).items.find((x) => x.id === m.id);
    expect(senderView?.readCount).toBe(1);
    expect(senderView?.recipients.find((x) => x.name === w.owner.name)?.readAt).not.toBeNull();
    const own = await r.call('POST', url(w.plan.id, `/${m.id}/read`), w.coord.cookie);
    expect(own.statusCode).toBe(403);
  });

  it('records a message.read event for the sender and the reader only', async () => {
    const m = await send(w.coord, { body: 'Hendelse' });
    await r.call('POST', url(w.plan.id, `/${m.id}/read`), w.guardian.cookie);
    const events = await t.db.query<{ type: string; audience: string[] }>(
      `select type, audience from plan_events where subject_id = $1 order by id`,
      [m.id],
    );
    expect(events.map((e) => e.type)).toEqual(['message.created', 'message.read']);
    expect([...(events[1]?.audience ?? [])].sort()).toEqual([w.coord.id, w.guardian.id].sort());
    expect(events[0]?.audience).toHaveLength(5);
  });

  it('unread counts and the inbox span the caller’s plans', async () => {
    await send(w.coord, { body: 'Til Per i Olgas plan' }, w.otherPlan.id);
    const unread = await r.call('GET', '/api/messages/unread', w.proRead.cookie);
    expect(unread.statusCode).toBe(200);
    const counts = unread.json() as { total: number; plans: { planId: string; unread: number }[] };
    expect(counts.plans.map((p) => p.planId).sort()).toEqual([w.plan.id, w.otherPlan.id].sort());
    expect(counts.total).toBe(counts.plans.reduce((s, p) => s + p.unread, 0));
    const inbox = await r.call('GET', '/api/messages?limit=200', w.proRead.cookie);
    const items = (inbox.json() as { items: (MessageData & { plan: { title: string } })[] }).items;
    expect(new Set(items.map((x) => x.plan.title))).toEqual(new Set(['Olas plan', 'Olgas plan']));
    const none = await r.call('GET', '/api/messages/unread', w.proNone.cookie);
    expect((none.json() as { total: number }).total).toBe(0);
    const stranger = await r.call('GET', '/api/messages', w.stranger.cookie);
    expect((stranger.json() as { items: unknown[] }).items).toEqual([]);
  });
});

describe('editing and withdrawing', () => {
  it('the sender edits until somebody reads it; then 409', async () => {
    const m = await send(w.coord, { body: 'Førsteutkast' });
    const edited = await r.call('PATCH', url(w.plan.id, `/${m.id}`), w.coord.cookie, {
      version: m.version,
      body: 'Rettet',
    });
    expect(edited.statusCode, edited.body).toBe(200);
    const e = edited.json() as MessageData;
    expect(e.body).toBe('Rettet');
    expect(e.editedAt).not.toBeNull();
    const stale = await r.call('PATCH', url(w.plan.id, `/${m.id}`), w.coord.cookie, {
      version: m.version,
      body: 'Gammel',
    });
    expect(stale.statusCode).toBe(409);
    const other = await r.call('PATCH', url(w.plan.id, `/${m.id}`), w.owner.cookie, {
      version: e.version,
      body: 'Ikke min',
    });
    expect(other.statusCode).toBe(403);
    await r.call('POST', url(w.plan.id, `/${m.id}/read`), w.owner.cookie);
    const late = await r.call('PATCH', url(w.plan.id, `/${m.id}`), w.coord.cookie, {
      version: e.version,
      body: 'For sent',
    });
    expect(late.statusCode).toBe(409);
    const kept = (await list(w.owner)).items.find((x) => x.id === m.id);
    expect(kept?.body).toBe('Rettet');
  });

  it('the sender withdraws: a visible mark stays, the text is gone for everybody', async () => {
    const m = await send(w.coord, { subject: 'Feil', body: 'Sendt ved en feil' });
    const other = await r.call('POST', url(w.plan.id, `/${m.id}/withdraw`), w.owner.cookie);
    expect(other.statusCode).toBe(403);
    const res = await r.call('POST', url(w.plan.id, `/${m.id}/withdraw`), w.coord.cookie);
    expect(res.statusCode).toBe(200);
    const withdrawn = res.json() as MessageData;
    expect(withdrawn).toMatchObject({ body: null, subject: null, editable: false });
    expect(withdrawn.withdrawnAt).not.toBeNull();
    const seen = (await list(w.owner)).items.find((x) => x.id === m.id);
    expect(seen).toMatchObject({ body: null, subject: null });
    expect(seen?.withdrawnAt).not.toBeNull();
    const reply = await r.call('POST', url(w.plan.id), w.owner.cookie, {
      body: 'Svar',
      replyToId: m.id,
    });
    expect(reply.statusCode).toBe(409);
    const edit = await r.call('PATCH', url(w.plan.id, `/${m.id}`), w.coord.cookie, {
      version: withdrawn.version,
      body: 'Tilbake',
    });
    expect(edit.statusCode).toBe(409);
  });
});

describe('audit', () => {
  it('each list, read and send leaves its one record; refusals are recorded as denied', async () => {
    const m = await send(w.coord, { body: 'Revisjon' });
    const sent = await planAudit(t, w.plan.id, 'message.sent');
    expect(sent.filter((row) => row.object_id === m.id)).toHaveLength(1);
    const before = (await planAudit(t, w.plan.id, 'message.list')).length;
    await list(w.owner);
    const after = await planAudit(t, w.plan.id, 'message.list');
    expect(after).toHaveLength(before + 1);
    expect(after.at(-1)).toMatchObject({
      actor_id: w.owner.id,
      section: 'messages',
      outcome: 'ok',
    });
    await r.call('GET', url(w.plan.id), w.proNone.cookie);
    const denied = (await planAudit(t, w.plan.id, 'message.list')).filter(
      (row) => row.outcome === 'denied',
    );
    expect(denied.at(-1)?.actor_id).toBe(w.proNone.id);
  });
});
