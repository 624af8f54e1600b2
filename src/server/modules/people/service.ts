import type {
  CreatePersonInput,
  PersonListView,
  PersonSearchInput,
  PersonView,
  RegisteredPersonView,
  UpdatePersonInput,
} from '../../../shared/schemas/people.ts';
import {
  administeredOrganizations,
  mayInOrganization,
  mayOnPerson,
  type PersonAction,
} from '../../access/index.ts';
import type { Actor } from '../../auth/actor.ts';
import { endAllSessions } from '../../auth/sessions.ts';
import type { Queryable } from '../../db/index.ts';
import { badRequest, forbidden, HttpProblem } from '../../http/problem.ts';
import { lookupHash } from '../../security/crypto.ts';
import { type AuditContext, recordAudit } from '../audit/service.ts';
import { issueInvitation, sendContactChanged, sendInvitation } from './invitations.ts';
import { isUuid, personNotFound, presentPerson, roleIn, staleVersion } from './present.ts';
import {
  type Cursor,
  deactivatePerson,
  expireInvitations,
  type PersonRow,
  personById,
  searchByName,
  searchByNationalIdHash,
  updatePerson,
} from './queries.ts';
import { type RegisterDeps, registerPerson } from './register.ts';
import { planUpdate } from './update.ts';

export type PeopleServiceDeps = RegisterDeps;
export type PeopleService = ReturnType<typeof createPeopleService>;

/** A contact change by the person themself needs a login at most this old (A17). */
const FRESH_LOGIN_MS = 15 * 60 * 1000;

/**
 * The person, when the actor may see them and may do `action`: an unknown, malformed or
 * hidden id is 404 (the same answer); a visible person with the action not granted is 403.
 */
async function visiblePerson(
  db: Queryable,
  actor: Actor,
  id: string,
  action: PersonAction,
  lock = false,
): Promise<PersonRow> {
  if (!isUuid(id)) throw personNotFound();
  const row = await personById(db, id, lock);
  const ref = row ? { id: row.id, organizationId: row.organizationId } : null;
  if (!row || !ref || !mayOnPerson(actor, 'person.read', ref)) throw personNotFound();
  if (!mayOnPerson(actor, action, ref)) throw forbidden();
  return row;
}

function encodeCursor(row: { cursorAt: string; id: string }): string {
  return Buffer.from(JSON.stringify([row.cursorAt, row.id])).toString('base64url');
}

function decodeCursor(value: string): Cursor {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === 2) {
      const [at, id] = parsed as unknown[];
      const shape = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/;
      if (typeof at === 'string' && shape.test(at) && typeof id === 'string' && isUuid(id)) {
        return { at, id };
      }
    }
  } catch {
    // falls through to the 400 below
  }
  throw badRequest([{ field: 'before', message: 'is not a cursor from this list' }]);
}

