import type {
  OrganizationPlanListView,
  PlanListInput,
  PlanListView,
} from '../../../shared/schemas/plans.ts';
import { adminSummaryOrganizations, mayOnPlan, type PlanFacts } from '../../access/plans.ts';
import type { Actor } from '../../auth/actor.ts';
import type { Db } from '../../db/index.ts';
import { forbidden } from '../../http/problem.ts';
import { type AuditContext, recordAudit } from '../audit/service.ts';
import { decodeCursor, iso, page } from './present.ts';
import { listMyPlans, listOrganizationPlans, planFactsOf } from './queries.ts';

/**
 * GET /api/plans: the caller's plans (participants), or — for organisation administrators
 * with `scope=organization` — their organisations' plans as metadata without content.
 * The SQL narrows through indexes; the access module still decides every row.
 */
export function listPlans(
  db: Db,
  context: AuditContext,
  actor: Actor,
  input: PlanListInput,
): Promise<PlanListView | OrganizationPlanListView> {
  return input.scope === 'organization'
    ? listOrganization(db, context, actor, input)
    : listMine(db, context, actor, input);
}

async function listMine(db: Db, context: AuditContext, actor: Actor, input: PlanListInput) {
  const before = decodeCursor(input.before);
  return db.transaction(async (tx): Promise<PlanListView> => {
    const found = page(await listMyPlans(tx, actor.personId, before, input.limit + 1), input.limit);
    const items = found.rows.flatMap((row) => {
      const facts: PlanFacts = {
        plan: planFactsOf(row),
        participant: {
          id: row.participantId,
          role: row.role,
          access: row.access,
          validUntil: row.validUntil,
        },
        sharingConsent: false,
        now: row.now,
      };
      if (!mayOnPlan(actor, facts, 'plan.view')) return [];
      return [
        {
          id: row.id,
          type: row.type,
          title: row.title,
          status: row.status,
          myRole: row.role,
          owner: { id: row.ownerId, name: row.ownerName },
          coordinator: { id: row.coordinatorId, name: row.coordinatorName },
          createdAt: iso(row.createdAt),
          updatedAt: iso(row.updatedAt),
        },
      ];
    });
    await recordAudit(tx, context, {
      action: 'plan.list',
      details: { scope: 'mine', count: items.length },
    });
    return { items, next: found.next };
  });
}

async function listOrganization(db: Db, context: AuditContext, actor: Actor, input: PlanListInput) {
  const organizations = adminSummaryOrganizations(actor);
  if (organizations.length === 0) {
    await recordAudit(db, context, { action: 'plan.adminSummary', outcome: 'denied' });
    throw forbidden('Only organisation administrators list the organisation’s plans');
  }
  const before = decodeCursor(input.before);
  return db.transaction(async (tx): Promise<OrganizationPlanListView> => {
    const rows = await listOrganizationPlans(tx, organizations, before, input.limit + 1);
    const found = page(rows, input.limit);
    // Metadata only: no title (it may hold health detail), no owner, no content (Z6).
    const items = found.rows
      .filter((row) =>
        mayOnPlan(
          actor,
          { plan: planFactsOf(row), participant: null, sharingConsent: false, now: row.now },
          'plan.adminSummary',
        ),
      )
      .map((row) => ({
        id: row.id,
        type: row.type,
        status: row.status,
        coordinator: { id: row.coordinatorId, name: row.coordinatorName },
        participantCount: row.participantCount,
        createdAt: iso(row.createdAt),
      }));
    await recordAudit(tx, context, {
      action: 'plan.adminSummary',
      details: { scope: 'organization', count: items.length },
    });
    return { items, next: found.next };
  });
}
