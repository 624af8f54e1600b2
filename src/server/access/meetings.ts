import { mayOnPlan, type PlanFacts } from './plans.ts';

/**
 * Meeting and task permissions. A plan's meetings and tasks are seen by everyone who may
 * read its `meetings` (or `tasks`) section; answering and adding agenda points are for
 * invitees; changes need write access — except that the person a task is assigned to may
 * mark it done (or open again) with read access. Deny by default. Rules of time (agenda
 * points before the start, minutes after it) are the service's, answered 409.
 */

export type MeetingFacts = {
  /**
   * Person ids of those invited now. An invitation taken back no longer counts: what it
   * gave (answering, adding agenda points) ends with it; seeing the meeting never needed it.
   */
  inviteeIds: readonly string[];
};

export type MeetingAction =
  | 'meeting.view'
  | 'meeting.edit'
  | 'meeting.reply'
  | 'meeting.addAgendaPoint'
  | 'meeting.writeMinutes';

export function mayReadMeetings(facts: PlanFacts): boolean {
  return mayOnPlan(null, facts, 'section.read', 'meetings');
}

export function mayWriteMeetings(facts: PlanFacts): boolean {
  return mayOnPlan(null, facts, 'section.write', 'meetings');
}

/** May a team member with these facts be invited? They must be able to open the meeting. */
export function mayBeInvited(candidate: PlanFacts): boolean {
  return mayReadMeetings(candidate);
}

export function mayOnMeeting(
  personId: string,
  facts: PlanFacts,
  meeting: MeetingFacts,
  action: MeetingAction,
): boolean {
  if (!mayReadMeetings(facts)) return false;
  const invited = meeting.inviteeIds.includes(personId);
  switch (action) {
    case 'meeting.view':
      return true;
    case 'meeting.reply':
      return invited;
    case 'meeting.addAgendaPoint':
      // Content of the plan: not on a closed plan, where nothing changes any more.
      return invited && facts.plan.status !== 'closed';
    case 'meeting.edit':
    case 'meeting.writeMinutes':
      return mayWriteMeetings(facts);
    default: {
      const unknown: never = action;
      return unknown;
    }
  }
}

export type TaskFacts = {
  /** The person the task is assigned to, if anyone. */
  assigneeId: string | null;
};

export type TaskAction = 'task.view' | 'task.edit' | 'task.setStatus';

export function mayReadTasks(facts: PlanFacts): boolean {
  return mayOnPlan(null, facts, 'section.read', 'tasks');
}

export function mayWriteTasks(facts: PlanFacts): boolean {
  return mayOnPlan(null, facts, 'section.write', 'tasks');
}

/** May a team member with these facts be given a task? They must be able to see it. */
export function mayBeAssigned(candidate: PlanFacts): boolean {
  return mayReadTasks(candidate);
}

export function mayOnTask(
  personId: string,
  facts: PlanFacts,
  task: TaskFacts,
  action: TaskAction,
): boolean {
  if (!mayReadTasks(facts)) return false;
  switch (action) {
    case 'task.view':
      return true;
    case 'task.edit':
      return mayWriteTasks(facts);
    case 'task.setStatus':
      return (
        mayWriteTasks(facts) || (task.assigneeId === personId && facts.plan.status !== 'closed')
      );
    default: {
      const unknown: never = action;
      return unknown;
    }
  }
}
