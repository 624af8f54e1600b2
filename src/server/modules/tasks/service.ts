import type {
  CreateTaskInput,
  MyTasksInput,
  PatchTaskInput,
  TaskData,
  TaskListInput,
} from '../../../shared/schemas/tasks.ts';
import { mayBeAssigned, mayOnTask, mayReadTasks } from '../../access/meetings.ts';
import type { PlanFacts } from '../../access/plans.ts';
import type { Actor } from '../../auth/actor.ts';
import type { Queryable } from '../../db/index.ts';
import { badRequest, forbidden, notFound } from '../../http/problem.ts';
import type { AuditContext } from '../audit/service.ts';
import { recordEvent } from '../events/record.ts';
import { languageOf } from '../export/gather.ts';
import { loadPlanFacts } from '../plans/facts.ts';
import { decodeCursor, iso, isoOrNull, isUuid, page, staleVersion } from '../plans/present.ts';
import { auditOrFail, type GuardDeps, inPlan } from '../sections/guard.ts';
import { tasksCsv } from './csv.ts';
import {
  type AssigneeCandidate,
  insertTask,
  listAssigned,
  listTasks,
  participantOfPlan,
  plansWithAssignedTasks,
  type TaskRow,
  taskById,
  tasksOfMeeting,
  updateTask,
} from './queries.ts';

/**
 * Tasks in a plan: who does what by when. Each use case runs in one transaction with its
 * access check and its one audit row; a change records a plan event for those who may
 * read tasks. "Mine" spans every plan in which the caller may still read tasks.
 */

export const SECTION = 'tasks' as const;
/** The most tasks one CSV holds; a plan has far fewer. */
const CSV_MAX = 5_000;

export type Caller = { context: AuditContext; actor: Actor };

function candidateFacts(facts: PlanFacts, member: AssigneeCandidate): PlanFacts {
  return {
    plan: facts.plan,
    participant: {
      id: member.participantId,
      role: member.role,
      access: member.access,
      validUntil: member.validUntil,
    },
    sharingConsent: member.sharingConsent,
    now: facts.now,
  };
}

/**
 * The participant a task may be given to: one of this plan's team who may read tasks;
 * 400 naming `field` otherwise (a participant of another plan is no different).
 */
export async function checkAssignee(
  tx: Queryable,
  facts: PlanFacts,
  participantId: string | null,
  field = 'assigneeId',
): Promise<string | null> {
  if (participantId === null) return null;
  const member = await participantOfPlan(tx, facts.plan.id, participantId);
  if (!member || !mayBeAssigned(candidateFacts(facts, member))) {
    throw badRequest([
      { field, message: 'must name a participant of this plan who may read its tasks' },
    ]);
  }
  return member.participantId;
}

export function presentTask(row: TaskRow, viewerId: string): TaskData {
  return {
    id: row.id,
    planId: row.planId,
    title: row.title,
    description: row.description,
    assignee:
      row.assigneeParticipantId && row.assigneeName
        ? {
            participantId: row.assigneeParticipantId,
            name: row.assigneeName,
            role: row.assigneeRole ?? 'professional',
            removed: row.assigneeRemoved,
          }
        : null,
    mine: row.assigneePersonId === viewerId,
    dueDate: row.dueDate,
    status: row.status,
    doneAt: isoOrNull(row.doneAt),
    meetingId: row.meetingId,
    createdBy: { id: row.createdById, name: row.createdByName },
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
    version: row.version,
  };
}

function taskEvent(
  tx: Queryable,
  actor: Actor,
  planId: string,
  taskId: string,
  type: 'task.created' | 'task.changed',
): Promise<void> {
  return recordEvent(tx, {
    type,
    planId,
    section: SECTION,
    subjectId: taskId,
    actorId: actor.personId,
  });
}

/**
 * Adds a task in the caller's transaction (the caller has checked access and writes the
 * audit row): used by POST /tasks and by turning a meeting's follow-up into a task.
 */
export async function addTask(
  tx: Queryable,
  actor: Actor,
  facts: PlanFacts,
  input: {
    title: string;
    description: string | null;
    assigneeId: string | null;
    dueDate: string | null;
    meetingId?: string;
    followupId?: string;
  },
  assigneeField = 'assigneeId',
): Promise<TaskData> {
  const assignee = await checkAssignee(tx, facts, input.assigneeId, assigneeField);
  const id = await insertTask(tx, {
    planId: facts.plan.id,
    title: input.title,
    description: input.description,
    assigneeParticipantId: assignee,
    dueDate: input.dueDate,
    meetingId: input.meetingId ?? null,
    followupId: input.followupId ?? null,
    by: actor.personId,
  });
  await taskEvent(tx, actor, facts.plan.id, id, 'task.created');
  const row = await taskById(tx, facts.plan.id, id);
  if (!row) throw new Error('a task made in this transaction is missing');
  return presentTask(row, actor.personId);
}

/** The tasks a meeting's follow-ups became, by follow-up id. */
export function followupTaskIds(tx: Queryable, meetingId: string): Promise<Map<string, string>> {
  return tasksOfMeeting(tx, meetingId);
}

