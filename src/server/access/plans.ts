import {
  type AccessMap,
  DEFAULT_ACCESS,
  type Level,
  type ParticipantRole,
  type PlanStatus,
  type PlanType,
  SECTIONS,
  type Section,
  SIMPLE_SECTIONS,
} from '../../shared/plan-access.ts';
import type { Actor } from '../auth/actor.ts';

/**
 * Plan permissions: the one place that decides who may do what on a plan and its
 * sections. Pure functions of the facts (plan, the caller's participation, consent, the
 * database's clock); deny by default.
 */

export {
  type AccessMap,
  DEFAULT_ACCESS,
  type Level,
  type ParticipantRole,
  type PlanStatus,
  type PlanType,
  SECTIONS,
  type Section,
  SIMPLE_SECTIONS,
} from '../../shared/plan-access.ts';

/** Roles that act for the owner and need no separate sharing consent. */
const OWNER_SIDE: readonly ParticipantRole[] = ['owner', 'guardian'];

export type PlanFacts = {
  plan: {
    id: string;
    organizationId: string;
    status: PlanStatus;
    type: PlanType;
    ownerId: string;
    coordinatorId: string;
  };
  /** The caller's participation, if any and not removed. */
  participant: {
    id: string;
    role: ParticipantRole;
    access: AccessMap;
    validUntil: Date | null;
  } | null;
  /** A sharing consent (not withdrawn) covers the caller's participation. */
  sharingConsent: boolean;
  /** The database's clock: access ends exactly at validUntil by this time. */
  now: Date;
};

export type PlanAction =
  | 'plan.view'
  | 'plan.adminSummary'
  | 'plan.update'
  | 'participants.list'
  | 'participants.manage'
  | 'participants.viewAccess'
  | 'consents.record'
  | 'consents.giveOnDraft'
  | 'consents.withdraw'
  | 'accessLog.read'
  | 'section.read'
  | 'section.write';

function activeRole(facts: PlanFacts): ParticipantRole | null {
  const p = facts.participant;
  if (!p) return null;
  if (p.validUntil !== null && p.validUntil.getTime() <= facts.now.getTime()) return null;
  return p.role;
}

/** The level a participant has on a section, before consent and plan state are applied. */
export function grantedLevel(role: ParticipantRole, access: AccessMap, section: Section): Level {
  return access[section] ?? DEFAULT_ACCESS[role][section];
}

export function sectionExists(type: PlanType, section: Section): boolean {
  return type === 'ip' || SIMPLE_SECTIONS.includes(section);
}

/** The caller's effective level on each section: what `myAccess` shows. */
export function effectiveAccess(facts: PlanFacts): Record<Section, Level> {
  return Object.fromEntries(
    SECTIONS.map((section) => {
      const level: Level = mayOnPlan(null, facts, 'section.write', section)
        ? 'write'
        : mayOnPlan(null, facts, 'section.read', section)
          ? 'read'
          : 'none';
      return [section, level];
    }),
  ) as Record<Section, Level>;
}

/**
 * May the caller do `action` (on `section`, for section actions)? A caller for whom
 * `plan.view` is false must get 404 for everything in the plan; a section refused while
 * the plan is visible is 403.
 */
