import type { AccessMap, ParticipantRole } from '../../access/plans.ts';
import type { Queryable } from '../../db/index.ts';
import { type Cursor, cursorColumn } from '../plans/present.ts';

/** The SQL of the tasks module. */

export type TaskRow = {
  id: string;
  planId: string;
  title: string;
  description: string | null;
  assigneeParticipantId: string | null;
  assigneePersonId: string | null;
  assigneeName: string | null;
  assigneeRole: string | null;
  assigneeRemoved: boolean;
  dueDate: string | null;
  status: 'open' | 'done';
  doneAt: Date | null;
  meetingId: string | null;
  version: number;
  createdById: string;
  createdByName: string;
  createdAt: Date;
  updatedAt: Date;
  cursorAt: string;
};

const TASK_COLUMNS = `t.id, t.plan_id as "planId", t.title, t.description,
  t.assignee_participant_id as "assigneeParticipantId", ap.person_id as "assigneePersonId",
  apn.name as "assigneeName", ap.role as "assigneeRole",
  coalesce(ap.removed_at is not null, false) as "assigneeRemoved",
  t.due_date as "dueDate", t.status, t.done_at as "doneAt", t.meeting_id as "meetingId",
  t.version, t.created_by as "createdById", c.name as "createdByName",
  t.created_at as "createdAt", t.updated_at as "updatedAt",
  ${cursorColumn('t.created_at')} as "cursorAt"`;

const TASK_FROM = `from tasks t
  join people c on c.id = t.created_by
  left join participants ap on ap.id = t.assignee_participant_id
  left join people apn on apn.id = ap.person_id`;

export type StatusFilter = 'open' | 'done' | 'all';

/** The plan's tasks, newest first (limit + 1 rows). */
export async function listTasks(
  db: Queryable,
  args: { planId: string; status: StatusFilter; limit: number; before: Cursor | null },
): Promise<TaskRow[]> {
  return db.query<TaskRow>(
    {
      name: 'tasks_list',
      text: `select ${TASK_COLUMNS} ${TASK_FROM}
        where t.plan_id = $1 and ($2::text = 'all' or t.status = $2)
          and ($4::text is null or (${cursorColumn('t.created_at')}, t.id) < ($4::text, $5::uuid))
        order by t.created_at desc, t.id desc limit $3`,
    },
    [args.planId, args.status, args.limit + 1, args.before?.at ?? null, args.before?.id ?? null],
  );
}

/** Tasks assigned to the person in these plans, newest first (limit + 1 rows). */
export async function listAssigned(
  db: Queryable,
  args: {
    personId: string;
    planIds: string[];
    status: StatusFilter;
    limit: number;
    before: Cursor | null;
  },
): Promise<(TaskRow & { planTitle: string })[]> {
  return db.query(
    {
      name: 'tasks_list_assigned',
      text: `select ${TASK_COLUMNS}, pl.title as "planTitle" ${TASK_FROM}
        join plans pl on pl.id = t.plan_id
        where ap.person_id = $1 and t.plan_id = any($2::uuid[])
          and ($3::text = 'all' or t.status = $3)
          and ($5::text is null or (${cursorColumn('t.created_at')}, t.id) < ($5::text, $6::uuid))
        order by t.created_at desc, t.id desc limit $4`,
    },
    [
      args.personId,
      args.planIds,
      args.status,
      args.limit + 1,
      args.before?.at ?? null,
      args.before?.id ?? null,
    ],
  );
}

export async function taskById(
  db: Queryable,
  planId: string,
  taskId: string,
  lock = false,
): Promise<TaskRow | null> {
  const rows = await db.query<TaskRow>(
    `select ${TASK_COLUMNS} ${TASK_FROM} where t.plan_id = $1 and t.id = $2
      ${lock ? 'for update of t' : ''}`,
    [planId, taskId],
  );
  return rows[0] ?? null;
}

export async function insertTask(
  db: Queryable,
  t: {
    planId: string;
    title: string;
    description: string | null;
    assigneeParticipantId: string | null;
    dueDate: string | null;
    meetingId: string | null;
    followupId: string | null;
    by: string;
  },
): Promise<string> {
  const rows = await db.query<{ id: string }>(
    {
      name: 'tasks_insert',
      text: `insert into tasks (plan_id, title, description, assignee_participant_id, due_date,
          meeting_id, followup_id, created_by, updated_by)
        values ($1, $2, $3, $4, $5::date, $6, $7, $8, $8) returning id`,
    },
    [
      t.planId,
      t.title,
      t.description,
      t.assigneeParticipantId,
      t.dueDate,
      t.meetingId,
      t.followupId,
      t.by,
    ],
  );
  const id = rows[0]?.id;
  if (!id) throw new Error('task insert returned no id');
  return id;
}

