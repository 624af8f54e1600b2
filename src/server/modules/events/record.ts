import type { Section } from '../../access/plans.ts';
import type { Queryable } from '../../db/index.ts';

/**
 * Plan events: what happened and where, never content. Written in the transaction of the
 * change, so an event exists exactly when the change was committed; `pg_notify` inside
 * that transaction is delivered at commit, on every instance listening (PostgreSQL) or
 * inside the process (PGlite).
 */

export const EVENTS_CHANNEL = 'samvirke_events';

export type PlanEventType =
  | 'message.created'
  | 'message.read'
  | 'message.withdrawn'
  | 'message.edited'
  | 'meeting.created'
  | 'meeting.changed'
  | 'meeting.cancelled'
  | 'task.created'
  | 'task.changed'
  | 'document.created'
  | 'document.deleted'
  | 'plan.updated'
  | 'participants.changed'
  | 'section.changed';

export type PlanEvent = {
  type: PlanEventType;
  planId: string;
  /** The section one must be able to read to receive it; null: anyone who sees the plan. */
  section: Section | null;
  /** The message, item or participant the event is about. */
  subjectId?: string | null;
  /** Only these people (person ids), and only while they may see `section`; null: all. */
  audience?: readonly string[] | null;
  /** Who caused it. */
  actorId: string | null;
};

const INSERT = {
  name: 'plan-event-insert',
  text: `with e as (
           insert into plan_events (plan_id, type, section, subject_id, audience, actor_id)
           values ($1, $2, $3, $4, $5::uuid[], $6)
           returning id
         )
         select pg_notify('${EVENTS_CHANNEL}', id::text) from e`,
};

/** Records an event in the caller's transaction; listeners hear of it at commit. */
export async function recordEvent(tx: Queryable, event: PlanEvent): Promise<void> {
  await tx.query(INSERT, [
    event.planId,
    event.type,
    event.section,
    event.subjectId ?? null,
    event.audience ? [...event.audience] : null,
    event.actorId,
  ]);
}
