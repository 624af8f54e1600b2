import type {
  AccessMap,
  ParticipantRole,
  PlanFacts,
  PlanStatus,
  PlanType,
} from '../../access/plans.ts';
import type { Queryable } from '../../db/index.ts';

type FactsRow = {
  id: string;
  organizationId: string;
  status: PlanStatus;
  type: PlanType;
  ownerId: string;
  coordinatorId: string;
  participantId: string | null;
  role: ParticipantRole | null;
  access: AccessMap | null;
  validUntil: Date | null;
  sharingConsent: boolean;
  now: Date;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Everything the access module needs about one plan and one person, in one statement:
 * the plan, the person's participation (not removed), whether a sharing consent covers
 * it, and the database's clock. null when the plan does not exist (or the id is not one).
 */
export async function loadPlanFacts(
  db: Queryable,
  planId: string,
  personId: string,
): Promise<PlanFacts | null> {
  if (!UUID.test(planId)) return null;
  const rows = await db.query<FactsRow>(
    {
      name: 'plan_facts',
      text: `select p.id, p.organization_id as "organizationId", p.status, p.type, p.owner_id as "ownerId",
          p.coordinator_id as "coordinatorId", pa.id as "participantId", pa.role, pa.access,
          pa.valid_until as "validUntil",
          coalesce(exists (select 1 from consents c where c.participant_id = pa.id and c.kind = 'sharing'
            and c.withdrawn_at is null), false) as "sharingConsent",
          now() as now
        from plans p
        left join participants pa on pa.plan_id = p.id and pa.person_id = $2 and pa.removed_at is null
        where p.id = $1`,
    },
    [planId, personId],
  );
  const row = rows[0];
  if (!row) return null;
  return {
    plan: {
      id: row.id,
      organizationId: row.organizationId,
      status: row.status,
      type: row.type,
      ownerId: row.ownerId,
      coordinatorId: row.coordinatorId,
    },
    participant:
      row.participantId && row.role
        ? {
            id: row.participantId,
            role: row.role,
            access: row.access ?? {},
            validUntil: row.validUntil,
          }
        : null,
    sharingConsent: row.sharingConsent,
    now: row.now,
  };
}

/** A team member with what decides their access: for choosing recipients and invitees. */
export type TeamMemberRow = {
  participantId: string;
  personId: string;
  role: ParticipantRole;
  access: AccessMap;
  validUntil: Date | null;
  sharingConsent: boolean;
};

/** The plan's active (not removed) participants, each with what decides their access. */
export async function teamMembers(db: Queryable, planId: string): Promise<TeamMemberRow[]> {
  return db.query<TeamMemberRow>(
    {
      name: 'plan_team_members',
      text: `select pa.id as "participantId", pa.person_id as "personId", pa.role, pa.access,
          pa.valid_until as "validUntil",
          exists (select 1 from consents c where c.participant_id = pa.id and c.kind = 'sharing'
            and c.withdrawn_at is null) as "sharingConsent"
        from participants pa
        where pa.plan_id = $1 and pa.removed_at is null`,
    },
    [planId],
  );
}

/** The facts of another member of the plan, as the access module would load them for them. */
export function memberFacts(facts: PlanFacts, member: TeamMemberRow): PlanFacts {
  return {
    plan: facts.plan,
    participant: {
      id: member.participantId,
      role: member.role,
      access: member.access,
      validUntil: member.validUntil,
    },
    sharingConsent: member.sharingConsent,
    now: facts.now,
  };
}
