import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  norwegianInstant,
  norwegianTime,
} from '../../src/server/modules/notifications/schedule.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { buildPlanWorld, type PlanWorld } from '../helpers/plans.ts';
import {
  makeDue,
  notificationsOf,
  notifyJobs,
  outboxOf,
  postMessage,
  settled,
  waitForOutbox,
} from './notifications-factories.ts';
import { call } from './people-factories.ts';

/**
 * When notifications go out: several messages within NOTIFY_BATCH_SECONDS become one, and
 * QUIET_HOURS (22-07, Norwegian time) hold them until the morning unless the person chose
 * to be told at night. The queueing clock is fixed to a moment tomorrow, so no job falls
 * due by itself; a test makes a job due (as its time coming) to see what it sends.
 */

let t: TestApp;
let w: PlanWorld;

/** `hour`:`minute` Norwegian time, `days` from today. */
function osloTime(days: number, hour: number, minute = 0): Date {
  const today = norwegianTime(new Date());
  const at = norwegianInstant(today.year, today.month, today.day + days, hour);
  return new Date(at.getTime() + minute * 60_000);
}

beforeAll(async () => {
  t = await createTestApp(
    { NOTIFY_BATCH_SECONDS: '300', QUIET_HOURS: '22-07' },
    { background: true },
  );
  w = await buildPlanWorld(t);
});
afterAll(() => t?.close());

describe('batching (NOTIFY_BATCH_SECONDS=300)', () => {
  it('three messages within the window become one notification per person', async () => {
    const noon = osloTime(1, 12);
    const notifications = notificationsOf(t, () => noon);
    for (let i = 0; i < 3; i++) {
      await postMessage(t, notifications, w.plan, w.coord, [w.owner, w.guardian]);
    }
    for (const person of [w.owner, w.guardian]) {
      const jobs = await notifyJobs(t.db, person.id);
      expect(jobs).toHaveLength(1);
      expect(jobs[0]).toMatchObject({ state: 'created', singletonKey: `${person.id}:message` });
      expect(new Date(jobs[0]?.startAfter ?? 0).toISOString()).toBe(
        new Date(noon.getTime() + 300_000).toISOString(),
      );
    }
    expect(await outboxOf(t.db, w.owner)).toEqual([]);

    // The window has passed: one notification each, however many messages.
    expect(await makeDue(t.db, w.owner.id)).toBe(1);
    expect(await makeDue(t.db, w.guardian.id)).toBe(1);
    await waitForOutbox(t.db, w.owner, 1);
    await waitForOutbox(t.db, w.guardian, 1);
    await settled(t.db);
    expect(await outboxOf(t.db, w.owner)).toHaveLength(1);
    expect(await outboxOf(t.db, w.guardian)).toHaveLength(1);
  });

  it('after a batch went out, the next message starts a new one', async () => {
    const later = osloTime(1, 13);
    await postMessage(
      t,
      notificationsOf(t, () => later),
      w.plan,
      w.coord,
      [w.owner],
    );
    const jobs = await notifyJobs(t.db, w.owner.id);
    expect(jobs.map((job) => job.state)).toEqual(['completed', 'created']);
    expect(await makeDue(t.db, w.owner.id)).toBe(1);
    await waitForOutbox(t.db, w.owner, 2);
  });
});

describe('quiet hours (QUIET_HOURS=22-07)', () => {
  it('a message late in the evening is notified at 07:00; the person who chose nights at once', async () => {
    // proRead chooses to be told at night too.
    const chosen = await call(t, 'PUT', '/api/me/notifications', w.proRead.cookie, {
      channel: 'sms',
      atNight: true,
    });
    expect(chosen.statusCode).toBe(200);
    expect(chosen.json()).toMatchObject({ atNight: true, quietHours: '22-07' });

    const lateEvening = osloTime(1, 23, 30);
    const notifications = notificationsOf(t, () => lateEvening);
    await postMessage(t, notifications, w.plan, w.coord, [w.relative, w.proRead]);

    const [toRelative] = await notifyJobs(t.db, w.relative.id);
    const [toPro] = await notifyJobs(t.db, w.proRead.id);
    expect(new Date(toRelative?.startAfter ?? 0).toISOString()).toBe(osloTime(2, 7).toISOString());
    expect(new Date(toPro?.startAfter ?? 0).toISOString()).toBe(
      new Date(lateEvening.getTime() + 300_000).toISOString(),
    );
    expect(await outboxOf(t.db, w.relative)).toEqual([]);

    // Morning comes: the held notification goes out, once.
    expect(await makeDue(t.db, w.relative.id)).toBe(1);
    const [sent] = await waitForOutbox(t.db, w.relative, 1);
    expect(sent?.text).toContain('Du har en ny melding i Samvirke.');
    await settled(t.db);
    expect(await outboxOf(t.db, w.relative)).toHaveLength(1);
  });

  it('a message in the small hours waits until 07:00 the same morning', async () => {
    const smallHours = osloTime(1, 3);
    await postMessage(
      t,
      notificationsOf(t, () => smallHours),
      w.plan,
      w.coord,
      [w.guardian],
    );
    const jobs = await notifyJobs(t.db, w.guardian.id);
    expect(new Date(jobs.at(-1)?.startAfter ?? 0).toISOString()).toBe(osloTime(1, 7).toISOString());
  });
});
