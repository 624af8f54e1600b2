import type {
  CreateMeetingInput,
  MeetingData,
  MeetingListInput,
  PatchMeetingInput,
} from '../../../shared/schemas/meetings.ts';
import { MEETING_HOURS_MAX } from '../../../shared/schemas/meetings.ts';
import { type MeetingAction, mayOnMeeting } from '../../access/meetings.ts';
import type { PlanFacts } from '../../access/plans.ts';
import type { Actor } from '../../auth/actor.ts';
import type { Queryable } from '../../db/index.ts';
import { badRequest, type FieldError, forbidden, notFound } from '../../http/problem.ts';
import type { AuditContext } from '../audit/service.ts';
import { recordEvent } from '../events/record.ts';
import type { Notifications } from '../notifications/types.ts';
import { conflict, decodeCursor, iso, isUuid, page, staleVersion } from '../plans/present.ts';
import { type GuardDeps, inPlan } from '../sections/guard.ts';
import { followupTaskIds } from '../tasks/service.ts';
import { renderCalendar } from './calendar.ts';
import { applyInviteeChange, inviteeChange, inviteesFor, toldOfChange } from './invitees.ts';
import { factsOf, presentMeeting, presentSummary } from './present.ts';
import {
  agendaPoints,
  insertAgendaPoint,
  insertMeeting,
  listMeetings,
  type MeetingRow,
  meetingById,
  minutesOf,
  setAnswer,
  updateMeeting,
} from './queries.ts';

/**
 * Meetings in a plan. Each use case runs in one transaction with its access check, its one
 * audit row and — when invitees should hear of it — its plan event and notification jobs
 * (SECURITY.md M3). A plan's meetings are seen by everyone who may read `meetings`;
 * answering and adding agenda points are for invitees; the rest needs write access.
 */

export type MeetingsServiceDeps = GuardDeps & { notifications: Notifications };
export type Caller = { context: AuditContext; actor: Actor };

export const SECTION = 'meetings' as const;
const DEFAULT_TITLE = 'Møte';

/** The meeting, if it is this plan's; 404 otherwise, exactly as a missing one (Z12). */
export async function meetingOf(
  tx: Queryable,
  facts: PlanFacts,
  meetingId: string,
  lock = false,
): Promise<MeetingRow> {
  const row = isUuid(meetingId) ? await meetingById(tx, facts.plan.id, meetingId, lock) : null;
  if (!row) throw notFound();
  return row;
}

export function must(
  actor: Actor,
  facts: PlanFacts,
  row: MeetingRow,
  action: MeetingAction,
  refusal: string,
): void {
  if (!mayOnMeeting(actor.personId, facts, factsOf(row), action)) throw forbidden(refusal);
}

export const notCancelled = (row: MeetingRow): void => {
  if (row.status === 'cancelled') throw conflict('This meeting is cancelled');
};

/** 400 for times that do not make a meeting: the end before the start, or days long. */
function checkTimes(startsAt: string, endsAt: string): void {
  const start = Date.parse(startsAt);
  const end = Date.parse(endsAt);
  const errors: FieldError[] = [];
  if (end <= start) errors.push({ field: 'endsAt', message: 'must be after startsAt' });
  else if (end - start > MEETING_HOURS_MAX * 3_600_000) {
    errors.push({ field: 'endsAt', message: `must be at most ${MEETING_HOURS_MAX} hours after` });
  }
  if (errors.length > 0) throw badRequest(errors);
}

/** The full meeting as the caller sees it now. */
async function shown(tx: Queryable, actor: Actor, row: MeetingRow): Promise<MeetingData> {
  const [points, minutes, tasks] = [
    await agendaPoints(tx, row.id),
    await minutesOf(tx, row.id),
    await followupTaskIds(tx, row.id),
  ];
  return presentMeeting(row, actor.personId, points, minutes, tasks);
}

export async function reread(
  tx: Queryable,
  actor: Actor,
  facts: PlanFacts,
  meetingId: string,
): Promise<MeetingData> {
  const row = await meetingById(tx, facts.plan.id, meetingId);
  if (!row) throw new Error('a meeting changed in this transaction is missing');
  return shown(tx, actor, row);
}

export function meetingEvent(
  tx: Queryable,
  actor: Actor,
  row: Pick<MeetingRow, 'id' | 'planId'>,
  type: 'meeting.created' | 'meeting.changed' | 'meeting.cancelled',
): Promise<void> {
  return recordEvent(tx, {
    type,
    planId: row.planId,
    section: SECTION,
    subjectId: row.id,
    actorId: actor.personId,
  });
}

