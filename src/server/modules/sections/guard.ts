import { mayOnPlan, type PlanFacts, type Section, sectionExists } from '../../access/plans.ts';
import type { Actor } from '../../auth/actor.ts';
import type { Db, Queryable } from '../../db/index.ts';
import { forbidden, HttpProblem, notFound } from '../../http/problem.ts';
import { type AuditContext, type AuditEntry, recordAudit } from '../audit/service.ts';
import { loadPlanFacts } from '../plans/facts.ts';

/** The part of a pino logger this module uses. */
export type SectionsLog = { error(fields: Record<string, unknown>, message: string): void };

export type GuardDeps = { db: Db; log: SectionsLog };

/** What a request wants to do, as the access module and the audit trail name it. */
export type Attempt = {
  planId: string;
  action: 'section.read' | 'section.write' | 'accessLog.read';
  section?: Section;
  /** The audit action: `section.read`, `section.created`, `accessLog.read`, … */
  audit: string;
  objectId?: string | null;
};

/** Everything a permitted request works with, inside its one transaction. */
export type Permitted = {
  tx: Queryable;
  facts: PlanFacts;
  actor: Actor;
  /** Writes the request's one audit row (outcome ok); a failure fails the request (L7). */
  audit(entry?: Partial<Pick<AuditEntry, 'action' | 'objectId'>>): Promise<void>;
};

export type Work<T> = (permitted: Permitted) => Promise<T>;

const SECTION_TITLES: Partial<Record<Section, string>> = { aboutMe: 'about me' };

/** The refusal for this attempt, or null when the access module allows it. */
function refusalOf(actor: Actor, facts: PlanFacts | null, attempt: Attempt): HttpProblem | null {
  // A plan the caller may not see is 404 for every method, exactly as a missing one (Z1).
  if (!facts || !mayOnPlan(actor, facts, 'plan.view')) return notFound();
  const { section } = attempt;
  if (section && !sectionExists(facts.plan.type, section)) {
    const name = SECTION_TITLES[section] ?? section;
    return forbidden(`A plan of type simple (enkelt samspill) has no ${name} section`);
  }
  if (!mayOnPlan(actor, facts, attempt.action, section)) {
    return attempt.action === 'accessLog.read'
      ? forbidden('Only the owner, a guardian and the coordinator see the access log')
      : forbidden(
          attempt.action === 'section.read'
            ? 'You have no access to this section'
            : 'You may not change this section',
        );
  }
  return null;
}

/**
 * Appends an audit row; when that fails, the request fails with 503 and its transaction
 * rolls back, so nothing is served or changed without its record (L7).
 */
export async function auditOrFail(
  deps: GuardDeps,
  tx: Queryable,
  context: AuditContext,
  entry: AuditEntry,
): Promise<void> {
  try {
    await recordAudit(tx, context, entry);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    deps.log.error(
      { code: typeof code === 'string' ? code : null, auditAction: entry.action },
      'audit write failed; request refused',
    );
    throw new HttpProblem(503, {
      detail: 'The audit trail is unavailable; nothing was served. Try again shortly',
      headers: { 'retry-after': '5' },
    });
  }
}

/**
 * Runs `work` for a permitted attempt, in one transaction with the access facts (loaded
 * first, in one statement, with the database's clock) and the audit row. A refused
 * attempt on an existing plan is recorded as denied (L2) and answered 404 or 403.
 */
export async function inPlan<T>(
  deps: GuardDeps,
  context: AuditContext,
  actor: Actor,
  attempt: Attempt,
  work: Work<T>,
): Promise<T> {
  const outcome = await deps.db.transaction(
    async (tx): Promise<{ ok: true; value: T } | { ok: false; refusal: HttpProblem }> => {
      const facts = await loadPlanFacts(tx, attempt.planId, actor.personId);
      const base = {
        planId: attempt.planId,
        section: attempt.section ?? null,
        actorRole: facts?.participant?.role ?? actor.staff[0]?.role ?? 'citizen',
      };
      const refusal = refusalOf(actor, facts, attempt);
      if (refusal || !facts) {
        if (facts) {
          await auditOrFail(deps, tx, context, {
            ...base,
            action: attempt.audit,
            objectId: attempt.objectId ?? null,
            outcome: 'denied',
          });
        }
        return { ok: false, refusal: refusal ?? notFound() };
      }
      const value = await work({
        tx,
        facts,
        actor,
        audit: (entry = {}) =>
          auditOrFail(deps, tx, context, {
            ...base,
            action: entry.action ?? attempt.audit,
            objectId: entry.objectId !== undefined ? entry.objectId : (attempt.objectId ?? null),
          }),
      });
      return { ok: true, value };
    },
  );
  if (!outcome.ok) throw outcome.refusal;
  return outcome.value;
}
