import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MeetingData } from '../../src/shared/schemas/meetings.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import {
  buildPlanWorld,
  expireIn,
  type PlanWorld,
  pid,
  planAudit,
  recorder,
} from '../helpers/plans.ts';
import { callMeeting, joinPlan, meetingsUrl as url } from './meetings-factories.ts';
import { leakedCanaries, type WorldPerson } from './people-factories.ts';

/**
 * Calendars (issue 6, item 1): each meeting's `calendar.ics` and each person's private
 * feed, read back with a real iCalendar parser (ical.js). Times are Europe/Oslo with a
 * VTIMEZONE and come out right on both sides of a daylight-saving change; UID stays,
 * SEQUENCE grows with a move, a cancelled meeting is STATUS:CANCELLED. The feed lists only
 * the person's own meetings, shows no more than title, time and place, and is gone once
 * their access ends or the secret is revoked.
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

type Parsed = {
  method: string | null;
  timezones: string[];
  events: {
    uid: string;
    sequence: number;
    summary: string;
    location: string;
    status: string | null;
    description: string | null;
    start: Date;
    end: Date;
    startTzid: string | null;
    startLocal: string;
    attendees: number;
    organizer: boolean;
  }[];
};

/** Parses iCalendar text with ical.js, using the file's own VTIMEZONE for its times. */
function parseIcs(text: string): Parsed {
  const calendar = new ICAL.Component(ICAL.parse(text));
  const timezones = calendar.getAllSubcomponents('vtimezone').map((vtz) => {
    const zone = new ICAL.Timezone(vtz);
    ICAL.TimezoneService.register(zone, zone.tzid);
    return zone.tzid;
  });
  const text1 = (value: unknown) => (typeof value === 'string' ? value : null);
  return {
    method: text1(calendar.getFirstPropertyValue('method')),
    timezones,
    events: calendar.getAllSubcomponents('vevent').map((vevent) => {
      const event = new ICAL.Event(vevent);
      const dtstart = vevent.getFirstProperty('dtstart');
      return {
        uid: event.uid,
        sequence: event.sequence,
        summary: event.summary,
        location: event.location,
        status: text1(vevent.getFirstPropertyValue('status')),
        description: text1(vevent.getFirstPropertyValue('description')),
        start: event.startDate.toJSDate(),
        end: event.endDate.toJSDate(),
        startTzid: text1(dtstart?.getParameter('tzid')),
        startLocal: event.startDate.toString(),
        attendees: vevent.getAllProperties('attendee').length,
        organizer: vevent.hasProperty('organizer'),
      };
    }),
  };
}

async function ics(by: WorldPerson, meetingId: string) {
  const res = await r.call('GET', url(w.plan.id, `/${meetingId}/calendar.ics`), by.cookie);
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
  expect(res.headers['content-disposition']).toMatch(/^attachment;/);
  return parseIcs(res.body);
}

async function patch(meeting: { id: string }, body: Record<string, unknown>): Promise<MeetingData> {
  const res = await r.call('PATCH', url(w.plan.id, `/${meeting.id}`), w.coord.cookie, body);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as MeetingData;
}

