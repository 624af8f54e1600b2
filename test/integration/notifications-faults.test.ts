import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/server/db/index.ts';
import { openPostgres } from '../../src/server/db/postgres.ts';
import { createOutboxTransport } from '../../src/server/modules/delivery/outbox.ts';
import {
  createDelivery,
  type Delivery,
  type DeliveryLog,
} from '../../src/server/modules/delivery/service.ts';
import { DeliveryError, type Transport } from '../../src/server/modules/delivery/transport.ts';
import type { TestApp } from '../helpers/app.ts';
import { createTestDb, type TestDb } from '../helpers/db.ts';
import { buildPlanWorld, type PlanWorld } from '../helpers/plans.ts';
import {
  appOn,
  insertMessage,
  makeDue,
  notificationsOf,
  notifyJobs,
  outboxOf,
  postMessage,
  settled,
  waitForOutbox,
} from './notifications-factories.ts';
import { call, leakedCanaries } from './people-factories.ts';

/**
 * Faults (SECURITY.md M2, M3) and failures: a notification job exists exactly when its
 * transaction commits and is sent once after a restart; a job run again after a crash
 * that followed the gateway's acceptance sends nothing more; a failure that sent nothing
 * is retried with backoff, one that may have sent something never is, and the last
 * failure stays visible with its reason.
 */

const ENV = { NOTIFY_BATCH_SECONDS: '0' };
const postgres = process.env.DATABASE_URL !== undefined;

const warnings: Record<string, unknown>[] = [];
const log: DeliveryLog = { warn: (fields) => warnings.push(fields) };

async function deliveryRows(db: Db, personId: string) {
  return db.query<{
    status: string;
    attempts: number;
    last_error: string | null;
    retryable: boolean;
  }>(
    `select status, attempts, last_error, retryable from deliveries
      where person_id = $1 and template = 'new-message' order by created_at`,
    [personId],
  );
}

describe('M3: the job is written in the transaction of the change', () => {
  let testDb: TestDb;
  let first: TestApp;
  let w: PlanWorld;

  beforeAll(async () => {
    testDb = await createTestDb();
    // An instance whose worker never runs.
    first = await appOn(testDb.db, { env: ENV });
    w = await buildPlanWorld(first);
  });
  afterAll(async () => {
    await first?.close();
    await testDb?.drop();
  });

  it('a transaction that rolls back leaves no job (and no message)', async () => {
    const notifications = notificationsOf(first);
    let messageId = '';
    await expect(
      first.db.transaction(async (tx) => {
        messageId = await insertMessage(tx, w.plan, w.coord, [w.owner]);
        await notifications.queue(tx, {
          kind: 'message',
          planId: w.plan.id,
          subjectId: messageId,
          personIds: [w.owner.id],
          actorId: w.coord.id,
        });
        // The job is there inside the transaction…
        const [inside] = await tx.query<{ n: number }>(
          `select count(*)::int as n from pgboss.job where name = 'notify' and data->>'personId' = $1`,
          [w.owner.id],
        );
        expect(inside?.n).toBe(1);
        throw new Error('crash before commit');
      }),
    ).rejects.toThrow('crash before commit');
    // …and gone with it.
    expect(await notifyJobs(testDb.db, w.owner.id)).toEqual([]);
    expect(await testDb.db.query('select 1 from messages where id = $1', [messageId])).toEqual([]);
  });

  it('a committed job is sent exactly once by the next instance after a crash before sending', async () => {
    await postMessage(first, notificationsOf(first), w.plan, w.coord, [w.owner]);
    expect((await notifyJobs(testDb.db, w.owner.id)).map((job) => job.state)).toEqual(['created']);
    // The instance stops before any worker ran: nothing was sent.
    await first.close();
    expect(await outboxOf(testDb.db, w.owner)).toEqual([]);

    const second = await appOn(testDb.db, { env: ENV, background: true });
    try {
      await waitForOutbox(testDb.db, w.owner, 1);
      await settled(testDb.db);
      expect(await outboxOf(testDb.db, w.owner)).toHaveLength(1);
      expect((await notifyJobs(testDb.db, w.owner.id)).map((job) => job.state)).toEqual([
        'completed',
      ]);
    } finally {
      await second.close();
    }
  });
});

describe('M2: two instances, one job, a crash after the gateway accepted', () => {
  it.skipIf(!postgres)(
    'at most one message per (event, recipient) [PostgreSQL only: PGlite is one in-process database, two instances cannot share it]',
    async () => {
      const testDb = await createTestDb();
      const otherDb = openPostgres(testDb.databaseUrl ?? '', 5);
      // The first send anywhere reaches the gateway (the outbox) and then its process hangs
      // for good, as if it had died before recording the outcome or finishing the job.
      let crashed = false;
      let revive = () => {};
      const dead = new Promise<void>((resolve) => {
        revive = resolve;
      });
      const crashingDelivery = (db: Db): Delivery => {
        const gateway = createOutboxTransport(db);
        const transport: Transport = {
          async send(message) {
            await gateway.send(message);
            if (!crashed) {
              crashed = true;
              await dead;
            }
          },
        };
        return createDelivery({ db, transports: { sms: transport, email: transport }, log });
      };
      const a = await appOn(testDb.db, {
        env: ENV,
        delivery: crashingDelivery(testDb.db),
        background: true,
      });
      const b = await appOn(otherDb, {
        env: ENV,
        delivery: crashingDelivery(otherDb),
        background: true,
      });
      try {
        const w = await buildPlanWorld(a);
        await postMessage(a, notificationsOf(a), w.plan, w.coord, [w.owner]);
        await waitForOutbox(testDb.db, w.owner, 1);
        const [job] = await notifyJobs(testDb.db, w.owner.id);
        expect(job?.state).toBe('active');
        expect((await deliveryRows(testDb.db, w.owner.id)).map((d) => d.status)).toEqual([
          'pending',
        ]);

        // The instance is gone: pg-boss puts the active job back when it expires (here at
        // once, as its supervisor would after expireInSeconds), and the other instance runs it.
        await testDb.db.query(
          `update pgboss.job set state = 'retry', start_after = now() where id = $1 and state = 'active'`,
          [job?.id],
        );
        await expect
          .poll(async () => (await notifyJobs(testDb.db, w.owner.id))[0]?.state, {
            timeout: 15_000,
            interval: 100,
          })
          .toBe('completed');
        expect(await outboxOf(testDb.db, w.owner)).toHaveLength(1);
        // The outcome stays unknown: never resent.
        expect((await deliveryRows(testDb.db, w.owner.id)).map((d) => d.status)).toEqual([
          'pending',
        ]);
      } finally {
        revive();
        await a.close();
        await b.close();
        await otherDb.close();
        await testDb.drop();
      }
    },
  );
});

