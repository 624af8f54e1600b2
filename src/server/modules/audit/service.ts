import type { FastifyRequest } from 'fastify';
import type { Actor } from '../../auth/actor.ts';
import type { Queryable } from '../../db/index.ts';
import { HttpProblem } from '../../http/problem.ts';

/** What happened, in dotted names: `auth.login`, `person.created`, `plan.section.read`, … */
export type AuditEntry = {
  action: string;
  outcome?: 'ok' | 'denied' | 'failed';
  actorId?: string | null;
  actorRole?: string | null;
  organizationId?: string | null;
  planId?: string | null;
  section?: string | null;
  objectId?: string | null;
  /** Small facts without personal data: never a password, code, token or national id. */
  details?: Record<string, string | number | boolean | null>;
};

export type AuditContext = { ip: string; requestId: string; actor: Actor | null };

export function auditContext(request: FastifyRequest): AuditContext {
  return { ip: request.ip, requestId: request.id, actor: request.actor };
}

/**
 * Appends one audit record. Call it inside the transaction of the change it records, so
 * both commit or neither does. The table refuses updates and deletes.
 */
export async function recordAudit(
  db: Queryable,
  context: AuditContext,
  entry: AuditEntry,
): Promise<void> {
  try {
    await insertAudit(db, context, entry, context.actor);
  } catch (error) {
    // L7: nothing is served or changed without its audit record. The caller's
    // transaction rolls back and the client is told to try again.
    throw new HttpProblem(503, {
      detail: 'The request could not be recorded; try again',
      headers: { 'retry-after': '5' },
      cause: error,
    });
  }
}

async function insertAudit(
  db: Queryable,
  context: AuditContext,
  entry: AuditEntry,
  actor: Actor | null,
): Promise<void> {
  await db.query(
    {
      name: 'audit_insert',
      text: `insert into audit_log (actor_id, actor_role, organization_id, action, plan_id, section, object_id, outcome, ip, request_id, details)
        values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    },
    [
      entry.actorId !== undefined ? entry.actorId : (actor?.personId ?? null),
      entry.actorRole !== undefined ? entry.actorRole : actor ? primaryRole(actor) : null,
      entry.organizationId !== undefined
        ? entry.organizationId
        : (actor?.homeOrganizationId ?? null),
      entry.action,
      entry.planId ?? null,
      entry.section ?? null,
      entry.objectId ?? null,
      entry.outcome ?? 'ok',
      context.ip,
      context.requestId,
      entry.details ? JSON.stringify(entry.details) : null,
    ],
  );
}

function primaryRole(actor: Actor): string {
  return actor.staff[0]?.role ?? 'citizen';
}
