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
} as const satisfies Record<string, Omit<Queue, 'name'>>;

export type QueueName = keyof typeof QUEUES;
