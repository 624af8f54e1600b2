import { fieldErrorsOf } from '../../api/client.ts';
import { draftKey } from '../../api/drafts.ts';
import type { Meeting, MeetingChanges } from '../../api/meetings.ts';
import { accessEnded, type Participant } from '../../api/plans.ts';
import type { FormValues } from '../plan/useDraft.ts';
import { osloDateAndTime, osloInstant } from './time.ts';

/**
 * What the meeting form holds and how it becomes a call-in or a change: the fields, their
 * values from a meeting (times in Europe/Oslo), and which fields a change names.
 */

export type Field = 'title' | 'date' | 'start' | 'end' | 'location' | 'agenda' | 'invitees';

/** The fields in the order they are shown (and listed in the error summary). */
export const FIELDS: readonly Field[] = [
  'title',
  'date',
  'start',
  'end',
  'location',
  'agenda',
  'invitees',
];

export const EMPTY: FormValues = {
  title: '',
  date: '',
  start: '',
  end: '',
  location: '',
  agenda: '',
  invitees: [],
};

/** The draft of a new call-in in this plan. */
export const meetingDraftKey = (planId: string) => draftKey(planId, 'meetings', null);

/** The draft of a change to this meeting. */
export const meetingEditDraftKey = (planId: string, meetingId: string) =>
  draftKey(planId, 'meetings', meetingId);

/** Those who may be invited: in the team now, with access to meetings. */
export function invitable(participants: Participant[]): Participant[] {
  return participants.filter((p) => !accessEnded(p) && p.access?.meetings !== 'none');
}

export function textOf(values: FormValues, name: Field): string {
  const value = values[name];
  return typeof value === 'string' ? value : '';
}

/** The participant ids of those invited to the meeting now. */
export const inviteeIdsOf = (meeting: Meeting): string[] =>
  (meeting.invitees ?? []).map((i) => i.participantId);

/**
 * A meeting as the form shows it. Invitees are all those invited now — someone who can no
 * longer be invited (their access ended) has no checkbox, but stays invited unless a change
 * says otherwise.
 */
export function valuesOf(meeting: Meeting): FormValues {
  const start = osloDateAndTime(meeting.startsAt);
  const end = osloDateAndTime(meeting.endsAt);
  return {
    title: meeting.title,
    date: start.date,
    start: start.time,
    end: end.time,
    location: meeting.location,
    agenda: meeting.agenda,
    invitees: inviteeIdsOf(meeting),
  };
}

/** Whether the date or either time differs from the meeting's. */
export function timesChanged(values: FormValues, meeting: Meeting): boolean {
  const shown = valuesOf(meeting);
  return (['date', 'start', 'end'] as const).some(
    (name) => textOf(values, name) !== textOf(shown, name),
  );
}

const trimEnd = (value: string) => value.replace(/\s+$/, '');

/** The chosen invitees, when they are not the meeting's own (in any order); else null. */
export function inviteesChanged(values: FormValues, meeting: Meeting): string[] | null {
  const chosen = Array.isArray(values.invitees) ? [...new Set(values.invitees)] : null;
  if (!chosen) return null;
  const current = new Set(inviteeIdsOf(meeting));
  const same = chosen.length === current.size && chosen.every((id) => current.has(id));
  return same ? null : chosen;
}

/**
 * The fields that differ from the meeting, as PATCH takes them; empty when nothing does.
 * Times are sent only when changed, so a meeting over midnight keeps its end otherwise;
 * invitees only when someone was added or taken off (the whole list, as PATCH takes it).
 */
export function changesOf(values: FormValues, meeting: Meeting): MeetingChanges {
  const changes: MeetingChanges = {};
  const title = textOf(values, 'title').trim();
  if (title !== meeting.title) changes.title = title;
  if (timesChanged(values, meeting)) {
    const startsAt = osloInstant(textOf(values, 'date'), textOf(values, 'start'));
    const endsAt = osloInstant(textOf(values, 'date'), textOf(values, 'end'));
    if (startsAt && Date.parse(startsAt) !== Date.parse(meeting.startsAt)) {
      changes.startsAt = startsAt;
    }
    if (endsAt && Date.parse(endsAt) !== Date.parse(meeting.endsAt)) changes.endsAt = endsAt;
  }
  const location = textOf(values, 'location').trim();
  if (location !== meeting.location) changes.location = location;
  const agenda = trimEnd(textOf(values, 'agenda'));
  if (agenda !== trimEnd(meeting.agenda)) changes.agenda = agenda;
  const inviteeIds = inviteesChanged(values, meeting);
  if (inviteeIds) changes.inviteeIds = inviteeIds;
  return changes;
}

/** A 400's field errors as the form's fields, with the server's message for each. */
export function serverFieldErrors(
  error: unknown,
  say: {
    invalid: (message: string) => string;
    endBeforeStart: string;
    tooLong: string;
  },
): Partial<Record<Field, string>> {
  const found: Partial<Record<Field, string>> = {};
  for (const [field, message] of Object.entries(fieldErrorsOf(error))) {
    const name = field.replace(/^body\./, '').split('.')[0];
    if (name === 'title') found.title = say.invalid(message);
    else if (name === 'startsAt') found.start = say.invalid(message);
    else if (name === 'endsAt') {
      found.end = /after/.test(message)
        ? /hours/.test(message)
          ? say.tooLong
          : say.endBeforeStart
        : say.invalid(message);
    } else if (name === 'location') found.location = say.invalid(message);
    else if (name === 'agenda') found.agenda = say.invalid(message);
    else if (name === 'inviteeIds') found.invitees = say.invalid(message);
  }
  return found;
}
