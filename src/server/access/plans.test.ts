import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Actor } from '../auth/actor.ts';
import {
  type AccessMap,
  DEFAULT_ACCESS,
  effectiveAccess,
  type Level,
  mayChangeAccess,
  mayOnPlan,
  type ParticipantRole,
  type PlanAction,
  type PlanFacts,
  SECTIONS,
  type Section,
} from './plans.ts';

/**
 * The reference model: the written rules of DESIGN.md and the plans issue, stated as
 * plainly as possible and independently of the module, so the property test below can
 * catch the module drifting from them.
 */
function reference(
  actorOrgAdminOf: string[],
  facts: PlanFacts,
  action: PlanAction,
  section?: Section,
): boolean {
  const p = facts.participant;
  const expired = p?.validUntil != null && p.validUntil <= facts.now;
  const inTeam = p != null && !expired;
  const role = inTeam ? p.role : undefined;
  const seesPlan = inTeam && (facts.plan.status !== 'draft' || role === 'coordinator');
  const closed = facts.plan.status === 'closed';
  const runsPlan = role === 'coordinator';
  const speaksForOwner = role === 'owner' || role === 'guardian';

  if (action === 'plan.adminSummary') return actorOrgAdminOf.includes(facts.plan.organizationId);
  if (!seesPlan) return false;
  if (action === 'plan.view' || action === 'participants.list') return true;
  if (action === 'plan.update' || action === 'participants.manage') return runsPlan && !closed;
  if (action === 'consents.record') return (runsPlan || speaksForOwner) && !closed;
  if (action === 'accessLog.read') return runsPlan || speaksForOwner;

  // Section actions.
  if (!section || !p) return false;
  const simpleHas = ['messages', 'meetings', 'tasks', 'documents'].includes(section);
  if (facts.plan.type === 'simple' && !simpleHas) return false;
  const mustHaveConsent = role === 'relative' || role === 'professional';
  if (mustHaveConsent && !facts.sharingConsent) return false;
  const level = p.access[section] ?? DEFAULT_ACCESS[p.role][section];
  if (action === 'section.read') return level !== 'none';
  return level === 'write' && !closed;
}

const ORG_A = 'org-a';
const ORG_B = 'org-b';
const NOW = new Date('2026-11-26T12:00:00Z');

function actor(orgAdminOf: string[] = []): Actor {
  return {
    personId: 'me',
    name: 'Me',
    homeOrganizationId: ORG_A,
    staff: orgAdminOf.map((organizationId) => ({ organizationId, role: 'org_admin' as const })),
    authMethod: 'password',
    sessionIdHash: 'x',
    sessionCreatedAt: NOW,
    sessionExpiresAt: NOW,
  };
}

function facts(
  overrides: Partial<PlanFacts> & {
    role?: ParticipantRole | null;
    access?: AccessMap;
    validUntil?: Date | null;
  } = {},
): PlanFacts {
  const role = overrides.role === undefined ? 'professional' : overrides.role;
  return {
    plan: {
      id: 'plan',
      organizationId: ORG_A,
      status: 'active',
      type: 'ip',
      ownerId: 'o',
      coordinatorId: 'c',
      ...overrides.plan,
    },
    participant:
      role === null
        ? null
        : {
            id: 'part',
            role,
            access: overrides.access ?? {},
            validUntil: overrides.validUntil ?? null,
          },
    sharingConsent: overrides.sharingConsent ?? true,
    now: overrides.now ?? NOW,
  };
}

const ACTIONS: PlanAction[] = [
  'plan.view',
  'plan.adminSummary',
  'plan.update',
  'participants.list',
  'participants.manage',
  'consents.record',
  'accessLog.read',
  'section.read',
  'section.write',
];
const ROLES: ParticipantRole[] = ['owner', 'guardian', 'relative', 'coordinator', 'professional'];
const LEVELS: Level[] = ['none', 'read', 'write'];

