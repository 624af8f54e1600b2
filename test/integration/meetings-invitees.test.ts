import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planWorkNotice } from '../../src/server/modules/meetings/notify.ts';
import type { MeetingData, MeetingSummaryData } from '../../src/shared/schemas/meetings.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import {
  buildPlanWorld,
  expireIn,
  type PlanWorld,
  pid,
  planAudit,
  recorder,
} from '../helpers/plans.ts';
import { callMeeting, joinPlan, slot, meetingsUrl as url } from './meetings-factories.ts';
import { notifyJobs } from './notifications-factories.ts';
import { errorFields, type WorldPerson } from './people-factories.ts';

/**
 * Changing who is invited after a meeting was called (PATCH with `inviteeIds`, until it
 * starts): those added are checked as on a call-in and told as new invitees; those left
 * out are told as of a cancellation, lose what the invitation gave (answering, agenda
 * points) but not what the section gives (seeing the meeting), and the meeting leaves their
 * calendar feed; invited again, they start over with no answer. The notification jobs are
 * looked at as queued (the worker is not running here) and the template each would send is
 * asked of the worker's own rule (planWorkNotice).
 */

let t: TestApp;
let w: PlanWorld;
let r: ReturnType<typeof recorder>;
beforeAll(async () => {
  t = await createTestApp({ NOTIFY_BATCH_SECONDS: '0' });
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

const namesOf = (m: MeetingSummaryData) => m.invitees.map((i) => i.name).sort();
const names = (...people: WorldPerson[]) => people.map((p) => p.name).sort();
const ids = (...people: WorldPerson[]) => people.map((p) => pid(w.plan, p));

async function patch(by: WorldPerson, meeting: { id: string }, body: Record<string, unknown>) {
  return r.call('PATCH', url(w.plan.id, `/${meeting.id}`), by.cookie, body);
}

async function changed(by: WorldPerson, meeting: { id: string }, body: Record<string, unknown>) {
  const res = await patch(by, meeting, body);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as MeetingData;
}

async function read(by: WorldPerson, meetingId: string): Promise<MeetingData> {
  const res = await r.call('GET', url(w.plan.id, `/${meetingId}`), by.cookie);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as MeetingData;
}

/** The notification jobs queued for a person about this meeting. */
async function jobsAbout(person: WorldPerson, meetingId: string): Promise<number> {
  return (await notifyJobs(t.db, person.id)).filter((j) => j.data.subjectId === meetingId).length;
}

/**
 * As if the worker had sent what was queued about the meeting: a waiting job would take in
 * a later one for the same person and meeting (one job per key while it waits).
 */
async function sent(meetingId: string): Promise<void> {
  await t.db.query(`delete from pgboss.job where name = 'notify' and data->>'subjectId' = $1`, [
    meetingId,
  ]);
}

const notice = (person: WorldPerson, meetingId: string) =>
  planWorkNotice(t.db, {
    personId: person.id,
    kind: 'meeting',
    planId: w.plan.id,
    subjectId: meetingId,
  });

describe('the coordinator changes who is invited', () => {
  let m: MeetingData;

  it('adds and removes invitees in one change: a new version, the same SEQUENCE, one event and one audit row', async () => {
    m = await callMeeting(t, w.coord, w.plan.id, { inviteeIds: ids(w.owner, w.relative) });
    expect(namesOf(m)).toEqual(names(w.coord, w.owner, w.relative));
    const answered = await r.call('PUT', url(w.plan.id, `/${m.id}/reply`), w.relative.cookie, {
      answer: 'no',
    });
    expect(answered.statusCode).toBe(200);
    expect(await jobsAbout(w.owner, m.id)).toBe(1);
    await sent(m.id);

    const next = await changed(w.coord, m, {
      version: m.version,
      inviteeIds: ids(w.coord, w.owner, w.proRead),
    });
    expect(namesOf(next)).toEqual(names(w.coord, w.owner, w.proRead));
    expect(next).toMatchObject({ sequence: 0, version: m.version + 1, status: 'scheduled' });
    expect(next.invitees.find((i) => i.name === w.coord.name)?.answer).toBe('yes');

    const events = await t.db.query<{ type: string }>(
      'select type from plan_events where subject_id = $1 order by id',
      [m.id],
    );
    // The relative's answer was a change too.
    expect(events.map((e) => e.type)).toEqual([
      'meeting.created',
      'meeting.changed',
      'meeting.changed',
    ]);
    const audit = await planAudit(t, w.plan.id, 'meeting.changed');
    expect(audit.filter((row) => row.object_id === m.id && row.outcome === 'ok')).toHaveLength(1);
    expect(audit.at(-1)?.actor_id).toBe(w.coord.id);

    // The one added and the one left out are told; the one who stays is not (nothing
    // changed for them), nor the coordinator who made the change.
    expect(await jobsAbout(w.proRead, m.id)).toBe(1);
    expect(await jobsAbout(w.relative, m.id)).toBe(1);
    expect(await jobsAbout(w.owner, m.id)).toBe(0);
    expect(await jobsAbout(w.coord, m.id)).toBe(0);
    expect(await notice(w.proRead, m.id)).toBe('new-meeting');
    expect(await notice(w.relative, m.id)).toBe('meeting-uninvited');
    expect(await notice(w.owner, m.id)).toBe('new-meeting');

    // The invitation taken back is kept on record.
    const [row] = await t.db.query<{ removedBy: string | null; answer: string | null }>(
      `select removed_by as "removedBy", answer from meeting_invitees
        where meeting_id = $1 and participant_id = $2`,
      [m.id, pid(w.plan, w.relative)],
    );
    expect(row).toEqual({ removedBy: w.coord.id, answer: 'no' });
    m = next;
  });

  it('the one added sees it as invited, answers and adds agenda points', async () => {
    const seen = await read(w.proRead, m.id);
    expect(seen).toMatchObject({ invited: true, myAnswer: null });
    const reply = await r.call('PUT', url(w.plan.id, `/${m.id}/reply`), w.proRead.cookie, {
      answer: 'yes',
    });
    expect(reply.statusCode, reply.body).toBe(200);
    const point = await r.call('POST', url(w.plan.id, `/${m.id}/agenda`), w.proRead.cookie, {
      text: 'Treningsprogram',
    });
    expect(point.statusCode, point.body).toBe(201);
  });

  it('the one removed still sees it (they read meetings), but no longer as invited: answering and agenda points are 403', async () => {
    const seen = await read(w.relative, m.id);
    expect(seen).toMatchObject({ invited: false, myAnswer: null });
    expect(namesOf(seen)).not.toContain(w.relative.name);
    const list = await r.call('GET', url(w.plan.id), w.relative.cookie);
    const item = (list.json() as { items: MeetingSummaryData[] }).items.find((x) => x.id === m.id);
    expect(item?.invited).toBe(false);
    const reply = await r.call('PUT', url(w.plan.id, `/${m.id}/reply`), w.relative.cookie, {
      answer: 'yes',
    });
    expect(reply.statusCode).toBe(403);
    const point = await r.call('POST', url(w.plan.id, `/${m.id}/agenda`), w.relative.cookie, {
      text: 'Likevel',
    });
    expect(point.statusCode).toBe(403);
  });

  it('invited again, the person starts over: no answer, told as a new invitee even after a move', async () => {
    const moved = await changed(w.coord, m, {
      version: (await read(w.coord, m.id)).version,
      ...slot(8),
    });
    expect(moved.sequence).toBe(1);
    const again = await changed(w.guardian, m, {
      version: moved.version,
      inviteeIds: ids(w.coord, w.owner, w.proRead, w.relative),
    });
    expect(again.sequence).toBe(1);
    const relative = again.invitees.find((i) => i.name === w.relative.name);
    expect(relative).toMatchObject({ answer: null, answeredAt: null });
    expect(await notice(w.relative, m.id)).toBe('new-meeting');
    // Those invited before the move hear of it as a change.
    expect(await notice(w.owner, m.id)).toBe('meeting-changed');
    expect((await read(w.relative, m.id)).invited).toBe(true);
    const reply = await r.call('PUT', url(w.plan.id, `/${m.id}/reply`), w.relative.cookie, {
      answer: 'maybe',
    });
    expect(reply.statusCode).toBe(200);
    const [row] = await t.db.query<{ n: number }>(
      'select count(*)::int as n from meeting_invitees where meeting_id = $1 and participant_id = $2',
      [m.id, pid(w.plan, w.relative)],
    );
    expect(row?.n).toBe(1);
  });

  it('the whole list is what counts: the caller is not added back, and the same list changes nothing', async () => {
    const own = await callMeeting(t, w.coord, w.plan.id, { inviteeIds: ids(w.owner) });
    const without = await changed(w.coord, own, {
      version: own.version,
      inviteeIds: ids(w.owner, w.guardian),
    });
    expect(namesOf(without)).toEqual(names(w.owner, w.guardian));
    expect(without.invited).toBe(false);
    await sent(own.id);
    const same = await changed(w.coord, own, {
      version: without.version,
      inviteeIds: ids(w.guardian, w.owner),
    });
    expect(namesOf(same)).toEqual(names(w.owner, w.guardian));
    expect(await jobsAbout(w.owner, own.id)).toBe(0);
    expect(await jobsAbout(w.guardian, own.id)).toBe(0);
  });
});

describe('what may be asked', () => {
  it('400 naming inviteeIds: outside the plan, without meetings read access, ended or removed, repeated', async () => {
    const m = await callMeeting(t, w.coord, w.plan.id, { inviteeIds: ids(w.owner) });
    const cases: [string, unknown][] = [
      ['another plan', [pid(w.otherPlan, w.otherOwner)]],
      ['no meetings access', ids(w.proNone)],
      ['no sharing consent', ids(w.relativeNoConsent)],
      ['access ended', ids(w.expired)],
      ['removed from the plan', ids(w.removed)],
      ['unknown', ['00000000-0000-4000-8000-000000000000']],
      ['repeated', ids(w.owner, w.guardian, w.guardian)],
      ['not a list', pid(w.plan, w.guardian)],
    ];
    for (const [what, inviteeIds] of cases) {
      const res = await patch(w.coord, m, { version: m.version, inviteeIds });
      expect(res.statusCode, what).toBe(400);
      expect(res.headers['content-type'], what).toMatch(/^application\/problem\+json/);
      expect(errorFields(res), what).toEqual(['inviteeIds']);
    }
    const malformed = await patch(w.coord, m, { version: m.version, inviteeIds: ['x'] });
    expect(errorFields(malformed)).toEqual(['inviteeIds.0']);
    const withCancel = await patch(w.coord, m, {
      version: m.version,
      status: 'cancelled',
      inviteeIds: ids(w.owner),
    });
    expect(withCancel.statusCode).toBe(400);
    expect(errorFields(withCancel)).toEqual(['inviteeIds']);
    // Nothing was changed by any of them.
    const after = await read(w.coord, m.id);
    expect(after).toMatchObject({ version: m.version, status: 'scheduled' });
    expect(namesOf(after)).toEqual(names(w.coord, w.owner));
  });

  it('someone already invited whose access ended may stay on the list, and may be taken off it', async () => {
    const { person, participantId } = await joinPlan(t, w, w.plan, { name: 'Tone Terapeut' });
    const m = await callMeeting(t, w.coord, w.plan.id, {
      inviteeIds: [participantId, pid(w.plan, w.owner)],
    });
    await expireIn(t, participantId, -1000);
    const kept = await changed(w.coord, m, {
      version: m.version,
      inviteeIds: [participantId, ...ids(w.owner, w.guardian)],
    });
    expect(namesOf(kept)).toContain(person.name);
    const dropped = await changed(w.coord, m, {
      version: kept.version,
      inviteeIds: ids(w.owner, w.guardian),
    });
    expect(namesOf(dropped)).not.toContain(person.name);
    const back = await patch(w.coord, m, {
      version: dropped.version,
      inviteeIds: [participantId, ...ids(w.owner)],
    });
    expect(back.statusCode).toBe(400);
    expect(errorFields(back)).toEqual(['inviteeIds']);
  });

  it('an invitation never let anyone see the meeting: without meetings access it is 403 either way', async () => {
    const { person, participantId } = await joinPlan(t, w, w.plan, { name: 'Mona Møte' });
    const m = await callMeeting(t, w.coord, w.plan.id, { inviteeIds: [participantId] });
    await t.db.query(`update participants set access = '{"meetings":"none"}' where id = $1`, [
      participantId,
    ]);
    const invited = await r.call('GET', url(w.plan.id, `/${m.id}`), person.cookie);
    expect(invited.statusCode).toBe(403);
    const off = await changed(w.coord, m, { version: m.version, inviteeIds: ids(w.owner) });
    const after = await r.call('GET', url(w.plan.id, `/${m.id}`), person.cookie);
    expect(after.statusCode).toBe(403);
    const calendar = await r.call('GET', url(w.plan.id, `/${m.id}/calendar.ics`), person.cookie);
    expect(calendar.statusCode).toBe(403);
    await t.db.query(`update participants set access = '{}' where id = $1`, [participantId]);
    expect(await read(person, m.id)).toMatchObject({ id: m.id, invited: false });
    expect(off.version).toBe(m.version + 1);
  });

  it('only those who may change the meeting: read access 403, outside the plan 404', async () => {
    const m = await callMeeting(t, w.coord, w.plan.id, { inviteeIds: ids(w.owner) });
    const body = { version: m.version, inviteeIds: ids(w.owner, w.relative) };
    for (const who of [w.relative, w.proRead, w.proNone, w.relativeNoConsent]) {
      const res = await patch(who, m, body);
      expect(res.statusCode, who.name).toBe(403);
    }
    for (const who of [w.expired, w.removed, w.stranger, w.coordB, w.admin, w.coord2]) {
      const res = await patch(who, m, body);
      expect(res.statusCode, who.name).toBe(404);
    }
    expect(namesOf(await read(w.coord, m.id))).toEqual(names(w.coord, w.owner));
    const owner = await changed(w.owner, m, body);
    expect(namesOf(owner)).toEqual(names(w.owner, w.relative));
  });

  it('409 once the meeting has started, when it is cancelled, and for a stale version', async () => {
    const started = await callMeeting(t, w.coord, w.plan.id, {
      ...slot(-1 / 48),
      inviteeIds: ids(w.owner),
    });
    const late = await patch(w.coord, started, {
      version: started.version,
      inviteeIds: ids(w.owner, w.guardian),
    });
    expect(late.statusCode).toBe(409);
    expect((late.json() as { detail: string }).detail).toMatch(/has started/);
    expect(late.headers['content-type']).toMatch(/^application\/problem\+json/);
    // Other changes to it are still made (a place corrected afterwards).
    await changed(w.coord, started, { version: started.version, location: 'Teams' });

    const m = await callMeeting(t, w.coord, w.plan.id, { inviteeIds: ids(w.owner) });
    const stale = await patch(w.coord, m, {
      version: m.version + 1,
      inviteeIds: ids(w.owner, w.guardian),
    });
    expect(stale.statusCode).toBe(409);
    const cancelled = await changed(w.coord, m, { version: m.version, status: 'cancelled' });
    const refused = await patch(w.coord, m, {
      version: cancelled.version,
      inviteeIds: ids(w.owner, w.guardian),
    });
    expect(refused.statusCode).toBe(409);
    expect((refused.json() as { detail: string }).detail).toMatch(/cancelled/);
    expect(namesOf(await read(w.coord, m.id))).toEqual(names(w.coord, w.owner));
  });
});

describe('calendar feeds', () => {
  /** UID → SEQUENCE and STATUS of each event, read with ical.js. */
  function events(text: string): Map<string, { sequence: number; status: unknown }> {
    const calendar = new ICAL.Component(ICAL.parse(text));
    return new Map(
      calendar.getAllSubcomponents('vevent').map((vevent) => {
        const event = new ICAL.Event(vevent);
        return [
          event.uid,
          { sequence: event.sequence, status: vevent.getFirstPropertyValue('status') },
        ];
      }),
    );
  }

  async function feedOf(person: WorldPerson): Promise<() => Promise<ReturnType<typeof events>>> {
    const made = await r.call('POST', '/api/me/calendar/secret', person.cookie, {});
    expect(made.statusCode, made.body).toBe(201);
    const path = new URL((made.json() as { url: string }).url).pathname;
    return async () => {
      const res = await t.app.inject({ method: 'GET', url: path });
      expect(res.statusCode, res.body).toBe(200);
      return events(res.body);
    };
  }

  it('the meeting leaves the feed of someone no longer invited, and comes back when invited again; SEQUENCE stays', async () => {
    const { person, participantId } = await joinPlan(t, w, w.plan, { name: 'Frode Feed' });
    const m = await callMeeting(t, w.coord, w.plan.id, {
      title: 'Møte om skolestart',
      inviteeIds: [participantId, pid(w.plan, w.owner)],
    });
    const uid = `${m.id}@samvirke`;
    const theirs = await feedOf(person);
    const coords = await feedOf(w.coord);
    expect((await theirs()).get(uid)).toEqual({ sequence: 0, status: 'CONFIRMED' });

    const off = await changed(w.coord, m, {
      version: m.version,
      inviteeIds: ids(w.coord, w.owner),
    });
    expect((await theirs()).has(uid)).toBe(false);
    // Nobody still invited sees a change: same SEQUENCE, same status.
    expect((await coords()).get(uid)).toEqual({ sequence: 0, status: 'CONFIRMED' });
    // They may read meetings, so the meeting's own file is still theirs to fetch.
    const file = await r.call('GET', url(w.plan.id, `/${m.id}/calendar.ics`), person.cookie);
    expect(file.statusCode).toBe(200);
    expect(events(file.body).get(uid)).toEqual({ sequence: 0, status: 'CONFIRMED' });

    await changed(w.coord, m, {
      version: off.version,
      inviteeIds: [participantId, ...ids(w.coord, w.owner)],
    });
    expect((await theirs()).get(uid)).toEqual({ sequence: 0, status: 'CONFIRMED' });
  });
});