export function createPeopleService(deps: PeopleServiceDeps) {
  const { config, db } = deps;
  const key = config.secrets.dataEncryptionKey;

  return {
    register(
      context: AuditContext,
      actor: Actor,
      input: CreatePersonInput,
    ): Promise<RegisteredPersonView> {
      return registerPerson(deps, context, actor, input);
    },

    async read(context: AuditContext, actor: Actor, id: string): Promise<PersonView> {
      let row: PersonRow;
      try {
        row = await visiblePerson(db, actor, id, 'person.read');
      } catch (error) {
        // A refused look-up of a well-formed id is recorded too (L2).
        if (error instanceof HttpProblem && isUuid(id)) {
          await recordAudit(db, context, {
            action: 'person.read',
            objectId: id,
            outcome: 'denied',
          });
        }
        throw error;
      }
      const person = presentPerson(row, key);
      if (row.id !== actor.personId) {
        await recordAudit(db, context, {
          action: 'person.read',
          objectId: row.id,
          organizationId: row.organizationId,
          actorRole: roleIn(actor, row.organizationId),
        });
      }
      return person;
    },

    async search(
      context: AuditContext,
      actor: Actor,
      input: PersonSearchInput,
    ): Promise<PersonListView> {
      const organizationIds = administeredOrganizations(actor).filter((org) =>
        mayInOrganization(actor, 'person.search', org),
      );
      if (organizationIds.length === 0) {
        throw forbidden('Only coordinators and organisation administrators search for people');
      }
      const before = input.before === undefined ? null : decodeCursor(input.before);
      const text = (input.query ?? '').trim();
      const digits = text.replace(/\s/g, '');
      if (/^\d{11}$/.test(digits)) {
        const hash = lookupHash(config.secrets.lookupHashKey, digits);
        const rows = before ? [] : await searchByNationalIdHash(db, organizationIds, hash);
        await recordAudit(db, context, {
          action: 'person.search',
          objectId: rows.length === 1 ? (rows[0]?.id ?? null) : null,
          details: { by: 'nationalId', hits: rows.length },
        });
        return { items: rows.map(({ cursorAt: _, ...item }) => item), next: null };
      }
      const rows = await searchByName(db, {
        organizationIds,
        fragment: text.length > 0 ? text : null,
        before,
        limit: input.limit + 1,
      });
      const page = rows.slice(0, input.limit);
      const last = page[page.length - 1];
      return {
        items: page.map(({ cursorAt: _, ...item }) => item),
        next: rows.length > input.limit && last ? encodeCursor(last) : null,
      };
    },

    async update(
      context: AuditContext,
      actor: Actor,
      id: string,
      input: UpdatePersonInput,
    ): Promise<PersonView> {
      const outcome = await db.transaction(async (tx) => {
        const row = await visiblePerson(tx, actor, id, 'person.update', true);
        if (row.version !== input.version) throw staleVersion();
        const plan = planUpdate(row, input);
        if (plan.contactChanged) {
          if (!mayOnPerson(actor, 'person.updateContact', row)) throw forbidden();
          const age = Date.now() - actor.sessionCreatedAt.getTime();
          if (actor.personId === row.id && age > FRESH_LOGIN_MS) {
            throw forbidden('Log in again to change your mobile number or e-mail address');
          }
        }
        if (plan.changed.length === 0) return { before: row, after: row, changed: plan.changed };
        const after = await updatePerson(tx, row.id, input.version, plan.next);
        if (!after) throw staleVersion();
        await recordAudit(tx, context, {
          action: 'person.updated',
          objectId: row.id,
          organizationId: row.organizationId,
          actorRole: roleIn(actor, row.organizationId),
          details: { fields: plan.changed.join(',') },
        });
        return { before: row, after, changed: plan.changed };
      });
      const { before, after, changed } = outcome;
      await sendContactChanged(deps, after, {
        sms: changed.includes('mobile') ? before.mobile : null,
        email: changed.includes('email') ? before.email : null,
      });
      return presentPerson(after, key);
    },

    async deactivate(context: AuditContext, actor: Actor, id: string): Promise<PersonView> {
      const row = await db.transaction(async (tx) => {
        const current = await visiblePerson(tx, actor, id, 'person.deactivate', true);
        const updated = await deactivatePerson(tx, current.id);
        if (!updated) return current; // already deactivated: nothing more to do
        const sessionsEnded = await endAllSessions(tx, current.id, 'deactivated');
        await expireInvitations(tx, current.id);
        await recordAudit(tx, context, {
          action: 'person.deactivated',
          objectId: current.id,
          organizationId: current.organizationId,
          actorRole: roleIn(actor, current.organizationId),
          details: { sessionsEnded },
        });
        return updated;
      });
      return presentPerson(row, key);
    },

    async reinvite(context: AuditContext, actor: Actor, id: string): Promise<void> {
      const { row, invitation } = await db.transaction(async (tx) => {
        const current = await visiblePerson(tx, actor, id, 'person.invite', true);
        if (current.status !== 'invited') {
          throw new HttpProblem(409, {
            detail: 'Only an account not yet taken into use is invited',
          });
        }
        const issued = await issueInvitation(tx, current.id);
        await recordAudit(tx, context, {
          action: 'person.invited',
          objectId: current.id,
          organizationId: current.organizationId,
          actorRole: roleIn(actor, current.organizationId),
        });
        return { row: current, invitation: issued };
      });
      await sendInvitation(deps, row, invitation);
    },
  };
}
