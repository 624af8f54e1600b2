import { consentText } from '../../../shared/consent-texts.ts';
import type { ConsentRequestListView } from '../../../shared/schemas/plans.ts';
import {
  type AccessMap,
  mayBeAskedToConsent,
  type ParticipantRole,
  type PlanFacts,
  type PlanStatus,
  type PlanType,
} from '../../access/plans.ts';
import type { Actor } from '../../auth/actor.ts';
import type { Db, Queryable } from '../../db/index.ts';
import { type AuditContext, recordAudit } from '../audit/service.ts';
import { iso } from './present.ts';

/**
 * GET /api/me/consent-requests: the drafts that wait for the caller's consent, as their
 * owner or a guardian taking part. A draft is otherwise seen by its coordinator only; this
 * shows what the person consents to — title, kind, who made it, the consent text — and
 * nothing of the plan's content. The SQL narrows; the access module decides every row.
 */

/** At most this many; a person waits for one or two drafts, never hundreds. */
const LIMIT = 50;

type RequestRow = {
  id: string;
  organizationId: string;
  organizationName: string;
  status: PlanStatus;
  type: PlanType;
  title: string;
  ownerId: string;
  ownerName: string;
  coordinatorId: string;
  coordinatorName: string;
  createdAt: Date;
  participantId: string;
  role: ParticipantRole;
  access: AccessMap;
  validUntil: Date | null;
  now: Date;
};

async function draftsAwaitingConsent(db: Queryable, personId: string): Promise<RequestRow[]> {
  return db.query<RequestRow>(
    {
      name: 'consent-requests',
      text: `select p.id, p.organization_id as "organizationId", o.name as "organizationName",
          p.status, p.type, p.title, p.owner_id as "ownerId", ow.name as "ownerName",
          p.coordinator_id as "coordinatorId", co.name as "coordinatorName",
          p.created_at as "createdAt", pa.id as "participantId", pa.role, pa.access,
          pa.valid_until as "validUntil", now() as now
        from participants pa
        join plans p on p.id = pa.plan_id
        join organizations o on o.id = p.organization_id
        join people ow on ow.id = p.owner_id
        join people co on co.id = p.coordinator_id
        where pa.person_id = $1 and pa.removed_at is null and pa.role in ('owner', 'guardian')
          and p.status = 'draft'
          and not exists (select 1 from consents c where c.plan_id = p.id and c.kind = 'plan'
            and c.withdrawn_at is null)
        order by p.created_at desc, p.id desc
        limit $2`,
    },
    [personId, LIMIT],
  );
}

function factsOf(row: RequestRow): PlanFacts {
  return {
    plan: {
      id: row.id,
      organizationId: row.organizationId,
      status: row.status,
      type: row.type,
      ownerId: row.ownerId,
      coordinatorId: row.coordinatorId,
    },
    participant: {
      id: row.participantId,
      role: row.role,
      access: row.access,
      validUntil: row.validUntil,
    },
    sharingConsent: false,
    now: row.now,
  };
}

export async function listConsentRequests(
  db: Db,
  context: AuditContext,
  actor: Actor,
): Promise<ConsentRequestListView> {
  return db.transaction(async (tx) => {
    const rows = await draftsAwaitingConsent(tx, actor.personId);
    const { text, textVersion } = consentText('plan');
    const items = rows
      .filter((row) => mayBeAskedToConsent(factsOf(row)))
      .map((row) => ({
        planId: row.id,
        title: row.title,
        type: row.type,
        myRole: row.role === 'owner' ? ('owner' as const) : ('guardian' as const),
        owner: { name: row.ownerName },
        coordinator: { name: row.coordinatorName },
        organization: { name: row.organizationName },
        consentText: text,
        textVersion,
        createdAt: iso(row.createdAt),
      }));
    // One record for the read (L1); which drafts were shown, by id only.
    await recordAudit(tx, context, {
      action: 'plan.consentRequests',
      details: { count: items.length, plans: items.map((item) => item.planId).join(',') },
    });
    return { items };
  });
}
