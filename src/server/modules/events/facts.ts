import type {
  AccessMap,
  ParticipantRole,
  PlanFacts,
  PlanStatus,
  PlanType,
} from '../../access/plans.ts';
import type { Queryable } from '../../db/index.ts';

type Row = {
  planId: string;
  personId: string;
  organizationId: string;
  status: PlanStatus;
  type: PlanType;
  ownerId: string;
  coordinatorId: string;
  participantId: string;
  role: ParticipantRole;
  access: AccessMap | null;
  validUntil: Date | null;
  sharingConsent: boolean;
  now: Date;
};

/** Facts by plan id, then by person id. */
export type PeopleFacts = Map<string, Map<string, PlanFacts>>;

/**
 * The access facts of many people on some plans, in one statement: the same facts as
 * `loadPlanFacts` (plans/facts.ts) gives for one person, for every (plan, person) pair in
 * which the person takes part (not removed). A pair without an entry has no participation,
 * and the access module refuses it everything an event needs (`plan.view`, `section.read`).
 * A test holds the two functions to the same decisions.
 */
export async function factsForPeople(
  db: Queryable,
  planIds: readonly string[],
  personIds: readonly string[],
): Promise<PeopleFacts> {
  const facts: PeopleFacts = new Map();
  if (planIds.length === 0 || personIds.length === 0) return facts;
  const rows = await db.query<Row>(
    {
      name: 'events_plan_facts',
      text: `select pa.plan_id as "planId", pa.person_id as "personId",
          p.organization_id as "organizationId", p.status, p.type, p.owner_id as "ownerId",
          p.coordinator_id as "coordinatorId", pa.id as "participantId", pa.role, pa.access,
          pa.valid_until as "validUntil",
          exists (select 1 from consents c where c.participant_id = pa.id and c.kind = 'sharing'
            and c.withdrawn_at is null) as "sharingConsent",
          now() as now
        from participants pa
        join plans p on p.id = pa.plan_id
        where pa.plan_id = any($1::uuid[]) and pa.person_id = any($2::uuid[]) and pa.removed_at is null`,
    },
    [[...planIds], [...personIds]],
  );
  for (const row of rows) {
    let plan = facts.get(row.planId);
    if (!plan) {
      plan = new Map();
      facts.set(row.planId, plan);
    }
    plan.set(row.personId, {
      plan: {
        id: row.planId,
        organizationId: row.organizationId,
        status: row.status,
        type: row.type,
        ownerId: row.ownerId,
        coordinatorId: row.coordinatorId,
      },
      participant: {
        id: row.participantId,
        role: row.role,
        access: row.access ?? {},
        validUntil: row.validUntil,
      },
      sharingConsent: row.sharingConsent,
      now: row.now,
    });
  }
  return facts;
}
