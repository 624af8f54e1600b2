import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderTemplate } from '../../src/server/modules/delivery/templates.ts';
import type { NotificationsService } from '../../src/server/modules/notifications/service.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { buildPlanWorld, type MadePlan, makePlan, type PlanWorld } from '../helpers/plans.ts';
import {
  insertMessage,
  notificationsOf,
  notifyJobs,
  outboxOf,
  postMessage,
  settled,
  waitForOutbox,
} from './notifications-factories.ts';
import { addPerson, leakedCanaries, type WorldPerson } from './people-factories.ts';

/**
 * Notifications as recipients get them (SECURITY.md N1–N4): the fixed text in their
 * language, generic subject and sender, an opaque link, nothing to anybody who may not
 * read the message, nothing to the one who wrote it. Batching is off here
 * (NOTIFY_BATCH_SECONDS=0) and so are quiet hours, so every job is due at once.
 */

let t: TestApp;
let w: PlanWorld;
let notifications: NotificationsService;

beforeAll(async () => {
  t = await createTestApp({ NOTIFY_BATCH_SECONDS: '0' }, { background: true });
  w = await buildPlanWorld(t);
  notifications = notificationsOf(t);
  await t.db.query(`update people set language = 'en' where id = $1`, [w.proRead.id]);
  await t.db.query(`update people set notify_channel = 'email' where id = $1`, [w.guardian.id]);
});
afterAll(() => t?.close());

const expectedText = (lang: 'nb' | 'nn' | 'en') =>
  renderTemplate('new-message', lang, { url: t.config.publicUrl }).text;

describe('N1, N2, N3: what a notification says', () => {
  it('each recipient gets the new-message text in their language, by their channel, and nothing of the message', async () => {
    const secret = `${w.owner.name} har diabetes type 1, fnr ${w.owner.nationalId}`;
    const messageId = await postMessage(
      t,
      notifications,
      w.plan,
      w.coord,
      [w.owner, w.proRead, w.guardian],
      secret,
    );

    const [toOwner] = await waitForOutbox(t.db, w.owner, 1);
    const [toPro] = await waitForOutbox(t.db, w.proRead, 1);
    const [toGuardian] = await waitForOutbox(t.db, w.guardian, 1);
    // N1: exactly the template, in the person's language.
    expect(toOwner).toEqual({
      channel: 'sms',
      to: w.owner.mobile,
      subject: null,
      text: expectedText('nb'),
    });
    expect(toPro).toEqual({
      channel: 'sms',
      to: w.proRead.mobile,
      subject: null,
      text: expectedText('en'),
    });
    // N2: an e-mail's subject is the service name only (the sender name is "Samvirke",
    // checked for SMTP in delivery.test.ts); an SMS comes from "Samvirke".
    expect(toGuardian).toEqual({
      channel: 'email',
      to: w.guardian.email,
      subject: 'Samvirke',
      text: expectedText('nb'),
    });
    expect(t.config.delivery.smsSender).toBe('Samvirke');

    // Nothing of the message, the plan or the people in any of them.
    const everything = JSON.stringify(await t.db.query('select subject, text from dev_outbox'));
    for (const fragment of [
      'diabetes',
      w.owner.name,
      w.coord.name,
      w.owner.nationalId,
      'Om planen',
      'Olas plan',
      w.plan.id,
      messageId,
    ]) {
      expect(everything).not.toContain(fragment);
    }
    expect(leakedCanaries(everything, [w.owner.nationalId])).toEqual([]);
    const deliveries = await t.db.query<{ template: string }>(
      'select distinct template from deliveries where person_id = any($1::uuid[])',
      [[w.owner.id, w.proRead.id, w.guardian.id]],
    );
    expect(deliveries).toEqual([{ template: 'new-message' }]);
  });

  it('N3: the only link is the address of the app: no plan id, no token, no path', async () => {
    const rows = await t.db.query<{ text: string }>('select text from dev_outbox');
    expect(rows.length).toBeGreaterThan(0);
    for (const { text } of rows) {
      const links = text.match(/https?:\/\/\S+/g) ?? [];
      expect(links).toEqual([t.config.publicUrl]);
      const url = new URL(links[0] ?? '');
      expect([url.pathname, url.search, url.hash]).toEqual(['/', '', '']);
    }
  });
});