describe('plan access: named cases', () => {
  it('a stranger sees nothing (404 everywhere)', () => {
    for (const action of ACTIONS)
      expect(mayOnPlan(actor(), facts({ role: null }), action, 'goals')).toBe(false);
  });

  it('a draft is seen only by its coordinator', () => {
    for (const role of ROLES) {
      const f = facts({
        role,
        plan: {
          id: 'p',
          organizationId: ORG_A,
          status: 'draft',
          type: 'ip',
          ownerId: 'o',
          coordinatorId: 'c',
        },
      });
      expect(mayOnPlan(actor(), f, 'plan.view')).toBe(role === 'coordinator');
    }
  });

  it('Z3: access ends exactly at validUntil, by the database clock', () => {
    const at = new Date(NOW.getTime());
    expect(
      mayOnPlan(actor(), facts({ validUntil: new Date(NOW.getTime() + 1), now: NOW }), 'plan.view'),
    ).toBe(true);
    expect(mayOnPlan(actor(), facts({ validUntil: at, now: NOW }), 'plan.view')).toBe(false);
  });

  it('Z2: a professional with log: none may read goals but not the log', () => {
    const f = facts({ role: 'professional', access: { log: 'none' } });
    expect(mayOnPlan(actor(), f, 'section.read', 'goals')).toBe(true);
    expect(mayOnPlan(actor(), f, 'section.read', 'log')).toBe(false);
    expect(effectiveAccess(f).log).toBe('none');
  });

  it('withdrawing the sharing consent ends a professional’s and a relative’s access at once', () => {
    for (const role of ['professional', 'relative'] as const) {
      expect(
        mayOnPlan(actor(), facts({ role, sharingConsent: false }), 'section.read', 'goals'),
      ).toBe(false);
      // They still see that the plan exists and who is in it.
      expect(mayOnPlan(actor(), facts({ role, sharingConsent: false }), 'plan.view')).toBe(true);
    }
  });

  it('Z6: an org admin gets the summary of its own organisation’s plans and no content', () => {
    const f = facts({ role: null });
    expect(mayOnPlan(actor([ORG_A]), f, 'plan.adminSummary')).toBe(true);
    expect(mayOnPlan(actor([ORG_B]), f, 'plan.adminSummary')).toBe(false);
    for (const section of SECTIONS)
      expect(mayOnPlan(actor([ORG_A]), f, 'section.read', section)).toBe(false);
  });

  it('Z9: relatives and professionals cannot manage the team or record consent', () => {
    for (const role of ['relative', 'professional'] as const) {
      expect(mayOnPlan(actor(), facts({ role }), 'participants.manage')).toBe(false);
      expect(mayOnPlan(actor(), facts({ role }), 'consents.record')).toBe(false);
      expect(mayOnPlan(actor(), facts({ role }), 'accessLog.read')).toBe(false);
    }
  });

  it('Z10: nobody changes their own grant; the owner’s cannot be cut', () => {
    const coordinator = facts({ role: 'coordinator' });
    expect(mayChangeAccess(coordinator, { id: 'part', role: 'coordinator' })).toBe(false);
    expect(mayChangeAccess(coordinator, { id: 'other', role: 'professional' })).toBe(true);
    expect(mayChangeAccess(coordinator, { id: 'other', role: 'owner' })).toBe(false);
    expect(mayChangeAccess(facts({ role: 'owner' }), { id: 'other', role: 'relative' })).toBe(true);
    expect(
      mayChangeAccess(facts({ role: 'professional' }), { id: 'other', role: 'relative' }),
    ).toBe(false);
  });

  it('a simple plan has only messages, meetings, tasks and documents', () => {
    const f = facts({
      role: 'coordinator',
      plan: {
        id: 'p',
        organizationId: ORG_A,
        status: 'active',
        type: 'simple',
        ownerId: 'o',
        coordinatorId: 'c',
      },
    });
    expect(mayOnPlan(actor(), f, 'section.read', 'goals')).toBe(false);
    expect(mayOnPlan(actor(), f, 'section.read', 'messages')).toBe(true);
  });

  it('a closed plan can be read but not written', () => {
    const f = facts({
      role: 'owner',
      plan: {
        id: 'p',
        organizationId: ORG_A,
        status: 'closed',
        type: 'ip',
        ownerId: 'o',
        coordinatorId: 'c',
      },
    });
    expect(mayOnPlan(actor(), f, 'section.read', 'goals')).toBe(true);
    expect(mayOnPlan(actor(), f, 'section.write', 'goals')).toBe(false);
  });
});

describe('plan access: property test against the reference model', () => {
  const levelArb = fc.constantFrom(...LEVELS);
  const accessArb = fc.dictionary(fc.constantFrom(...SECTIONS), levelArb, {
    maxKeys: 6,
  }) as fc.Arbitrary<AccessMap>;
  const factsArb = fc.record({
    status: fc.constantFrom('draft', 'active', 'closed' as const),
    type: fc.constantFrom('ip', 'simple' as const),
    organizationId: fc.constantFrom(ORG_A, ORG_B),
    role: fc.option(fc.constantFrom(...ROLES), { nil: null }),
    access: accessArb,
    validOffsetSeconds: fc.option(fc.integer({ min: -100_000, max: 100_000 }), { nil: null }),
    sharingConsent: fc.boolean(),
  });

  it('agrees with the reference model for random plans, participants, grants and times', () => {
    fc.assert(
      fc.property(
        factsArb,
        fc.constantFrom(...ACTIONS),
        fc.constantFrom(...SECTIONS),
        fc.subarray([ORG_A, ORG_B]),
        (w, action, section, adminOf) => {
          const f: PlanFacts = {
            plan: {
              id: 'p',
              organizationId: w.organizationId,
              status: w.status,
              type: w.type,
              ownerId: 'o',
              coordinatorId: 'c',
            },
            participant:
              w.role === null
                ? null
                : {
                    id: 'part',
                    role: w.role,
                    access: w.access,
                    validUntil:
                      w.validOffsetSeconds === null
                        ? null
                        : new Date(NOW.getTime() + w.validOffsetSeconds * 1000),
                  },
            sharingConsent: w.sharingConsent,
            now: NOW,
          };
          expect(mayOnPlan(actor(adminOf), f, action, section)).toBe(
            reference(adminOf, f, action, section),
          );
        },
      ),
      { numRuns: 5000 },
    );
  });
});
