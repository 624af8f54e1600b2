import type { Queryable } from '../../db/index.ts';

/** What concerns a person and may be worth an SMS or e-mail that says only "something new". */
export type NotifyKind = 'message' | 'meeting' | 'task';

export type NotifyRequest = {
  kind: NotifyKind;
  planId: string;
  /** The message (meeting, task) that caused it: part of the idempotency key. */
  subjectId: string;
  /** The people concerned. The actor is never notified of their own doing. */
  personIds: readonly string[];
  actorId: string;
};

export type Notifications = {
  /**
   * In the caller's transaction: queues at most one notification job per person, batched
   * and deferred past quiet hours by the rules of the notifications module.
   */
  queue(tx: Queryable, request: NotifyRequest): Promise<void>;
};
