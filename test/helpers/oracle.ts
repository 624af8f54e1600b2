/**
 * The authorization oracle (SECURITY.md, structural test 1): the written rules of access —
 * DESIGN.md "Access rules", API.md "Plans" and "People", the plans issue — stated as
 * plainly as possible, as one function `may(actor, action, object, now)`.
 *
 * It is written on purpose without importing anything from src/: the access module in
 * src/server/access is checked against it (a fast-check property in
 * src/server/access/plans.test.ts), and the real API is checked against it route by route
 * (test/integration/route-matrix.test.ts). When a rule changes, it changes here too, by
 * hand, and the two tests show every place the code and the rule disagree.
 */

export type OracleLevel = 'none' | 'read' | 'write';
export type OracleRole = 'owner' | 'guardian' | 'relative' | 'coordinator' | 'professional';
export type OracleSection =
  | 'aboutMe'
  | 'goals'
  | 'measures'
  | 'contributions'
  | 'evaluations'
  | 'log'
  | 'consents'
  | 'cooperation'
  | 'messages'
  | 'meetings'
  | 'tasks'
  | 'documents';

export const ORACLE_SECTIONS: readonly OracleSection[] = [
  'aboutMe',
  'goals',
  'measures',
  'contributions',
  'evaluations',
  'log',
  'consents',
  'cooperation',
  'messages',
  'meetings',
  'tasks',
  'documents',
];

/** Who asks: their person id and where they hold a staff role. */
export type OracleActor = {
  personId: string;
  coordinatorOf: readonly string[];
  orgAdminOf: readonly string[];
};

export type OraclePlan = {
  organizationId: string;
  status: 'draft' | 'active' | 'closed';
  type: 'ip' | 'simple';
};

/** The actor's participation in the plan; null when none (never added, or removed). */
export type OracleParticipation = {
  role: OracleRole;
  access: Partial<Record<OracleSection, OracleLevel>>;
  /** Access ends exactly at this instant (by the database's clock). */
  validUntil: Date | null;
  /** A sharing consent (not withdrawn) covers this participation. */
  sharingConsent: boolean;
} | null;

export type PlanObject = {
  plan: OraclePlan;
  me: OracleParticipation;
  section?: OracleSection;
  /** For `consents.record`: what is being recorded. */
  consent?: { kind: 'plan' | 'sharing'; method: 'digital' | 'paper'; givenBy: string };
  /** For `participants.changeAccess`: whose grant. */
  target?: { role: OracleRole; isMe: boolean };
};

export type PersonObject = { person: { id: string; organizationId: string } };

export type PlanOracleAction =
  | 'plan.view'
  | 'plan.adminSummary'
  | 'plan.update'
  | 'participants.list'
  | 'participants.manage'
  | 'participants.viewAccess'
  | 'participants.changeAccess'
  | 'consents.record'
  | 'consents.giveOnDraft'
  | 'consents.withdraw'
  | 'accessLog.read'
  | 'section.read'
  | 'section.write';

export type PersonOracleAction =
  | 'person.read'
  | 'person.update'
  | 'person.updateContact'
  | 'person.deactivate'
  | 'person.invite'
  | 'person.register'
  | 'person.search'
  | 'person.grantStaffRole'
  /** Create a plan for this person (the owner). */
  | 'plan.create'
  /** Mark reviewed a flag of unusual reading (L6) about this person (the reader). */
  | 'auditFlag.review';

/** Actions that need no object: the caller's own lists and settings. */
export type SelfOracleAction =
  /** Search for people in the organisations one administers. */
  | 'people.search'
  /** Create plans at all (for whom: `plan.create`). */
  | 'plans.create'
  | 'plans.listMine'
  | 'plans.listOrganization'
  | 'me.consentRequests'
  | 'me.notifications'
  /** My messages across my plans (inbox, unread counts): only what I may read shows. */
  | 'me.messages'
  /** My tasks across my plans: only plans where I may still read tasks show. */
  | 'me.tasks'
  /** My private calendar feed: its state, a new secret, revoking it. */
  | 'me.calendar'
  /** The flags of unusual reading (L6) of the organisations one administers. */
  | 'audit.flags';

const W = 'write';
const R = 'read';
const N = 'none';

/** What each role sees without a grant changing it, as the plans issue lists it. */
export const ORACLE_DEFAULT_ACCESS: Record<OracleRole, Record<OracleSection, OracleLevel>> = {
  owner: everything(W),
  guardian: everything(W),
  coordinator: everything(W),
  relative: {
    aboutMe: R,
    goals: R,
    measures: R,
    contributions: W,
    evaluations: R,
    log: N,
    consents: N,
    cooperation: N,
    messages: W,
    meetings: R,
    tasks: R,
    documents: R,
  },
  professional: {
    aboutMe: R,
    goals: W,
    measures: W,
    contributions: W,
    evaluations: W,
    log: W,
    consents: N,
    cooperation: W,
    messages: W,
    meetings: W,
    tasks: W,
    documents: W,
  },
};

function everything(level: OracleLevel): Record<OracleSection, OracleLevel> {
  return {
    aboutMe: level,
    goals: level,
    measures: level,
    contributions: level,
    evaluations: level,
    log: level,
    consents: level,
    cooperation: level,
    messages: level,
    meetings: level,
    tasks: level,
    documents: level,
  };
}

/** Enkelt samspill has these four; an individuell plan has every section. */
const SIMPLE_HAS: readonly OracleSection[] = ['messages', 'meetings', 'tasks', 'documents'];

