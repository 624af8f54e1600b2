import type {
  AddParticipantInput,
  ParticipantListView,
  ParticipantView,
  UpdateParticipantInput,
} from '../../../shared/schemas/plans.ts';
import { mayOnPerson } from '../../access/index.ts';
import { mayChangeAccess, mayOnPlan, type PlanFacts } from '../../access/plans.ts';
import type { Actor } from '../../auth/actor.ts';
import type { Db, Queryable } from '../../db/index.ts';
import { badRequest, forbidden, notFound } from '../../http/problem.ts';
import { type AuditContext, recordAudit } from '../audit/service.ts';
import { onPlan, planAudit, requirePlan } from './guard.ts';
import {
  insertParticipant,
  listParticipants,
  otherCoordinators,
  type ParticipantChanges,
  type ParticipantRow,
  participantInPlan,
  participationOf,
  removeParticipant,
  updateParticipant,
} from './participant-queries.ts';
import {
  accessDetail,
  conflict,
  grantedMap,
  iso,
  isoOrNull,
  isUniqueViolation,
  isUuid,
  staleVersion,
} from './present.ts';
import { isStaffCoordinator, lockPlan, personRef, setPlanCoordinator } from './queries.ts';

/** The care team: who takes part, in which role, seeing which sections until when. */

function presentParticipant(row: ParticipantRow, showAccess: boolean): ParticipantView {
  return {
    id: row.id,
    personId: row.personId,
    name: row.name,
    role: row.role,
    functionTitle: row.functionTitle,
    organizationName: row.organizationName,
    responsibility: row.responsibility,
    access: showAccess ? grantedMap(row.role, row.access) : null,
    validUntil: isoOrNull(row.validUntil),
    active: row.active,
    version: row.version,
    createdAt: iso(row.createdAt),
  };
}

/** Audit details of a participant: field names, role and grants — never personal data. */
function details(row: ParticipantRow, fields: string[]) {
  return {
    fields: fields.join(','),
    role: row.role,
    access: accessDetail(grantedMap(row.role, row.access)),
    validUntil: isoOrNull(row.validUntil),
  };
}

async function targetIn(tx: Queryable, facts: PlanFacts, id: string): Promise<ParticipantRow> {
  const target = isUuid(id) ? await participantInPlan(tx, facts.plan.id, id) : null;
  if (!target) throw notFound();
  return target;
}

/**
 * The coordinator `target` stops being one: another must remain (409 otherwise), and the
 * plan's named coordinator moves to them when it was `target`.
 */
async function handOverCoordination(tx: Queryable, facts: PlanFacts, target: ParticipantRow) {
  await lockPlan(tx, facts.plan.id);
  const others = await otherCoordinators(tx, facts.plan.id, target.id);
  const successor = others[0];
  if (!successor) throw conflict('A plan keeps at least one coordinator: add another first');
  if (facts.plan.coordinatorId === target.personId) {
    await setPlanCoordinator(tx, facts.plan.id, successor.personId);
  }
}

