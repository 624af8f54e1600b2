import { consentText } from '../../../shared/consent-texts.ts';
import type {
  ConsentListView,
  ConsentView,
  PageInput,
  RecordConsentInput,
} from '../../../shared/schemas/plans.ts';
import { mayOnPlan, mayRecordConsent, type PlanFacts } from '../../access/plans.ts';
import type { Actor } from '../../auth/actor.ts';
import type { Db, Queryable } from '../../db/index.ts';
import { badRequest, forbidden, notFound } from '../../http/problem.ts';
import { type AuditContext, recordAudit } from '../audit/service.ts';
import {
  type ConsentRow,
  consentInPlan,
  insertConsent,
  isActiveGuardian,
  listConsents,
  liveConsentExists,
  withdrawConsent,
} from './consent-queries.ts';
import { type Entry, onPlan, planAudit, requirePlan } from './guard.ts';
import { participantInPlan } from './participant-queries.ts';
import { conflict, decodeCursor, iso, isoOrNull, isUuid, page, todayInNorway } from './present.ts';
import { setPlanDraft } from './queries.ts';

/**
 * Consents: to the plan itself (it becomes active only with one), and to sharing with each
 * participant who is not on the owner's side (their section access needs one). Given by
 * the owner or a guardian, in the system or on a paper form the coordinator registers.
 */

function presentConsent(row: ConsentRow): ConsentView {
  return {
    id: row.id,
    kind: row.kind,
    participantId: row.participantId,
    givenBy: { id: row.givenById, name: row.givenByName },
    method: row.method,
    givenOn: row.givenOn,
    textVersion: row.textVersion,
    text: row.text,
    recordedBy: { id: row.recordedById, name: row.recordedByName },
    createdAt: iso(row.createdAt),
    withdrawnAt: isoOrNull(row.withdrawnAt),
  };
}

export function createConsentsService(deps: { db: Db }) {
  const { db } = deps;

  return {
    list(
      context: AuditContext,
      actor: Actor,
      planId: string,
      input: PageInput,
    ): Promise<ConsentListView> {
      const before = decodeCursor(input.before);
      const attempt = { action: 'section.read', section: 'consents' as const };
      return onPlan(db, context, actor, planId, attempt, async (tx, facts) => {
        requirePlan(actor, facts, 'section.read', 'consents');
        const rows = await listConsents(tx, facts.plan.id, before, input.limit + 1);
        const found = page(rows, input.limit);
        await recordAudit(tx, context, {
          ...planAudit(actor, facts),
          action: 'section.read',
          section: 'consents',
        });
        return { items: found.rows.map(presentConsent), next: found.next };
      });
    },

    record(
      context: AuditContext,
      actor: Actor,
      planId: string,
      input: RecordConsentInput,
    ): Promise<ConsentView> {
      const attempt = { action: 'consent.recorded', section: 'consents' as const };
      // Those who see the plan; and on a draft, its owner (or a guardian) giving their own
      // consent to it in the system — the one request a draft answers them.
      const enter: Entry = (who, facts) =>
        mayOnPlan(who, facts, 'plan.view') || mayRecordConsent(who, facts, input);
      const work = async (tx: Queryable, facts: PlanFacts) => {
        // Entered through the draft rule, mayRecordConsent below has already said yes.
        if (mayOnPlan(actor, facts, 'plan.view')) requirePlan(actor, facts, 'consents.record');
        const participantId = input.participantId ?? null;
        if (
          participantId !== null &&
          !(await participantInPlan(tx, facts.plan.id, participantId))
        ) {
          throw notFound('No such participant in this plan');
        }
        const ownerSide =
          input.givenBy === facts.plan.ownerId ||
          (await isActiveGuardian(tx, facts.plan.id, input.givenBy));
        if (!ownerSide) {
          throw badRequest([
            { field: 'givenBy', message: 'must be the plan’s owner or a guardian taking part' },
          ]);
        }
        if (!mayRecordConsent(actor, facts, input)) {
          throw forbidden(
            input.method === 'digital'
              ? 'Consent in the system is given by the person consenting, logged in themselves'
              : 'A paper consent is registered by the plan’s coordinator',
          );
        }
        if (input.givenOn !== undefined && input.givenOn > todayInNorway()) {
          throw badRequest([{ field: 'givenOn', message: 'must not be in the future' }]);
        }
        if (await liveConsentExists(tx, facts.plan.id, input.kind, participantId)) {
          throw conflict('This consent is already recorded and in force');
        }
        const { textVersion, text } = consentText(input.kind);
        const row = await insertConsent(tx, {
          planId: facts.plan.id,
          kind: input.kind,
          participantId,
          givenBy: input.givenBy,
          method: input.method,
          givenOn: input.givenOn ?? null,
          textVersion,
          text,
          recordedBy: actor.personId,
        });
        await recordAudit(tx, context, {
          ...planAudit(actor, facts),
          action: 'consent.recorded',
          section: 'consents',
          objectId: row.id,
          details: { kind: row.kind, method: row.method, participantId, textVersion },
        });
        return presentConsent(row);
      };
      return onPlan(db, context, actor, planId, attempt, work, enter);
    },

    withdraw(
      context: AuditContext,
      actor: Actor,
      ids: { planId: string; consentId: string },
    ): Promise<ConsentView> {
      const attempt = {
        action: 'consent.withdrawn',
        section: 'consents' as const,
        objectId: ids.consentId,
      };
      return onPlan(db, context, actor, ids.planId, attempt, async (tx, facts) => {
        const consent = isUuid(ids.consentId)
          ? await consentInPlan(tx, facts.plan.id, ids.consentId)
          : null;
        if (!consent) throw notFound();
        requirePlan(actor, facts, 'consents.withdraw');
        // Access that rested on it ends at once: the facts of every request check it.
        const row = await withdrawConsent(tx, consent.id, actor.personId);
        if (!row) throw conflict('The consent is already withdrawn');
        const audit = planAudit(actor, facts);
        await recordAudit(tx, context, {
          ...audit,
          action: 'consent.withdrawn',
          section: 'consents',
          objectId: row.id,
          details: { kind: row.kind, participantId: row.participantId },
        });
        if (
          row.kind === 'plan' &&
          facts.plan.status === 'active' &&
          !(await liveConsentExists(tx, facts.plan.id, 'plan', null))
        ) {
          // Without consent to the plan it is not shared: back to a draft only the
          // coordinator sees, until a new consent is recorded.
          await setPlanDraft(tx, facts.plan.id);
          await recordAudit(tx, context, {
            ...audit,
            action: 'plan.updated',
            objectId: facts.plan.id,
            details: { fields: 'status', status: 'draft', reason: 'consent.withdrawn' },
          });
        }
        return presentConsent(row);
      });
    },
  };
}
