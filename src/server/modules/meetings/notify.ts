import { mayReadMeetings } from '../../access/meetings.ts';
import type { Queryable } from '../../db/index.ts';
import { loadPlanFacts } from '../plans/facts.ts';
import { taskReminderDue } from '../tasks/reminders.ts';
import { noticeState } from './queries.ts';

/**
 * What the notification worker sends for a `meeting` or `task` job, decided from fresh
 * data when the job runs (STYLE: payloads carry ids; the handler skips what is stale):
 *
 * - a meeting: the person is still invited, may still read the plan's meetings, and the
 *   meeting has not ended. Never changed since they were invited (on the call-in, or added
 *   later): `new-meeting`; moved, renamed or cancelled since: `meeting-changed` (a
 *   cancellation is news an invitee must get; "you are invited" is never sent for a
 *   cancelled meeting). Someone whose invitation was taken back is told so
 *   (`meeting-uninvited`), by the same rules of access and time;
 * - a task: still open, still assigned to the person, not yet past due, in a plan where
 *   they may still read tasks: `task-reminder`.
 *
 * null: nothing to send any more. The person's being active and reachable is the
 * worker's own check.
 */

export type PlanWorkTemplate =
  | 'new-meeting'
  | 'meeting-changed'
  | 'meeting-uninvited'
  | 'task-reminder';

export type PlanWorkJob = {
  personId: string;
  kind: 'meeting' | 'task';
  planId: string;
  subjectId: string;
};

export async function planWorkNotice(
  db: Queryable,
  job: PlanWorkJob,
): Promise<PlanWorkTemplate | null> {
  if (job.kind === 'meeting') {
    const state = await noticeState(db, job.subjectId, job.personId);
    if (!state || state.planId !== job.planId || state.ended) return null;
    if (!state.invited && !state.uninvited) return null;
    const facts = await loadPlanFacts(db, state.planId, job.personId);
    if (!facts || !mayReadMeetings(facts)) return null;
    // Invitation taken back (and not given again): said plainly, not as a change.
    if (!state.invited) return 'meeting-uninvited';
    const unchanged = state.status === 'scheduled' && state.sequence === state.invitedSequence;
    return unchanged ? 'new-meeting' : 'meeting-changed';
  }
  return (await taskReminderDue(db, job)) ? 'task-reminder' : null;
}
