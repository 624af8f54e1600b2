import type { Queryable } from '../../db/index.ts';

/** The SQL of the calendar feeds: each person's feed secret, and the meetings it shows. */

export type FeedRow = { id: string; createdAt: Date; lastUsedAt: Date | null };

export async function liveFeedOf(db: Queryable, personId: string): Promise<FeedRow | null> {
  const rows = await db.query<FeedRow>(
    `select id, created_at as "createdAt", last_used_at as "lastUsedAt" from calendar_feeds
      where person_id = $1 and revoked_at is null`,
    [personId],
  );
  return rows[0] ?? null;
}

/** Revokes the person's live feed, if any; true when there was one. */
export async function revokeFeed(db: Queryable, personId: string): Promise<boolean> {
  const rows = await db.query<{ id: string }>(
    `update calendar_feeds set revoked_at = now() where person_id = $1 and revoked_at is null
      returning id`,
    [personId],
  );
  return rows.length > 0;
}

export async function insertFeed(
  db: Queryable,
  personId: string,
  secretHash: string,
): Promise<FeedRow> {
  const rows = await db.query<FeedRow>(
    `insert into calendar_feeds (person_id, secret_hash) values ($1, $2)
      returning id, created_at as "createdAt", last_used_at as "lastUsedAt"`,
    [personId, secretHash],
  );
  const row = rows[0];
  if (!row) throw new Error('calendar feed insert returned no row');
  return row;
}

export type FeedOwnerRow = {
  feedId: string;
  personId: string;
  organizationId: string;
};

/** The live feed with this secret hash and its person, while the person is active. */
export async function feedOwner(db: Queryable, secretHash: string): Promise<FeedOwnerRow | null> {
  const rows = await db.query<FeedOwnerRow>(
    {
      name: 'calendar_feed_owner',
      text: `select f.id as "feedId", f.person_id as "personId", p.organization_id as "organizationId"
        from calendar_feeds f join people p on p.id = f.person_id
        where f.secret_hash = $1 and f.revoked_at is null and p.status = 'active'`,
    },
    [secretHash],
  );
  return rows[0] ?? null;
}

export async function touchFeed(db: Queryable, feedId: string): Promise<void> {
  await db.query(
    `update calendar_feeds set last_used_at = now()
      where id = $1 and (last_used_at is null or last_used_at < now() - interval '1 minute')`,
    [feedId],
  );
}

/**
 * The plans in which the person is invited to a meeting within the feed's window. An
 * invitation taken back drops the meeting from the feed (see invitees.ts).
 */
export async function feedPlanIds(db: Queryable, personId: string): Promise<string[]> {
  const rows = await db.query<{ planId: string }>(
    {
      name: 'calendar_feed_plans',
      text: `select distinct m.plan_id as "planId"
        from meeting_invitees i join meetings m on m.id = i.meeting_id
        where i.person_id = $1 and i.removed_at is null
          and m.ends_at > now() - interval '90 days'`,
    },
    [personId],
  );
  return rows.map((row) => row.planId);
}

/** What a calendar shows of a meeting: its title as chosen, time, place — nothing more. */
export type CalendarRow = {
  id: string;
  planId: string;
  title: string;
  startsAt: Date;
  endsAt: Date;
  location: string;
  status: 'scheduled' | 'cancelled';
  sequence: number;
  createdAt: Date;
  updatedAt: Date;
};

const CALENDAR_COLUMNS = `m.id, m.plan_id as "planId", m.title, m.starts_at as "startsAt",
  m.ends_at as "endsAt", m.location, m.status, m.sequence, m.created_at as "createdAt",
  m.updated_at as "updatedAt"`;

/** The person's meetings in these plans, from 90 days back, oldest first. */
export async function feedMeetings(
  db: Queryable,
  personId: string,
  planIds: string[],
): Promise<CalendarRow[]> {
  if (planIds.length === 0) return [];
  return db.query<CalendarRow>(
    {
      name: 'calendar_feed_meetings',
      text: `select ${CALENDAR_COLUMNS}
        from meeting_invitees i join meetings m on m.id = i.meeting_id
        where i.person_id = $1 and i.removed_at is null and m.plan_id = any($2::uuid[])
          and m.ends_at > now() - interval '90 days'
        order by m.starts_at, m.id limit 1000`,
    },
    [personId, planIds],
  );
}
