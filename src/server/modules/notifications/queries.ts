import type { Queryable } from '../../db/index.ts';
import type { Lang } from '../delivery/templates.ts';

/**
 * The statements of the notifications module. A person's channel, addresses and language
 * live on `people`; what went out lives in `deliveries`. No statement here returns a
 * message's text: notifications only ever learn that something is waiting.
 */

export type NotifyChannel = 'sms' | 'email' | 'none';

/** What a notification needs of a person, read fresh when it is queued and when it is sent. */
export type Reachable = {
  id: string;
  status: 'invited' | 'active' | 'deactivated';
  channel: NotifyChannel;
  atNight: boolean;
  mobile: string | null;
  email: string | null;
  language: Lang;
};

const REACHABLE_COLUMNS = `id, status, notify_channel as channel, notify_at_night as "atNight",
  mobile, email, language`;

export async function reachablePeople(q: Queryable, ids: readonly string[]): Promise<Reachable[]> {
  if (ids.length === 0) return [];
  return q.query<Reachable>(
    {
      name: 'notify-reachable',
      text: `select ${REACHABLE_COLUMNS} from people where id = any($1::uuid[])`,
    },
    [ids],
  );
}

export async function reachablePerson(q: Queryable, id: string): Promise<Reachable | null> {
  const [row] = await q.query<Reachable>(
    { name: 'notify-reachable-one', text: `select ${REACHABLE_COLUMNS} from people where id = $1` },
    [id],
  );
  return row ?? null;
}

/** The address the person's chosen channel uses, or null when there is none to use. */
export function addressOf(person: Reachable): { channel: 'sms' | 'email'; to: string } | null {
  if (person.status !== 'active') return null;
  if (person.channel === 'sms' && person.mobile) return { channel: 'sms', to: person.mobile };
  if (person.channel === 'email' && person.email) return { channel: 'email', to: person.email };
  return null;
}

/**
 * Plans in which the person has an unread, not withdrawn message sent no earlier than the
 * message that queued the notification (later ones were gathered into the same batch).
 */
export async function plansWithUnreadSince(
  q: Queryable,
  personId: string,
  subjectId: string,
): Promise<string[]> {
  const rows = await q.query<{ planId: string }>(
    {
      name: 'notify-unread-plans',
      text: `select distinct m.plan_id as "planId"
          from message_recipients r
          join messages m on m.id = r.message_id
         where r.person_id = $1 and r.read_at is null and m.withdrawn_at is null
           and m.created_at >= (select s.created_at from messages s where s.id = $2)`,
    },
    [personId, subjectId],
  );
  return rows.map((row) => row.planId);
}

// ------------------------------------------------------------------ settings

export type SettingsRow = {
  id: string;
  organizationId: string;
  channel: NotifyChannel;
  atNight: boolean;
  hasMobile: boolean;
  hasEmail: boolean;
};

const SETTINGS_COLUMNS = `id, organization_id as "organizationId", notify_channel as channel,
  notify_at_night as "atNight", mobile is not null as "hasMobile", email is not null as "hasEmail"`;

export async function settingsOf(
  q: Queryable,
  personId: string,
  lock = false,
): Promise<SettingsRow | null> {
  const [row] = await q.query<SettingsRow>(
    `select ${SETTINGS_COLUMNS} from people where id = $1${lock ? ' for update' : ''}`,
    [personId],
  );
  return row ?? null;
}

export async function saveSettings(
  q: Queryable,
  personId: string,
  channel: NotifyChannel,
  atNight: boolean,
): Promise<SettingsRow | null> {
  const [row] = await q.query<SettingsRow>(
    `update people
        set notify_channel = $2, notify_at_night = $3, version = version + 1, updated_at = now()
      where id = $1
      returning ${SETTINGS_COLUMNS}`,
    [personId, channel, atNight],
  );
  return row ?? null;
}

// ------------------------------------------------------------------ status

export type StatusRow = {
  participantId: string;
  personStatus: Reachable['status'];
  channel: NotifyChannel;
  hasMobile: boolean;
  hasEmail: boolean;
  lastStatus: 'pending' | 'sent' | 'failed' | null;
  lastAt: Date | null;
  failedAt: Date | null;
  reason: string | null;
  /** The database's clock, to judge how long a delivery has been pending. */
  now: Date;
};

/**
 * Each current (not removed) participant of a plan with their channel and the newest
 * notification delivery to them — its status and generic reason, never text or address.
 */
export async function notificationStatus(
  q: Queryable,
  planId: string,
  templates: readonly string[],
): Promise<StatusRow[]> {
  return q.query<StatusRow>(
    {
      name: 'notify-status',
      text: `select pa.id as "participantId", pe.status as "personStatus", pe.notify_channel as channel,
          pe.mobile is not null as "hasMobile", pe.email is not null as "hasEmail",
          d.status as "lastStatus", d.created_at as "lastAt", d.failed_at as "failedAt",
          d.last_error as reason, now() as now
        from participants pa
        join people pe on pe.id = pa.person_id
        left join lateral (
          select status, created_at, failed_at, last_error from deliveries
           where person_id = pa.person_id and template = any($2::text[])
           order by created_at desc limit 1
        ) d on true
        where pa.plan_id = $1 and pa.removed_at is null
        order by pa.created_at, pa.id`,
    },
    [planId, templates],
  );
}
