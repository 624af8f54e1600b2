import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderTemplate } from '../../src/server/modules/delivery/templates.ts';
import { planWorkNotice } from '../../src/server/modules/meetings/notify.ts';
import type { MeetingData } from '../../src/shared/schemas/meetings.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { buildPlanWorld, expireIn, type PlanWorld, pid } from '../helpers/plans.ts';
import { callMeeting, meetingsUrl, slot } from './meetings-factories.ts';
import { notifyJobs, outboxOf, settled, waitForOutbox } from './notifications-factories.ts';
import { call, type WorldPerson } from './people-factories.ts';

/**
 * Invitees hear of a meeting (issue 6, item 1; SECURITY.md N1–N4) by the same rules as
 * messages: a fixed text in their language naming no person, plan or content; never the
 * one who called it; nothing to anyone who may not read meetings. A move or cancellation
 * tells them again (`meeting-changed`); a change of invitees tells those added (as new
 * invitees) and those left out (as of a cancellation). Batching and quiet hours are off here.
 */

let t: TestApp;
let w: PlanWorld;
beforeAll(async () => {
  t = await createTestApp({ NOTIFY_BATCH_SECONDS: '0' }, { background: true });
  w = await buildPlanWorld(t);
  await t.db.query(`update people set language = 'en' where id = $1`, [w.proRead.id]);
  await t.db.query(`update people set notify_channel = 'email' where id = $1`, [w.guardian.id]);
});
afterAll(() => t.close());

const text = (
  template: 'new-meeting' | 'meeting-changed' | 'meeting-uninvited',
  lang: 'nb' | 'en' = 'nb',
) => renderTemplate(template, lang, { url: t.config.publicUrl }).text;
const langOf = (p: WorldPerson) => (p.id === w.proRead.id ? 'en' : 'nb');

describe('notifications of a meeting', () => {
  const invitees = () => [w.owner, w.guardian, w.relative, w.proRead];
  let meeting: MeetingData;

  it('N1: each invitee but the caller gets the new-meeting text exactly, on their channel', async () => {
    meeting = await callMeeting(t, w.coord, w.plan.id, {
      title: 'Møte om Olas epilepsi',
      agenda: `Medisiner for ${w.owner.name} (${w.owner.nationalId})`,
    });
    for (const p of invitees()) {
      const [row] = await waitForOutbox(t.db, p, 1);
      expect(row?.text, p.name).toBe(text('new-meeting', langOf(p)));
      expect(row?.subject ?? 'Samvirke').toBe('Samvirke');
      expect(row?.channel, p.name).toBe(p.id === w.guardian.id ? 'email' : 'sms');
    }
    await settled(t.db);
    for (const p of [w.coord, w.proNone, w.relativeNoConsent, w.expired, w.removed]) {
      expect(await outboxOf(t.db, p), p.name).toEqual([]);
    }
    const everything = JSON.stringify(await t.db.query('select text, subject from dev_outbox'));
    for (const secret of ['epilepsi', 'Olas plan', w.owner.nationalId, w.plan.id, meeting.id]) {
      expect(everything).not.toContain(secret);
    }
  });

  it('a move tells them again, with the meeting-changed text; a change of agenda does not', async () => {
    const agenda = await call(
      t,
      'PATCH',
      meetingsUrl(w.plan.id, `/${meeting.id}`),
      w.coord.cookie,
      {
        version: meeting.version,
        agenda: 'Ny dagsorden',
      },
    );
    expect(agenda.statusCode).toBe(200);
    const moved = await call(t, 'PATCH', meetingsUrl(w.plan.id, `/${meeting.id}`), w.coord.cookie, {
      version: (agenda.json() as MeetingData).version,
      ...slot(9),
    });
    expect(moved.statusCode, moved.body).toBe(200);
    for (const p of invitees()) {
      const rows = await waitForOutbox(t.db, p, 2);
      expect(rows[1]?.text, p.name).toBe(text('meeting-changed', langOf(p)));
    }
    await settled(t.db);
    for (const p of invitees()) expect(await outboxOf(t.db, p), p.name).toHaveLength(2);
    meeting = moved.json() as MeetingData;
  });

  it('a cancellation tells them too', async () => {
    const res = await call(
      t,
      'PATCH',
      meetingsUrl(w.plan.id, `/${meeting.id}`),
      w.guardian.cookie,
      {
        version: meeting.version,
        status: 'cancelled',
      },
    );
    expect(res.statusCode).toBe(200);
    // The guardian cancelled it: everybody else invited hears of it — the coordinator too,
    // who called it — and the guardian does not.
    for (const p of [w.owner, w.relative, w.proRead]) {
      const rows = await waitForOutbox(t.db, p, 3);
      expect(rows[2]?.text, p.name).toBe(text('meeting-changed', langOf(p)));
    }
    const [coord] = await waitForOutbox(t.db, w.coord, 1);
    expect(coord?.text).toBe(text('meeting-changed'));
    await settled(t.db);
    expect(await outboxOf(t.db, w.guardian)).toHaveLength(2);
  });

  it('a meeting already over queues nothing', async () => {
    const before = (await notifyJobs(t.db, w.owner.id)).length;
    await callMeeting(t, w.coord, w.plan.id, slot(-2));
    expect(await notifyJobs(t.db, w.owner.id)).toHaveLength(before);
  });
});

