import type {
  CreatePlanInput,
  PlanDetailView,
  UpdatePlanInput,
} from '../../../shared/schemas/plans.ts';
import { mayOnPerson } from '../../access/index.ts';
import {
  effectiveAccess,
  mayCreatePlan,
  type PlanFacts,
  planCreatorOrganizations,
} from '../../access/plans.ts';
import type { Actor } from '../../auth/actor.ts';
import type { Db } from '../../db/index.ts';
import { badRequest, forbidden, notFound } from '../../http/problem.ts';
import { type AuditContext, recordAudit } from '../audit/service.ts';
import { loadPlanFacts } from './facts.ts';
import { onPlan, planAudit, requirePlan } from './guard.ts';
import { insertParticipant } from './participant-queries.ts';
import { conflict, iso, isUniqueViolation, secondOpenIp } from './present.ts';
import {
  hasLivePlanConsent,
  insertPlan,
  isStaffCoordinator,
  type PlanChanges,
  type PlanRow,
  personRef,
  planById,
  planFactsOf,
  updatePlan,
} from './queries.ts';

const ONE_OPEN_IP = 'plans_one_open_ip_per_owner';

/** `facts` null: the creator named another coordinator and takes no part (all `none`). */
function presentPlan(row: PlanRow, facts: PlanFacts | null): PlanDetailView {
  const access = effectiveAccess(
    facts ?? { plan: planFactsOf(row), participant: null, sharingConsent: false, now: new Date() },
  );
  return {
    id: row.id,
    type: row.type,
    title: row.title,
    status: row.status,
    owner: { id: row.ownerId, name: row.ownerName },
    coordinator: { id: row.coordinatorId, name: row.coordinatorName },
    period: { start: row.periodStart, end: row.periodEnd, nextRevision: row.nextRevision },
    myAccess: access,
    myRole: facts?.participant?.role ?? null,
    version: row.version,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
}

/** The facts the plan has after a change, for `myAccess` in the answer. */
function factsAfter(facts: PlanFacts, row: PlanRow): PlanFacts {
  return { ...facts, plan: { ...facts.plan, status: row.status, type: row.type } };
}

export function createPlansService(deps: { db: Db }) {
  const { db } = deps;

  return {
    async create(context: AuditContext, actor: Actor, input: CreatePlanInput) {
      const denied = async (detail: string) => {
        await recordAudit(db, context, { action: 'plan.created', outcome: 'denied' });
        return forbidden(detail);
      };
      if (planCreatorOrganizations(actor).length === 0) {
        throw await denied('Only coordinators create plans');
      }
      const owner = await personRef(db, input.ownerId);
      if (!owner || !mayOnPerson(actor, 'person.read', owner)) throw notFound('No such person');
      if (!mayCreatePlan(actor, owner.organizationId)) {
        throw await denied('Only a coordinator of the person’s organisation creates their plan');
      }
      if (owner.status === 'deactivated') {
        throw badRequest([{ field: 'ownerId', message: 'the account is deactivated' }]);
      }
      const coordinatorId = input.coordinatorId ?? actor.personId;
      if (coordinatorId === owner.id) {
        throw badRequest([
          { field: 'coordinatorId', message: 'the owner cannot coordinate their own plan' },
        ]);
      }
      if (
        coordinatorId !== actor.personId &&
        !(await isStaffCoordinator(db, coordinatorId, owner.organizationId))
      ) {
        throw badRequest([
          { field: 'coordinatorId', message: 'is not a coordinator of the organisation' },
        ]);
      }
      try {
        return await db.transaction(async (tx) => {
          const planId = await insertPlan(tx, {
            organizationId: owner.organizationId,
            type: input.type,
            title: input.title,
            ownerId: owner.id,
            coordinatorId,
            createdBy: actor.personId,
          });
          const base = {
            planId,
            functionTitle: null,
            organizationName: null,
            responsibility: null,
            access: {},
            validUntil: null,
            createdBy: actor.personId,
          };
          await insertParticipant(tx, { ...base, personId: coordinatorId, role: 'coordinator' });
          await insertParticipant(tx, { ...base, personId: owner.id, role: 'owner' });
          const facts = await loadPlanFacts(tx, planId, actor.personId);
          const row = await planById(tx, planId);
          if (!facts || !row) throw new Error('the new plan is gone');
          await recordAudit(tx, context, {
            ...planAudit(actor, facts),
            actorRole: 'coordinator',
            action: 'plan.created',
            objectId: planId,
            details: { type: input.type },
          });
          return presentPlan(row, facts.participant ? facts : null);
        });
      } catch (error) {
        if (isUniqueViolation(error, ONE_OPEN_IP)) throw secondOpenIp();
        throw error;
      }
    },

    read(context: AuditContext, actor: Actor, planId: string): Promise<PlanDetailView> {
      return onPlan(db, context, actor, planId, { action: 'plan.read' }, async (tx, facts) => {
        const row = await planById(tx, facts.plan.id);
        if (!row) throw notFound();
        await recordAudit(tx, context, { ...planAudit(actor, facts), action: 'plan.read' });
        return presentPlan(row, facts);
      });
    },

    async update(context: AuditContext, actor: Actor, planId: string, input: UpdatePlanInput) {
      try {
        return await onPlan(
          db,
          context,
          actor,
          planId,
          { action: 'plan.updated' },
          async (tx, facts) => {
            requirePlan(actor, facts, 'plan.update');
            const row = await planById(tx, facts.plan.id);
            if (!row) throw notFound();
            if (row.version !== input.version)
              throw conflict('The plan has changed since you read it; reload and try again');
            const { next, changed } = await planChanges(row, input, () =>
              hasLivePlanConsent(tx, row.id),
            );
            if (changed.length === 0) return presentPlan(row, facts);
            const after = await updatePlan(tx, row.id, input.version, next);
            if (!after)
              throw conflict('The plan has changed since you read it; reload and try again');
            await recordAudit(tx, context, {
              ...planAudit(actor, facts),
              action: 'plan.updated',
              objectId: row.id,
              details: { fields: changed.join(','), status: after.status, type: after.type },
            });
            return presentPlan(after, factsAfter(facts, after));
          },
        );
      } catch (error) {
        if (isUniqueViolation(error, ONE_OPEN_IP)) throw secondOpenIp();
        throw error;
      }
    },
  };
}

/** The plan's fields after the PATCH, and the names of those that change. */
async function planChanges(
  row: PlanRow,
  input: UpdatePlanInput,
  consentGiven: () => Promise<boolean>,
): Promise<{ next: PlanChanges; changed: string[] }> {
  const next: PlanChanges = {
    title: row.title,
    status: row.status,
    type: row.type,
    periodStart: row.periodStart,
    periodEnd: row.periodEnd,
    nextRevision: row.nextRevision,
  };
  const changed: string[] = [];
  if (input.title !== undefined && input.title !== row.title) {
    next.title = input.title;
    changed.push('title');
  }
  if (input.type !== undefined && input.type !== row.type) {
    // enkelt samspill becomes an IP (a flag: nothing is lost); never the other way.
    if (input.type === 'simple') {
      throw badRequest([
        { field: 'type', message: 'an individuell plan does not become enkelt samspill' },
      ]);
    }
    next.type = input.type;
    changed.push('type');
  }
  if (input.status !== undefined && input.status !== row.status) {
    if (input.status === 'draft') throw conflict('A plan does not go back to draft');
    if (input.status === 'active' && !(await consentGiven())) {
      throw conflict('The owner’s (or guardian’s) consent to the plan is missing: record it first');
    }
    next.status = input.status;
    changed.push('status');
  }
  const period = input.period ?? {};
  if (period.start !== undefined && period.start !== row.periodStart) {
    next.periodStart = period.start;
    changed.push('period.start');
  }
  if (period.end !== undefined && period.end !== row.periodEnd) {
    next.periodEnd = period.end;
    changed.push('period.end');
  }
  if (period.nextRevision !== undefined && period.nextRevision !== row.nextRevision) {
    next.nextRevision = period.nextRevision;
    changed.push('period.nextRevision');
  }
  if (next.periodStart && next.periodEnd && next.periodEnd < next.periodStart) {
    throw badRequest([{ field: 'period.end', message: 'must not be before the start' }]);
  }
  return { next, changed };
}
