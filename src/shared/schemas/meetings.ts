import { z } from 'zod';
import { LIST_LIMIT_MAX } from './sections.ts';

/**
 * Meetings (ansvarsgruppemøter): calling one, answers, agenda points, minutes (referat)
 * with decisions and follow-ups, and each person's calendar feed. Text is plain text with
 * line breaks, never HTML.
 */

export const MEETING_TITLE_MAX = 200;
export const LOCATION_MAX = 500;
export const AGENDA_MAX = 10_000;
export const AGENDA_POINT_MAX = 2_000;
export const MINUTES_TEXT_MAX = 20_000;
export const DECISIONS_MAX = 50;
export const FOLLOWUPS_MAX = 50;
export const INVITEES_MAX = 100;
/** A meeting lasts at most this long (a seminar day or two, never a standing booking). */
export const MEETING_HOURS_MAX = 72;

export const ANSWERS = ['yes', 'no', 'maybe'] as const;
export type Answer = (typeof ANSWERS)[number];
export const MEETING_STATUSES = ['scheduled', 'cancelled'] as const;
export const MEETING_SCOPES = ['all', 'upcoming', 'past'] as const;

// NUL cannot be stored; other control characters (tab and line breaks aside) have no place.
// biome-ignore lint/suspicious/noControlCharactersInRegex: the point is to find them
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
const plain = (max: number) =>
  z
    .string({ error: 'must be text' })
    .max(max, { error: `must be at most ${max} characters` })
    .refine((value) => !CONTROL.test(value), { error: 'must not hold control characters' });
const nonBlank = (value: string) => value.trim().length > 0;
const required = (max: number) => plain(max).refine(nonBlank, { error: 'must not be empty' });
/** A title or place shows on one line in a calendar: no line breaks either. */
const oneLine = (max: number) =>
  required(max).refine((value) => !/[\r\n]/.test(value), { error: 'must be one line' });

const Id = z.guid({ error: 'must be an id' });
const Version = z.int({ error: 'must be the version you read' }).min(1);
const Day = z.iso.date({ error: 'must be a date (YYYY-MM-DD)' });
const Instant = z.iso.datetime({
  offset: true,
  error: 'must be a time with its offset (ISO 8601)',
});

export const MeetingTitle = oneLine(MEETING_TITLE_MAX);
export const MeetingLocation = oneLine(LOCATION_MAX);
export const Agenda = plain(AGENDA_MAX);

const InviteeIds = z
  .array(Id, { error: 'must be a list of participant ids' })
  .max(INVITEES_MAX, { error: `must name at most ${INVITEES_MAX} invitees` })
  .refine((ids) => new Set(ids).size === ids.length, { error: 'must not repeat an invitee' });

export const CreateMeetingBody = z.strictObject({
  /** As the coordinator chooses it; the calendar feed shows it. Default: "Møte". */
  title: MeetingTitle.optional(),
  startsAt: Instant,
  endsAt: Instant,
  location: MeetingLocation,
  agenda: Agenda.optional(),
  /** Participant ids; absent: everyone in the team who may read meetings. */
  inviteeIds: InviteeIds.optional(),
});
export type CreateMeetingInput = z.output<typeof CreateMeetingBody>;

/**
 * Changes with the version read; `status: "cancelled"` cancels (for good). `inviteeIds`,
 * until the meeting starts: who is invited from now on (participant ids, the whole list);
 * those added are checked as on a call-in, those left out are no longer invited.
 */
export const PatchMeetingBody = z.strictObject({
  version: Version,
  title: MeetingTitle.optional(),
  startsAt: Instant.optional(),
  endsAt: Instant.optional(),
  location: MeetingLocation.optional(),
  agenda: Agenda.optional(),
  status: z.literal('cancelled', { error: 'can only be set to cancelled' }).optional(),
  inviteeIds: InviteeIds.optional(),
});
export type PatchMeetingInput = z.output<typeof PatchMeetingBody>;

export const ReplyBody = z.strictObject({
  answer: z.enum(ANSWERS, { error: `must be one of ${ANSWERS.join(', ')}` }),
});

export const AgendaPointBody = z.strictObject({ text: required(AGENDA_POINT_MAX) });

const FollowupInput = z.strictObject({
  /** The id of a follow-up already in the minutes, to keep it (and its task) as it is. */
  id: Id.optional(),
  text: required(2_000),
  /** The participant who is to do it. */
  assigneeId: Id.nullable().optional(),
  dueDate: Day.nullable().optional(),
});

/** PUT: `version` 0 for the first save; `approve: true` marks the minutes approved. */
export const PutMinutesBody = z.strictObject({
  version: z.int({ error: 'must be the version you read (0 for the first save)' }).min(0),
  text: plain(MINUTES_TEXT_MAX).optional(),
  decisions: z
    .array(required(2_000), { error: 'must be a list of decisions' })
    .max(DECISIONS_MAX, { error: `must hold at most ${DECISIONS_MAX} decisions` })
    .optional(),
  followups: z
    .array(FollowupInput, { error: 'must be a list of follow-ups' })
    .max(FOLLOWUPS_MAX, { error: `must hold at most ${FOLLOWUPS_MAX} follow-ups` })
    .refine(
      (items) => {
        const ids = items.flatMap((item) => (item.id ? [item.id] : []));
        return new Set(ids).size === ids.length;
      },
      { error: 'must not repeat a follow-up' },
    )
    .optional(),
  approve: z.literal(true, { error: 'can only be true' }).optional(),
});
export type PutMinutesInput = z.output<typeof PutMinutesBody>;