describe('a change of who is invited', () => {
  it('those added get the new-meeting text, those left out the meeting-uninvited text, the rest nothing', async () => {
    const m = await callMeeting(t, w.coord, w.plan.id, {
      inviteeIds: [pid(w.plan, w.owner), pid(w.plan, w.relative)],
    });
    await settled(t.db);
    const count = async (p: WorldPerson) => (await outboxOf(t.db, p)).length;
    const before = {
      owner: await count(w.owner),
      relative: await count(w.relative),
      guardian: await count(w.guardian),
      coord: await count(w.coord),
    };
    const res = await call(t, 'PATCH', meetingsUrl(w.plan.id, `/${m.id}`), w.coord.cookie, {
      version: m.version,
      inviteeIds: [pid(w.plan, w.coord), pid(w.plan, w.relative), pid(w.plan, w.guardian)],
    });
    expect(res.statusCode, res.body).toBe(200);
    const added = await waitForOutbox(t.db, w.guardian, before.guardian + 1);
    expect(added.at(-1)?.text).toBe(text('new-meeting'));
    expect(added.at(-1)?.channel).toBe('email');
    const left = await waitForOutbox(t.db, w.owner, before.owner + 1);
    expect(left.at(-1)?.text).toBe(text('meeting-uninvited'));
    await settled(t.db);
    expect(await count(w.relative)).toBe(before.relative);
    expect(await count(w.coord)).toBe(before.coord);
  });
});

describe('N4: the worker checks again when it sends', () => {
  it('nothing for an invitee whose access ended, or who is not invited; the right template otherwise', async () => {
    const m = await callMeeting(t, w.coord, w.otherPlan.id, {
      inviteeIds: [pid(w.otherPlan, w.proRead)],
    });
    const job = { personId: w.proRead.id, kind: 'meeting' as const, planId: w.otherPlan.id };
    expect(await planWorkNotice(t.db, { ...job, subjectId: m.id })).toBe('new-meeting');
    expect(await planWorkNotice(t.db, { ...job, personId: w.otherOwner.id, subjectId: m.id })).toBe(
      null,
    );
    expect(await planWorkNotice(t.db, { ...job, planId: w.plan.id, subjectId: m.id })).toBe(null);
    await expireIn(t, pid(w.otherPlan, w.proRead), -1000);
    try {
      expect(await planWorkNotice(t.db, { ...job, subjectId: m.id })).toBe(null);
    } finally {
      await t.db.query('update participants set valid_until = null where id = $1', [
        pid(w.otherPlan, w.proRead),
      ]);
    }
    await t.db.query(
      `update meetings set ends_at = now() - interval '1 minute',
      starts_at = now() - interval '1 hour' where id = $1`,
      [m.id],
    );
    expect(await planWorkNotice(t.db, { ...job, subjectId: m.id })).toBe(null);
  });
});
