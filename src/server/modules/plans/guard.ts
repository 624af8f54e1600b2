import { mayOnPlan, type PlanAction, type PlanFacts, type Section } from '../../access/plans.ts';
import type { Actor } from '../../auth/actor.ts';
import type { Db, Queryable } from '../../db/index.ts';
import { forbidden, HttpProblem, notFound } from '../../http/problem.ts';
import { type AuditContext, type AuditEntry, recordAudit } from '../audit/service.ts';
import { loadPlanFacts } from './facts.ts';
import { isUuid } from './present.ts';

/**
 * The frame of every route inside a plan: one transaction that starts with the caller's
 * facts. A plan the caller may not see is 404 (nothing audited: there is no plan to name);
 * a refusal (403) on a visible plan is audited as `denied` after the rollback (L2).
 */

/** The audit fields every plan record carries: the plan, its organisation, the role. */
export function planAudit(actor: Actor, facts: PlanFacts): Partial<AuditEntry> {
  return {
    planId: facts.plan.id,
    organizationId: facts.plan.organizationId,
    actorRole: facts.participant?.role ?? actor.staff[0]?.role ?? 'citizen',
  };
}

/** Throws 403 unless the access module grants `action` (on `section`). */
export function requirePlan(
  actor: Actor,
  facts: PlanFacts,
  action: PlanAction,
  section?: Section,
): void {
  if (!mayOnPlan(actor, facts, action, section)) throw forbidden();
}

export type Attempt = { action: string; section?: Section; objectId?: string };

/** Who gets into the plan's frame; anybody else gets 404, exactly as for a missing plan. */
export type Entry = (actor: Actor, facts: PlanFacts) => boolean;

/** The rule of almost every route: those who see the plan. */
const seesPlan: Entry = (actor, facts) => mayOnPlan(actor, facts, 'plan.view');

export async function onPlan<T>(
  db: Db,
  context: AuditContext,
  actor: Actor,
  planId: string,
  attempt: Attempt,
  work: (tx: Queryable, facts: PlanFacts) => Promise<T>,
  enter: Entry = seesPlan,
): Promise<T> {
  const seen: { facts: PlanFacts | null } = { facts: null };
  try {
    return await db.transaction(async (tx) => {
      const facts = await loadPlanFacts(tx, planId, actor.personId);
      if (!facts || !enter(actor, facts)) throw notFound();
      seen.facts = facts;
      return work(tx, facts);
    });
  } catch (error) {
    if (seen.facts && error instanceof HttpProblem && error.status === 403) {
      // Written after the rollback, on its own; if it fails, the request fails (L7).
      await recordAudit(db, context, {
        ...planAudit(actor, seen.facts),
        action: attempt.action,
        section: attempt.section ?? null,
        objectId: attempt.objectId && isUuid(attempt.objectId) ? attempt.objectId : null,
        outcome: 'denied',
      });
    }
    throw error;
  }
}
