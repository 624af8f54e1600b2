import type { PersonView } from '../../../shared/schemas/people.ts';
import type { Actor } from '../../auth/actor.ts';
import { HttpProblem, notFound } from '../../http/problem.ts';
import { decryptField } from '../../security/crypto.ts';
import type { PersonRow } from './queries.ts';

/** Small pieces the people use cases share: presentation, id shape, audit role, errors. */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

function iso(value: Date | string): string {
  return new Date(value).toISOString();
}

/** The whole account, national id decrypted: only for the person and their administrators. */
export function presentPerson(row: PersonRow, dataEncryptionKey: string): PersonView {
  return {
    id: row.id,
    username: row.username,
    name: row.name,
    status: row.status,
    organizationId: row.organizationId,
    nationalId: decryptField(dataEncryptionKey, row.nationalIdEnc),
    mobile: row.mobile,
    email: row.email,
    codeChannel: row.codeChannel,
    notifyChannel: row.notifyChannel,
    language: row.language,
    version: row.version,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
    deactivatedAt: row.deactivatedAt === null ? null : iso(row.deactivatedAt),
  };
}

/** The role the actor acts in towards a person of this organisation, for the audit trail. */
export function roleIn(actor: Actor, organizationId: string): string {
  const roles = actor.staff.filter((s) => s.organizationId === organizationId).map((s) => s.role);
  if (roles.includes('org_admin')) return 'org_admin';
  return roles[0] ?? 'citizen';
}

/** The same answer for an unknown, malformed or hidden person (no existence leak). */
export const personNotFound = (): HttpProblem => notFound();

export const staleVersion = (): HttpProblem =>
  new HttpProblem(409, {
    detail: 'The account has changed since you read it; reload and try again',
  });

/** A unique-constraint violation on this constraint (PostgreSQL and PGlite alike). */
export function isUniqueViolation(error: unknown, constraint: string): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as { code?: unknown; constraint?: unknown; message?: unknown };
  if (e.code !== '23505') return false;
  return (
    e.constraint === constraint || (typeof e.message === 'string' && e.message.includes(constraint))
  );
}

/** The part of a pino logger the people module uses. */
export type PeopleLog = { warn(fields: Record<string, unknown>, message: string): void };