describe('a meeting’s calendar.ics', () => {
  // Summer time starts in Norway on Sunday 31 March 2030 at 02:00.
  const beforeDst = { startsAt: '2030-03-29T08:00:00Z', endsAt: '2030-03-29T09:30:00Z' };
  const afterDst = { startsAt: '2030-04-02T08:00:00Z', endsAt: '2030-04-02T09:30:00Z' };

  it('a new meeting: Europe/Oslo times with a VTIMEZONE, a stable UID, SEQUENCE 0, no agenda', async () => {
    const m = await callMeeting(t, w.coord, w.plan.id, {
      ...beforeDst,
      title: 'Ansvarsgruppemøte; vår',
      location: 'Rådhuset, møterom 2',
      agenda: 'Diagnose og medisiner',
    });
    const file = await ics(w.relative, m.id);
    expect(file.method).toBe('PUBLISH');
    expect(file.timezones).toEqual(['Europe/Oslo']);
    expect(file.events).toHaveLength(1);
    const [event] = file.events;
    expect(event).toMatchObject({
      uid: `${m.id}@samvirke`,
      sequence: 0,
      summary: 'Ansvarsgruppemøte; vår',
      location: 'Rådhuset, møterom 2',
      status: 'CONFIRMED',
      description: null,
      startTzid: 'Europe/Oslo',
      startLocal: '2030-03-29T09:00:00',
      attendees: 0,
      organizer: false,
    });
    expect(event?.start.toISOString()).toBe('2030-03-29T08:00:00.000Z');
    expect(event?.end.toISOString()).toBe('2030-03-29T09:30:00.000Z');
    const raw = (await r.call('GET', url(w.plan.id, `/${m.id}/calendar.ics`), w.owner.cookie)).body;
    expect(raw).not.toContain('Diagnose');
    expect(raw).toMatch(/DTSTAMP:\d{8}T\d{6}Z\r\n/);
  });

  it('a moved meeting: the same UID, SEQUENCE grew, times right after the DST change', async () => {
    const m = await callMeeting(t, w.coord, w.plan.id, beforeDst);
    const moved = await patch(m, { version: 1, ...afterDst });
    const [event] = (await ics(w.owner, m.id)).events;
    expect(event?.uid).toBe(`${m.id}@samvirke`);
    expect(event?.sequence).toBe(moved.sequence);
    expect(event?.sequence).toBe(1);
    // 08:00 UTC is 10:00 in Oslo in summer time (09:00 before it).
    expect(event?.startLocal).toBe('2030-04-02T10:00:00');
    expect(event?.start.toISOString()).toBe('2030-04-02T08:00:00.000Z');
    expect(event?.end.toISOString()).toBe('2030-04-02T09:30:00.000Z');
    const placed = await patch(m, { version: moved.version, location: 'Teams' });
    const [again] = (await ics(w.owner, m.id)).events;
    expect(again).toMatchObject({ sequence: 2, location: 'Teams' });
    expect(placed.sequence).toBe(2);
  });

  it('a cancelled meeting: STATUS:CANCELLED with a higher SEQUENCE', async () => {
    const m = await callMeeting(t, w.coord, w.plan.id, afterDst);
    const cancelled = await patch(m, { version: 1, status: 'cancelled' });
    const [event] = (await ics(w.guardian, m.id)).events;
    expect(event).toMatchObject({ uid: `${m.id}@samvirke`, status: 'CANCELLED', sequence: 1 });
    expect(cancelled.sequence).toBe(1);
  });

  it('is for those who may read meetings: 403 without the section, 404 outside the plan', async () => {
    const m = await callMeeting(t, w.coord, w.plan.id);
    const proNone = await r.call('GET', url(w.plan.id, `/${m.id}/calendar.ics`), w.proNone.cookie);
    expect(proNone.statusCode).toBe(403);
    for (const who of [w.stranger, w.expired, w.coordB]) {
      const res = await r.call('GET', url(w.plan.id, `/${m.id}/calendar.ics`), who.cookie);
      expect(res.statusCode, who.name).toBe(404);
    }
    const audit = await planAudit(t, w.plan.id, 'meeting.calendar');
    expect(audit.filter((row) => row.object_id === m.id && row.outcome === 'ok')).toHaveLength(0);
  });
});

