import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MeetingData, MeetingSummaryData } from '../../src/shared/schemas/meetings.ts';
import type { TaskData } from '../../src/shared/schemas/tasks.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { buildPlanWorld, type PlanWorld, pid, planAudit, recorder } from '../helpers/plans.ts';
import { callMeeting, joinPlan, slot, meetingsUrl as url } from './meetings-factories.ts';
import { errorFields, type WorldPerson } from './people-factories.ts';

/**
 * Meetings in a plan (issue 6, item 1): calling one with invitees from the care team,
 * answers, agenda points before it, minutes after it with decisions and follow-ups (which
 * become tasks in one step), approval and the versions kept after it — with the access
 * rules of the plans issue: `meetings` read or write, 403 for a section not granted, 404
 * for a plan one may not see.
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

async function read(by: WorldPerson, meetingId: string, planId = w.plan.id) {
  const res = await r.call('GET', url(planId, `/${meetingId}`), by.cookie);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as MeetingData;
}

const namesOf = (m: MeetingSummaryData) => m.invitees.map((i) => i.name).sort();

describe('calling a meeting', () => {
  it('invites by default everyone who may read meetings; the caller comes, answering yes', async () => {
    const m = await callMeeting(t, w.coord, w.plan.id, { title: 'Ansvarsgruppemøte' });
    expect(namesOf(m)).toEqual(
      [w.coord, w.owner, w.guardian, w.relative, w.proRead].map((p) => p.name).sort(),
    );
    expect(m).toMatchObject({
      title: 'Ansvarsgruppemøte',
      location: 'Rådhuset, møterom 2',
      agenda: 'Gjennomgang av planen',
      status: 'scheduled',
      sequence: 0,
      version: 1,
      invited: true,
      myAnswer: 'yes',
      hasMinutes: false,
      agendaPoints: [],
      minutes: null,
    });
    expect(m.createdBy.name).toBe(w.coord.name);
    const events = await t.db.query<{ type: string; section: string }>(
      'select type, section from plan_events where subject_id = $1',
      [m.id],
    );
    expect(events).toEqual([{ type: 'meeting.created', section: 'meetings' }]);
  });

  it('has a plain default title, and invites only those named (and the caller)', async () => {
    const m = await callMeeting(t, w.owner, w.plan.id, {
      inviteeIds: [pid(w.plan, w.proRead)],
    });
    expect(m.title).toBe('Møte');
    expect(namesOf(m)).toEqual([w.owner.name, w.proRead.name].sort());
    expect(m.invitees.find((i) => i.name === w.proRead.name)?.answer).toBeNull();
  });

  it('refuses invitees who may not read meetings, or are not in this plan', async () => {
    for (const who of [w.proNone, w.relativeNoConsent, w.expired]) {
      const res = await r.call('POST', url(w.plan.id), w.coord.cookie, {
        ...slot(3),
        location: 'Teams',
        inviteeIds: [pid(w.plan, who)],
      });
      expect(res.statusCode, who.name).toBe(400);
      expect(errorFields(res)).toEqual(['inviteeIds']);
    }
    const foreign = await r.call('POST', url(w.plan.id), w.coord.cookie, {
      ...slot(3),
      location: 'Teams',
      inviteeIds: [pid(w.otherPlan, w.otherOwner)],
    });
    expect(foreign.statusCode).toBe(400);
  });

  it('rejects bad bodies naming the field, and unknown or protected fields', async () => {
    const start = slot(2);
    const cases: [Record<string, unknown>, string][] = [
      [{ ...start, endsAt: start.startsAt, location: 'x' }, 'endsAt'],
      [{ ...slot(2, 100), location: 'x' }, 'endsAt'],
      [{ startsAt: '2030-01-01T10:00:00', endsAt: start.endsAt, location: 'x' }, 'startsAt'],
      [{ ...start, location: '' }, 'location'],
      [{ ...start }, 'location'],
      [{ ...start, location: 'x', title: 'To\nlinjer' }, 'title'],
      [{ ...start, location: 'x', agenda: 'a'.repeat(10_001) }, 'agenda'],
      [{ ...start, location: 'x', inviteeIds: ['nope'] }, 'inviteeIds.0'],
    ];
    for (const [body, field] of cases) {
      const res = await r.call('POST', url(w.plan.id), w.coord.cookie, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(errorFields(res), JSON.stringify(body)).toContain(field);
    }
    for (const extra of [{ status: 'cancelled' }, { createdBy: w.owner.id }, { sequence: 9 }]) {
      const res = await r.call('POST', url(w.plan.id), w.coord.cookie, {
        ...start,
        location: 'x',
        ...extra,
      });
      expect(res.statusCode, JSON.stringify(extra)).toBe(400);
    }
  });

  it('keeps text as typed: script in the title and agenda comes back as plain text', async () => {
    const m = await callMeeting(t, w.coord, w.plan.id, {
      title: '<script>alert(1)</script>',
      agenda: '<img src=x onerror=alert(1)>',
    });
    expect(m.title).toBe('<script>alert(1)</script>');
    expect(m.agenda).toBe('<img src=x onerror=alert(1)>');
  });
});

describe('who may call, list and read meetings', () => {
  it('write access calls one (owner, guardian, coordinator); read access only reads (403)', async () => {
    for (const who of [w.owner, w.guardian]) await callMeeting(t, who, w.plan.id);
    for (const who of [w.relative, w.proRead, w.proNone, w.relativeNoConsent]) {
      const res = await r.call('POST', url(w.plan.id), who.cookie, {
        ...slot(5),
        location: 'x',
      });
      expect(res.statusCode, who.name).toBe(403);
    }
  });

  it('lists for those who may read meetings; 403 without the section, 404 outside the plan', async () => {
    const m = await callMeeting(t, w.coord, w.plan.id);
    for (const who of [w.coord, w.owner, w.guardian, w.relative, w.proRead]) {
      const res = await r.call('GET', url(w.plan.id), who.cookie);
      expect(res.statusCode, who.name).toBe(200);
      const items = (res.json() as { items: MeetingSummaryData[] }).items;
      expect(
        items.map((x) => x.id),
        who.name,
      ).toContain(m.id);
      expect((await read(who, m.id)).id).toBe(m.id);
    }
    for (const who of [w.proNone, w.relativeNoConsent]) {
      expect((await r.call('GET', url(w.plan.id), who.cookie)).statusCode, who.name).toBe(403);
      const one = await r.call('GET', url(w.plan.id, `/${m.id}`), who.cookie);
      expect(one.statusCode, who.name).toBe(403);
    }
    for (const who of [w.expired, w.removed, w.stranger, w.coordB, w.admin, w.coord2]) {
      for (const path of ['', `/${m.id}`, `/${m.id}/calendar.ics`]) {
        const res = await r.call('GET', url(w.plan.id, path), who.cookie);
        expect(res.statusCode, `${who.name} ${path}`).toBe(404);
      }
      const post = await r.call('POST', url(w.plan.id), who.cookie, { ...slot(1), location: 'x' });
      expect(post.statusCode, who.name).toBe(404);
    }
  });

  it('another plan’s meeting through this plan’s path is 404 (Z12), and so is a malformed id', async () => {
    const other = await callMeeting(t, w.coord, w.otherPlan.id);
    for (const path of [`/${other.id}`, `/${other.id}/calendar.ics`, '/not-an-id']) {
      const res = await r.call('GET', url(w.plan.id, path), w.coord.cookie);
      expect(res.statusCode, path).toBe(404);
    }
    const reply = await r.call('PUT', url(w.plan.id, `/${other.id}/reply`), w.coord.cookie, {
      answer: 'yes',
    });
    expect(reply.statusCode).toBe(404);
    const patch = await r.call('PATCH', url(w.plan.id, `/${other.id}`), w.coord.cookie, {
      version: 1,
      location: 'Flyttet',
    });
    expect(patch.statusCode).toBe(404);
  });

  it('pages newest first, and lists upcoming ones soonest first', async () => {
    const soon = await callMeeting(t, w.coord, w.otherPlan.id, slot(1));
    const later = await callMeeting(t, w.coord, w.otherPlan.id, slot(30));
    const past = await callMeeting(t, w.coord, w.otherPlan.id, slot(-30));
    const all = await r.call('GET', `${url(w.otherPlan.id)}?limit=1`, w.coord.cookie);
    const first = all.json() as { items: MeetingSummaryData[]; next: string | null };
    expect(first.items.map((m) => m.id)).toEqual([later.id]);
    const second = await r.call(
      'GET',
      `${url(w.otherPlan.id)}?limit=200&before=${first.next}`,
      w.coord.cookie,
    );
    const rest = (second.json() as { items: MeetingSummaryData[] }).items.map((m) => m.id);
    expect(rest).not.toContain(later.id);
    expect(rest).toContain(past.id);
    const upcoming = await r.call('GET', `${url(w.otherPlan.id)}?scope=upcoming`, w.coord.cookie);
    const ids = (upcoming.json() as { items: MeetingSummaryData[] }).items.map((m) => m.id);
    expect(ids.indexOf(soon.id)).toBeLessThan(ids.indexOf(later.id));
    expect(ids).not.toContain(past.id);
    const pastOnly = await r.call('GET', `${url(w.otherPlan.id)}?scope=past`, w.coord.cookie);
    expect((pastOnly.json() as { items: MeetingSummaryData[] }).items.map((m) => m.id)).toEqual([
      past.id,
    ]);
    const bad = await r.call('GET', `${url(w.otherPlan.id)}?scope=everything`, w.coord.cookie);
    expect(bad.statusCode).toBe(400);
  });
});

describe('answers and agenda points', () => {
  it('invitees answer yes, no or maybe; the team sees the answers; others may not answer (403)', async () => {
    const m = await callMeeting(t, w.coord, w.plan.id, {
      inviteeIds: [pid(w.plan, w.owner), pid(w.plan, w.relative)],
    });
    const owner = await r.call('PUT', url(w.plan.id, `/${m.id}/reply`), w.owner.cookie, {
      answer: 'maybe',
    });
    expect(owner.statusCode, owner.body).toBe(200);
    expect((owner.json() as MeetingData).myAnswer).toBe('maybe');
    // A relative reads meetings only, and answers their own invitation.
    const relative = await r.call('PUT', url(w.plan.id, `/${m.id}/reply`), w.relative.cookie, {
      answer: 'no',
    });
    expect(relative.statusCode).toBe(200);
    const seen = await read(w.guardian, m.id);
    expect(seen.invited).toBe(false);
    expect(seen.invitees.find((i) => i.name === w.owner.name)?.answer).toBe('maybe');
    expect(seen.invitees.find((i) => i.name === w.relative.name)?.answeredAt).not.toBeNull();
    for (const who of [w.guardian, w.proRead]) {
      const res = await r.call('PUT', url(w.plan.id, `/${m.id}/reply`), who.cookie, {
        answer: 'yes',
      });
      expect(res.statusCode, who.name).toBe(403);
    }
    const proNone = await r.call('PUT', url(w.plan.id, `/${m.id}/reply`), w.proNone.cookie, {
      answer: 'yes',
    });
    expect(proNone.statusCode).toBe(403);
    const stranger = await r.call('PUT', url(w.plan.id, `/${m.id}/reply`), w.stranger.cookie, {
      answer: 'yes',
    });
    expect(stranger.statusCode).toBe(404);
    const bad = await r.call('PUT', url(w.plan.id, `/${m.id}/reply`), w.owner.cookie, {
      answer: 'perhaps',
    });
    expect(bad.statusCode).toBe(400);
    expect(errorFields(bad)).toEqual(['answer']);
  });

  it('invitees add agenda points before the start; not after it, nor others', async () => {
    const m = await callMeeting(t, w.coord, w.plan.id, {
      inviteeIds: [pid(w.plan, w.relative)],
    });
    const added = await r.call('POST', url(w.plan.id, `/${m.id}/agenda`), w.relative.cookie, {
      text: 'Skoleskyss til høsten',
    });
    expect(added.statusCode, added.body).toBe(201);
    expect(added.json()).toMatchObject({
      text: 'Skoleskyss til høsten',
      addedBy: { name: w.relative.name },
    });
    const detail = await read(w.coord, m.id);
    expect(detail.agendaPoints.map((p) => p.text)).toEqual(['Skoleskyss til høsten']);
    const notInvited = await r.call('POST', url(w.plan.id, `/${m.id}/agenda`), w.owner.cookie, {
      text: 'Mitt punkt',
    });
    expect(notInvited.statusCode).toBe(403);
    const empty = await r.call('POST', url(w.plan.id, `/${m.id}/agenda`), w.relative.cookie, {
      text: '  ',
    });
    expect(empty.statusCode).toBe(400);

    const started = await callMeeting(t, w.coord, w.plan.id, {
      ...slot(-1 / 48),
      inviteeIds: [pid(w.plan, w.relative)],
    });
    const late = await r.call('POST', url(w.plan.id, `/${started.id}/agenda`), w.relative.cookie, {
      text: 'For sent',
    });
    expect(late.statusCode).toBe(409);
  });
});

describe('changing and cancelling', () => {
  it('a move grows SEQUENCE and the version; an agenda change only the version; stale is 409', async () => {
    const m = await callMeeting(t, w.coord, w.plan.id);
    const moved = await r.call('PATCH', url(w.plan.id, `/${m.id}`), w.coord.cookie, {
      version: 1,
      ...slot(8),
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toMatchObject({ sequence: 1, version: 2 });
    const agenda = await r.call('PATCH', url(w.plan.id, `/${m.id}`), w.guardian.cookie, {
      version: 2,
      agenda: 'Ny dagsorden',
    });
    expect(agenda.json()).toMatchObject({ sequence: 1, version: 3, agenda: 'Ny dagsorden' });
    const stale = await r.call('PATCH', url(w.plan.id, `/${m.id}`), w.coord.cookie, {
      version: 2,
      location: 'Teams',
    });
    expect(stale.statusCode).toBe(409);
    const badTimes = await r.call('PATCH', url(w.plan.id, `/${m.id}`), w.coord.cookie, {
      version: 3,
      endsAt: m.startsAt,
    });
    expect(badTimes.statusCode).toBe(400);
    for (const who of [w.relative, w.proRead]) {
      const res = await r.call('PATCH', url(w.plan.id, `/${m.id}`), who.cookie, {
        version: 3,
        location: 'Hjemme',
      });
      expect(res.statusCode, who.name).toBe(403);
    }
    const empty = await r.call('PATCH', url(w.plan.id, `/${m.id}`), w.coord.cookie, {
      version: 3,
    });
    expect(empty.statusCode).toBe(400);
  });

  it('cancelling is for good: STATUS cancelled, SEQUENCE grows, then every change is 409', async () => {
    const m = await callMeeting(t, w.coord, w.plan.id, {
      inviteeIds: [pid(w.plan, w.owner)],
    });
    const res = await r.call('PATCH', url(w.plan.id, `/${m.id}`), w.coord.cookie, {
      version: 1,
      status: 'cancelled',
    });
    expect(res.statusCode, res.body).toBe(200);
    const cancelled = res.json() as MeetingData;
    expect(cancelled).toMatchObject({ status: 'cancelled', sequence: 1 });
    expect(cancelled.cancelledAt).not.toBeNull();
    const again = await r.call('PATCH', url(w.plan.id, `/${m.id}`), w.coord.cookie, {
      version: cancelled.version,
      location: 'Likevel',
    });
    expect(again.statusCode).toBe(409);
    const reply = await r.call('PUT', url(w.plan.id, `/${m.id}/reply`), w.owner.cookie, {
      answer: 'yes',
    });
    expect(reply.statusCode).toBe(409);
    const point = await r.call('POST', url(w.plan.id, `/${m.id}/agenda`), w.owner.cookie, {
      text: 'x',
    });
    expect(point.statusCode).toBe(409);
    const reopen = await r.call('PATCH', url(w.plan.id, `/${m.id}`), w.coord.cookie, {
      version: cancelled.version,
      status: 'scheduled',
    });
    expect(reopen.statusCode).toBe(400);
    const events = await t.db.query<{ type: string }>(
      'select type from plan_events where subject_id = $1 order by id',
      [m.id],
    );
    expect(events.map((e) => e.type)).toEqual(['meeting.created', 'meeting.cancelled']);
  });
});

describe('minutes', () => {
  it('are written once the meeting has started, with the version read', async () => {
    const future = await callMeeting(t, w.coord, w.plan.id);
    const early = await r.call('PUT', url(w.plan.id, `/${future.id}/minutes`), w.coord.cookie, {
      version: 0,
      text: 'For tidlig',
    });
    expect(early.statusCode).toBe(409);

    const m = await callMeeting(t, w.coord, w.plan.id, slot(-1));
    const first = await r.call('PUT', url(w.plan.id, `/${m.id}/minutes`), w.coord.cookie, {
      version: 0,
      text: 'Gjennomgikk målene.',
      decisions: ['Ny evaluering i juni'],
      followups: [{ text: 'Søke om avlastning', dueDate: '2030-06-01' }],
    });
    expect(first.statusCode, first.body).toBe(200);
    const minutes = (first.json() as MeetingData).minutes;
    expect(minutes).toMatchObject({
      text: 'Gjennomgikk målene.',
      decisions: ['Ny evaluering i juni'],
      approved: false,
      version: 1,
    });
    expect(minutes?.followups[0]).toMatchObject({
      text: 'Søke om avlastning',
      dueDate: '2030-06-01',
      assigneeId: null,
      taskId: null,
    });
    const twice = await r.call('PUT', url(w.plan.id, `/${m.id}/minutes`), w.coord.cookie, {
      version: 0,
      text: 'Overskrevet?',
    });
    expect(twice.statusCode).toBe(409);
    for (const who of [w.relative, w.proRead, w.proNone]) {
      const res = await r.call('PUT', url(w.plan.id, `/${m.id}/minutes`), who.cookie, {
        version: 1,
        text: 'Mitt referat',
      });
      expect(res.statusCode, who.name).toBe(403);
    }
    const stranger = await r.call('PUT', url(w.plan.id, `/${m.id}/minutes`), w.stranger.cookie, {
      version: 1,
      text: 'x',
    });
    expect(stranger.statusCode).toBe(404);
  });

  it('after approval every change keeps the version it replaces', async () => {
    const m = await callMeeting(t, w.coord, w.plan.id, slot(-2));
    const put = async (body: Record<string, unknown>) => {
      const res = await r.call('PUT', url(w.plan.id, `/${m.id}/minutes`), w.coord.cookie, body);
      expect(res.statusCode, res.body).toBe(200);
      return (res.json() as MeetingData).minutes;
    };
    const versions = async () => {
      const res = await r.call('GET', url(w.plan.id, `/${m.id}/minutes/versions`), w.owner.cookie);
      expect(res.statusCode, res.body).toBe(200);
      return (res.json() as { items: { version: number; text: string; approvedAt: string }[] })
        .items;
    };
    await put({ version: 0, text: 'Utkast' });
    await put({ version: 1, text: 'Utkast 2' });
    expect(await versions()).toEqual([]);
    const approved = await put({ version: 2, approve: true });
    expect(approved).toMatchObject({ approved: true, text: 'Utkast 2', version: 3 });
    expect(approved?.approvedBy?.name).toBe(w.coord.name);
    const changed = await put({ version: 3, text: 'Rettet etter godkjenning' });
    expect(changed).toMatchObject({ approved: true, text: 'Rettet etter godkjenning', version: 4 });
    const kept = await versions();
    expect(kept).toHaveLength(1);
    expect(kept[0]).toMatchObject({ version: 3, text: 'Utkast 2' });
    expect(kept[0]?.approvedAt).not.toBeNull();
    await put({ version: 4, decisions: ['Vedtak'] });
    expect((await versions()).map((v) => v.version)).toEqual([4, 3]);
    const refused = await r.call(
      'GET',
      url(w.plan.id, `/${m.id}/minutes/versions`),
      w.proNone.cookie,
    );
    expect(refused.statusCode).toBe(403);
  });

  it('keep follow-ups by id; an unknown id or an assignee who may not read tasks is 400', async () => {
    const m = await callMeeting(t, w.coord, w.plan.id, slot(-3));
    const res = await r.call('PUT', url(w.plan.id, `/${m.id}/minutes`), w.coord.cookie, {
      version: 0,
      followups: [{ text: 'A' }, { text: 'B' }],
    });
    const [a, b] = (res.json() as MeetingData).minutes?.followups ?? [];
    const kept = await r.call('PUT', url(w.plan.id, `/${m.id}/minutes`), w.coord.cookie, {
      version: 1,
      followups: [{ id: b?.id, text: 'B endret' }, { text: 'C' }],
    });
    const after = (kept.json() as MeetingData).minutes?.followups ?? [];
    expect(after.map((f) => f.text)).toEqual(['B endret', 'C']);
    expect(after[0]?.id).toBe(b?.id);
    const unknown = await r.call('PUT', url(w.plan.id, `/${m.id}/minutes`), w.coord.cookie, {
      version: 2,
      followups: [{ id: a?.id, text: 'A igjen' }],
    });
    expect(unknown.statusCode).toBe(400);
    expect(errorFields(unknown)).toEqual(['followups.0.id']);
    const noTasks = await r.call('PUT', url(w.plan.id, `/${m.id}/minutes`), w.coord.cookie, {
      version: 2,
      followups: [{ text: 'Til Nina', assigneeId: pid(w.plan, w.proNone) }],
    });
    expect(noTasks.statusCode).toBe(400);
    expect(errorFields(noTasks)).toEqual(['followups.0.assigneeId']);
  });
});

describe('a follow-up becomes a task in one step', () => {
  it('with its text, assignee and due date; it shows under the assignee’s own tasks', async () => {
    const m = await callMeeting(t, w.coord, w.plan.id, slot(-1));
    await r.call('PUT', url(w.plan.id, `/${m.id}/minutes`), w.coord.cookie, {
      version: 0,
      decisions: ['Per følger opp treningen'],
      followups: [
        { text: 'Lage treningsprogram', assigneeId: pid(w.plan, w.proRead), dueDate: '2030-05-01' },
        { text: 'Ringe skolen' },
      ],
    });
    const made = await r.call('POST', url(w.plan.id, `/${m.id}/followups/0/task`), w.coord.cookie);
    expect(made.statusCode, made.body).toBe(201);
    const task = made.json() as TaskData;
    expect(task).toMatchObject({
      title: 'Lage treningsprogram',
      dueDate: '2030-05-01',
      status: 'open',
      meetingId: m.id,
      assignee: { name: w.proRead.name },
    });
    const again = await r.call('POST', url(w.plan.id, `/${m.id}/followups/0/task`), w.coord.cookie);
    expect(again.statusCode).toBe(409);
    for (const index of ['2', '-1', 'x', '00000000']) {
      const res = await r.call(
        'POST',
        url(w.plan.id, `/${m.id}/followups/${index}/task`),
        w.coord.cookie,
      );
      expect(res.statusCode, index).toBe(404);
    }
    const detail = await read(w.owner, m.id);
    expect(detail.minutes?.followups.map((f) => f.taskId)).toEqual([task.id, null]);

    const mine = await r.call('GET', '/api/me/tasks', w.proRead.cookie);
    expect(mine.statusCode).toBe(200);
    const items = (mine.json() as { items: (TaskData & { plan: { title: string } })[] }).items;
    const found = items.find((x) => x.id === task.id);
    expect(found).toMatchObject({ mine: true, plan: { id: w.plan.id, title: 'Olas plan' } });

    // The guardian overrides the assignee and due date.
    const second = await r.call(
      'POST',
      url(w.plan.id, `/${m.id}/followups/1/task`),
      w.guardian.cookie,
      { assigneeId: pid(w.plan, w.relative), dueDate: '2030-05-02' },
    );
    expect(second.statusCode, second.body).toBe(201);
    expect(second.json()).toMatchObject({
      title: 'Ringe skolen',
      assignee: { name: w.relative.name },
      dueDate: '2030-05-02',
    });
  });

  it('needs write access to tasks and read access to meetings', async () => {
    const m = await callMeeting(t, w.coord, w.plan.id, slot(-1));
    await r.call('PUT', url(w.plan.id, `/${m.id}/minutes`), w.coord.cookie, {
      version: 0,
      followups: [{ text: 'Noe å gjøre' }],
    });
    for (const who of [w.relative, w.proRead, w.proNone]) {
      const res = await r.call('POST', url(w.plan.id, `/${m.id}/followups/0/task`), who.cookie);
      expect(res.statusCode, who.name).toBe(403);
    }
    const { person: noMeetings } = await joinPlan(t, w, w.plan, {
      name: 'Tove Oppgaver',
      access: { meetings: 'none', tasks: 'write' },
    });
    const refused = await r.call(
      'POST',
      url(w.plan.id, `/${m.id}/followups/0/task`),
      noMeetings.cookie,
    );
    expect(refused.statusCode).toBe(403);
    const stranger = await r.call(
      'POST',
      url(w.plan.id, `/${m.id}/followups/0/task`),
      w.stranger.cookie,
    );
    expect(stranger.statusCode).toBe(404);
  });
});

describe('audit', () => {
  it('each list, read and change leaves its one record; refusals are recorded as denied', async () => {
    const m = await callMeeting(t, w.coord, w.plan.id);
    const created = await planAudit(t, w.plan.id, 'meeting.created');
    expect(created.filter((row) => row.object_id === m.id)).toHaveLength(1);
    const before = (await planAudit(t, w.plan.id, 'meeting.read')).length;
    await read(w.relative, m.id);
    const after = await planAudit(t, w.plan.id, 'meeting.read');
    expect(after).toHaveLength(before + 1);
    expect(after.at(-1)).toMatchObject({
      actor_id: w.relative.id,
      actor_role: 'relative',
      section: 'meetings',
      object_id: m.id,
      outcome: 'ok',
    });
    await r.call('GET', url(w.plan.id), w.proNone.cookie);
    const denied = (await planAudit(t, w.plan.id, 'meeting.list')).filter(
      (row) => row.outcome === 'denied',
    );
    expect(denied.at(-1)?.actor_id).toBe(w.proNone.id);
  });
});
