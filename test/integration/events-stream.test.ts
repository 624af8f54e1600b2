import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { REPLAY_LIMIT } from '../../src/server/modules/events/hub.ts';
import { recordEvent } from '../../src/server/modules/events/record.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { buildPlanWorld, expireIn, type PlanWorld, pid } from '../helpers/plans.ts';
import {
  commitEvent,
  idsOf,
  listening,
  openLiveStream,
  openStream,
  type StreamClient,
  settledPast,
  streamRequests,
} from '../helpers/sse.ts';
import { addPerson, call, sessionCookie, type WorldPerson } from './people-factories.ts';

/**
 * GET /api/events on one app instance (both databases): who receives a plan event, and
 * when a stream ends (SECURITY.md Z4, S4, S7, D4).
 */

let t: TestApp;
let w: PlanWorld;
let base: string;
const streams: StreamClient[] = [];

beforeAll(async () => {
  t = await createTestApp({ EVENTS_HEARTBEAT_SECONDS: '0.1' }, { background: true });
  w = await buildPlanWorld(t);
  base = await listening(t.app);
});
afterAll(() => t.close());

// Each test starts with no stream open: every one made so far has ended on the server
// too (each ends in exactly one request log line).
afterEach(async () => {
  for (const stream of streams.splice(0)) stream.close();
  await expect
    .poll(() => t.logs.filter((line) => line.route === '/api/events').length, { interval: 10 })
    .toBe(streamRequests());
});

async function live(cookie: string, options: { lastEventId?: string; query?: string } = {}) {
  const stream = await openLiveStream(base, cookie, options);
  streams.push(stream);
  return stream;
}

/** A fresh participant of the plan (so removing or expiring them spoils no other test). */
async function joinPlan(name: string): Promise<{ person: WorldPerson; participantId: string }> {
  const person = await addPerson(t, w, w.orgA, name);
  const [row] = await t.db.query<{ id: string }>(
    `insert into participants (plan_id, person_id, role, access, created_by)
     values ($1, $2, 'professional', '{}'::jsonb, $3) returning id`,
    [w.plan.id, person.id, w.coord.id],
  );
  if (!row) throw new Error('no participant');
  await t.db.query(
    `insert into consents (plan_id, kind, participant_id, given_by, method, text_version, consent_text, recorded_by)
     select plan_id, 'sharing', $2, given_by, method, text_version, consent_text, recorded_by
     from consents where plan_id = $1 and kind = 'plan'`,
    [w.plan.id, row.id],
  );
  return { person, participantId: row.id };
}

const message = (audience: WorldPerson[]) => ({
  type: 'message.created' as const,
  planId: w.plan.id,
  section: 'messages' as const,
  subjectId: '00000000-0000-4000-8000-000000000001',
  audience: audience.map((p) => p.id),
  actorId: w.owner.id,
});

