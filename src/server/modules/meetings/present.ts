import type { MeetingData, MeetingSummaryData } from '../../../shared/schemas/meetings.ts';
import type { MeetingFacts } from '../../access/meetings.ts';
import { iso, isoOrNull } from '../plans/present.ts';
import type { AgendaPointRow, MeetingRow, MinutesRow } from './queries.ts';

/** How a meeting is shown: names and roles of invitees, never their contact details. */

function functionOf(title: string | null, organization: string | null): string | null {
  const parts = [title, organization].filter((part): part is string => Boolean(part));
  return parts.length > 0 ? parts.join(', ') : null;
}

export function factsOf(row: MeetingRow): MeetingFacts {
  return { inviteeIds: row.invitees.map((i) => i.personId) };
}

export function presentSummary(row: MeetingRow, viewerId: string): MeetingSummaryData {
  const mine = row.invitees.find((i) => i.personId === viewerId);
  return {
    id: row.id,
    planId: row.planId,
    title: row.title,
    startsAt: iso(row.startsAt),
    endsAt: iso(row.endsAt),
    location: row.location,
    agenda: row.agenda,
    status: row.status,
    sequence: row.sequence,
    invitees: row.invitees.map((i) => ({
      participantId: i.participantId,
      name: i.name,
      role: i.role,
      function: functionOf(i.functionTitle, i.organizationName),
      removed: i.removed,
      answer: i.answer,
      answeredAt: i.answeredAt,
    })),
    invited: mine !== undefined,
    myAnswer: mine?.answer ?? null,
    hasMinutes: row.hasMinutes,
    createdBy: { id: row.createdById, name: row.createdByName },
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
    cancelledAt: isoOrNull(row.cancelledAt),
    version: row.version,
  };
}

export function presentMeeting(
  row: MeetingRow,
  viewerId: string,
  points: AgendaPointRow[],
  minutes: MinutesRow | null,
  tasks: Map<string, string>,
): MeetingData {
  return {
    ...presentSummary(row, viewerId),
    agendaPoints: points.map((p) => ({
      id: p.id,
      text: p.text,
      addedBy: { participantId: p.participantId, name: p.name },
      createdAt: iso(p.createdAt),
    })),
    minutes: minutes
      ? {
          text: minutes.data.text,
          decisions: minutes.data.decisions,
          followups: minutes.data.followups.map((f) => ({
            id: f.id,
            text: f.text,
            assigneeId: f.assigneeId,
            dueDate: f.dueDate,
            taskId: tasks.get(f.id) ?? null,
          })),
          approved: minutes.approvedAt !== null,
          approvedAt: isoOrNull(minutes.approvedAt),
          approvedBy:
            minutes.approvedById && minutes.approvedByName
              ? { id: minutes.approvedById, name: minutes.approvedByName }
              : null,
          updatedBy: { id: minutes.updatedById, name: minutes.updatedByName },
          updatedAt: iso(minutes.updatedAt),
          version: minutes.version,
        }
      : null,
  };
}
