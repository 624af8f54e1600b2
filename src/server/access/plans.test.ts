import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { may, type OracleActor, type PlanObject } from '../../../test/helpers/oracle.ts';
import type { Actor } from '../auth/actor.ts';
import {
  type AccessMap,
  effectiveAccess,
  type Level,
  mayBeAskedToConsent,
  mayChangeAccess,
  mayOnPlan,
  mayRecordConsent,
  type ParticipantRole,
  type PlanAction,
  type PlanFacts,
  SECTIONS,
} from './plans.ts';

/**
 * The reference model is the authorization oracle in test/helpers/oracle.ts: the written
 * rules stated plainly and independently of this module. `asOracle` turns the module's
 * facts into the oracle's words; the property tests below catch the two drifting apart.
 */
function asOracle(
  orgAdminOf: string[],
  facts: PlanFacts,
  extra: Pick<PlanObject, 'section' | 'consent' | 'target'> = {},
): [OracleActor, PlanObject] {
  const p = facts.participant;
  return [
    { personId: 'me', coordinatorOf: [], orgAdminOf },
    {
      plan: {
        organizationId: facts.plan.organizationId,
        status: facts.plan.status,
        type: facts.plan.type,
      },
      me:
        p === null
          ? null
          : {
              role: p.role,
              access: p.access,
              validUntil: p.validUntil,
              sharingConsent: facts.sharingConsent,
            },
      ...extra,
    },
  ];
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
  'participants.viewAccess',
  'consents.record',
  'consents.giveOnDraft',
  'consents.withdraw',
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

describe('consent on a draft: the owner or a guardian, their own consent to the plan, nothing else', () => {
  const draft = (role: ParticipantRole | null, validUntil: Date | null = null) =>
    facts({
      role,
      validUntil,
      plan: {
        id: 'p',
        organizationId: ORG_A,
        status: 'draft',
        type: 'ip',
        ownerId: 'o',
        coordinatorId: 'c',
      },
    });
  const own = { kind: 'plan', method: 'digital', givenBy: 'me' } as const;

  it('the owner and a guardian may give their own consent to the plan in the system', () => {
    for (const role of ['owner', 'guardian'] as const) {
      expect(mayRecordConsent(actor(), draft(role), own), role).toBe(true);
      expect(mayBeAskedToConsent(draft(role)), role).toBe(true);
      // …and still do not see the plan or anything in it.
      for (const action of ACTIONS.filter((a) => a !== 'consents.giveOnDraft'))
        expect(mayOnPlan(actor(), draft(role), action, 'goals'), `${role} ${action}`).toBe(false);
    }
  });

  it('not sharing, not paper, not for somebody else; not when their access has ended', () => {
    for (const role of ['owner', 'guardian'] as const) {
      const f = draft(role);
      expect(mayRecordConsent(actor(), f, { ...own, kind: 'sharing' })).toBe(false);
      expect(mayRecordConsent(actor(), f, { ...own, method: 'paper' })).toBe(false);
      expect(mayRecordConsent(actor(), f, { ...own, givenBy: 'o' })).toBe(false);
      const ended = draft(role, new Date(NOW.getTime() - 1));
      expect(mayRecordConsent(actor(), ended, own)).toBe(false);
      expect(mayBeAskedToConsent(ended)).toBe(false);
    }
  });

  it('relatives, professionals, org admins and strangers may not; the coordinator goes the usual way', () => {
    for (const role of ['relative', 'professional', null] as const) {
      expect(mayRecordConsent(actor([ORG_A]), draft(role), own), String(role)).toBe(false);
      expect(mayBeAskedToConsent(draft(role)), String(role)).toBe(false);
    }
    // The coordinator sees the draft and registers paper consent; digital is the owner's.
    expect(mayRecordConsent(actor(), draft('coordinator'), { ...own, method: 'paper' })).toBe(true);
    expect(mayRecordConsent(actor(), draft('coordinator'), own)).toBe(true);
    expect(mayBeAskedToConsent(draft('coordinator'))).toBe(false);
  });
});

describe('plan access: property test against the oracle (test/helpers/oracle.ts)', () => {
  const levelArb = fc.constantFrom(...LEVELS);
  const accessArb = fc.dictionary(fc.constantFrom(...SECTIONS), levelArb, {
    maxKeys: 6,
  }) as fc.Arbitrary<AccessMap>;
  const factsArb = fc
    .record({
      status: fc.constantFrom('draft', 'active', 'closed' as const),
      type: fc.constantFrom('ip', 'simple' as const),
      organizationId: fc.constantFrom(ORG_A, ORG_B),
      role: fc.option(fc.constantFrom(...ROLES), { nil: null }),
      access: accessArb,
      validOffsetSeconds: fc.option(fc.integer({ min: -100_000, max: 100_000 }), { nil: null }),
      sharingConsent: fc.boolean(),
    })
    .map(
      (w): PlanFacts => ({
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
      }),
    );
  const adminOfArb = fc.subarray([ORG_A, ORG_B]);

  it('mayOnPlan agrees with the oracle for random plans, participants, grants and times', () => {
    fc.assert(
      fc.property(
        factsArb,
        fc.constantFrom(...ACTIONS),
        fc.constantFrom(...SECTIONS),
        adminOfArb,
        (f, action, section, adminOf) => {
          const [who, object] = asOracle(adminOf, f, { section });
          expect(mayOnPlan(actor(adminOf), f, action, section)).toBe(
            may(who, action, object, f.now),
          );
        },
      ),
      { numRuns: 5000 },
    );
  });

  it('mayRecordConsent agrees with the oracle, drafts included', () => {
    fc.assert(
      fc.property(
        factsArb,
        fc.constantFrom('plan', 'sharing' as const),
        fc.constantFrom('digital', 'paper' as const),
        fc.constantFrom('me', 'o', 'someone'),
        adminOfArb,
        (f, kind, method, givenBy, adminOf) => {
          const consent = { kind, method, givenBy };
          const [who, object] = asOracle(adminOf, f, { consent });
          expect(mayRecordConsent(actor(adminOf), f, consent)).toBe(
            may(who, 'consents.record', object, f.now),
          );
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('mayChangeAccess agrees with the oracle', () => {
    fc.assert(
      fc.property(
        factsArb,
        fc.constantFrom(...ROLES),
        fc.boolean(),
        (f, targetRole, targetIsMe) => {
          const target = { id: targetIsMe ? 'part' : 'other', role: targetRole };
          const [who, object] = asOracle([], f, {
            target: { role: targetRole, isMe: targetIsMe && f.participant !== null },
          });
          expect(mayChangeAccess(f, target)).toBe(
            may(who, 'participants.changeAccess', object, f.now),
          );
        },
      ),
      { numRuns: 3000 },
    );
  });
});
