import { randomUUID } from 'node:crypto';
import type { FollowupTaskInput, PutMinutesInput } from '../../../shared/schemas/meetings.ts';
import type { PageInput } from '../../../shared/schemas/sections.ts';
import { mayReadMeetings } from '../../access/meetings.ts';
import type { PlanFacts } from '../../access/plans.ts';
import type { Queryable } from '../../db/index.ts';
import { badRequest, forbidden, notFound } from '../../http/problem.ts';
import { conflict, iso, isUniqueViolation, staleVersion } from '../plans/present.ts';
import { inPlan } from '../sections/guard.ts';
import { addTask, checkAssignee, followupTaskIds } from '../tasks/service.ts';
import {
  insertMinutes,
  type MinutesData,
  minutesOf,
  minutesVersions,
  type StoredFollowup,
  updateMinutes,
} from './queries.ts';
import {
  type Caller,
  type MeetingsServiceDeps,
  meetingEvent,
  meetingOf,
  must,
  notCancelled,
  reread,
  SECTION,
} from './service.ts';

/**
 * A meeting's minutes (referat): written once it has started, approved, versioned from the
 * first approval on, and their follow-ups turned into tasks in one step.
 */
export function createMinutesService(deps: MeetingsServiceDeps) {
  return {
    /**
     * Writes the minutes (version 0 for the first save) once the meeting has started;
     * `approve` marks them approved. From the first approval on, every change keeps the
     * version it replaces.
     */
    putMinutes(caller: Caller, planId: string, meetingId: string, input: PutMinutesInput) {
      return inPlan(
        deps,
        caller.context,
        caller.actor,
        { planId, action: 'section.write', section: SECTION, audit: 'meeting.minutesSaved' },
        async ({ tx, facts, audit }) => {
          const row = await meetingOf(tx, facts, meetingId, true);
          must(caller.actor, facts, row, 'meeting.writeMinutes', 'You may not write the minutes');
          notCancelled(row);
          if (row.startsAt.getTime() > facts.now.getTime()) {
            throw conflict('Minutes are written once the meeting has started');
          }
          const old = await minutesOf(tx, row.id, true);
          if ((old?.version ?? 0) !== input.version) throw staleVersion();
          const data: MinutesData = {
            text: input.text ?? old?.data.text ?? '',
            decisions: input.decisions ?? old?.data.decisions ?? [],
            followups:
              input.followups !== undefined
                ? await followupsOf(tx, facts, input.followups, old?.data.followups ?? [])
                : (old?.data.followups ?? []),
          };
          const approve = input.approve === true;
          if (old) {
            await updateMinutes(tx, row.id, old, { data, by: caller.actor.personId, approve });
          } else {
            await insertMinutes(tx, row.id, data, caller.actor.personId, approve);
          }
          await meetingEvent(tx, caller.actor, row, 'meeting.changed');
          await audit(
            approve
              ? { objectId: row.id, action: 'meeting.minutesApproved' }
              : { objectId: row.id },
          );
          return reread(tx, caller.actor, facts, row.id);
        },
      );
    },

    minutesVersions(caller: Caller, planId: string, meetingId: string, query: PageInput) {
      const before = query.before === undefined ? null : versionCursor(query.before);
      return inPlan(
        deps,
        caller.context,
        caller.actor,
        { planId, action: 'section.read', section: SECTION, audit: 'meeting.minutesVersions' },
        async ({ tx, facts, audit }) => {
          const row = await meetingOf(tx, facts, meetingId);
          const rows = await minutesVersions(tx, row.id, before, query.limit + 1);
          await audit({ objectId: row.id });
          const shownRows = rows.slice(0, query.limit);
          const last = shownRows.at(-1);
          return {
            items: shownRows.map((v) => ({
              text: v.data.text,
              decisions: v.data.decisions,
              followups: v.data.followups,
              approvedAt: v.approvedAt ? iso(v.approvedAt) : null,
              version: v.version,
              changedBy: { id: v.changedById, name: v.changedByName },
              changedAt: iso(v.changedAt),
            })),
            next: rows.length > query.limit && last ? String(last.version) : null,
          };
        },
      );
    },

    /**
     * Turns the follow-up at `index` of the minutes into a task, with its text, assignee
     * and due date (unless given here). Needs write access to tasks and read access to
     * meetings; a follow-up becomes a task once (409 after).
     */
    followupToTask(
      caller: Caller,
      planId: string,
      meetingId: string,
      index: string,
      input: FollowupTaskInput,
    ) {
      return inPlan(
        deps,
        caller.context,
        caller.actor,
        { planId, action: 'section.write', section: 'tasks', audit: 'task.created' },
        async ({ tx, facts, audit }) => {
          if (!mayReadMeetings(facts)) throw forbidden('You have no access to meetings');
          const row = await meetingOf(tx, facts, meetingId, true);
          const minutes = await minutesOf(tx, row.id);
          const at = /^\d{1,3}$/.test(index) ? Number(index) : -1;
          const followup = minutes?.data.followups[at];
          if (!followup) throw notFound();
          const existing = await followupTaskIds(tx, row.id);
          if (existing.has(followup.id)) throw conflict('This follow-up is a task already');
          const text = taskTextOf(followup.text);
          try {
            const task = await addTask(tx, caller.actor, facts, {
              title: input?.title ?? text.title,
              description: text.description,
              assigneeId: input?.assigneeId !== undefined ? input.assigneeId : followup.assigneeId,
              dueDate: input?.dueDate !== undefined ? input.dueDate : followup.dueDate,
              meetingId: row.id,
              followupId: followup.id,
            });
            await meetingEvent(tx, caller.actor, row, 'meeting.changed');
            await audit({ objectId: task.id });
            return task;
          } catch (error) {
            if (isUniqueViolation(error, 'tasks_one_per_followup')) {
              throw conflict('This follow-up is a task already');
            }
            throw error;
          }
        },
      );
    },
  };
}

/** Follow-ups as stored: kept ids must be the meeting's own; new ones get an id. */
async function followupsOf(
  tx: Queryable,
  facts: PlanFacts,
  given: NonNullable<PutMinutesInput['followups']>,
  old: StoredFollowup[],
): Promise<StoredFollowup[]> {
  const known = new Set(old.map((f) => f.id));
  const result: StoredFollowup[] = [];
  for (const [index, f] of given.entries()) {
    if (f.id !== undefined && !known.has(f.id)) {
      throw badRequest([
        { field: `followups.${index}.id`, message: 'is not a follow-up of these minutes' },
      ]);
    }
    const assigneeId = await checkAssignee(
      tx,
      facts,
      f.assigneeId ?? null,
      `followups.${index}.assigneeId`,
    );
    result.push({
      id: f.id ?? randomUUID(),
      text: f.text,
      assigneeId,
      dueDate: f.dueDate ?? null,
    });
  }
  return result;
}

/** A follow-up's text as a task: the title a line long, the whole text kept when longer. */
function taskTextOf(text: string): { title: string; description: string | null } {
  const line = text.replace(/\s+/g, ' ').trim();
  if (line.length <= 200 && !/[\r\n]/.test(text)) return { title: line, description: null };
  return { title: line.length <= 200 ? line : `${line.slice(0, 199)}…`, description: text };
}

function versionCursor(value: string): number {
  if (!/^\d{1,9}$/.test(value)) {
    throw badRequest([{ field: 'before', message: 'is not a cursor from this list' }]);
  }
  return Number(value);
}
