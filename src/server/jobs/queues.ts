import type { Queue } from 'pg-boss';

/**
 * Every queue the application uses, created when the database is migrated. Changing a
 * queue's options needs an update at start (pg-boss keeps them in its tables).
 */
export const QUEUES = {
  /** One job per person and batch: "you have something new in Samvirke". */
  notify: {
    policy: 'short',
    retryLimit: 6,
    retryDelay: 30,
    retryBackoff: true,
    retryDelayMax: 3600,
    expireInSeconds: 120,
  },
  /** Extends the audit trail's hash chain (scheduled; one at a time across instances). */
  'audit-seal': { policy: 'exclusive', retryLimit: 2, expireInSeconds: 600 },
  /** Flags unusual reading in the audit trail's last hours (scheduled, hourly; L6). */
  'audit-review': { policy: 'exclusive', retryLimit: 2, expireInSeconds: 900 },
  /** Removes plan events and idempotency keys past their time (scheduled, nightly). */
  prune: { policy: 'exclusive', retryLimit: 2, expireInSeconds: 600 },
  /** Queues the day-before reminders of tasks due tomorrow (scheduled, daily). */
  'task-reminders': { policy: 'exclusive', retryLimit: 2, expireInSeconds: 600 },
} as const satisfies Record<string, Omit<Queue, 'name'>>;

export type QueueName = keyof typeof QUEUES;
