import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { type AppState, buildApp } from '../../src/server/app.ts';
import type { Config } from '../../src/server/config.ts';
import type { Db, Queryable } from '../../src/server/db/index.ts';
import type { Delivery } from '../../src/server/modules/delivery/service.ts';
import {
  createNotifications,
  type NotificationsService,
} from '../../src/server/modules/notifications/service.ts';
import type { NotifyRequest } from '../../src/server/modules/notifications/types.ts';
import { logCollector, type TestApp, testConfig } from '../helpers/app.ts';
import type { MadePlan } from '../helpers/plans.ts';
import type { WorldPerson } from './people-factories.ts';

/**
 * Helpers for the notification tests: messages written with SQL (as the messages module
 * will write them), a notifications service on an app's job queue with a fixed clock, a
 * look into pg-boss's job table, and apps built on a database the test keeps (to restart
 * one, or to run two on one PostgreSQL database).
 */

/** Inserts a message from `sender` to `recipients` in a plan; returns its id. */
export async function insertMessage(
  q: Queryable,
  plan: MadePlan,
  sender: WorldPerson,
  recipients: WorldPerson[],
  body = 'Hei! Se planen.',
): Promise<string> {
  const id = randomUUID();
  const senderParticipant = plan.participants[sender.id];
  if (!senderParticipant) throw new Error(`${sender.name} takes no part in the plan`);
  await q.query(
    `insert into messages (id, plan_id, thread_id, sender_id, sender_participant_id, subject, body)
     values ($1, $2, $1, $3, $4, 'Om planen', $5)`,
    [id, plan.id, sender.id, senderParticipant, body],
  );
  for (const person of recipients) {
    const participant = plan.participants[person.id];
    if (!participant) throw new Error(`${person.name} takes no part in the plan`);
    await q.query(
      `insert into message_recipients (message_id, participant_id, person_id) values ($1, $2, $3)`,
      [id, participant, person.id],
    );
  }
  return id;
}

/** A notifications service on the app's own job queue; `now` fixes its clock. */
export function notificationsOf(
  t: Pick<TestApp, 'app' | 'db' | 'config'>,
  now?: () => Date,
): NotificationsService {
  const unused: Delivery = {
    send: () => Promise.reject(new Error('this service only queues')),
  };
  return createNotifications({
    config: t.config,
    db: t.db,
    jobs: t.app.background.jobs,
    delivery: unused,
    log: t.app.log,
    ...(now ? { now } : {}),
  });
}

/** Writes a message and queues its notifications in one transaction, as the messages module does. */
export async function postMessage(
  t: Pick<TestApp, 'db'>,
  notifications: NotificationsService,
  plan: MadePlan,
  sender: WorldPerson,
  recipients: WorldPerson[],
  body?: string,
): Promise<string> {
  return t.db.transaction(async (tx) => {
    const id = await insertMessage(tx, plan, sender, recipients, body);
    const request: NotifyRequest = {
      kind: 'message',
      planId: plan.id,
      subjectId: id,
      personIds: recipients.map((p) => p.id),
      actorId: sender.id,
    };
    await notifications.queue(tx, request);
    return id;
  });
}

export type JobRow = {
  id: string;
  state: string;
  singletonKey: string | null;
  startAfter: Date;
  retryCount: number;
  data: Record<string, unknown>;
};

/** The notification jobs for a person (pg-boss's own table), oldest first. */
export async function notifyJobs(db: Queryable, personId: string): Promise<JobRow[]> {
  return db.query<JobRow>(
    `select id, state::text as state, singleton_key as "singletonKey", start_after as "startAfter",
       retry_count as "retryCount", data
     from pgboss.job where name = 'notify' and data->>'personId' = $1 order by created_on, id`,
    [personId],
  );
}

/** Makes a person's waiting notification jobs due now, as if their time had come. */
export async function makeDue(db: Queryable, personId: string): Promise<number> {
  const rows = await db.query(
    `update pgboss.job set start_after = now()
      where name = 'notify' and state in ('created', 'retry') and data->>'personId' = $1
      returning id`,
    [personId],
  );
  return rows.length;
}

/** Waits until no notification job is waiting (and due) or running. */
export async function settled(db: Queryable): Promise<void> {
  await expect
    .poll(
      async () => {
        const [row] = await db.query<{ n: number }>(
          `select count(*)::int as n from pgboss.job
            where name = 'notify'
              and (state = 'active' or (state in ('created', 'retry') and start_after <= now()))`,
        );
        return row?.n;
      },
      { timeout: 15_000, interval: 100 },
    )
    .toBe(0);
}

export type OutboxRow = { channel: string; to: string; subject: string | null; text: string };

/** What the development outbox holds for a person, oldest first. */
export async function outboxOf(db: Queryable, person: { id: string }): Promise<OutboxRow[]> {
  return db.query<OutboxRow>(
    `select channel, to_address as "to", subject, text from dev_outbox
      where person_id = $1 order by sent_at, id`,
    [person.id],
  );
}

/** Waits until the outbox holds `count` messages for a person, and returns them. */
export async function waitForOutbox(
  db: Queryable,
  person: { id: string },
  count: number,
): Promise<OutboxRow[]> {
  await expect
    .poll(async () => (await outboxOf(db, person)).length, { timeout: 15_000, interval: 100 })
    .toBe(count);
  return outboxOf(db, person);
}

/**
 * An app on a database the caller owns (closing the app leaves the database), through
 * `inject()`; `delivery` replaces the outbox sender, `background` starts the workers.
 */
export async function appOn(
  db: Db,
  options: { env?: Record<string, string>; delivery?: Delivery; background?: boolean } = {},
): Promise<TestApp & { config: Config }> {
  const config = testConfig(options.env ?? {});
  const logs: Record<string, unknown>[] = [];
  const state: AppState = { migrated: true };
  const app = await buildApp({
    config,
    db,
    state,
    logStream: logCollector(logs),
    ...(options.delivery ? { delivery: options.delivery } : {}),
  });
  await app.ready();
  if (options.background) await app.background.start();
  return {
    app,
    db,
    config,
    logs,
    close: () => app.close(),
  };
}
