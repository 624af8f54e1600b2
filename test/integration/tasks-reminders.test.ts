import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderTemplate } from '../../src/server/modules/delivery/templates.ts';
import { planWorkNotice } from '../../src/server/modules/meetings/notify.ts';
import { queueTaskReminders, tomorrowInNorway } from '../../src/server/modules/tasks/reminders.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { buildPlanWorld, type MadePlan, type PlanWorld, pid } from '../helpers/plans.ts';
import {
  notificationsOf,
  notifyJobs,
  outboxOf,
  settled,
  waitForOutbox,
} from './notifications-factories.ts';
import type { WorldPerson } from './people-factories.ts';

/**
 * The reminder the day before a task is due (issue 6, item 2): a scheduled job queues a
 * `task` notification for the assignee of each open task due tomorrow (Norwegian date);
 * the notifications module holds it past quiet hours and sends it on the person's channel,
 * with the fixed `task-reminder` text.
 */

let t: TestApp;
let w: PlanWorld;
beforeAll(async () => {
  t = await createTestApp({ NOTIFY_BATCH_SECONDS: '0' }, { background: true });
  w = await buildPlanWorld(t);
  await t.db.query(`update people set notify_channel = 'email' where id = $1`, [w.guardian.id]);
});
afterAll(() => t.close());

async function task(
  plan: MadePlan,
  title: string,
  dueDate: string | null,
  assignee: WorldPerson | null,
  status: 'open' | 'done' = 'open',
): Promise<string> {
  const [row] = await t.db.query<{ id: string }>(
    `insert into tasks (plan_id, title, due_date, assignee_participant_id, status, created_by, updated_by)
     values ($1, $2, $3::date, $4, $5, $6, $6) returning id`,
    [plan.id, title, dueDate, assignee ? pid(plan, assignee) : null, status, w.coord.id],
  );
  if (!row) throw new Error('no task');
  return row.id;
}

function day(offset: number): string {
  const tomorrow = new Date(`${tomorrowInNorway(new Date())}T12:00:00Z`);
  tomorrow.setUTCDate(tomorrow.getUTCDate() + offset - 1);
  return tomorrow.toISOString().slice(0, 10);
}

const reminder = renderTemplate('task-reminder', 'nb', { url: 'https://x.example' }).text;
const expected = () => renderTemplate('task-reminder', 'nb', { url: t.config.publicUrl }).text;

describe('task reminders', () => {
  it('the scheduled job reminds the assignee of an open task due tomorrow, and no other', async () => {
    expect(reminder).toContain('frist i morgen');
    await task(w.plan, 'I morgen', day(1), w.proRead);
    await task(w.plan, 'I morgen, e-post', day(1), w.guardian);
    await task(w.plan, 'I dag', day(0), w.owner);
    await task(w.plan, 'Om to dager', day(2), w.owner);
    await task(w.plan, 'I går', day(-1), w.owner);
    await task(w.plan, 'Ferdig', day(1), w.relative, 'done');
    await task(w.plan, 'Ingen', day(1), null);
    await task(w.plan, 'Uten frist', null, w.relative);
    // Expired: queued, but the worker finds they may no longer read tasks (N4).
    await task(w.plan, 'Utløpt', day(1), w.expired);

    await t.app.background.jobs.boss.send('task-reminders', {});
    const [row] = await waitForOutbox(t.db, w.proRead, 1);
    expect(row).toMatchObject({ channel: 'sms', text: expected() });
    const [mail] = await waitForOutbox(t.db, w.guardian, 1);
    expect(mail).toMatchObject({ channel: 'email', text: expected(), subject: 'Samvirke' });
    await settled(t.db);
    for (const p of [w.owner, w.relative, w.expired, w.coord]) {
      expect(await outboxOf(t.db, p), p.name).toEqual([]);
    }
    expect(await notifyJobs(t.db, w.owner.id)).toEqual([]);
  });

  it('reminds once: the job run again queues nothing more', async () => {
    const before = (await notifyJobs(t.db, w.proRead.id)).length;
    expect(await queueTaskReminders(t.db, notificationsOf(t))).toBe(0);
    expect(await notifyJobs(t.db, w.proRead.id)).toHaveLength(before);
    await settled(t.db);
    expect(await outboxOf(t.db, w.proRead)).toHaveLength(1);
  });

  it('N4: the worker checks again when it sends: a task done meanwhile, or not theirs, is not reminded of', async () => {
    const done = await task(w.otherPlan, 'Blir ferdig', day(1), w.proRead);
    await t.db.query(`update tasks set status = 'done' where id = $1`, [done]);
    const job = { personId: w.proRead.id, kind: 'task' as const, planId: w.otherPlan.id };
    expect(await planWorkNotice(t.db, { ...job, subjectId: done })).toBeNull();
    const open = await task(w.otherPlan, 'Åpen', day(1), w.proRead);
    expect(await planWorkNotice(t.db, { ...job, subjectId: open })).toBe('task-reminder');
    expect(await planWorkNotice(t.db, { ...job, personId: w.otherOwner.id, subjectId: open })).toBe(
      null,
    );
  });
});

describe('quiet hours', () => {
  let quiet: TestApp;
  let qw: PlanWorld;
  beforeAll(async () => {
    quiet = await createTestApp({ NOTIFY_BATCH_SECONDS: '0', QUIET_HOURS: '22-07' });
    qw = await buildPlanWorld(quiet);
  });
  afterAll(() => quiet.close());

  it('a reminder queued at night waits for the morning', async () => {
    // 23:00 in Norway (21:00 UTC in summer time).
    const night = new Date('2030-06-10T21:00:00Z');
    await quiet.db.query(
      `insert into tasks (plan_id, title, due_date, assignee_participant_id, created_by, updated_by)
       values ($1, 'Frist', '2030-06-11', $2, $3, $3)`,
      [qw.plan.id, pid(qw.plan, qw.proRead), qw.coord.id],
    );
    const queued = await queueTaskReminders(
      quiet.db,
      notificationsOf(quiet, () => night),
      night,
    );
    expect(queued).toBe(1);
    const [job] = await notifyJobs(quiet.db, qw.proRead.id);
    // 07:00 in Norway the next morning.
    expect(job?.startAfter.toISOString()).toBe('2030-06-11T05:00:00.000Z');
    expect(job?.data).toMatchObject({ kind: 'task', planId: qw.plan.id });
  });
});