describe('failed sends', () => {
  let testDb: TestDb;
  let t: TestApp;
  let w: PlanWorld;
  /** What the gateway does with the next messages to a person: fail so, or accept. */
  const script = new Map<string, (DeliveryError | 'ok')[]>();

  beforeAll(async () => {
    testDb = await createTestDb();
    const gateway = createOutboxTransport(testDb.db);
    const scripted: Transport = {
      async send(message) {
        const next = script.get(message.personId ?? '')?.shift() ?? 'ok';
        if (next !== 'ok') throw next;
        await gateway.send(message);
      },
    };
    const delivery = createDelivery({
      db: testDb.db,
      transports: { sms: scripted, email: scripted },
      log,
    });
    t = await appOn(testDb.db, { env: ENV, delivery, background: true });
    w = await buildPlanWorld(t);
  });
  afterAll(async () => {
    await t?.close();
    await testDb?.drop();
    expect(leakedCanaries(JSON.stringify([warnings, t?.logs]), w?.canaries ?? [])).toEqual([]);
  });

  it('a failure that sent nothing is retried by the job (with backoff) and then sent once', async () => {
    script.set(w.owner.id, [new DeliveryError('gateway 503', true)]);
    await postMessage(t, notificationsOf(t), w.plan, w.coord, [w.owner]);
    await expect
      .poll(async () => (await notifyJobs(t.db, w.owner.id))[0]?.state, {
        timeout: 15_000,
        interval: 100,
      })
      .toBe('retry');
    const [job] = await notifyJobs(t.db, w.owner.id);
    // Backoff: the next attempt is not due yet.
    expect(new Date(job?.startAfter ?? 0).getTime()).toBeGreaterThan(Date.now());
    expect(await deliveryRows(t.db, w.owner.id)).toEqual([
      { status: 'failed', attempts: 1, last_error: 'gateway 503', retryable: true },
    ]);

    expect(await makeDue(t.db, w.owner.id)).toBe(1);
    await waitForOutbox(t.db, w.owner, 1);
    await settled(t.db);
    expect(await deliveryRows(t.db, w.owner.id)).toEqual([
      { status: 'sent', attempts: 2, last_error: null, retryable: false },
    ]);
    expect((await notifyJobs(t.db, w.owner.id)).map((j) => j.state)).toEqual(['completed']);
    expect(await outboxOf(t.db, w.owner)).toHaveLength(1);
  });

  it('a permanent failure is not retried, stays failed with its reason, and the coordinator sees it', async () => {
    script.set(w.relative.id, [new DeliveryError('gateway 400', false)]);
    await postMessage(t, notificationsOf(t), w.plan, w.coord, [w.relative]);
    await expect
      .poll(async () => (await notifyJobs(t.db, w.relative.id))[0]?.state, {
        timeout: 15_000,
        interval: 100,
      })
      .toBe('completed');
    expect(await deliveryRows(t.db, w.relative.id)).toEqual([
      { status: 'failed', attempts: 1, last_error: 'gateway 400', retryable: false },
    ]);
    expect(await outboxOf(t.db, w.relative)).toEqual([]);

    const res = await call(t, 'GET', `/api/plans/${w.plan.id}/notification-status`, w.coord.cookie);
    expect(res.statusCode).toBe(200);
    const items = (res.json() as { items: { participantId: string }[] }).items;
    expect(items.find((i) => i.participantId === w.plan.participants[w.relative.id])).toEqual({
      participantId: w.plan.participants[w.relative.id],
      status: 'failing',
      lastFailedAt: expect.any(String),
      reason: 'gateway 400',
    });
    expect(items.find((i) => i.participantId === w.plan.participants[w.owner.id])).toEqual({
      participantId: w.plan.participants[w.owner.id],
      status: 'ok',
    });
  });

  it('a failure after which the message may have left is never sent again (at most once)', async () => {
    script.set(w.guardian.id, [new DeliveryError('timeout', true, { maybeSent: true })]);
    await postMessage(t, notificationsOf(t), w.plan, w.coord, [w.guardian]);
    await expect
      .poll(async () => (await notifyJobs(t.db, w.guardian.id))[0]?.state, {
        timeout: 15_000,
        interval: 100,
      })
      .toBe('completed');
    expect(await deliveryRows(t.db, w.guardian.id)).toEqual([
      { status: 'failed', attempts: 1, last_error: 'timeout', retryable: false },
    ]);
  });
});
