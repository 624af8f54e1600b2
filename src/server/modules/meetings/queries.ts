import type { Queryable } from '../../db/index.ts';
import { type Cursor, cursorColumn } from '../plans/present.ts';

/**
 * The SQL of the meetings module: meetings, invitees, agenda points, minutes, and what the
 * notification worker re-reads (calendar feeds: feed-queries.ts).
 */

/** One invitation in force (one taken back is not an invitee any more, see invitees.ts). */
export type InviteeRow = {
  participantId: string;
  personId: string;
  name: string;
  role: string;
  functionTitle: string | null;
  organizationName: string | null;
  /** The participant was removed from the plan (the invitation itself still stands). */
  removed: boolean;
  answer: 'yes' | 'no' | 'maybe' | null;
  answeredAt: string | null;
};

export type MeetingRow = {
  id: string;
  planId: string;
  title: string;
  startsAt: Date;
  endsAt: Date;
  location: string;
  agenda: string;
  status: 'scheduled' | 'cancelled';
  sequence: number;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  cancelledAt: Date | null;
  cursorAt: string;
  createdById: string;
  createdByName: string;
  hasMinutes: boolean;
  invitees: InviteeRow[];
};

const MEETING_COLUMNS = `m.id, m.plan_id as "planId", m.title, m.starts_at as "startsAt",
  m.ends_at as "endsAt", m.location, m.agenda, m.status, m.sequence, m.version,
  m.created_at as "createdAt", m.updated_at as "updatedAt", m.cancelled_at as "cancelledAt",
  ${cursorColumn('m.starts_at')} as "cursorAt", m.created_by as "createdById",
  c.name as "createdByName",
  exists (select 1 from meeting_minutes mm where mm.meeting_id = m.id) as "hasMinutes",
  coalesce((
    select json_agg(json_build_object(
      'participantId', i.participant_id, 'personId', i.person_id, 'name', ip.name,
      'role', pa.role, 'functionTitle', pa.function_title,
      'organizationName', pa.organization_name, 'removed', pa.removed_at is not null,
      'answer', i.answer, 'answeredAt', ${cursorColumn('i.answered_at')})
      order by ip.name, i.participant_id)
    from meeting_invitees i
    join participants pa on pa.id = i.participant_id
    join people ip on ip.id = i.person_id
    where i.meeting_id = m.id and i.removed_at is null), '[]'::json) as invitees`;

const MEETING_FROM = 'from meetings m join people c on c.id = m.created_by';

export type MeetingScope = 'all' | 'upcoming' | 'past';

/**
 * The plan's meetings (limit + 1 rows): `upcoming` (not yet ended) soonest first, `past`
 * and `all` newest first, each with a keyset cursor on (starts_at, id).
 */
export async function listMeetings(
  db: Queryable,
  args: { planId: string; scope: MeetingScope; limit: number; before: Cursor | null },
): Promise<MeetingRow[]> {
  const params = [args.planId, args.limit + 1, args.before?.at ?? null, args.before?.id ?? null];
  const key = `(${cursorColumn('m.starts_at')}, m.id)`;
  if (args.scope === 'upcoming') {
    return db.query<MeetingRow>(
      {
        name: 'meetings_list_upcoming',
        text: `select ${MEETING_COLUMNS} ${MEETING_FROM}
          where m.plan_id = $1 and m.ends_at >= now()
            and ($3::text is null or ${key} > ($3::text, $4::uuid))
          order by m.starts_at, m.id limit $2`,
      },
      params,
    );
  }
  return db.query<MeetingRow>(
    {
      name: args.scope === 'past' ? 'meetings_list_past' : 'meetings_list_all',
      text: `select ${MEETING_COLUMNS} ${MEETING_FROM}
        where m.plan_id = $1 ${args.scope === 'past' ? 'and m.ends_at < now()' : ''}
          and ($3::text is null or ${key} < ($3::text, $4::uuid))
        order by m.starts_at desc, m.id desc limit $2`,
    },
    params,
  );
}

export async function meetingById(
  db: Queryable,
  planId: string,
  meetingId: string,
  lock = false,
): Promise<MeetingRow | null> {
  const rows = await db.query<MeetingRow>(
    `select ${MEETING_COLUMNS} ${MEETING_FROM}
      where m.plan_id = $1 and m.id = $2 ${lock ? 'for update of m' : ''}`,
    [planId, meetingId],
  );
  return rows[0] ?? null;
}

