import type { Queryable } from '../../db/index.ts';
import { type Cursor, cursorColumn } from '../plans/present.ts';

/** The SQL of the messages module: messages, their recipients and read status. */

export type RecipientRow = {
  participantId: string;
  personId: string;
  name: string;
  role: string;
  functionTitle: string | null;
  organizationName: string | null;
  removed: boolean;
  readAt: string | null;
};

export type MessageRow = {
  id: string;
  planId: string;
  threadId: string;
  replyToId: string | null;
  subject: string | null;
  body: string;
  version: number;
  createdAt: Date;
  editedAt: Date | null;
  withdrawnAt: Date | null;
  cursorAt: string;
  senderId: string;
  senderParticipantId: string;
  senderName: string;
  senderRole: string;
  senderFunction: string | null;
  senderOrganization: string | null;
  senderRemoved: boolean;
  recipients: RecipientRow[];
};

const MESSAGE_COLUMNS = `m.id, m.plan_id as "planId", m.thread_id as "threadId", m.reply_to_id as "replyToId",
  m.subject, m.body, m.version, m.created_at as "createdAt", m.edited_at as "editedAt",
  m.withdrawn_at as "withdrawnAt", ${cursorColumn('m.created_at')} as "cursorAt",
  m.sender_id as "senderId", sp.id as "senderParticipantId", s.name as "senderName",
  sp.role as "senderRole", sp.function_title as "senderFunction",
  sp.organization_name as "senderOrganization", sp.removed_at is not null as "senderRemoved",
  coalesce((
    select json_agg(json_build_object(
      'participantId', r.participant_id, 'personId', r.person_id, 'name', rp.name,
      'role', pp.role, 'functionTitle', pp.function_title,
      'organizationName', pp.organization_name, 'removed', pp.removed_at is not null,
      'readAt', ${cursorColumn('r.read_at')}) order by rp.name, r.participant_id)
    from message_recipients r
    join participants pp on pp.id = r.participant_id
    join people rp on rp.id = r.person_id
    where r.message_id = m.id), '[]'::json) as recipients`;

const MESSAGE_FROM = `from messages m
  join participants sp on sp.id = m.sender_participant_id
  join people s on s.id = m.sender_id`;

/** Messages of the plan the person sent or received, newest first (limit + 1 rows). */
export async function listMessages(
  db: Queryable,
  args: {
    planId: string;
    personId: string;
    limit: number;
    before: Cursor | null;
    threadId: string | null;
  },
): Promise<MessageRow[]> {
  return db.query<MessageRow>(
    {
      name: 'messages_list',
      text: `select ${MESSAGE_COLUMNS} ${MESSAGE_FROM}
        where m.plan_id = $1
          and (m.sender_id = $2 or exists (
            select 1 from message_recipients r where r.message_id = m.id and r.person_id = $2))
          and ($4::uuid is null or m.thread_id = $4)
          and ($5::text is null
            or (${cursorColumn('m.created_at')}, m.id) < ($5::text, $6::uuid))
        order by m.created_at desc, m.id desc
        limit $3`,
    },
    [
      args.planId,
      args.personId,
      args.limit + 1,
      args.threadId,
      args.before?.at ?? null,
      args.before?.id ?? null,
    ],
  );
}

/** Messages across several plans (the inbox), newest first (limit + 1 rows). */
export async function listInbox(
  db: Queryable,
  args: { planIds: string[]; personId: string; limit: number; before: Cursor | null },
): Promise<(MessageRow & { planTitle: string })[]> {
  return db.query(
    {
      name: 'messages_inbox',
      text: `select ${MESSAGE_COLUMNS}, pl.title as "planTitle" ${MESSAGE_FROM}
        join plans pl on pl.id = m.plan_id
        where m.plan_id = any($1::uuid[])
          and (m.sender_id = $2 or exists (
            select 1 from message_recipients r where r.message_id = m.id and r.person_id = $2))
          and ($4::text is null
            or (${cursorColumn('m.created_at')}, m.id) < ($4::text, $5::uuid))
        order by m.created_at desc, m.id desc
        limit $3`,
    },
    [args.planIds, args.personId, args.limit + 1, args.before?.at ?? null, args.before?.id ?? null],
  );
}

