import type { Config } from '../../config.ts';
import type { Db } from '../../db/index.ts';
import type { Jobs } from '../../jobs/index.ts';
import type { Delivery, DeliveryLog } from '../delivery/service.ts';
import { addressOf, reachablePeople } from './queries.ts';
import { notifyAt, parseQuietHours } from './schedule.ts';
import type { Notifications, NotifyRequest } from './types.ts';
import { type NotifyJob, startNotifyWorker } from './worker.ts';

export type NotificationsDeps = {
  config: Config;
  db: Db;
  jobs: Jobs;
  delivery: Delivery;
  log: DeliveryLog & { info(fields: Record<string, unknown>, message: string): void };
  /** The clock that batching and quiet hours are reckoned from; tests fix it. */
  now?: () => Date;
};

export type NotificationsService = Notifications & {
  /** Starts the worker that sends queued notifications (after jobs.start()). */
  startWorker(): Promise<void>;
};

/**
 * "Something new is waiting for you", by SMS or e-mail. `queue` runs in the transaction of
 * the change, so a notification job exists exactly when the change was committed (M3);
 * the worker decides at sending time, from fresh data, whether it is still due.
 */
export function createNotifications(deps: NotificationsDeps): NotificationsService {
  const { config, jobs } = deps;
  const quietHours = parseQuietHours(config.quietHours);
  const batchSeconds = config.notifyBatchSeconds;
  const clock = deps.now ?? (() => new Date());

  return {
    async queue(tx, request: NotifyRequest) {
      // Nobody is told of their own doing.
      const ids = [...new Set(request.personIds)].filter((id) => id !== request.actorId);
      const people = await reachablePeople(tx, ids);
      const now = clock();
      for (const person of people) {
        // Nothing to deactivated or not yet activated accounts, nor without a channel (N4).
        if (!addressOf(person)) continue;
        const data: NotifyJob = {
          personId: person.id,
          kind: request.kind,
          planId: request.planId,
          subjectId: request.subjectId,
        };
        // The queue keeps one waiting job per key (policy `short`): while a person's job
        // waits, later events join it. Without batching, each subject gets its own.
        const singletonKey =
          batchSeconds > 0
            ? `${person.id}:${request.kind}`
            : `${person.id}:${request.kind}:${request.subjectId}`;
        const startAfter = notifyAt(now, { batchSeconds, quietHours, atNight: person.atNight });
        await jobs.send(tx, 'notify', data, { singletonKey, startAfter });
      }
    },

    async startWorker() {
      await startNotifyWorker(deps);
    },
  };
}