/** Turning a follow-up into a task: its assignee and due date unless given here. */
export const FollowupTaskBody = z
  .strictObject({
    title: required(MEETING_TITLE_MAX).optional(),
    assigneeId: Id.nullable().optional(),
    dueDate: Day.nullable().optional(),
  })
  .nullish();
export type FollowupTaskInput = z.output<typeof FollowupTaskBody>;

const limit = z.coerce
  .number({ error: `must be a whole number from 1 to ${LIST_LIMIT_MAX}` })
  .int({ error: `must be a whole number from 1 to ${LIST_LIMIT_MAX}` })
  .min(1, { error: `must be a whole number from 1 to ${LIST_LIMIT_MAX}` })
  .max(LIST_LIMIT_MAX, { error: `must be a whole number from 1 to ${LIST_LIMIT_MAX}` })
  .default(50);

/** `upcoming`: not yet ended, soonest first; `past` and `all`: newest first. */
export const MeetingListQuery = z.strictObject({
  limit,
  before: z.string({ error: 'must be given once' }).max(200).optional(),
  scope: z
    .enum(MEETING_SCOPES, { error: `must be one of ${MEETING_SCOPES.join(', ')}` })
    .default('all'),
});
export type MeetingListInput = z.output<typeof MeetingListQuery>;

export const MeetingParams = z.strictObject({ planId: z.string(), meetingId: z.string() });
export const FollowupParams = z.strictObject({
  planId: z.string(),
  meetingId: z.string(),
  index: z.string(),
});

// ---------------------------------------------------------------- responses

const Ref = z.object({ id: z.string(), name: z.string() });

export const Invitee = z.object({
  participantId: z.string(),
  name: z.string(),
  role: z.string(),
  /** "Fysioterapeut, Demo kommune", as shown to others. */
  function: z.string().nullable(),
  removed: z.boolean(),
  answer: z.enum(ANSWERS).nullable(),
  answeredAt: z.string().nullable(),
});

export const MeetingSummary = z.object({
  id: z.string(),
  planId: z.string(),
  title: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  location: z.string(),
  agenda: z.string(),
  status: z.enum(MEETING_STATUSES),
  /** The iCalendar SEQUENCE: grows when the meeting is moved, renamed or cancelled. */
  sequence: z.int(),
  invitees: z.array(Invitee),
  /** The caller is invited. */
  invited: z.boolean(),
  myAnswer: z.enum(ANSWERS).nullable(),
  hasMinutes: z.boolean(),
  createdBy: Ref,
  createdAt: z.string(),
  updatedAt: z.string(),
  cancelledAt: z.string().nullable(),
  version: z.int(),
});
export type MeetingSummaryData = z.infer<typeof MeetingSummary>;

export const AgendaPoint = z.object({
  id: z.string(),
  text: z.string(),
  addedBy: z.object({ participantId: z.string(), name: z.string() }),
  createdAt: z.string(),
});

export const Followup = z.object({
  id: z.string(),
  text: z.string(),
  assigneeId: z.string().nullable(),
  dueDate: z.string().nullable(),
  /** The task it became, if it did. */
  taskId: z.string().nullable(),
});

export const MinutesContent = z.object({
  text: z.string(),
  decisions: z.array(z.string()),
  followups: z.array(Followup.omit({ taskId: true })),
});
export type MinutesContentData = z.infer<typeof MinutesContent>;

export const Minutes = z.object({
  text: z.string(),
  decisions: z.array(z.string()),
  followups: z.array(Followup),
  approved: z.boolean(),
  approvedAt: z.string().nullable(),
  approvedBy: Ref.nullable(),
  updatedBy: Ref,
  updatedAt: z.string(),
  version: z.int(),
});

export const Meeting = MeetingSummary.extend({
  agendaPoints: z.array(AgendaPoint),
  minutes: Minutes.nullable(),
});
export type MeetingData = z.infer<typeof Meeting>;

export const MeetingList = z.object({
  items: z.array(MeetingSummary),
  next: z.string().nullable(),
});

export const MinutesVersion = z.object({
  text: z.string(),
  decisions: z.array(z.string()),
  followups: z.array(Followup.omit({ taskId: true })),
  approvedAt: z.string().nullable(),
  version: z.int(),
  changedBy: Ref,
  changedAt: z.string(),
});
export const MinutesVersions = z.object({
  items: z.array(MinutesVersion),
  next: z.string().nullable(),
});

// ---------------------------------------------------------------- calendar feed

/** The caller's calendar feed: whether one is live. Its URL is shown once, when made. */
export const CalendarFeedInfo = z.object({
  active: z.boolean(),
  createdAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
});
export const CalendarFeedCreated = z.object({
  /** The private feed address; shown this once and never stored in clear. */
  url: z.string(),
  createdAt: z.string(),
});