describe('the private calendar feed', () => {
  let feedUrl: string;
  let person: WorldPerson;
  let inPlan: string;
  const ids: Record<string, string> = {};

  const feedPath = (u: string) => new URL(u).pathname;
  async function fetchFeed(u = feedUrl, headers: Record<string, string> = {}) {
    return t.app.inject({ method: 'GET', url: feedPath(u), headers });
  }

  beforeAll(async () => {
    // A physiotherapist in both plans: the feed spans them.
    const joined = await joinPlan(t, w, w.plan, { name: 'Frida Fysio' });
    person = joined.person;
    inPlan = joined.participantId;
    const other = await joinPlan(t, w, w.otherPlan, { name: 'Frida Fysio', person });
    ids.mine = (
      await callMeeting(t, w.coord, w.plan.id, {
        title: 'Oppfølgingsmøte',
        location: 'Helsestasjonen',
        agenda: 'Epilepsi og medisinering',
        inviteeIds: [inPlan],
      })
    ).id;
    ids.notMine = (
      await callMeeting(t, w.coord, w.plan.id, {
        title: 'Bare familien',
        inviteeIds: [pid(w.plan, w.owner)],
      })
    ).id;
    ids.otherPlan = (
      await callMeeting(t, w.coord, w.otherPlan.id, {
        title: 'Møte om Olga',
        inviteeIds: [other.participantId],
      })
    ).id;
    const cancelled = await callMeeting(t, w.coord, w.plan.id, {
      title: 'Avlyst møte',
      inviteeIds: [inPlan],
    });
    ids.cancelled = cancelled.id;
    await patch(cancelled, { version: 1, status: 'cancelled' });
  });

  it('starts off: no feed; making one returns its URL once, and only a hash is stored', async () => {
    const info = await r.call('GET', '/api/me/calendar', person.cookie);
    expect(info.json()).toEqual({ active: false, createdAt: null, lastUsedAt: null });
    const made = await r.call('POST', '/api/me/calendar/secret', person.cookie, {});
    expect(made.statusCode, made.body).toBe(201);
    feedUrl = (made.json() as { url: string }).url;
    expect(feedUrl).toMatch(/^http:\/\/localhost(:\d+)?\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
    const secret = /\/calendar\/([^/]+)\.ics$/.exec(feedUrl)?.[1] ?? '';
    const stored = await t.db.query(
      'select 1 from calendar_feeds where secret_hash = $1 or secret_hash like $2',
      [secret, `%${secret.slice(0, 12)}%`],
    );
    expect(stored).toEqual([]);
    const after = await r.call('GET', '/api/me/calendar', person.cookie);
    expect(after.json()).toMatchObject({ active: true });
    expect(JSON.stringify(after.json())).not.toContain(secret);
  });

  it('lists only the person’s own meetings, across plans, with title, time and place only', async () => {
    const res = await fetchFeed();
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
    const feed = parseIcs(res.body);
    const uids = feed.events.map((e) => e.uid).sort();
    expect(uids).toEqual(
      [ids.mine, ids.otherPlan, ids.cancelled].map((id) => `${id}@samvirke`).sort(),
    );
    const mine = feed.events.find((e) => e.uid === `${ids.mine}@samvirke`);
    expect(mine).toMatchObject({
      summary: 'Oppfølgingsmøte',
      location: 'Helsestasjonen',
      description: null,
      attendees: 0,
      organizer: false,
      startTzid: 'Europe/Oslo',
    });
    expect(feed.events.find((e) => e.uid === `${ids.cancelled}@samvirke`)?.status).toBe(
      'CANCELLED',
    );
    expect(res.body).not.toContain('Epilepsi');
    expect(res.body).not.toContain('Olas plan');
    expect(res.body).not.toContain('Bare familien');
    expect(leakedCanaries(res.body, w.canaries)).toEqual([]);
  });

  it('each fetch is audited as the person reading, once per plan shown; the secret is never logged', async () => {
    const before = (await planAudit(t, w.plan.id, 'meeting.feed')).length;
    expect((await fetchFeed()).statusCode).toBe(200);
    const rows = await planAudit(t, w.plan.id, 'meeting.feed');
    expect(rows).toHaveLength(before + 1);
    expect(rows.at(-1)).toMatchObject({
      actor_id: person.id,
      actor_role: 'professional',
      section: 'meetings',
      outcome: 'ok',
    });
    expect((await planAudit(t, w.otherPlan.id, 'meeting.feed')).length).toBeGreaterThan(0);
    const secret = /\/calendar\/([^/]+)\.ics$/.exec(feedUrl)?.[1] ?? 'x';
    expect(JSON.stringify(t.logs)).not.toContain(secret);
    const info = await r.call('GET', '/api/me/calendar', person.cookie);
    expect((info.json() as { lastUsedAt: string | null }).lastUsedAt).not.toBeNull();
  });

  it('answers 304 to a calendar app that has the same feed (ETag)', async () => {
    const first = await fetchFeed();
    const etag = first.headers.etag;
    expect(typeof etag).toBe('string');
    expect(first.headers['cache-control']).toBe('private, no-cache');
    const again = await fetchFeed(feedUrl, { 'if-none-match': String(etag) });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
  });

  it('drops a plan’s meetings at once when the person’s access to it ends', async () => {
    await expireIn(t, inPlan, -1000);
    const feed = parseIcs((await fetchFeed()).body);
    expect(feed.events.map((e) => e.uid)).toEqual([`${ids.otherPlan}@samvirke`]);
    await t.db.query('update participants set valid_until = null where id = $1', [inPlan]);
    // Without read access to meetings (an owner's change of grants), the same.
    await t.db.query(`update participants set access = '{"meetings":"none"}' where id = $1`, [
      inPlan,
    ]);
    const again = parseIcs((await fetchFeed()).body);
    expect(again.events.map((e) => e.uid)).toEqual([`${ids.otherPlan}@samvirke`]);
    await t.db.query(`update participants set access = '{}' where id = $1`, [inPlan]);
  });

  it('a new secret replaces the old; a revoked or unknown one is 404', async () => {
    const old = feedUrl;
    const made = await r.call('POST', '/api/me/calendar/secret', person.cookie, {});
    feedUrl = (made.json() as { url: string }).url;
    expect(feedUrl).not.toBe(old);
    expect((await fetchFeed(old)).statusCode).toBe(404);
    expect((await fetchFeed()).statusCode).toBe(200);
    const revoked = await r.call('DELETE', '/api/me/calendar/secret', person.cookie);
    expect(revoked.statusCode).toBe(204);
    expect((await fetchFeed()).statusCode).toBe(404);
    expect((await r.call('GET', '/api/me/calendar', person.cookie)).json()).toMatchObject({
      active: false,
    });
    for (const path of [
      `/calendar/${'A'.repeat(43)}.ics`,
      '/calendar/short.ics',
      '/calendar/..%2F..%2Fetc%2Fpasswd.ics',
    ]) {
      const res = await t.app.inject({ method: 'GET', url: path });
      expect(res.statusCode, path).toBe(404);
    }
    const twice = await r.call('DELETE', '/api/me/calendar/secret', person.cookie);
    expect(twice.statusCode).toBe(204);
  });

  it('a deactivated person’s feed is 404', async () => {
    const made = await r.call('POST', '/api/me/calendar/secret', w.owner.cookie, {});
    const ownerFeed = (made.json() as { url: string }).url;
    const ok = await fetchFeed(ownerFeed);
    expect(ok.statusCode).toBe(200);
    expect(parseIcs(ok.body).events.map((e) => e.uid)).toContain(`${ids.notMine}@samvirke`);
    await t.db.query(`update people set status = 'deactivated' where id = $1`, [w.owner.id]);
    try {
      expect((await fetchFeed(ownerFeed)).statusCode).toBe(404);
    } finally {
      await t.db.query(`update people set status = 'active' where id = $1`, [w.owner.id]);
    }
  });

  it('is friendly to a rate limit: a feed fetched too often gets 429 with Retry-After', async () => {
    const made = await r.call('POST', '/api/me/calendar/secret', w.guardian.cookie, {});
    const guardianFeed = (made.json() as { url: string }).url;
    const statuses: number[] = [];
    for (let i = 0; i < 31; i += 1) statuses.push((await fetchFeed(guardianFeed)).statusCode);
    expect(statuses.slice(0, 30).every((s) => s === 200)).toBe(true);
    const limited = await fetchFeed(guardianFeed);
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('the feed needs no session, and the feed settings need one', async () => {
    for (const [method, path] of [
      ['GET', '/api/me/calendar'],
      ['POST', '/api/me/calendar/secret'],
      ['DELETE', '/api/me/calendar/secret'],
    ] as const) {
      const res = await t.app.inject({
        method,
        url: path,
        headers: { origin: t.config.publicUrl },
      });
      expect(res.statusCode, path).toBe(401);
    }
  });
});