export function createTasksService(deps: GuardDeps) {
  return {
    list(caller: Caller, planId: string, query: TaskListInput) {
      const before = decodeCursor(query.before);
      return inPlan(
        deps,
        caller.context,
        caller.actor,
        { planId, action: 'section.read', section: SECTION, audit: 'task.list' },
        async ({ tx, audit }) => {
          const rows = await listTasks(tx, {
            planId,
            status: query.status,
            limit: query.limit,
            before,
          });
          await audit();
          const paged = page(rows, query.limit);
          return {
            items: paged.rows.map((row) => presentTask(row, caller.actor.personId)),
            next: paged.next,
          };
        },
      );
    },

    /** Every task of the plan (up to CSV_MAX) as a spreadsheet in the reader's language. */
    exportCsv(caller: Caller, planId: string): Promise<Buffer> {
      return inPlan(
        deps,
        caller.context,
        caller.actor,
        { planId, action: 'section.read', section: SECTION, audit: 'task.exported' },
        async ({ tx, audit }) => {
          const rows = await listTasks(tx, { planId, status: 'all', limit: CSV_MAX, before: null });
          const language = await languageOf(tx, caller.actor.personId);
          await audit();
          return tasksCsv(rows.slice(0, CSV_MAX), language);
        },
      );
    },

    read(caller: Caller, planId: string, taskId: string) {
      return inPlan(
        deps,
        caller.context,
        caller.actor,
        { planId, action: 'section.read', section: SECTION, audit: 'task.read' },
        async ({ tx, audit }) => {
          const row = isUuid(taskId) ? await taskById(tx, planId, taskId) : null;
          if (!row) throw notFound();
          await audit({ objectId: row.id });
          return presentTask(row, caller.actor.personId);
        },
      );
    },

    create(caller: Caller, planId: string, input: CreateTaskInput) {
      return inPlan(
        deps,
        caller.context,
        caller.actor,
        { planId, action: 'section.write', section: SECTION, audit: 'task.created' },
        async ({ tx, facts, audit }) => {
          const task = await addTask(tx, caller.actor, facts, {
            title: input.title,
            description: input.description ?? null,
            assigneeId: input.assigneeId ?? null,
            dueDate: input.dueDate ?? null,
          });
          await audit({ objectId: task.id });
          return task;
        },
      );
    },

    /**
     * Changes a task with the version read. Those who may write tasks change anything; the
     * person it is assigned to may, with read access, only mark it done or open again.
     */
    update(caller: Caller, planId: string, taskId: string, input: PatchTaskInput) {
      const { version, ...changes } = input;
      if (Object.keys(changes).length === 0) {
        throw badRequest([{ field: 'body', message: 'name at least one field to change' }]);
      }
      const statusOnly = Object.keys(changes).every((key) => key === 'status');
      return inPlan(
        deps,
        caller.context,
        caller.actor,
        { planId, action: 'section.read', section: SECTION, audit: 'task.changed' },
        async ({ tx, facts, audit }) => {
          const old = isUuid(taskId) ? await taskById(tx, planId, taskId, true) : null;
          if (!old) throw notFound();
          const taskFacts = { assigneeId: old.assigneeRemoved ? null : old.assigneePersonId };
          const allowed = statusOnly
            ? mayOnTask(caller.actor.personId, facts, taskFacts, 'task.setStatus')
            : mayOnTask(caller.actor.personId, facts, taskFacts, 'task.edit');
          if (!allowed) throw forbidden('You may not change this task');
          if (old.version !== version) throw staleVersion();
          const assignee =
            changes.assigneeId !== undefined
              ? await checkAssignee(tx, facts, changes.assigneeId)
              : old.assigneeParticipantId;
          await updateTask(tx, old.id, {
            title: changes.title ?? old.title,
            description: changes.description !== undefined ? changes.description : old.description,
            assigneeParticipantId: assignee,
            dueDate: changes.dueDate !== undefined ? changes.dueDate : old.dueDate,
            status: changes.status ?? old.status,
            by: caller.actor.personId,
          });
          await taskEvent(tx, caller.actor, planId, old.id, 'task.changed');
          await audit({ objectId: old.id });
          const row = await taskById(tx, planId, old.id);
          if (!row) throw new Error('a task changed in this transaction is missing');
          return presentTask(row, caller.actor.personId);
        },
      );
    },

    /**
     * The caller's tasks across every plan in which they may still read tasks, newest
     * first; one audit row per plan shown (as the messages inbox).
     */
    mine(caller: Caller, query: MyTasksInput) {
      const before = decodeCursor(query.before);
      return deps.db.transaction(async (tx) => {
        const plans = await readablePlans(tx, caller.actor);
        if (plans.length === 0) return { items: [], next: null };
        const rows = await listAssigned(tx, {
          personId: caller.actor.personId,
          planIds: plans.map((f) => f.plan.id),
          status: query.status,
          limit: query.limit,
          before,
        });
        const paged = page(rows, query.limit);
        const factsById = new Map(plans.map((f) => [f.plan.id, f]));
        for (const planId of new Set(paged.rows.map((row) => row.planId))) {
          const facts = factsById.get(planId);
          if (!facts) continue;
          await auditOrFail(deps, tx, caller.context, {
            action: 'task.list',
            planId,
            section: SECTION,
            organizationId: facts.plan.organizationId,
            actorRole: facts.participant?.role ?? 'citizen',
            details: { view: 'mine' },
          });
        }
        return {
          items: paged.rows.map((row) => ({
            ...presentTask(row, caller.actor.personId),
            plan: { id: row.planId, title: row.planTitle },
          })),
          next: paged.next,
        };
      });
    },
  };
}

export type TasksService = ReturnType<typeof createTasksService>;

/** The plans with tasks assigned to the caller in which they may read tasks now. */
async function readablePlans(tx: Queryable, actor: Actor): Promise<PlanFacts[]> {
  const ids = await plansWithAssignedTasks(tx, actor.personId);
  const readable: PlanFacts[] = [];
  for (const id of ids) {
    const facts = await loadPlanFacts(tx, id, actor.personId);
    if (facts && mayReadTasks(facts)) readable.push(facts);
  }
  return readable;
}