export async function messageById(
  db: Queryable,
  planId: string,
  messageId: string,
  lock = false,
): Promise<MessageRow | null> {
  const rows = await db.query<MessageRow>(
    `select ${MESSAGE_COLUMNS} ${MESSAGE_FROM}
      where m.plan_id = $1 and m.id = $2 ${lock ? 'for update of m' : ''}`,
    [planId, messageId],
  );
  return rows[0] ?? null;
}

/** Unread messages for a person, per plan, among the given plans. */
export async function unreadByPlan(
  db: Queryable,
  personId: string,
  planIds: string[],
): Promise<{ planId: string; unread: number }[]> {
  return db.query(
    {
      name: 'messages_unread_by_plan',
      text: `select m.plan_id as "planId", count(*)::int as unread
        from message_recipients r join messages m on m.id = r.message_id
        where r.person_id = $1 and r.read_at is null and m.withdrawn_at is null
          and m.plan_id = any($2::uuid[])
        group by m.plan_id`,
    },
    [personId, planIds],
  );
}

export async function insertMessage(
  db: Queryable,
  m: {
    planId: string;
    threadId: string | null;
    replyToId: string | null;
    senderId: string;
    senderParticipantId: string;
    subject: string | null;
    body: string;
    recipients: { participantId: string; personId: string }[];
  },
): Promise<string> {
  const rows = await db.query<{ id: string }>(
    {
      name: 'messages_insert',
      text: `with m as (
          insert into messages (id, plan_id, thread_id, reply_to_id, sender_id,
            sender_participant_id, subject, body)
          select id, $1, coalesce($2::uuid, id), $3, $4, $5, $6, $7
          from (select gen_random_uuid() as id) g
          returning id
        ), r as (
          insert into message_recipients (message_id, participant_id, person_id)
          select m.id, x.participant_id, x.person_id
          from m, unnest($8::uuid[], $9::uuid[]) as x(participant_id, person_id)
        )
        select id from m`,
    },
    [
      m.planId,
      m.threadId,
      m.replyToId,
      m.senderId,
      m.senderParticipantId,
      m.subject,
      m.body,
      m.recipients.map((r) => r.participantId),
      m.recipients.map((r) => r.personId),
    ],
  );
  const id = rows[0]?.id;
  if (!id) throw new Error('message insert returned no id');
  return id;
}

/** Marks the person's copy read; true when it was unread until now. */
export async function markRead(
  db: Queryable,
  messageId: string,
  personId: string,
): Promise<boolean> {
  const rows = await db.query<{ messageId: string }>(
    {
      name: 'messages_mark_read',
      text: `update message_recipients set read_at = now()
        where message_id = $1 and person_id = $2 and read_at is null
        returning message_id as "messageId"`,
    },
    [messageId, personId],
  );
  return rows.length > 0;
}

export async function editMessage(
  db: Queryable,
  messageId: string,
  changes: { subject: string | null; body: string },
): Promise<void> {
  await db.query(
    `update messages set subject = $2, body = $3, version = version + 1, edited_at = now()
      where id = $1`,
    [messageId, changes.subject, changes.body],
  );
}

export async function withdrawMessage(db: Queryable, messageId: string): Promise<void> {
  await db.query(`update messages set withdrawn_at = now(), version = version + 1 where id = $1`, [
    messageId,
  ]);
}

/** The plans a person takes part in (not removed): where their messages may be. */
export async function participationPlanIds(db: Queryable, personId: string): Promise<string[]> {
  const rows = await db.query<{ planId: string }>(
    {
      name: 'messages_participation_plans',
      text: `select distinct plan_id as "planId" from participants
        where person_id = $1 and removed_at is null`,
    },
    [personId],
  );
  return rows.map((row) => row.planId);
}

export async function planTitles(db: Queryable, planIds: string[]): Promise<Map<string, string>> {
  if (planIds.length === 0) return new Map();
  const rows = await db.query<{ id: string; title: string }>(
    {
      name: 'messages_plan_titles',
      text: 'select id, title from plans where id = any($1::uuid[])',
    },
    [planIds],
  );
  return new Map(rows.map((row) => [row.id, row.title]));
}