describe('GET /api/events', () => {
  it('answers 401 problem+json without a session', async () => {
    const res = await openStream(base, undefined);
    expect(res.status).toBe(401);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const forged = await openStream(
      base,
      'samvirke_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
    );
    expect(forged.status).toBe(401);
  });

  it('streams with no-store and nosniff, a retry hint, and an id to continue from', async () => {
    await commitEvent(t.db, message([w.owner]));
    const stream = await live(w.owner.cookie);
    expect(stream.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(stream.headers['cache-control']).toBe('no-store');
    expect(stream.headers['x-content-type-options']).toBe('nosniff');
    expect(stream.headers['x-request-id']).toBeTruthy();
    expect(stream.headers['content-security-policy']).toBeTruthy();
    expect(stream.frames[0]?.retry).toBeGreaterThan(0);
    const ready = stream.frames.find((f) => f.data?.includes('stream.ready'));
    expect(Number(ready?.id)).toBeGreaterThan(0);
  });

  it('heartbeat arrives, carrying the id to continue from', async () => {
    const stream = await live(w.guardian.cookie);
    await expect.poll(() => stream.heartbeats, { interval: 20 }).toBeGreaterThanOrEqual(2);
    expect(stream.heartbeatId).toBeGreaterThan(0);
    expect(stream.ended).toBe(false);
  });
});

describe('who receives a plan event', () => {
  it('Z4: an event committed reaches the audience who may read the section, not a professional without messages access, the expired or removed participant, or another municipality', async () => {
    const everybody = [
      w.coord,
      w.owner,
      w.guardian,
      w.relative,
      w.relativeNoConsent,
      w.proRead,
      w.proNone,
      w.expired,
      w.removed,
      w.coordB,
      w.stranger,
      w.admin,
    ];
    const open = new Map<WorldPerson, StreamClient>();
    for (const person of everybody) open.set(person, await live(person.cookie));
    // Everybody is in the audience: the access check alone decides.
    const id = await commitEvent(t.db, message(everybody));
    const receivers = [w.coord, w.owner, w.guardian, w.relative, w.proRead];
    for (const person of receivers) {
      const stream = open.get(person);
      await expect
        .poll(() => stream && idsOf(stream), { timeout: 2_000, interval: 10 })
        .toContain(id);
    }
    for (const [person, stream] of open) {
      await settledPast(stream, id);
      expect(idsOf(stream).includes(id), person.name).toBe(receivers.includes(person));
    }
    // What arrives is the event's reference, never content.
    const received = open
      .get(w.owner)
      ?.planEvents()
      .find((e) => e.id === id);
    expect(received).toEqual({
      id,
      type: 'message.created',
      planId: w.plan.id,
      subjectId: '00000000-0000-4000-8000-000000000001',
    });
    for (const person of everybody) open.get(person)?.close();
  });

  it('the audience narrows an event: message.read reaches the sender and the reader only', async () => {
    const owner = await live(w.owner.cookie);
    const guardian = await live(w.guardian.cookie);
    const proRead = await live(w.proRead.cookie);
    const id = await commitEvent(t.db, {
      ...message([w.owner, w.proRead]),
      type: 'message.read',
    });
    await expect.poll(() => idsOf(owner), { timeout: 2_000, interval: 10 }).toContain(id);
    await expect.poll(() => idsOf(proRead), { timeout: 2_000, interval: 10 }).toContain(id);
    await settledPast(guardian, id);
    expect(idsOf(guardian)).not.toContain(id);
  });

  it('an event without audience or section reaches everybody who sees the plan', async () => {
    const people = [w.relativeNoConsent, w.proNone, w.expired, w.otherOwner];
    const open = await Promise.all(people.map((p) => live(p.cookie)));
    const id = await commitEvent(t.db, {
      type: 'plan.updated',
      planId: w.plan.id,
      section: null,
      actorId: w.coord.id,
    });
    await expect.poll(() => open[0] && idsOf(open[0]), { timeout: 2_000 }).toContain(id);
    await expect.poll(() => open[1] && idsOf(open[1]), { timeout: 2_000 }).toContain(id);
    for (const stream of open.slice(2)) {
      await settledPast(stream, id);
      expect(idsOf(stream)).not.toContain(id);
    }
  });

  it('a rolled-back transaction produces nothing', async () => {
    const owner = await live(w.owner.cookie);
    await expect(
      t.db.transaction(async (tx) => {
        await recordEvent(tx, message([w.owner]));
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    const after = await commitEvent(t.db, message([w.owner]));
    await expect.poll(() => idsOf(owner), { timeout: 2_000, interval: 10 }).toContain(after);
    expect(idsOf(owner)).toEqual([after]);
  });

  it('Z4: a participant removed while their stream is open receives nothing further', async () => {
    const { person, participantId } = await joinPlan('Nils Nyansatt');
    const stream = await live(person.cookie);
    const first = await commitEvent(t.db, message([w.owner, person]));
    await expect.poll(() => idsOf(stream), { timeout: 2_000, interval: 10 }).toContain(first);

    const removed = await call(
      t,
      'DELETE',
      `/api/plans/${w.plan.id}/participants/${participantId}`,
      w.coord.cookie,
    );
    expect(removed.statusCode).toBe(204);
    const owner = await live(w.owner.cookie);
    const second = await commitEvent(t.db, message([w.owner, person]));
    await expect.poll(() => idsOf(owner), { timeout: 2_000, interval: 10 }).toContain(second);
    await settledPast(stream, second);
    expect(idsOf(stream)).toEqual([first]);
    // The stream itself stays open: the person may take part in other plans.
    expect(stream.ended).toBe(false);
  });

  it('Z3/Z4: access that expires while the stream is open ends exactly then', async () => {
    const { person, participantId } = await joinPlan('Eva Utløper');
    const stream = await live(person.cookie);
    const first = await commitEvent(t.db, message([person]));
    await expect.poll(() => idsOf(stream), { timeout: 2_000, interval: 10 }).toContain(first);
    await expireIn(t, participantId, 100);
    await expect
      .poll(
        async () =>
          (
            await t.db.query<{ past: boolean }>(
              'select valid_until <= now() as past from participants where id = $1',
              [participantId],
            )
          )[0]?.past,
        { interval: 20 },
      )
      .toBe(true);
    const second = await commitEvent(t.db, message([person, w.owner]));
    await settledPast(stream, second);
    expect(idsOf(stream)).toEqual([first]);
    expect(pid(w.plan, w.owner)).toBeTruthy();
  });
});

describe('a stream ends with its session', () => {
  const endedWithNotice = (stream: StreamClient) =>
    stream.ended && stream.events.some((e) => e.type === 'session.ended');

  it('S4: logout closes the stream, and the cookie replayed afterwards is refused', async () => {
    const cookie = await sessionCookie(t, w.relative.id);
    const stream = await live(cookie);
    const other = await live(w.relative.cookie);
    const res = await call(t, 'POST', '/api/auth/logout', cookie);
    expect(res.statusCode).toBe(204);
    await expect.poll(() => endedWithNotice(stream), { timeout: 2_000, interval: 10 }).toBe(true);
    // Only that session's stream: the person's other session keeps its own.
    expect(other.ended).toBe(false);
    const replayed = await openStream(base, cookie);
    expect(replayed.status).toBe(401);
  });

  it('logout everywhere closes every stream of the person', async () => {
    const person = await addPerson(t, w, w.orgA, 'Tove Tobrukere');
    const first = await live(person.cookie);
    const second = await live(await sessionCookie(t, person.id));
    const res = await call(t, 'POST', '/api/auth/logout-everywhere', person.cookie);
    expect(res.statusCode).toBe(204);
    await expect.poll(() => endedWithNotice(first), { timeout: 2_000, interval: 10 }).toBe(true);
    await expect.poll(() => endedWithNotice(second), { timeout: 2_000, interval: 10 }).toBe(true);
  });

  it('S7: deactivating the account closes its streams', async () => {
    const person = await addPerson(t, w, w.orgA, 'Dag Deaktiv');
    const stream = await live(person.cookie);
    const res = await call(t, 'POST', `/api/people/${person.id}/deactivate`, w.admin.cookie);
    expect(res.statusCode).toBe(200);
    await expect.poll(() => endedWithNotice(stream), { timeout: 2_000, interval: 10 }).toBe(true);
    expect((await openStream(base, person.cookie)).status).toBe(401);
  });

  it('S2/S3: a session past its idle or absolute limit loses its stream at the next heartbeat', async () => {
    const idle = await addPerson(t, w, w.orgA, 'Ingrid Inaktiv');
    const old = await addPerson(t, w, w.orgA, 'Gunnar Gammel');
    const idleStream = await live(idle.cookie);
    const oldStream = await live(old.cookie);
    await t.db.query(
      `update sessions set last_seen_at = now() - make_interval(mins => $2::int + 1) where person_id = $1`,
      [idle.id, t.config.sessionIdleMinutes],
    );
    await t.db.query(`update sessions set expires_at = now() where person_id = $1`, [old.id]);
    await expect
      .poll(() => endedWithNotice(idleStream), { timeout: 2_000, interval: 10 })
      .toBe(true);
    await expect
      .poll(() => endedWithNotice(oldStream), { timeout: 2_000, interval: 10 })
      .toBe(true);
  });

  it('an open stream does not keep an idle session alive', async () => {
    const person = await addPerson(t, w, w.orgA, 'Stine Stille');
    await live(person.cookie);
    const [before] = await t.db.query<{ at: Date }>(
      'select last_seen_at as at from sessions where person_id = $1',
      [person.id],
    );
    await t.db.query(
      `update sessions set last_seen_at = now() - interval '5 minutes' where person_id = $1`,
      [person.id],
    );
    // Several heartbeats (each re-checking the session) later, the idle clock has not moved.
    const stream = await live(await sessionCookie(t, w.proRead.id));
    const seen = stream.heartbeats;
    await expect.poll(() => stream.heartbeats, { interval: 20 }).toBeGreaterThan(seen + 2);
    const [after] = await t.db.query<{ idle: boolean }>(
      `select last_seen_at < now() - interval '4 minutes' as idle from sessions where person_id = $1`,
      [person.id],
    );
    expect(before?.at).toBeInstanceOf(Date);
    expect(after?.idle).toBe(true);
  });
});

describe('limits and catching up', () => {
  it('D4: a sixth stream of one person is refused with 429 problem+json and Retry-After', async () => {
    const person = await addPerson(t, w, w.orgA, 'Mona Mange');
    const five = [];
    for (let i = 0; i < 5; i++) five.push(await live(person.cookie));
    const sixth = await openStream(base, person.cookie);
    expect(sixth.status).toBe(429);
    expect(sixth.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(Number(sixth.headers['retry-after'])).toBeGreaterThan(0);
    expect(JSON.parse(sixth.body)).toMatchObject({ status: 429 });
    // Closing one makes room again.
    five[0]?.close();
    await expect
      .poll(
        async () => {
          const next = await openStream(base, person.cookie);
          next.close();
          return next.status;
        },
        { interval: 20 },
      )
      .toBe(200);
  });

  it('Last-Event-ID: a reconnect replays what was missed, through the same access check', async () => {
    const first = await live(w.proRead.cookie);
    const since = first.lastEventId;
    expect(since).toBeDefined();
    first.close();
    const mine = await commitEvent(t.db, message([w.owner, w.proRead]));
    const notMine = await commitEvent(t.db, message([w.owner]));
    const otherPlan = await commitEvent(t.db, {
      ...message([w.otherOwner]),
      planId: w.otherPlan.id,
    });
    const again = await live(w.proRead.cookie, { lastEventId: since ?? '' });
    expect(idsOf(again)).toEqual([mine]);
    // The browser continues from there (or from a later heartbeat's id) next time.
    expect(Number(again.lastEventId)).toBeGreaterThanOrEqual(mine);
    expect(notMine).toBeGreaterThan(mine);
    expect(otherPlan).toBeGreaterThan(mine);
    // Live again after the catch-up.
    const next = await commitEvent(t.db, message([w.proRead]));
    await expect.poll(() => idsOf(again), { timeout: 2_000, interval: 10 }).toContain(next);
  });

  it('?lastEventId= continues an earlier stream too (a new EventSource cannot set the header)', async () => {
    const first = await live(w.guardian.cookie);
    const since = first.lastEventId ?? '';
    first.close();
    const missed = await commitEvent(t.db, message([w.guardian]));
    const again = await live(w.guardian.cookie, { query: `?lastEventId=${since}` });
    expect(idsOf(again)).toEqual([missed]);
  });

  it('a reconnect after more than the replay holds gets stream.resync instead', async () => {
    const first = await live(w.relative.cookie);
    const since = first.lastEventId ?? '';
    first.close();
    await t.db.transaction(async (tx) => {
      for (let i = 0; i <= REPLAY_LIMIT; i++) await recordEvent(tx, message([w.relative]));
    });
    const again = await live(w.relative.cookie, { lastEventId: since });
    expect(again.events.map((e) => e.type)).toEqual(['stream.resync', 'stream.ready']);
    expect(idsOf(again)).toEqual([]);
  });

  it('a malformed Last-Event-ID is ignored, and the query allows nothing else', async () => {
    const stream = await live(w.owner.cookie, { lastEventId: '1 OR 1=1' });
    expect(idsOf(stream)).toEqual([]);
    const odd = await openStream(base, w.owner.cookie, { query: '?planId=x' });
    expect(odd.status).toBe(400);
  });
});

describe('request log and metrics', () => {
  it('one log line per stream, written when it ends, naming the route only; the metric counts it', async () => {
    const before = t.logs.filter((l) => l.route === '/api/events').length;
    const stream = await live(w.owner.cookie);
    stream.close();
    await expect
      .poll(() => t.logs.filter((l) => l.route === '/api/events').length, { interval: 20 })
      .toBe(before + 1);
    const line = t.logs.filter((l) => l.route === '/api/events').at(-1);
    expect(line).toMatchObject({ method: 'GET', route: '/api/events', status: 200 });
    const metrics = await t.app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.body).toMatch(/http_requests_total\{[^}]*route="\/api\/events"[^}]*\} \d+/);
  });
});