export function createParticipantsService(deps: { db: Db }) {
  const { db } = deps;

  return {
    list(context: AuditContext, actor: Actor, planId: string): Promise<ParticipantListView> {
      const attempt = { action: 'participants.read' };
      return onPlan(db, context, actor, planId, attempt, async (tx, facts) => {
        requirePlan(actor, facts, 'participants.list');
        const rows = await listParticipants(tx, facts.plan.id);
        const everyone = mayOnPlan(actor, facts, 'participants.viewAccess');
        await recordAudit(tx, context, { ...planAudit(actor, facts), action: 'participants.read' });
        return {
          items: rows.map((row) =>
            presentParticipant(row, everyone || row.id === facts.participant?.id),
          ),
        };
      });
    },

    async add(context: AuditContext, actor: Actor, planId: string, input: AddParticipantInput) {
      const attempt = { action: 'participant.added' };
      try {
        return await onPlan(db, context, actor, planId, attempt, async (tx, facts) => {
          requirePlan(actor, facts, 'participants.manage');
          const person = await personRef(tx, input.personId);
          if (!person || !mayOnPerson(actor, 'person.read', person)) {
            throw notFound('No such person');
          }
          await checkRole(tx, facts, person.id, input.role);
          if (await participationOf(tx, facts.plan.id, person.id)) {
            throw conflict('The person already takes part in the plan');
          }
          const row = await insertParticipant(tx, {
            planId: facts.plan.id,
            personId: person.id,
            role: input.role,
            functionTitle: input.functionTitle ?? null,
            organizationName: input.organizationName ?? null,
            responsibility: input.responsibility ?? null,
            access: input.access ?? {},
            validUntil: input.validUntil ?? null,
            createdBy: actor.personId,
          });
          await recordAudit(tx, context, {
            ...planAudit(actor, facts),
            action: 'participant.added',
            objectId: row.id,
            details: details(row, Object.keys(input)),
          });
          return presentParticipant(row, true);
        });
      } catch (error) {
        if (isUniqueViolation(error, 'participants_one_active_per_person')) {
          throw conflict('The person already takes part in the plan');
        }
        throw error;
      }
    },

    update(
      context: AuditContext,
      actor: Actor,
      ids: { planId: string; participantId: string },
      input: UpdateParticipantInput,
    ): Promise<ParticipantView> {
      const attempt = { action: 'participant.changed', objectId: ids.participantId };
      return onPlan(db, context, actor, ids.planId, attempt, async (tx, facts) => {
        const target = await targetIn(tx, facts, ids.participantId);
        const grants = input.access !== undefined || input.validUntil !== undefined;
        const others =
          input.role !== undefined ||
          input.functionTitle !== undefined ||
          input.organizationName !== undefined ||
          input.responsibility !== undefined;
        // Grants: coordinator, owner or guardian — never one's own (Z10). The rest: coordinator.
        if (grants && !mayChangeAccess(facts, target)) {
          throw forbidden('You cannot change this participant’s access');
        }
        if ((others || !grants) && !mayOnPlan(actor, facts, 'participants.manage')) {
          throw forbidden();
        }
        if (target.version !== input.version) throw staleVersion();
        const next: ParticipantChanges = {
          role: input.role ?? target.role,
          functionTitle: pick(input.functionTitle, target.functionTitle),
          organizationName: pick(input.organizationName, target.organizationName),
          responsibility: pick(input.responsibility, target.responsibility),
          access: { ...target.access, ...(input.access ?? {}) },
          validUntil: input.validUntil,
        };
        if (next.role !== target.role) {
          if (target.role === 'owner') {
            throw badRequest([{ field: 'role', message: 'the owner’s role does not change' }]);
          }
          await checkRole(tx, facts, target.personId, next.role);
          if (target.role === 'coordinator') await handOverCoordination(tx, facts, target);
        }
        const after = await updateParticipant(tx, target.id, input.version, next);
        if (!after) throw staleVersion();
        const fields = Object.keys(input).filter((key) => key !== 'version');
        await recordAudit(tx, context, {
          ...planAudit(actor, facts),
          action: 'participant.changed',
          objectId: target.id,
          details: details(after, fields),
        });
        const showAccess =
          mayOnPlan(actor, facts, 'participants.viewAccess') || after.id === facts.participant?.id;
        return presentParticipant(after, showAccess);
      });
    },

    remove(
      context: AuditContext,
      actor: Actor,
      ids: { planId: string; participantId: string },
    ): Promise<void> {
      const attempt = { action: 'participant.removed', objectId: ids.participantId };
      return onPlan(db, context, actor, ids.planId, attempt, async (tx, facts) => {
        const target = await targetIn(tx, facts, ids.participantId);
        requirePlan(actor, facts, 'participants.manage');
        if (target.role === 'owner') throw conflict('The owner cannot be removed from their plan');
        if (target.role === 'coordinator') await handOverCoordination(tx, facts, target);
        // What they wrote stays, with their name; only the participation ends.
        if (!(await removeParticipant(tx, target.id, actor.personId))) throw notFound();
        await recordAudit(tx, context, {
          ...planAudit(actor, facts),
          action: 'participant.removed',
          objectId: target.id,
          details: { role: target.role },
        });
      });
    },
  };
}

function pick<T>(given: T | undefined, current: T): T {
  return given === undefined ? current : given;
}

/** The coordinator role is for the organisation's coordinators (staff) only. */
async function checkRole(tx: Queryable, facts: PlanFacts, personId: string, role: string) {
  if (role !== 'coordinator') return;
  if (!(await isStaffCoordinator(tx, personId, facts.plan.organizationId))) {
    throw badRequest([
      { field: 'role', message: 'only the organisation’s coordinators coordinate' },
    ]);
  }
}
