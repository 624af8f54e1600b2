import type { Actor, StaffRole } from '../auth/actor.ts';

/**
 * The access module: the one place that decides what an actor may do. Every decision
 * denies by default; actions are a closed union, so a typo fails to compile.
 */

export type PersonAction =
  | 'person.register'
  | 'person.search'
  | 'person.read'
  | 'person.update'
  | 'person.updateContact'
  | 'person.deactivate'
  | 'person.invite'
  | 'person.grantStaffRole';

export type PersonRef = { id: string; organizationId: string };

function hasRole(actor: Actor, organizationId: string, roles: readonly StaffRole[]): boolean {
  return actor.staff.some((s) => s.organizationId === organizationId && roles.includes(s.role));
}

const ADMINISTERS: readonly StaffRole[] = ['coordinator', 'org_admin'];

/** Organisations in which the actor may register and search for people. */
export function administeredOrganizations(actor: Actor): string[] {
  return [
    ...new Set(
      actor.staff.filter((s) => ADMINISTERS.includes(s.role)).map((s) => s.organizationId),
    ),
  ];
}

/**
 * May the actor do `action` on a person's account? Only the person and the staff who
 * administer the account (coordinators and org admins of its organisation) see it; to
 * anybody else the person does not exist (the caller answers 404).
 */
export function mayOnPerson(actor: Actor, action: PersonAction, person: PersonRef): boolean {
  const self = actor.personId === person.id;
  const staff = hasRole(actor, person.organizationId, ADMINISTERS);
  switch (action) {
    case 'person.read':
    case 'person.update':
      return self || staff;
    case 'person.updateContact':
      return self || staff;
    case 'person.deactivate':
    case 'person.invite':
      return staff && !self;
    case 'person.register':
    case 'person.search':
      return staff;
    case 'person.grantStaffRole':
      return hasRole(actor, person.organizationId, ['org_admin']) && !self;
    default: {
      const unknown: never = action;
      return unknown;
    }
  }
}

/** May the actor register people into (or search people of) this organisation? */
export function mayInOrganization(
  actor: Actor,
  action: 'person.register' | 'person.search',
  organizationId: string,
): boolean {
  return mayOnPerson(actor, action, { id: '', organizationId });
}

/** Trainers reset the training environment. */
export function mayResetTraining(actor: Actor): boolean {
  return actor.staff.some((s) => s.role === 'trainer');
}

/**
 * Organisations whose audit flags (SECURITY.md L6: unusual reading by their people) the
 * actor reviews: where they are the organisation's administrator. Flags hold ids and
 * counts, never plan content (Z6).
 */
export function auditReviewOrganizations(actor: Actor): string[] {
  return [
    ...new Set(actor.staff.filter((s) => s.role === 'org_admin').map((s) => s.organizationId)),
  ];
}

export type AuditFlagRef = { organizationId: string; personId: string };

/**
 * May the actor see (`view`) or mark reviewed (`review`) this flag? An administrator of the
 * reader's organisation may; nobody reviews a flag about themselves (another administrator
 * does). A flag the actor may not view does not exist for them (the caller answers 404).
 */
export function mayOnAuditFlag(
  actor: Actor,
  action: 'auditFlag.view' | 'auditFlag.review',
  flag: AuditFlagRef,
): boolean {
  const admin = hasRole(actor, flag.organizationId, ['org_admin']);
  switch (action) {
    case 'auditFlag.view':
      return admin;
    case 'auditFlag.review':
      return admin && flag.personId !== actor.personId;
    default: {
      const unknown: never = action;
      return unknown;
    }
  }
}