export function mayOnPlan(
  actor: Actor | null,
  facts: PlanFacts,
  action: PlanAction,
  section?: Section,
): boolean {
  const role = activeRole(facts);
  const visible = role !== null && (facts.plan.status !== 'draft' || role === 'coordinator');
  switch (action) {
    case 'plan.view':
    case 'participants.list':
      return visible;
    case 'plan.adminSummary':
      // Org admins see counts and the coordinator, never content (Z6).
      return (
        actor?.staff.some(
          (s) => s.role === 'org_admin' && s.organizationId === facts.plan.organizationId,
        ) ?? false
      );
    case 'plan.update':
    case 'participants.manage':
      return visible && role === 'coordinator' && facts.plan.status !== 'closed';
    case 'consents.record':
      return (
        visible &&
        (role === 'coordinator' || OWNER_SIDE.includes(role)) &&
        facts.plan.status !== 'closed'
      );
    case 'consents.giveOnDraft':
      // The one thing the owner (or a guardian taking part) may do on a draft they cannot
      // see: give their own consent to the plan, in the system (see mayRecordConsent).
      // Everything else on the draft stays 404 for them.
      return facts.plan.status === 'draft' && role !== null && OWNER_SIDE.includes(role);
    case 'accessLog.read':
    case 'participants.viewAccess':
      // Everybody's grants are shown to those who decide them; others see their own only.
      return visible && (role === 'coordinator' || OWNER_SIDE.includes(role));
    case 'consents.withdraw':
      // A consent can always be withdrawn, a closed plan included.
      return visible && (role === 'coordinator' || OWNER_SIDE.includes(role));
    case 'section.read':
    case 'section.write': {
      if (!visible || !section || !facts.participant || role === null) return false;
      if (!sectionExists(facts.plan.type, section)) return false;
      const needsConsent = !OWNER_SIDE.includes(role) && role !== 'coordinator';
      if (needsConsent && !facts.sharingConsent) return false;
      const level = grantedLevel(role, facts.participant.access, section);
      if (action === 'section.read') return level === 'read' || level === 'write';
      return level === 'write' && facts.plan.status !== 'closed';
    }
    default: {
      const unknown: never = action;
      return unknown;
    }
  }
}

/**
 * May the caller change another participant's access? The coordinator and the owner (or
 * guardian) may; nobody changes their own grant (Z10), and the owner's cannot be cut.
 */
export function mayChangeAccess(
  facts: PlanFacts,
  target: { id: string; role: ParticipantRole },
): boolean {
  const role = activeRole(facts);
  if (!mayOnPlan(null, facts, 'plan.view') || role === null || facts.plan.status === 'closed')
    return false;
  if (facts.participant?.id === target.id) return false;
  if (target.role === 'owner') return false;
  return role === 'coordinator' || OWNER_SIDE.includes(role);
}

/** Organisations in which the actor may create plans: where they are a coordinator. */
export function planCreatorOrganizations(actor: Actor): string[] {
  return [
    ...new Set(actor.staff.filter((s) => s.role === 'coordinator').map((s) => s.organizationId)),
  ];
}

/** May the actor create a plan for an owner whose account belongs to this organisation? */
export function mayCreatePlan(actor: Actor, ownerOrganizationId: string): boolean {
  return planCreatorOrganizations(actor).includes(ownerOrganizationId);
}

/** Organisations whose plan metadata (never content) the actor may list: where org admin. */
export function adminSummaryOrganizations(actor: Actor): string[] {
  return [
    ...new Set(actor.staff.filter((s) => s.role === 'org_admin').map((s) => s.organizationId)),
  ];
}

export type ConsentRequest = {
  kind: 'plan' | 'sharing';
  method: 'digital' | 'paper';
  givenBy: string;
};

/**
 * May the actor record this consent? Given in the system (`digital`) only by the person
 * consenting, logged in themselves; registered from a signed paper form only by the
 * coordinator. `givenBy` being the owner or an active guardian is checked by the caller.
 *
 * On a draft, which only its coordinator sees, the owner or a guardian taking part may
 * give exactly one thing: their own consent to the plan, in the system — so that the plan
 * can become active "with the consent of the person, given by the person". A caller for
 * whom this is false and `plan.view` is false must get 404, as for any hidden plan.
 */
export function mayRecordConsent(actor: Actor, facts: PlanFacts, consent: ConsentRequest): boolean {
  if (!mayOnPlan(actor, facts, 'plan.view')) {
    return (
      mayOnPlan(actor, facts, 'consents.giveOnDraft') &&
      consent.kind === 'plan' &&
      consent.method === 'digital' &&
      consent.givenBy === actor.personId
    );
  }
  if (!mayOnPlan(actor, facts, 'consents.record')) return false;
  if (consent.method === 'digital') return actor.personId === consent.givenBy;
  return activeRole(facts) === 'coordinator';
}

/**
 * Does this draft wait for the caller's consent? The caller is its owner or a guardian
 * taking part; what they may learn of it is what they consent to (title, type, who
 * coordinates, the consent text) — not its content.
 */
export function mayBeAskedToConsent(facts: PlanFacts): boolean {
  return mayOnPlan(null, facts, 'consents.giveOnDraft');
}
