import type {
  AccessMap,
  ParticipantRole,
  PlanFacts,
  PlanStatus,
  PlanType,
} from '../../access/plans.ts';
import type { Queryable } from '../../db/index.ts';
import { type Cursor, cursorColumn } from './present.ts';

/** SQL of the plans themselves: plain parameterised statements, the same on both databases. */

export type PlanRow = {
  id: string;
  organizationId: string;
  type: PlanType;
  title: string;
  status: PlanStatus;
  ownerId: string;
  ownerName: string;
  coordinatorId: string;
  coordinatorName: string;
  periodStart: string | null;
  periodEnd: string | null;
  nextRevision: string | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
};

/** The plan part of the facts, from a row that carries it. */
export function planFactsOf(
  row: Pick<PlanRow, 'id' | 'organizationId' | 'status' | 'type' | 'ownerId' | 'coordinatorId'>,
): PlanFacts['plan'] {
  return {
    id: row.id,
    organizationId: row.organizationId,
    status: row.status,
    type: row.type,
    ownerId: row.ownerId,
    coordinatorId: row.coordinatorId,
  };
}

const PLAN_COLUMNS = `p.id, p.organization_id as "organizationId", p.type, p.title, p.status,
  p.owner_id as "ownerId", o.name as "ownerName", p.coordinator_id as "coordinatorId",
  c.name as "coordinatorName", p.period_start as "periodStart", p.period_end as "periodEnd",
  p.next_revision as "nextRevision", p.version, p.created_at as "createdAt",
  p.updated_at as "updatedAt"`;
const NAMES = 'join people o on o.id = p.owner_id join people c on c.id = p.coordinator_id';

export async function planById(db: Queryable, id: string): Promise<PlanRow | null> {
  const rows = await db.query<PlanRow>(
    { name: 'plans-by-id', text: `select ${PLAN_COLUMNS} from plans p ${NAMES} where p.id = $1` },
    [id],
  );
  return rows[0] ?? null;
}

export type NewPlan = {
  organizationId: string;
  type: PlanType;
  title: string;
  ownerId: string;
  coordinatorId: string;
  createdBy: string;
};

export async function insertPlan(db: Queryable, plan: NewPlan): Promise<string> {
  const rows = await db.query<{ id: string }>(
    {
      name: 'plans-insert',
      text: `insert into plans (organization_id, type, title, owner_id, coordinator_id, created_by)
        values ($1, $2, $3, $4, $5, $6) returning id`,
    },
    [plan.organizationId, plan.type, plan.title, plan.ownerId, plan.coordinatorId, plan.createdBy],
  );
  const id = rows[0]?.id;
  if (!id) throw new Error('insert into plans returned no row');
  return id;
}

export type PlanChanges = {
  title: string;
  status: PlanStatus;
  type: PlanType;
  periodStart: string | null;
  periodEnd: string | null;
  nextRevision: string | null;
};

/** Writes the editable fields when `version` is still current; null when it is not. */
export async function updatePlan(
  db: Queryable,
  id: string,
  version: number,
  c: PlanChanges,
): Promise<PlanRow | null> {
  const rows = await db.query<PlanRow>(
    {
      name: 'plans-update',
      text: `with p as (
          update plans set title = $3, status = $4, type = $5, period_start = $6::date,
            period_end = $7::date, next_revision = $8::date, version = version + 1, updated_at = now()
          where id = $1 and version = $2 returning *)
        select ${PLAN_COLUMNS} from p ${NAMES}`,
    },
    [id, version, c.title, c.status, c.type, c.periodStart, c.periodEnd, c.nextRevision],
  );
  return rows[0] ?? null;
}

/** Back to draft (a withdrawn plan consent): only the coordinator sees it until renewed. */
export async function setPlanDraft(db: Queryable, id: string): Promise<void> {
  await db.query(
    `update plans set status = 'draft', version = version + 1, updated_at = now()
      where id = $1 and status = 'active'`,
    [id],
  );
}

/** Points the plan at another coordinator (when the named one leaves the care team). */
export async function setPlanCoordinator(
  db: Queryable,
  id: string,
  coordinatorId: string,
): Promise<void> {
  await db.query('update plans set coordinator_id = $2, updated_at = now() where id = $1', [
    id,
    coordinatorId,
  ]);
}

