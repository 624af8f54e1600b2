import type {
  CodeChannel,
  NotifyChannel,
  PersonLanguage,
  PersonStatus,
} from '../../../shared/schemas/people.ts';
import type { Queryable } from '../../db/index.ts';

/** SQL of the people module: plain parameterised statements, the same on both databases. */

export type PersonRow = {
  id: string;
  organizationId: string;
  name: string;
  username: string;
  nationalIdEnc: string;
  mobile: string | null;
  email: string | null;
  status: PersonStatus;
  codeChannel: CodeChannel;
  notifyChannel: NotifyChannel;
  language: PersonLanguage;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  deactivatedAt: Date | null;
};

const COLUMNS = `id, organization_id as "organizationId", name, username,
  national_id_enc as "nationalIdEnc", mobile, email, status, code_channel as "codeChannel",
  notify_channel as "notifyChannel", language, version, created_at as "createdAt",
  updated_at as "updatedAt", deactivated_at as "deactivatedAt"`;

export async function personById(
  db: Queryable,
  id: string,
  lock = false,
): Promise<PersonRow | null> {
  const rows = await db.query<PersonRow>(
    lock
      ? {
          name: 'people-by-id-lock',
          text: `select ${COLUMNS} from people where id = $1 for update`,
        }
      : { name: 'people-by-id', text: `select ${COLUMNS} from people where id = $1` },
    [id],
  );
  return rows[0] ?? null;
}

export async function nationalIdTaken(db: Queryable, hash: string): Promise<boolean> {
  const rows = await db.query(
    { name: 'people-nid-taken', text: 'select 1 from people where national_id_hash = $1' },
    [hash],
  );
  return rows.length > 0;
}

/** Which of these usernames are in use (one index look-up each). */
export async function takenUsernames(db: Queryable, candidates: string[]): Promise<Set<string>> {
  const rows = await db.query<{ username: string }>(
    {
      name: 'people-usernames-taken',
      text: 'select username from people where username = any($1::text[])',
    },
    [candidates],
  );
  return new Set(rows.map((row) => row.username));
}

export type NewPerson = {
  organizationId: string;
  name: string;
  username: string;
  nationalIdEnc: string;
  nationalIdHash: string;
  mobile: string | null;
  email: string | null;
  codeChannel: CodeChannel;
  notifyChannel: NotifyChannel;
  language: PersonLanguage;
};

export async function insertPerson(db: Queryable, p: NewPerson): Promise<PersonRow> {
  const rows = await db.query<PersonRow>(
    {
      name: 'people-insert',
      text: `insert into people (organization_id, name, username, national_id_enc, national_id_hash,
          mobile, email, status, code_channel, notify_channel, language)
        values ($1, $2, $3, $4, $5, $6, $7, 'invited', $8, $9, $10)
        returning ${COLUMNS}`,
    },
    [
      p.organizationId,
      p.name,
      p.username,
      p.nationalIdEnc,
      p.nationalIdHash,
      p.mobile,
      p.email,
      p.codeChannel,
      p.notifyChannel,
      p.language,
    ],
  );
  const row = rows[0];
  if (!row) throw new Error('insert into people returned no row');
  return row;
}

export async function insertStaffRole(
  db: Queryable,
  personId: string,
  organizationId: string,
  role: string,
): Promise<void> {
  await db.query(
    'insert into staff_roles (person_id, organization_id, role) values ($1, $2, $3) on conflict do nothing',
    [personId, organizationId, role],
  );
}

/** Ends every unused invitation of a person (a new one replaces them, or the account ends). */
export async function expireInvitations(db: Queryable, personId: string): Promise<void> {
  await db.query(
    {
      name: 'invitations-expire',
      text: `update invitations set expires_at = now()
        where person_id = $1 and used_at is null and expires_at > now()`,
    },
    [personId],
  );
}

export async function insertInvitation(
  db: Queryable,
  personId: string,
  tokenHash: string,
): Promise<string> {
  const rows = await db.query<{ id: string }>(
    {
      name: 'invitations-insert',
      text: `insert into invitations (person_id, token_hash, expires_at)
        values ($1, $2, now() + interval '14 days') returning id`,
    },
    [personId, tokenHash],
  );
  const id = rows[0]?.id;
  if (!id) throw new Error('insert into invitations returned no row');
  return id;
}

export type SummaryRow = {
  id: string;
  name: string;
  username: string;
  status: PersonStatus;
  /** created_at in UTC with microseconds, for the paging cursor. */
  cursorAt: string;
};

const SUMMARY_COLUMNS = `id, name, username, status,
  to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as "cursorAt"`;

export type Cursor = { at: string; id: string };

/**
 * People of these organisations, newest first, optionally whose name holds `fragment`
 * (case-insensitive; LIKE wildcards in it are escaped). Keyset paging after `before`.
 */
export async function searchByName(
  db: Queryable,
  input: {
    organizationIds: string[];
    fragment: string | null;
    before: Cursor | null;
    limit: number;
  },
): Promise<SummaryRow[]> {
  const pattern = input.fragment === null ? null : input.fragment.replace(/[\\%_]/g, '\\$&');
  return db.query<SummaryRow>(
    {
      name: 'people-search-name',
      text: `select ${SUMMARY_COLUMNS} from people
        where organization_id = any($1::uuid[])
          and ($2::text is null or lower(name) like '%' || lower($2::text) || '%')
          and ($3::timestamptz is null or (created_at, id) < ($3::timestamptz, $4::uuid))
        order by created_at desc, id desc
        limit $5`,
    },
    [
      input.organizationIds,
      pattern,
      input.before?.at ?? null,
      input.before?.id ?? null,
      input.limit,
    ],
  );
}

/** The person with this national id, if they belong to one of these organisations. */
export async function searchByNationalIdHash(
  db: Queryable,
  organizationIds: string[],
  hash: string,
): Promise<SummaryRow[]> {
  return db.query<SummaryRow>(
    {
      name: 'people-search-nid',
      text: `select ${SUMMARY_COLUMNS} from people
        where national_id_hash = $1 and organization_id = any($2::uuid[])`,
    },
    [hash, organizationIds],
  );
}

export type PersonChanges = {
  name: string;
  mobile: string | null;
  email: string | null;
  codeChannel: CodeChannel;
  notifyChannel: NotifyChannel;
  language: PersonLanguage;
};

/** Writes the editable fields when `version` is still current; null when it is not. */
export async function updatePerson(
  db: Queryable,
  id: string,
  version: number,
  c: PersonChanges,
): Promise<PersonRow | null> {
  const rows = await db.query<PersonRow>(
    {
      name: 'people-update',
      text: `update people set name = $3, mobile = $4, email = $5, code_channel = $6,
          notify_channel = $7, language = $8, version = version + 1, updated_at = now()
        where id = $1 and version = $2
        returning ${COLUMNS}`,
    },
    [id, version, c.name, c.mobile, c.email, c.codeChannel, c.notifyChannel, c.language],
  );
  return rows[0] ?? null;
}

export async function deactivatePerson(db: Queryable, id: string): Promise<PersonRow | null> {
  const rows = await db.query<PersonRow>(
    {
      name: 'people-deactivate',
      text: `update people set status = 'deactivated', deactivated_at = now(), updated_at = now(),
          version = version + 1
        where id = $1 and status <> 'deactivated'
        returning ${COLUMNS}`,
    },
    [id],
  );
  return rows[0] ?? null;
}
