import type { PageInput } from '../../../shared/schemas/sections.ts';
import { mayReadMessages } from '../../access/messages.ts';
import type { PlanFacts } from '../../access/plans.ts';
import type { Actor } from '../../auth/actor.ts';
import type { Queryable } from '../../db/index.ts';
import { loadPlanFacts } from '../plans/facts.ts';
import { decodeCursor, page } from '../plans/present.ts';
import { auditOrFail } from '../sections/guard.ts';
import { listInbox, participationPlanIds, planTitles, unreadByPlan } from './queries.ts';
import { type Caller, type MessagesServiceDeps, SECTION, shown } from './service.ts';

/**
 * Messages across all the caller's plans: the inbox and the unread counts. Each plan is
 * asked of the access module as it is now, so a plan whose messages the caller may no
 * longer read drops out at once.
 */
export function createInboxService(deps: MessagesServiceDeps) {
  return {
    /** Messages across all the caller's plans, newest first; one audit row per plan shown. */
    inbox(caller: Caller, query: PageInput) {
      const before = decodeCursor(query.before);
      return deps.db.transaction(async (tx) => {
        const plans = await readablePlans(tx, caller.actor);
        if (plans.length === 0) return { items: [], next: null };
        const rows = await listInbox(tx, {
          planIds: plans.map((f) => f.plan.id),
          personId: caller.actor.personId,
          limit: query.limit,
          before,
        });
        const paged = page(rows, query.limit);
        const factsById = new Map(plans.map((f) => [f.plan.id, f]));
        const shownPlans = new Set(paged.rows.map((row) => row.planId));
        for (const planId of shownPlans) {
          const facts = factsById.get(planId);
          if (!facts) continue;
          await auditOrFail(deps, tx, caller.context, {
            action: 'message.list',
            planId,
            section: SECTION,
            organizationId: facts.plan.organizationId,
            actorRole: facts.participant?.role ?? 'citizen',
            details: { view: 'inbox' },
          });
        }
        return {
          items: paged.rows.flatMap((row) => {
            const facts = factsById.get(row.planId);
            if (!facts) return [];
            return [
              {
                ...shown(caller.actor, facts, row),
                plan: { id: row.planId, title: row.planTitle },
              },
            ];
          }),
          next: paged.next,
        };
      });
    },

    /** Unread counts per plan and in total (counts only: no audit of content). */
    unread(caller: Caller) {
      return deps.db.transaction(async (tx) => {
        const plans = await readablePlans(tx, caller.actor);
        const counts = await unreadByPlan(
          tx,
          caller.actor.personId,
          plans.map((f) => f.plan.id),
        );
        const titles = await planTitles(
          tx,
          plans.map((f) => f.plan.id),
        );
        const items = counts.map((c) => ({
          planId: c.planId,
          title: titles.get(c.planId) ?? '',
          unread: c.unread,
        }));
        return { total: items.reduce((sum, c) => sum + c.unread, 0), plans: items };
      });
    },
  };
}

export type InboxService = ReturnType<typeof createInboxService>;

/** The plans in which the caller may read messages now, with their facts. */
async function readablePlans(tx: Queryable, actor: Actor): Promise<PlanFacts[]> {
  const ids = await participationPlanIds(tx, actor.personId);
  const readable: PlanFacts[] = [];
  for (const id of ids) {
    const facts = await loadPlanFacts(tx, id, actor.personId);
    if (facts && mayReadMessages(facts)) readable.push(facts);
  }
  return readable;
}