export async function updateTask(
  db: Queryable,
  taskId: string,
  next: {
    title: string;
    description: string | null;
    assigneeParticipantId: string | null;
    dueDate: string | null;
    status: 'open' | 'done';
    by: string;
  },
): Promise<void> {
  await db.query(
    `update tasks set title = $2, description = $3, assignee_participant_id = $4,
        due_date = $5::date,
        done_at = case when $6::text = 'done' then coalesce(done_at, now()) end,
        done_by = case when $6::text = 'done' then coalesce(done_by, $7::uuid) end,
        status = $6, version = version + 1, updated_by = $7, updated_at = now()
      where id = $1`,
    [
      taskId,
      next.title,
      next.description,
      next.assigneeParticipantId,
      next.dueDate,
      next.status,
      next.by,
    ],
  );
}

/** The tasks made from a meeting's follow-ups, by follow-up id. */
export async function tasksOfMeeting(
  db: Queryable,
  meetingId: string,
): Promise<Map<string, string>> {
  const rows = await db.query<{ followupId: string; id: string }>(
    {
      name: 'tasks_of_meeting',
      text: `select followup_id as "followupId", id from tasks where meeting_id = $1`,
    },
    [meetingId],
  );
  return new Map(rows.map((row) => [row.followupId, row.id]));
}

/** A team member as the access module needs them, to decide who may be given a task. */
export type AssigneeCandidate = {
  participantId: string;
  personId: string;
  role: ParticipantRole;
  access: AccessMap;
  validUntil: Date | null;
  sharingConsent: boolean;
};

/** One active (not removed) participant of the plan, with what decides their access. */
export async function participantOfPlan(
  db: Queryable,
  planId: string,
  participantId: string,
): Promise<AssigneeCandidate | null> {
  const rows = await db.query<AssigneeCandidate>(
    {
      name: 'tasks_participant_of_plan',
      text: `select pa.id as "participantId", pa.person_id as "personId", pa.role, pa.access,
          pa.valid_until as "validUntil",
          exists (select 1 from consents c where c.participant_id = pa.id and c.kind = 'sharing'
            and c.withdrawn_at is null) as "sharingConsent"
        from participants pa
        where pa.plan_id = $1 and pa.id = $2 and pa.removed_at is null`,
    },
    [planId, participantId],
  );
  return rows[0] ?? null;
}

/** The plans in which the person takes part (not removed) and has a task assigned. */
export async function plansWithAssignedTasks(db: Queryable, personId: string): Promise<string[]> {
  const rows = await db.query<{ planId: string }>(
    {
      name: 'tasks_assigned_plans',
      text: `select distinct t.plan_id as "planId"
        from tasks t join participants pa on pa.id = t.assignee_participant_id
        where pa.person_id = $1`,
    },
    [personId],
  );
  return rows.map((row) => row.planId);
}

export type DueRow = { taskId: string; planId: string; personId: string; dueDate: string };

/**
 * Claims the open tasks due on `day` whose reminder is not queued yet, with their assignee
 * (a participant not removed): marks them reminded for that day and returns them. Run in
 * the transaction that queues the notifications, so a task is reminded of once.
 */
export async function claimDueReminders(db: Queryable, day: string): Promise<DueRow[]> {
  return db.query<DueRow>(
    {
      name: 'tasks_claim_due_reminders',
      text: `with due as (
          select t.id from tasks t
          join participants pa on pa.id = t.assignee_participant_id and pa.removed_at is null
          where t.status = 'open' and t.due_date = $1::date
            and t.reminded_for is distinct from t.due_date
          for update of t skip locked
        )
        update tasks t set reminded_for = t.due_date
        from due, participants pa
        where t.id = due.id and pa.id = t.assignee_participant_id
        returning t.id as "taskId", t.plan_id as "planId", pa.person_id as "personId",
          t.due_date as "dueDate"`,
    },
    [day],
  );
}

export type ReminderState = {
  status: 'open' | 'done';
  planId: string;
  dueDate: string | null;
  assigneePersonId: string | null;
  /** The database's date in Norway. */
  today: string;
};

/** What the notification worker re-reads before it sends a task reminder. */
export async function reminderState(db: Queryable, taskId: string): Promise<ReminderState | null> {
  const rows = await db.query<ReminderState>(
    {
      name: 'tasks_reminder_state',
      text: `select t.status, t.plan_id as "planId", t.due_date as "dueDate",
          pa.person_id as "assigneePersonId",
          to_char((now() at time zone 'Europe/Oslo')::date, 'YYYY-MM-DD') as today
        from tasks t left join participants pa
          on pa.id = t.assignee_participant_id and pa.removed_at is null
        where t.id = $1`,
    },
    [taskId],
  );
  return rows[0] ?? null;
}
