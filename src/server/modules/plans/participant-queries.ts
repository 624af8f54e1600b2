import type { AccessMap, ParticipantRole } from '../../access/plans.ts';
import type { Queryable } from '../../db/index.ts';

/** SQL of the care team. A removed participant's row stays (what they wrote keeps a name). */

export type ParticipantRow = {
  id: string;
  planId: string;
  personId: string;
  name: string;
  role: ParticipantRole;
  functionTitle: string | null;
  organizationName: string | null;
  responsibility: string | null;
  access: AccessMap;
  validUntil: Date | null;
  active: boolean;
  version: number;
  createdAt: Date;
};

const COLUMNS = `pa.id, pa.plan_id as "planId", pa.person_id as "personId", pe.name, pa.role,
  pa.function_title as "functionTitle", pa.organization_name as "organizationName",
  pa.responsibility, pa.access, pa.valid_until as "validUntil",
  (pa.valid_until is null or pa.valid_until > now()) as active, pa.version,
  pa.created_at as "createdAt"`;

/**
 * `validUntil` as sent: a calendar day means through that day in Norwegian time (access
 * ends at the next midnight in Oslo); a time with offset is used as it is.
 */
const validUntilSql = (param: string) =>
  `case when ${param}::text ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'
     then ((${param}::text)::date + 1)::timestamp at time zone 'Europe/Oslo'
     else (${param}::text)::timestamptz end`;

/** The care team: the owner's side first, then coordinators, relatives, professionals. */
export async function listParticipants(db: Queryable, planId: string): Promise<ParticipantRow[]> {
  return db.query<ParticipantRow>(
    {
      name: 'participants-list',
      text: `select ${COLUMNS} from participants pa join people pe on pe.id = pa.person_id
        where pa.plan_id = $1 and pa.removed_at is null
        order by case pa.role when 'owner' then 0 when 'guardian' then 1 when 'coordinator' then 2
          when 'relative' then 3 else 4 end, pa.created_at, pa.id`,
    },
    [planId],
  );
}

/** A participant of this plan (not removed); null for an id of another plan (Z12). */
export async function participantInPlan(
  db: Queryable,
  planId: string,
  participantId: string,
): Promise<ParticipantRow | null> {
  const rows = await db.query<ParticipantRow>(
    {
      name: 'participants-in-plan',
      text: `select ${COLUMNS} from participants pa join people pe on pe.id = pa.person_id
        where pa.id = $2 and pa.plan_id = $1 and pa.removed_at is null`,
    },
    [planId, participantId],
  );
  return rows[0] ?? null;
}

/** The person's current (not removed) participation in the plan, if any. */
export async function participationOf(
  db: Queryable,
  planId: string,
  personId: string,
): Promise<ParticipantRow | null> {
  const rows = await db.query<ParticipantRow>(
    {
      name: 'participants-of-person',
      text: `select ${COLUMNS} from participants pa join people pe on pe.id = pa.person_id
        where pa.plan_id = $1 and pa.person_id = $2 and pa.removed_at is null`,
    },
    [planId, personId],
  );
  return rows[0] ?? null;
}

export type NewParticipant = {
  planId: string;
  personId: string;
  role: ParticipantRole;
  functionTitle: string | null;
  organizationName: string | null;
  responsibility: string | null;
  access: AccessMap;
  /** As sent: a calendar date or a time with offset. */
  validUntil: string | null;
  createdBy: string;
};

export async function insertParticipant(db: Queryable, p: NewParticipant): Promise<ParticipantRow> {
  const rows = await db.query<ParticipantRow>(
    {
      name: 'participants-insert',
      text: `with pa as (
          insert into participants (plan_id, person_id, role, function_title, organization_name,
            responsibility, access, valid_until, created_by)
          values ($1, $2, $3, $4, $5, $6, $7::jsonb,
            case when $8::text is null then null else ${validUntilSql('$8')} end, $9)
          returning *)
        select ${COLUMNS} from pa join people pe on pe.id = pa.person_id`,
    },
    [
      p.planId,
      p.personId,
      p.role,
      p.functionTitle,
      p.organizationName,
      p.responsibility,
      JSON.stringify(p.access),
      p.validUntil,
      p.createdBy,
    ],
  );
  const row = rows[0];
  if (!row) throw new Error('insert into participants returned no row');
  return row;
}

export type ParticipantChanges = {
  role: ParticipantRole;
  functionTitle: string | null;
  organizationName: string | null;
  responsibility: string | null;
  access: AccessMap;
  /** undefined keeps the stored value; null clears it; otherwise as sent. */
  validUntil: string | null | undefined;
};

/** Writes the fields when `version` is still current; null when it is not. */
export async function updateParticipant(
  db: Queryable,
  id: string,
  version: number,
  c: ParticipantChanges,
): Promise<ParticipantRow | null> {
  const rows = await db.query<ParticipantRow>(
    {
      name: 'participants-update',
      text: `with pa as (
          update participants set role = $3, function_title = $4, organization_name = $5,
            responsibility = $6, access = $7::jsonb,
            valid_until = case when not $8::boolean then valid_until
              when $9::text is null then null else ${validUntilSql('$9')} end,
            version = version + 1
          where id = $1 and version = $2 and removed_at is null
          returning *)
        select ${COLUMNS} from pa join people pe on pe.id = pa.person_id`,
    },
    [
      id,
      version,
      c.role,
      c.functionTitle,
      c.organizationName,
      c.responsibility,
      JSON.stringify(c.access),
      c.validUntil !== undefined,
      c.validUntil ?? null,
    ],
  );
  return rows[0] ?? null;
}

export async function removeParticipant(
  db: Queryable,
  id: string,
  removedBy: string,
): Promise<boolean> {
  const rows = await db.query(
    {
      name: 'participants-remove',
      text: `update participants set removed_at = now(), removed_by = $2, version = version + 1
        where id = $1 and removed_at is null returning id`,
    },
    [id, removedBy],
  );
  return rows.length > 0;
}

/** Coordinators of the plan other than this participant, still taking part (not expired). */
export async function otherCoordinators(
  db: Queryable,
  planId: string,
  exceptParticipantId: string,
): Promise<{ personId: string }[]> {
  return db.query<{ personId: string }>(
    {
      name: 'participants-other-coordinators',
      text: `select person_id as "personId" from participants
        where plan_id = $1 and id <> $2 and role = 'coordinator' and removed_at is null
          and (valid_until is null or valid_until > now())
        order by created_at, id`,
    },
    [planId, exceptParticipantId],
  );
}