describe('who is notified', () => {
  it('nobody is notified of their own message', async () => {
    const before = (await outboxOf(t.db, w.owner)).length;
    await postMessage(t, notifications, w.plan, w.coord, [w.coord, w.owner]);
    await waitForOutbox(t.db, w.owner, before + 1);
    await settled(t.db);
    expect(await notifyJobs(t.db, w.coord.id)).toEqual([]);
    expect(await outboxOf(t.db, w.coord)).toEqual([]);
  });

  describe('N4: nothing to expired, removed, unverified or unreachable recipients', () => {
    const KEYS = [
      'reader',
      'expired',
      'removed',
      'noConsent',
      'noAccess',
      'none',
      'invited',
      'deactivated',
      'noAddress',
    ] as const;
    type Key = (typeof KEYS)[number];
    let plan: MadePlan;
    let people: Record<Key, WorldPerson>;

    beforeAll(async () => {
      const made: Partial<Record<Key, WorldPerson>> = {};
      for (const key of KEYS) made[key] = await addPerson(t, w, w.orgA, `Person ${key}`);
      people = made as Record<Key, WorldPerson>;
      const p = people;
      plan = await makePlan(t, {
        organizationId: w.orgA,
        owner: await addPerson(t, w, w.orgA, 'Olav Eier'),
        coordinator: w.coord,
        others: [
          { person: p.reader, role: 'relative', sharingConsent: true },
          { person: p.expired, role: 'professional', validFor: '-1 minute', sharingConsent: true },
          { person: p.removed, role: 'professional', removed: true, sharingConsent: true },
          { person: p.noConsent, role: 'relative' },
          {
            person: p.noAccess,
            role: 'professional',
            access: { messages: 'none' },
            sharingConsent: true,
          },
          { person: p.none, role: 'relative', sharingConsent: true },
          { person: p.invited, role: 'relative', sharingConsent: true },
          { person: p.deactivated, role: 'relative', sharingConsent: true },
          { person: p.noAddress, role: 'relative', sharingConsent: true },
        ],
      });
      await t.db.query(`update people set notify_channel = 'none' where id = $1`, [p.none.id]);
      await t.db.query(`update people set status = 'invited', activated_at = null where id = $1`, [
        p.invited.id,
      ]);
      await t.db.query(
        `update people set status = 'deactivated', deactivated_at = now() where id = $1`,
        [p.deactivated.id],
      );
      // E-mail chosen, but only a mobile number on the account.
      await t.db.query(`update people set notify_channel = 'email', email = null where id = $1`, [
        p.noAddress.id,
      ]);
    });

    it('only the recipient who may read the message is told', async () => {
      await postMessage(t, notifications, plan, w.coord, Object.values(people));
      await waitForOutbox(t.db, people.reader, 1);
      await settled(t.db);
      for (const key of KEYS) {
        expect(await outboxOf(t.db, people[key]), key).toHaveLength(key === 'reader' ? 1 : 0);
      }
      // Unreachable people get no job at all; the others' jobs ran and sent nothing.
      for (const key of ['none', 'invited', 'deactivated', 'noAddress'] as const) {
        expect(await notifyJobs(t.db, people[key].id), key).toEqual([]);
      }
      for (const key of ['expired', 'removed', 'noConsent', 'noAccess'] as const) {
        const jobs = await notifyJobs(t.db, people[key].id);
        expect(
          jobs.map((job) => job.state),
          key,
        ).toEqual(['completed']);
      }
    });

    it('a participant whose access ends before the job runs gets nothing', async () => {
      const reader = people.reader;
      const participantId = plan.participants[reader.id];
      const before = (await outboxOf(t.db, reader)).length;
      await t.db.transaction(async (tx) => {
        const id = await insertMessage(tx, plan, w.coord, [reader]);
        await notifications.queue(tx, {
          kind: 'message',
          planId: plan.id,
          subjectId: id,
          personIds: [reader.id],
          actorId: w.coord.id,
        });
        await tx.query(
          `update participants set valid_until = now() - interval '1 second' where id = $1`,
          [participantId],
        );
      });
      await settled(t.db);
      expect(await outboxOf(t.db, reader)).toHaveLength(before);
      const jobs = await notifyJobs(t.db, reader.id);
      expect(jobs.at(-1)?.state).toBe('completed');
    });
  });

  it('a message read or withdrawn before the notification goes out sends nothing', async () => {
    const before = (await outboxOf(t.db, w.relative)).length;
    for (const change of [
      'update message_recipients set read_at = now() where message_id = $1',
      'update messages set withdrawn_at = now() where id = $1',
    ]) {
      await t.db.transaction(async (tx) => {
        const id = await insertMessage(tx, w.plan, w.coord, [w.relative]);
        await notifications.queue(tx, {
          kind: 'message',
          planId: w.plan.id,
          subjectId: id,
          personIds: [w.relative.id],
          actorId: w.coord.id,
        });
        await tx.query(change, [id]);
      });
    }
    await settled(t.db);
    expect(await outboxOf(t.db, w.relative)).toHaveLength(before);
    const jobs = await notifyJobs(t.db, w.relative.id);
    expect(jobs.slice(-2).map((job) => job.state)).toEqual(['completed', 'completed']);
  });
});

describe('NOTIFY_BATCH_SECONDS=0', () => {
  it('turns batching off: three messages, three notifications', async () => {
    const before = (await outboxOf(t.db, w.proRead)).length;
    for (let i = 0; i < 3; i++) {
      await postMessage(t, notifications, w.plan, w.coord, [w.proRead]);
    }
    const rows = await waitForOutbox(t.db, w.proRead, before + 3);
    expect(rows.slice(-3).map((row) => row.text)).toEqual([
      expectedText('en'),
      expectedText('en'),
      expectedText('en'),
    ]);
    await settled(t.db);
    expect(await outboxOf(t.db, w.proRead)).toHaveLength(before + 3);
  });
});