export async function insertMeeting(
  db: Queryable,
  m: {
    planId: string;
    title: string;
    startsAt: string;
    endsAt: string;
    location: string;
    agenda: string;
    by: string;
    invitees: { participantId: string; personId: string; answer: 'yes' | null }[];
  },
): Promise<string> {
  const rows = await db.query<{ id: string }>(
    {
      name: 'meetings_insert',
      text: `with m as (
          insert into meetings (plan_id, title, starts_at, ends_at, location, agenda, created_by, updated_by)
          values ($1, $2, $3::timestamptz, $4::timestamptz, $5, $6, $7, $7)
          returning id
        ), i as (
          insert into meeting_invitees (meeting_id, participant_id, person_id, answer, answered_at)
          select m.id, x.participant_id, x.person_id, x.answer,
            case when x.answer is null then null else now() end
          from m, unnest($8::uuid[], $9::uuid[], $10::text[]) as x(participant_id, person_id, answer)
        )
        select id from m`,
    },
    [
      m.planId,
      m.title,
      m.startsAt,
      m.endsAt,
      m.location,
      m.agenda,
      m.by,
      m.invitees.map((x) => x.participantId),
      m.invitees.map((x) => x.personId),
      m.invitees.map((x) => x.answer),
    ],
  );
  const id = rows[0]?.id;
  if (!id) throw new Error('meeting insert returned no id');
  return id;
}

export async function updateMeeting(
  db: Queryable,
  meetingId: string,
  next: {
    title: string;
    startsAt: string;
    endsAt: string;
    location: string;
    agenda: string;
    cancel: boolean;
    bumpSequence: boolean;
    by: string;
  },
): Promise<void> {
  await db.query(
    `update meetings set title = $2, starts_at = $3::timestamptz, ends_at = $4::timestamptz,
        location = $5, agenda = $6,
        status = case when $7::boolean then 'cancelled' else status end,
        cancelled_at = case when $7::boolean then now() else cancelled_at end,
        cancelled_by = case when $7::boolean then $9::uuid else cancelled_by end,
        sequence = sequence + case when $8::boolean then 1 else 0 end,
        version = version + 1, updated_by = $9, updated_at = now()
      where id = $1`,
    [
      meetingId,
      next.title,
      next.startsAt,
      next.endsAt,
      next.location,
      next.agenda,
      next.cancel,
      next.bumpSequence,
      next.by,
    ],
  );
}

/** Sets an invitee's answer; false when the person is not (or no longer) invited. */
export async function setAnswer(
  db: Queryable,
  meetingId: string,
  personId: string,
  answer: 'yes' | 'no' | 'maybe',
): Promise<boolean> {
  const rows = await db.query<{ meetingId: string }>(
    {
      name: 'meetings_set_answer',
      text: `update meeting_invitees set answer = $3, answered_at = now()
        where meeting_id = $1 and person_id = $2 and removed_at is null
        returning meeting_id as "meetingId"`,
    },
    [meetingId, personId, answer],
  );
  return rows.length > 0;
}

export type AgendaPointRow = {
  id: string;
  text: string;
  participantId: string;
  name: string;
  createdAt: Date;
};

export async function agendaPoints(db: Queryable, meetingId: string): Promise<AgendaPointRow[]> {
  return db.query<AgendaPointRow>(
    {
      name: 'meetings_agenda_points',
      text: `select a.id, a.text, a.added_by_participant as "participantId", p.name,
          a.created_at as "createdAt"
        from meeting_agenda_points a join people p on p.id = a.added_by
        where a.meeting_id = $1 order by a.created_at, a.id`,
    },
    [meetingId],
  );
}

export async function insertAgendaPoint(
  db: Queryable,
  point: { meetingId: string; text: string; by: string; participantId: string },
): Promise<string> {
  const rows = await db.query<{ id: string }>(
    `insert into meeting_agenda_points (meeting_id, text, added_by, added_by_participant)
      values ($1, $2, $3, $4) returning id`,
    [point.meetingId, point.text, point.by, point.participantId],
  );
  const id = rows[0]?.id;
  if (!id) throw new Error('agenda point insert returned no id');
  return id;
}

/** The stored form of the minutes (`meeting_minutes.data`). */
export type StoredFollowup = {
  id: string;
  text: string;
  assigneeId: string | null;
  dueDate: string | null;
};
export type MinutesData = { text: string; decisions: string[]; followups: StoredFollowup[] };

export type MinutesRow = {
  data: MinutesData;
  version: number;
  approvedAt: Date | null;
  approvedById: string | null;
  approvedByName: string | null;
  updatedById: string;
  updatedByName: string;
  updatedAt: Date;
};

