import { type QueryClient, useQuery } from '@tanstack/react-query';
import type {
  Answer,
  CreateMeetingInput,
  MeetingData,
  MeetingSummaryData,
  PatchMeetingInput,
  PutMinutesInput,
} from '../../shared/schemas/meetings.ts';
import type { TaskData } from '../../shared/schemas/tasks.ts';
import { api } from './client.ts';

/**
 * Meetings (ansvarsgruppemøter) as the web app uses them (API.md, "Meetings"). Light on
 * purpose: the plan overview on the owner's front page uses the next meeting and the
 * answer buttons; the meetings pages themselves are a lazy chunk.
 */

export type { Answer };
export type MeetingSummary = MeetingSummaryData;
export type Meeting = MeetingData;
export type Invitee = MeetingSummary['invitees'][number];
export type NewMeeting = CreateMeetingInput;
/** What a change to a meeting may name (not cancelling); `inviteeIds`: the whole new list. */
export type MeetingChanges = Omit<PatchMeetingInput, 'version' | 'status'>;
export type MinutesInput = PutMinutesInput;
export type MeetingPage = { items: MeetingSummary[]; next: string | null };
export type MeetingScope = 'all' | 'upcoming' | 'past';

export const ANSWER_VALUES: readonly Answer[] = ['yes', 'no', 'maybe'];

export const meetingKeys = {
  plan: (planId: string) => ['plans', planId, 'meetings'] as const,
  list: (planId: string, scope: MeetingScope) => ['plans', planId, 'meetings', scope] as const,
  one: (planId: string, meetingId: string) =>
    ['plans', planId, 'meetings', 'one', meetingId] as const,
};

const enc = encodeURIComponent;
const meetingsPath = (planId: string) => `/api/plans/${enc(planId)}/meetings`;
const meetingPath = (planId: string, meetingId: string) =>
  `${meetingsPath(planId)}/${enc(meetingId)}`;

/** The meeting's iCalendar file, for "add to calendar". */
export const calendarPath = (planId: string, meetingId: string) =>
  `${meetingPath(planId, meetingId)}/calendar.ics`;

export const meetingsApi = {
  list: (planId: string, scope: MeetingScope, limit: number, signal?: AbortSignal) =>
    api.get<MeetingPage>(`${meetingsPath(planId)}?scope=${scope}&limit=${limit}`, signal),
  read: (planId: string, meetingId: string, signal?: AbortSignal) =>
    api.get<Meeting>(meetingPath(planId, meetingId), signal),
  create: (planId: string, body: NewMeeting) => api.post<Meeting>(meetingsPath(planId), body),
  update: (planId: string, meetingId: string, version: number, changes: MeetingChanges) =>
    api.patch<Meeting>(meetingPath(planId, meetingId), { version, ...changes }),
  cancel: (planId: string, meetingId: string, version: number) =>
    api.patch<Meeting>(meetingPath(planId, meetingId), { version, status: 'cancelled' }),
  reply: (planId: string, meetingId: string, answer: Answer) =>
    api.put<Meeting>(`${meetingPath(planId, meetingId)}/reply`, { answer }),
  addAgendaPoint: (planId: string, meetingId: string, text: string) =>
    api.post<unknown>(`${meetingPath(planId, meetingId)}/agenda`, { text }),
  putMinutes: (planId: string, meetingId: string, body: MinutesInput) =>
    api.put<Meeting>(`${meetingPath(planId, meetingId)}/minutes`, body),
  followupToTask: (planId: string, meetingId: string, index: number) =>
    api.post<TaskData>(`${meetingPath(planId, meetingId)}/followups/${index}/task`, {}),
};

/** Meetings of a plan: `upcoming` soonest first, `past` newest first. */
export function useMeetings(planId: string, scope: MeetingScope, enabled = true) {
  return useQuery({
    queryKey: meetingKeys.list(planId, scope),
    queryFn: ({ signal }) => meetingsApi.list(planId, scope, 50, signal),
    select: (page) => page.items,
    enabled,
  });
}

/** The next meeting (not ended, not cancelled), or null. */
export function useNextMeeting(planId: string, enabled = true) {
  return useQuery({
    queryKey: [...meetingKeys.list(planId, 'upcoming'), 'next'],
    queryFn: ({ signal }) => meetingsApi.list(planId, 'upcoming', 10, signal),
    select: (page) => page.items.find((m) => m.status === 'scheduled') ?? null,
    enabled,
  });
}

export function useMeeting(planId: string, meetingId: string) {
  return useQuery({
    queryKey: meetingKeys.one(planId, meetingId),
    queryFn: ({ signal }) => meetingsApi.read(planId, meetingId, signal),
  });
}

/** After a change of ours: every meeting list and view of the plan is stale. */
export function refreshMeetings(queryClient: QueryClient, planId: string): Promise<unknown> {
  return queryClient.invalidateQueries({ queryKey: meetingKeys.plan(planId) });
}

/** A time in Europe/Oslo, in the interface language: "tirsdag 3. mars 2026 kl. 14:00". */
export function formatMeetingTime(value: string, language: string): string {
  const locale = language === 'en' ? 'en-GB' : language === 'nn' ? 'nn-NO' : 'nb-NO';
  return new Intl.DateTimeFormat(locale, {
    timeZone: 'Europe/Oslo',
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(value));
}

/** "14:00" in Europe/Oslo. */
export function formatClock(value: string, language: string): string {
  const locale = language === 'en' ? 'en-GB' : language === 'nn' ? 'nn-NO' : 'nb-NO';
  return new Intl.DateTimeFormat(locale, {
    timeZone: 'Europe/Oslo',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(value));
}

/** Whether a meeting place is a video link (shown as a link, https only). */
export function isVideoLink(location: string): boolean {
  return /^https:\/\/\S+$/.test(location.trim());
}