export function may(
  actor: OracleActor,
  action: PlanOracleAction,
  object: PlanObject,
  now: Date,
): boolean;
export function may(
  actor: OracleActor,
  action: PersonOracleAction,
  object: PersonObject,
  now: Date,
): boolean;
export function may(actor: OracleActor, action: SelfOracleAction, object: null, now: Date): boolean;
export function may(
  actor: OracleActor,
  action: PlanOracleAction | PersonOracleAction | SelfOracleAction,
  object: PlanObject | PersonObject | null,
  now: Date,
): boolean {
  if (object === null) return maySelf(actor, action as SelfOracleAction);
  if ('person' in object) return mayOnPerson(actor, action as PersonOracleAction, object.person);
  return mayOnPlan(actor, action as PlanOracleAction, object, now);
}

function maySelf(actor: OracleActor, action: SelfOracleAction): boolean {
  switch (action) {
    case 'plans.listMine':
    case 'me.consentRequests':
    case 'me.notifications':
    case 'me.messages':
    case 'me.tasks':
    case 'me.calendar':
      return true; // everybody logged in, about themselves
    case 'plans.listOrganization':
    case 'audit.flags':
      return actor.orgAdminOf.length > 0;
    case 'people.search':
      return actor.coordinatorOf.length > 0 || actor.orgAdminOf.length > 0;
    case 'plans.create':
      return actor.coordinatorOf.length > 0;
  }
}

/**
 * People: a person's account is seen by the person and by the coordinators and
 * administrators of the organisation that registered it; to anybody else it does not exist.
 */
function mayOnPerson(
  actor: OracleActor,
  action: PersonOracleAction,
  person: PersonObject['person'],
): boolean {
  const self = actor.personId === person.id;
  const administers =
    actor.coordinatorOf.includes(person.organizationId) ||
    actor.orgAdminOf.includes(person.organizationId);
  switch (action) {
    case 'person.read':
    case 'person.update':
    case 'person.updateContact':
      return self || administers;
    case 'person.deactivate':
    case 'person.invite':
      return administers && !self;
    case 'person.register':
    case 'person.search':
      return administers;
    case 'person.grantStaffRole':
      return actor.orgAdminOf.includes(person.organizationId) && !self;
    case 'plan.create':
      // A coordinator of the owner's own organisation makes the plan; nobody else.
      return actor.coordinatorOf.includes(person.organizationId);
    case 'auditFlag.review':
      // The administrators of the reader's organisation; never the reader themself.
      return actor.orgAdminOf.includes(person.organizationId) && !self;
  }
}

function mayOnPlan(
  actor: OracleActor,
  action: PlanOracleAction,
  object: PlanObject,
  now: Date,
): boolean {
  const { plan, me } = object;
  const ended = me !== null && me.validUntil !== null && me.validUntil.getTime() <= now.getTime();
  const role = me !== null && !ended ? me.role : null;
  const runsPlan = role === 'coordinator';
  const speaksForOwner = role === 'owner' || role === 'guardian';
  // A draft is the coordinator's until the owner consents; then the team sees it.
  const seesPlan = role !== null && (plan.status !== 'draft' || runsPlan);
  const closed = plan.status === 'closed';

  switch (action) {
    case 'plan.adminSummary':
      return actor.orgAdminOf.includes(plan.organizationId);
    case 'consents.giveOnDraft':
      return plan.status === 'draft' && speaksForOwner;
    case 'consents.record': {
      const c = object.consent;
      if (!seesPlan) {
        // On a draft: only the owner's (or guardian's) own consent to the plan, in the system.
        return (
          plan.status === 'draft' &&
          speaksForOwner &&
          c !== undefined &&
          c.kind === 'plan' &&
          c.method === 'digital' &&
          c.givenBy === actor.personId
        );
      }
      if (closed || !(runsPlan || speaksForOwner)) return false;
      if (c === undefined) return true;
      // In the system: by the person consenting themself. On paper: the coordinator registers it.
      return c.method === 'digital' ? c.givenBy === actor.personId : runsPlan;
    }
    default:
      break;
  }
  if (!seesPlan) return false;

  switch (action) {
    case 'plan.view':
    case 'participants.list':
      return true;
    case 'plan.update':
    case 'participants.manage':
      return runsPlan && !closed;
    case 'participants.viewAccess':
    case 'accessLog.read':
      return runsPlan || speaksForOwner;
    case 'consents.withdraw':
      // Withdrawing is always possible, on a closed plan too.
      return runsPlan || speaksForOwner;
    case 'participants.changeAccess': {
      const target = object.target;
      if (!target || closed || target.isMe || target.role === 'owner') return false;
      return runsPlan || speaksForOwner;
    }
    case 'section.read':
    case 'section.write': {
      const section = object.section;
      if (!section || me === null) return false;
      if (plan.type === 'simple' && !SIMPLE_HAS.includes(section)) return false;
      // Relatives and professionals see nothing of the content without the owner's consent.
      if ((role === 'relative' || role === 'professional') && !me.sharingConsent) return false;
      const level = me.access[section] ?? ORACLE_DEFAULT_ACCESS[me.role][section];
      if (action === 'section.read') return level === 'read' || level === 'write';
      return level === 'write' && !closed;
    }
    default:
      return false;
  }
}

/**
 * The HTTP answer the written rules give: `success` when allowed; otherwise 404 when the
 * caller may not see the thing at all (its existence is not leaked), else 403.
 */
export function expectedStatus(allowed: boolean, visible: boolean, success: number): number {
  if (allowed) return success;
  return visible ? 403 : 404;
}