export async function minutesOf(
  db: Queryable,
  meetingId: string,
  lock = false,
): Promise<MinutesRow | null> {
  const rows = await db.query<MinutesRow>(
    `select mm.data, mm.version, mm.approved_at as "approvedAt", mm.approved_by as "approvedById",
        ap.name as "approvedByName", mm.updated_by as "updatedById", up.name as "updatedByName",
        mm.updated_at as "updatedAt"
      from meeting_minutes mm
      join people up on up.id = mm.updated_by
      left join people ap on ap.id = mm.approved_by
      where mm.meeting_id = $1 ${lock ? 'for update of mm' : ''}`,
    [meetingId],
  );
  return rows[0] ?? null;
}

export async function insertMinutes(
  db: Queryable,
  meetingId: string,
  data: MinutesData,
  by: string,
  approve: boolean,
): Promise<void> {
  await db.query(
    `insert into meeting_minutes (meeting_id, data, approved_at, approved_by, updated_by)
      values ($1, $2::jsonb, case when $4::boolean then now() end,
        case when $4::boolean then $3::uuid end, $3)`,
    [meetingId, JSON.stringify(data), by, approve],
  );
}

/**
 * Writes new minutes over the locked current ones. Once approved, the version replaced is
 * kept first (with who wrote it and when), so that what was approved stays on record.
 */
export async function updateMinutes(
  db: Queryable,
  meetingId: string,
  old: MinutesRow,
  next: { data: MinutesData; by: string; approve: boolean },
): Promise<void> {
  if (old.approvedAt !== null) {
    await db.query(
      `insert into meeting_minutes_versions (meeting_id, version, data, approved_at, approved_by,
          changed_by, changed_at)
        values ($1, $2, $3::jsonb, $4, $5, $6, $7)`,
      [
        meetingId,
        old.version,
        JSON.stringify(old.data),
        old.approvedAt,
        old.approvedById,
        old.updatedById,
        old.updatedAt,
      ],
    );
  }
  await db.query(
    `update meeting_minutes set data = $2::jsonb, version = version + 1, updated_by = $3,
        updated_at = now(),
        approved_at = case when $4::boolean then now() else approved_at end,
        approved_by = case when $4::boolean then $3::uuid else approved_by end
      where meeting_id = $1`,
    [meetingId, JSON.stringify(next.data), next.by, next.approve],
  );
}

export type MinutesVersionRow = {
  data: MinutesData;
  version: number;
  approvedAt: Date | null;
  changedById: string;
  changedByName: string;
  changedAt: Date;
};

/** Kept versions of approved minutes, newest first, before version `before` if given. */
export async function minutesVersions(
  db: Queryable,
  meetingId: string,
  before: number | null,
  limit: number,
): Promise<MinutesVersionRow[]> {
  return db.query<MinutesVersionRow>(
    `select v.data, v.version, v.approved_at as "approvedAt", v.changed_by as "changedById",
        p.name as "changedByName", v.changed_at as "changedAt"
      from meeting_minutes_versions v join people p on p.id = v.changed_by
      where v.meeting_id = $1 and ($2::int is null or v.version < $2::int)
      order by v.version desc limit $3`,
    [meetingId, before, limit],
  );
}

export type NoticeState = {
  planId: string;
  status: 'scheduled' | 'cancelled';
  sequence: number;
  ended: boolean;
  /** Invited, and still in the plan's team. */
  invited: boolean;
  /** The meeting's SEQUENCE when they were (last) invited; null when not invited. */
  invitedSequence: number | null;
  /** Their invitation was taken back (and they are still in the plan's team). */
  uninvited: boolean;
};

/** What the notification worker re-reads before it tells an invitee of a meeting. */
export async function noticeState(
  db: Queryable,
  meetingId: string,
  personId: string,
): Promise<NoticeState | null> {
  const rows = await db.query<NoticeState>(
    {
      name: 'meetings_notice_state',
      text: `select m.plan_id as "planId", m.status, m.sequence, m.ends_at <= now() as ended,
          i.person_id is not null and i.removed_at is null as invited,
          case when i.removed_at is null then i.invited_sequence end as "invitedSequence",
          i.removed_at is not null as uninvited
        from meetings m
        left join lateral (
          select i.person_id, i.removed_at, i.invited_sequence
          from meeting_invitees i join participants pa on pa.id = i.participant_id
          where i.meeting_id = m.id and i.person_id = $2 and pa.removed_at is null
          order by i.removed_at nulls first limit 1
        ) i on true
        where m.id = $1`,
    },
    [meetingId, personId],
  );
  return rows[0] ?? null;
}