/** Locks the plan row: participant changes that count coordinators run one at a time. */
export async function lockPlan(db: Queryable, id: string): Promise<void> {
  await db.query({ name: 'plans-lock', text: 'select 1 from plans where id = $1 for update' }, [
    id,
  ]);
}

export async function hasLivePlanConsent(db: Queryable, planId: string): Promise<boolean> {
  const rows = await db.query(
    {
      name: 'plans-live-plan-consent',
      text: `select 1 from consents where plan_id = $1 and kind = 'plan' and withdrawn_at is null limit 1`,
    },
    [planId],
  );
  return rows.length > 0;
}

export type MyPlanRow = PlanRow & {
  participantId: string;
  role: ParticipantRole;
  access: AccessMap;
  validUntil: Date | null;
  now: Date;
  cursorAt: string;
};

/**
 * The plans a person takes part in now, newest first. The predicate narrows through the
 * index; the access module still decides each row (plan.view) in the service.
 */
export async function listMyPlans(
  db: Queryable,
  personId: string,
  before: Cursor | null,
  limit: number,
): Promise<MyPlanRow[]> {
  return db.query<MyPlanRow>(
    {
      name: 'plans-list-mine',
      text: `select ${PLAN_COLUMNS}, pa.id as "participantId", pa.role, pa.access,
          pa.valid_until as "validUntil", now() as now, ${cursorColumn('p.created_at')} as "cursorAt"
        from participants pa join plans p on p.id = pa.plan_id ${NAMES}
        where pa.person_id = $1 and pa.removed_at is null
          and (pa.valid_until is null or pa.valid_until > now())
          and (p.status <> 'draft' or pa.role = 'coordinator')
          and ($2::timestamptz is null or (p.created_at, p.id) < ($2::timestamptz, $3::uuid))
        order by p.created_at desc, p.id desc
        limit $4`,
    },
    [personId, before?.at ?? null, before?.id ?? null, limit],
  );
}

export type OrganizationPlanRow = {
  id: string;
  organizationId: string;
  type: PlanType;
  status: PlanStatus;
  ownerId: string;
  coordinatorId: string;
  coordinatorName: string;
  participantCount: number;
  createdAt: Date;
  now: Date;
  cursorAt: string;
};

/** Plan metadata of these organisations for their administrators: no title, no content. */
export async function listOrganizationPlans(
  db: Queryable,
  organizationIds: string[],
  before: Cursor | null,
  limit: number,
): Promise<OrganizationPlanRow[]> {
  return db.query<OrganizationPlanRow>(
    {
      name: 'plans-list-organization',
      text: `select p.id, p.organization_id as "organizationId", p.type, p.status,
          p.owner_id as "ownerId", p.coordinator_id as "coordinatorId", c.name as "coordinatorName",
          (select count(*) from participants pa where pa.plan_id = p.id and pa.removed_at is null
            and (pa.valid_until is null or pa.valid_until > now()))::int as "participantCount",
          p.created_at as "createdAt", now() as now, ${cursorColumn('p.created_at')} as "cursorAt"
        from plans p join people c on c.id = p.coordinator_id
        where p.organization_id = any($1::uuid[])
          and ($2::timestamptz is null or (p.created_at, p.id) < ($2::timestamptz, $3::uuid))
        order by p.created_at desc, p.id desc
        limit $4`,
    },
    [organizationIds, before?.at ?? null, before?.id ?? null, limit],
  );
}

export type PersonRef = { id: string; organizationId: string; name: string; status: string };

export async function personRef(db: Queryable, id: string): Promise<PersonRef | null> {
  const rows = await db.query<PersonRef>(
    {
      name: 'plans-person-ref',
      text: `select id, organization_id as "organizationId", name, status from people where id = $1`,
    },
    [id],
  );
  return rows[0] ?? null;
}

/** Is the person a coordinator (staff role) of this organisation, with a live account? */
export async function isStaffCoordinator(
  db: Queryable,
  personId: string,
  organizationId: string,
): Promise<boolean> {
  const rows = await db.query(
    {
      name: 'plans-staff-coordinator',
      text: `select 1 from staff_roles r join people p on p.id = r.person_id
        where r.person_id = $1 and r.organization_id = $2 and r.role = 'coordinator'
          and p.status <> 'deactivated'`,
    },
    [personId, organizationId],
  );
  return rows.length > 0;
}
