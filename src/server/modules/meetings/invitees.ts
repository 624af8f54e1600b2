import { mayBeInvited } from '../../access/meetings.ts';
import type { PlanFacts } from '../../access/plans.ts';
import type { Actor } from '../../auth/actor.ts';
import type { Queryable } from '../../db/index.ts';
import { badRequest } from '../../http/problem.ts';
import { memberFacts, type TeamMemberRow, teamMembers } from '../plans/facts.ts';
import { conflict } from '../plans/present.ts';
import type { InviteeRow, MeetingRow } from './queries.ts';

/**
 * Who is invited to a meeting: chosen on the call-in, and changed by whoever may edit the
 * meeting until it starts (PATCH with `inviteeIds`, the whole list from then on).
 *
 * - Someone added is checked as on a call-in (a participant of this plan who may read its
 *   meetings; 400 naming `inviteeIds` otherwise) and hears of it as a new invitee does
 *   (`new-meeting`, see notify.ts). Someone already invited stays as they are, even if
 *   they could not be invited today (their access ended): keeping them grants nothing.
 * - An invitation taken back keeps its row with `removed_at` (the record of who was
 *   invited); it no longer counts anywhere: not in the meeting's invitees, not for
 *   answering or adding agenda points (access/meetings.ts), not in the person's calendar
 *   feed. The person still sees the meeting in the plan if they may read its meetings —
 *   seeing it never depended on the invitation. They are told that they are no longer
 *   invited (`meeting-uninvited`). Invited again, they get the row back with their old answer cleared.
 *
 * Calendar feeds: the meeting leaves the feed of someone no longer invited. The feed is a
 * published calendar (METHOD:PUBLISH) that subscribed calendar apps mirror on every
 * refresh, and every one of them removes an event that is no longer in it; STATUS:CANCELLED
 * in a subscription is honoured unevenly, and would need a SEQUENCE of that person's own,
 * above the meeting's (a shared bump would announce a change to everyone else). So a change
 * of invitees leaves SEQUENCE as it is: nobody who still has the meeting sees it differently,
 * and someone invited again gets it back as a new event.
 */

export type NewInvitee = { participantId: string; personId: string; answer: 'yes' | null };
export type InviteeChange = { added: NewInvitee[]; removed: InviteeRow[] };

const INVALID_INVITEES = {
  field: 'inviteeIds',
  message: 'must name participants of this plan who may read its meetings',
};

/** The named participants, each in the team and allowed to open the meeting; else 400. */
function named(facts: PlanFacts, members: TeamMemberRow[], ids: string[]): TeamMemberRow[] {
  const byId = new Map(members.map((m) => [m.participantId, m]));
  const picked = ids.map((id) => byId.get(id));
  if (picked.some((m) => m === undefined || !mayBeInvited(memberFacts(facts, m)))) {
    throw badRequest([INVALID_INVITEES]);
  }
  return picked.filter((m): m is TeamMemberRow => m !== undefined);
}

/** As invitations are made: the caller, coming, has answered yes. */
const invitationOf =
  (actor: Actor) =>
  (m: TeamMemberRow): NewInvitee => ({
    participantId: m.participantId,
    personId: m.personId,
    answer: m.personId === actor.personId ? 'yes' : null,
  });

/** On a call-in: the chosen participants or everyone who may read meetings, and the caller. */
export async function inviteesFor(
  tx: Queryable,
  actor: Actor,
  facts: PlanFacts,
  inviteeIds: string[] | undefined,
): Promise<NewInvitee[]> {
  const members = await teamMembers(tx, facts.plan.id);
  const chosen = inviteeIds
    ? named(facts, members, inviteeIds)
    : members.filter((m) => mayBeInvited(memberFacts(facts, m)));
  // The one who calls the meeting comes to it (and may change their answer).
  const self = members.find((m) => m.personId === actor.personId);
  if (self && !chosen.some((m) => m.personId === actor.personId)) chosen.push(self);
  return chosen.map(invitationOf(actor));
}

/**
 * The change from the meeting's invitees to `inviteeIds`: who is added (checked as on a
 * call-in) and whose invitation is taken back. 409 once the meeting has started.
 */
export async function inviteeChange(
  tx: Queryable,
  actor: Actor,
  facts: PlanFacts,
  meeting: MeetingRow,
  inviteeIds: string[],
): Promise<InviteeChange> {
  if (meeting.startsAt.getTime() <= facts.now.getTime()) {
    throw conflict('The meeting has started; who is invited is changed before it starts');
  }
  const current = new Set(meeting.invitees.map((i) => i.participantId));
  const wanted = new Set(inviteeIds);
  const newIds = inviteeIds.filter((id) => !current.has(id));
  const added =
    newIds.length > 0
      ? named(facts, await teamMembers(tx, facts.plan.id), newIds).map(invitationOf(actor))
      : [];
  return { added, removed: meeting.invitees.filter((i) => !wanted.has(i.participantId)) };
}

/**
 * Writes the change, after the meeting's own (so that those added are invited at its
 * SEQUENCE as it now is). The meeting row is locked by the caller.
 */
export async function applyInviteeChange(
  tx: Queryable,
  meetingId: string,
  change: InviteeChange,
  by: string,
): Promise<void> {
  if (change.removed.length > 0) {
    await tx.query(
      `update meeting_invitees set removed_at = now(), removed_by = $3
        where meeting_id = $1 and participant_id = any($2::uuid[]) and removed_at is null`,
      [meetingId, change.removed.map((i) => i.participantId), by],
    );
  }
  if (change.added.length > 0) {
    await tx.query(
      `insert into meeting_invitees
          (meeting_id, participant_id, person_id, answer, answered_at, invited_sequence)
        select m.id, x.participant_id, x.person_id, x.answer,
          case when x.answer is null then null else now() end, m.sequence
        from meetings m,
          unnest($2::uuid[], $3::uuid[], $4::text[]) as x(participant_id, person_id, answer)
        where m.id = $1
        on conflict (meeting_id, participant_id) do update set
          person_id = excluded.person_id, answer = excluded.answer,
          answered_at = excluded.answered_at, invited_sequence = excluded.invited_sequence,
          removed_at = null, removed_by = null`,
      [
        meetingId,
        change.added.map((i) => i.participantId),
        change.added.map((i) => i.personId),
        change.added.map((i) => i.answer),
      ],
    );
  }
}

/** Who hears of the change: those added and those no longer invited (still in the team). */
export function toldOfChange(change: InviteeChange): string[] {
  return [
    ...change.added.map((i) => i.personId),
    ...change.removed.filter((i) => !i.removed).map((i) => i.personId),
  ];
}