export function createMeetingsService(deps: MeetingsServiceDeps) {
  /** Tells the invitees (never the actor) of a meeting that has not ended yet. */
  async function notifyInvitees(
    tx: Queryable,
    actor: Actor,
    facts: PlanFacts,
    meetingId: string,
    personIds: string[],
    endsAt: string | Date,
  ): Promise<void> {
    if (new Date(endsAt).getTime() <= facts.now.getTime()) return;
    await deps.notifications.queue(tx, {
      kind: 'meeting',
      planId: facts.plan.id,
      subjectId: meetingId,
      personIds,
      actorId: actor.personId,
    });
  }

  return {
    list(caller: Caller, planId: string, query: MeetingListInput) {
      const before = decodeCursor(query.before);
      return inPlan(
        deps,
        caller.context,
        caller.actor,
        { planId, action: 'section.read', section: SECTION, audit: 'meeting.list' },
        async ({ tx, audit }) => {
          const rows = await listMeetings(tx, {
            planId,
            scope: query.scope,
            limit: query.limit,
            before,
          });
          await audit();
          const paged = page(rows, query.limit);
          return {
            items: paged.rows.map((row) => presentSummary(row, caller.actor.personId)),
            next: paged.next,
          };
        },
      );
    },

    read(caller: Caller, planId: string, meetingId: string) {
      return inPlan(
        deps,
        caller.context,
        caller.actor,
        { planId, action: 'section.read', section: SECTION, audit: 'meeting.read' },
        async ({ tx, facts, audit }) => {
          const row = await meetingOf(tx, facts, meetingId);
          await audit({ objectId: row.id });
          return shown(tx, caller.actor, row);
        },
      );
    },

    create(caller: Caller, planId: string, input: CreateMeetingInput) {
      checkTimes(input.startsAt, input.endsAt);
      return inPlan(
        deps,
        caller.context,
        caller.actor,
        { planId, action: 'section.write', section: SECTION, audit: 'meeting.created' },
        async ({ tx, facts, audit }) => {
          const invitees = await inviteesFor(tx, caller.actor, facts, input.inviteeIds);
          const id = await insertMeeting(tx, {
            planId,
            title: input.title ?? DEFAULT_TITLE,
            startsAt: input.startsAt,
            endsAt: input.endsAt,
            location: input.location,
            agenda: input.agenda ?? '',
            by: caller.actor.personId,
            invitees,
          });
          await meetingEvent(tx, caller.actor, { id, planId }, 'meeting.created');
          await notifyInvitees(
            tx,
            caller.actor,
            facts,
            id,
            invitees.map((i) => i.personId),
            input.endsAt,
          );
          await audit({ objectId: id });
          return reread(tx, caller.actor, facts, id);
        },
      );
    },

    /**
     * Changes a meeting with the version read. A move (time or place), a new title or a
     * cancellation grows its SEQUENCE and tells the invitees; a cancelled meeting stays so.
     * A new list of invitees (before the start) tells those added and those left out, and
     * leaves SEQUENCE as it is (invitees.ts).
     */
    update(caller: Caller, planId: string, meetingId: string, input: PatchMeetingInput) {
      const { version, status, inviteeIds, ...changes } = input;
      if (Object.keys(changes).length === 0 && status === undefined && inviteeIds === undefined) {
        throw badRequest([{ field: 'body', message: 'name at least one field to change' }]);
      }
      if (status !== undefined && inviteeIds !== undefined) {
        throw badRequest([
          { field: 'inviteeIds', message: 'must not be given with a cancellation' },
        ]);
      }
      return inPlan(
        deps,
        caller.context,
        caller.actor,
        { planId, action: 'section.write', section: SECTION, audit: 'meeting.changed' },
        async ({ tx, facts, audit }) => {
          const old = await meetingOf(tx, facts, meetingId, true);
          must(caller.actor, facts, old, 'meeting.edit', 'You may not change this meeting');
          if (old.version !== version) throw staleVersion();
          notCancelled(old);
          const next = {
            title: changes.title ?? old.title,
            startsAt: changes.startsAt ?? iso(old.startsAt),
            endsAt: changes.endsAt ?? iso(old.endsAt),
            location: changes.location ?? old.location,
            agenda: changes.agenda ?? old.agenda,
          };
          if (changes.startsAt !== undefined || changes.endsAt !== undefined) {
            checkTimes(next.startsAt, next.endsAt);
          }
          const moved =
            Date.parse(next.startsAt) !== old.startsAt.getTime() ||
            Date.parse(next.endsAt) !== old.endsAt.getTime() ||
            next.location !== old.location;
          const cancel = status === 'cancelled';
          const shownChange = moved || cancel || next.title !== old.title;
          const invitees = inviteeIds
            ? await inviteeChange(tx, caller.actor, facts, old, inviteeIds)
            : { added: [], removed: [] };
          await updateMeeting(tx, old.id, {
            ...next,
            cancel,
            bumpSequence: shownChange,
            by: caller.actor.personId,
          });
          await applyInviteeChange(tx, old.id, invitees, caller.actor.personId);
          await meetingEvent(
            tx,
            caller.actor,
            old,
            cancel ? 'meeting.cancelled' : 'meeting.changed',
          );
          const told = toldOfChange(invitees);
          if (moved || cancel) {
            const left = new Set(invitees.removed.map((i) => i.participantId));
            const kept = old.invitees.filter((i) => !i.removed && !left.has(i.participantId));
            told.push(...kept.map((i) => i.personId));
          }
          if (told.length > 0) {
            const endsAt = cancel ? old.endsAt : next.endsAt;
            await notifyInvitees(tx, caller.actor, facts, old.id, told, endsAt);
          }
          await audit(
            cancel ? { objectId: old.id, action: 'meeting.cancelled' } : { objectId: old.id },
          );
          return reread(tx, caller.actor, facts, old.id);
        },
      );
    },

    reply(caller: Caller, planId: string, meetingId: string, answer: 'yes' | 'no' | 'maybe') {
      return inPlan(
        deps,
        caller.context,
        caller.actor,
        { planId, action: 'section.read', section: SECTION, audit: 'meeting.replied' },
        async ({ tx, facts, audit }) => {
          const row = await meetingOf(tx, facts, meetingId, true);
          must(caller.actor, facts, row, 'meeting.reply', 'Only those invited answer');
          notCancelled(row);
          await setAnswerOrFail(tx, row.id, caller.actor.personId, answer);
          await meetingEvent(tx, caller.actor, row, 'meeting.changed');
          await audit({ objectId: row.id });
          return reread(tx, caller.actor, facts, row.id);
        },
      );
    },

    addAgendaPoint(caller: Caller, planId: string, meetingId: string, text: string) {
      return inPlan(
        deps,
        caller.context,
        caller.actor,
        { planId, action: 'section.read', section: SECTION, audit: 'meeting.agendaAdded' },
        async ({ tx, facts, audit }) => {
          const row = await meetingOf(tx, facts, meetingId, true);
          must(
            caller.actor,
            facts,
            row,
            'meeting.addAgendaPoint',
            'Only those invited add to the agenda',
          );
          notCancelled(row);
          if (row.startsAt.getTime() <= facts.now.getTime()) {
            throw conflict('The meeting has started; agenda points are added before it');
          }
          const participant = facts.participant;
          if (!participant) throw notFound();
          const id = await insertAgendaPoint(tx, {
            meetingId: row.id,
            text,
            by: caller.actor.personId,
            participantId: participant.id,
          });
          await meetingEvent(tx, caller.actor, row, 'meeting.changed');
          await audit({ objectId: row.id });
          const points = await agendaPoints(tx, row.id);
          const point = points.find((p) => p.id === id);
          if (!point) throw new Error('an agenda point added in this transaction is missing');
          return {
            id: point.id,
            text: point.text,
            addedBy: { participantId: point.participantId, name: point.name },
            createdAt: iso(point.createdAt),
          };
        },
      );
    },

    /** The meeting as an iCalendar file (text/calendar). */
    calendarFile(caller: Caller, planId: string, meetingId: string) {
      return inPlan(
        deps,
        caller.context,
        caller.actor,
        { planId, action: 'section.read', section: SECTION, audit: 'meeting.calendar' },
        async ({ tx, facts, audit }) => {
          const row = await meetingOf(tx, facts, meetingId);
          await audit({ objectId: row.id });
          return renderCalendar([row]);
        },
      );
    },
  };
}

export type MeetingsService = ReturnType<typeof createMeetingsService>;

async function setAnswerOrFail(
  tx: Queryable,
  meetingId: string,
  personId: string,
  answer: 'yes' | 'no' | 'maybe',
): Promise<void> {
  if (!(await setAnswer(tx, meetingId, personId, answer))) {
    throw forbidden('Only those invited answer');
  }
}
