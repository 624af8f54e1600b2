import { AsyncLocalStorage } from 'node:async_hooks';
import {
  type Db as BossDb,
  fromPglite,
  getConstructionPlans,
  PgBoss,
  type SendOptions,
} from 'pg-boss';
import type { Db, Queryable } from '../db/index.ts';
import { QUEUES, type QueueName } from './queues.ts';

/**
 * The durable job queue (pg-boss) on the same database as everything else, PGlite or
 * PostgreSQL. Jobs are sent inside the caller's transaction, so a job exists exactly when
 * the change that caused it was committed (SECURITY.md M3).
 */

export const JOBS_SCHEMA = 'pgboss';

/** pg-boss runs its SQL through this: our transaction or our pool. */
export function executorOf(q: Queryable): BossDb {
  return {
    async executeSql(text: string, values?: unknown[]) {
      return { rows: await q.query(text, values ?? []) };
    },
  };
}

/**
 * pg-boss's own connection, except while `send` runs inside one of our transactions: then
 * everything it reads (its queue cache, on first use before `start()`) goes through that
 * transaction. On PGlite, which has one connection, a statement outside an open
 * transaction waits for it to end — and the transaction would wait for the statement.
 */
function transactionAware(base: BossDb, current: AsyncLocalStorage<Queryable>): BossDb {
  return new Proxy(base, {
    get(target, property, receiver) {
      if (property === 'executeSql') {
        return (text: string, values?: unknown[]) => {
          const tx = current.getStore();
          return tx ? executorOf(tx).executeSql(text, values) : target.executeSql(text, values);
        };
      }
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

function bossFor(executor: BossDb, pglite: boolean): PgBoss {
  return new PgBoss({
    db: executor,
    schema: JOBS_SCHEMA,
    ...(pglite ? { backend: 'pglite' } : {}),
  });
}

/**
 * Part of migrating: creates pg-boss's schema when it is missing and every queue we use,
 * in the migration's transaction. Later pg-boss versions migrate their own schema when a
 * worker starts.
 */
export async function installJobs(tx: Queryable): Promise<void> {
  const [found] = await tx.query<{ present: boolean }>(
    'select exists (select 1 from pg_namespace where nspname = $1) as present',
    [JOBS_SCHEMA],
  );
  if (!found?.present) await tx.exec(getConstructionPlans(JOBS_SCHEMA));
  for (const [name, options] of Object.entries(QUEUES)) {
    // pg-boss's own create_queue function; its client method wraps it in BEGIN/COMMIT,
    // which would end the migration's transaction early.
    await tx.query(
      `select ${JOBS_SCHEMA}.create_queue($1, $2::jsonb)
        where not exists (select 1 from ${JOBS_SCHEMA}.queue where name = $1)`,
      [name, JSON.stringify(options)],
    );
  }
}

/**
 * Brings each queue's retry, expiry and retention options in line with QUEUES, so that a
 * change there reaches databases whose queues already exist (installJobs only creates
 * missing ones). The policy cannot change after creation: a new policy needs a new queue.
 */
async function syncQueueOptions(boss: PgBoss): Promise<void> {
  for (const [name, queue] of Object.entries(QUEUES)) {
    const { policy: _policy, ...options } = queue;
    await boss.updateQueue(name, options);
  }
}

export type Jobs = {
  /** Sends a job in the caller's transaction: it exists only if that transaction commits. */
  send(
    tx: Queryable,
    queue: QueueName,
    data: object,
    options?: SendOptions,
  ): Promise<string | null>;
  /** The pg-boss instance for workers; started by `start()`. */
  readonly boss: PgBoss;
  /**
   * Starts pg-boss's maintenance and lets workers run. Idempotent. `send` needs it: an
   * unstarted pg-boss looks its queues up on its own connection, which on PGlite waits
   * for the caller's transaction for ever.
   */
  start(): Promise<void>;
  /** Stops workers, letting running jobs finish. Idempotent. */
  stop(): Promise<void>;
};

export function createJobs(db: Db & { pglite?: unknown }): Jobs {
  const pglite = db.kind === 'pglite' && db.pglite !== undefined;
  const executor = pglite
    ? fromPglite(db.pglite as Parameters<typeof fromPglite>[0])
    : executorOf(db);
  const inTransaction = new AsyncLocalStorage<Queryable>();
  const boss = bossFor(transactionAware(executor, inTransaction), pglite);
  boss.on('error', () => {
    // pg-boss reports errors of its background loops here; the job's own state records
    // failures, and an unhandled 'error' event would end the process.
  });
  let started: Promise<unknown> | undefined;
  let stopped: Promise<void> | undefined;
  return {
    boss,
    send: (tx, queue, data, options = {}) =>
      inTransaction.run(tx, () => boss.send(queue, data, { ...options, db: executorOf(tx) })),
    async start() {
      started ??= (async () => {
        await boss.start();
        await syncQueueOptions(boss);
      })();
      await started;
    },
    async stop() {
      if (!started) return;
      stopped ??= boss.stop({ graceful: true, close: false, timeout: 10_000 });
      await stopped;
    },
  };
}
