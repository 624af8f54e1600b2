import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { AccessMap, ParticipantRole } from '../../src/server/access/plans.ts';
import { CONSENT_TEXTS } from '../../src/shared/consent-texts.ts';
import {
  addPerson,
  call,
  leakedCanaries,
  type WorldPerson,
} from '../integration/people-factories.ts';
import type { TestApp } from './app.ts';

/**
 * A world for plan tests, built with SQL: two municipalities; a plan in the first with a
 * care team covering every role and grant state; a second plan for cross-plan checks
 * (Z1, Z12); staff who take no part. Every national id, mobile and e-mail is a canary.
 */

export type ParticipantSpec = {
  person: WorldPerson;
  role: ParticipantRole;
  access?: AccessMap;
  /** SQL interval from now, e.g. '-1 day' (expired) or '1 year'; absent: no end. */
  validFor?: string;
  removed?: boolean;
  /** A sharing consent (given by the owner) for this participant. */
  sharingConsent?: boolean;
};

export type PlanSpec = {
  organizationId: string;
  owner: WorldPerson;
  coordinator: WorldPerson;
  type?: 'ip' | 'simple';
  status?: 'draft' | 'active' | 'closed';
  title?: string;
  /** A plan consent by the owner (default: when the plan is not a draft). */
  planConsent?: boolean;
  others?: ParticipantSpec[];
};

export type MadePlan = {
  id: string;
  /** Participant id by person id. */
  participants: Record<string, string>;
  /** Consent ids: `plan`, and by participant id for sharing consents. */
  consents: Record<string, string>;
};

async function one<T>(rows: Promise<T[]>): Promise<T> {
  const [row] = await rows;
  if (!row) throw new Error('no row');
  return row;
}

/** Inserts a plan with its coordinator, owner, other participants and consents. */
export async function makePlan(t: TestApp, spec: PlanSpec): Promise<MadePlan> {
  const status = spec.status ?? 'active';
  const plan = await one(
    t.db.query<{ id: string }>(
      `insert into plans (organization_id, type, title, status, owner_id, coordinator_id, created_by)
       values ($1, $2, $3, $4, $5, $6, $6) returning id`,
      [
        spec.organizationId,
        spec.type ?? 'ip',
        spec.title ?? 'Plan',
        status,
        spec.owner.id,
        spec.coordinator.id,
      ],
    ),
  );
  const made: MadePlan = { id: plan.id, participants: {}, consents: {} };
  const all: ParticipantSpec[] = [
    { person: spec.coordinator, role: 'coordinator' },
    { person: spec.owner, role: 'owner' },
    ...(spec.others ?? []),
  ];
  for (const p of all) {
    const row = await one(
      t.db.query<{ id: string }>(
        `insert into participants (plan_id, person_id, role, access, valid_until, removed_at, removed_by, created_by)
         values ($1, $2, $3, $4::jsonb,
           case when $5::text is null then null else now() + $5::interval end,
           case when $6::boolean then now() else null end,
           case when $6::boolean then $7::uuid else null end, $7)
         returning id`,
        [
          plan.id,
          p.person.id,
          p.role,
          JSON.stringify(p.access ?? {}),
          p.validFor ?? null,
          p.removed === true,
          spec.coordinator.id,
        ],
      ),
    );
    made.participants[p.person.id] = row.id;
    if (p.sharingConsent) {
      made.consents[row.id] = await insertConsent(t, plan.id, 'sharing', row.id, spec);
    }
  }
  if (spec.planConsent ?? status !== 'draft') {
    made.consents.plan = await insertConsent(t, plan.id, 'plan', null, spec);
  }
  return made;
}

async function insertConsent(
  t: TestApp,
  planId: string,
  kind: 'plan' | 'sharing',
  participantId: string | null,
  spec: PlanSpec,
): Promise<string> {
  const { textVersion, text } = CONSENT_TEXTS[kind];
  const row = await one(
    t.db.query<{ id: string }>(
      `insert into consents (plan_id, kind, participant_id, given_by, method, text_version, consent_text, recorded_by)
       values ($1, $2, $3, $4, 'paper', $5, $6, $7) returning id`,
      [planId, kind, participantId, spec.owner.id, textVersion, text, spec.coordinator.id],
    ),
  );
  return row.id;
}

export type PlanWorld = {
  orgA: string;
  orgB: string;
  coord: WorldPerson;
  /** A coordinator of orgA who takes no part in the plans (yet). */
  coord2: WorldPerson;
  admin: WorldPerson;
  owner: WorldPerson;
  guardian: WorldPerson;
  relative: WorldPerson;
  relativeNoConsent: WorldPerson;
  proRead: WorldPerson;
  proNone: WorldPerson;
  expired: WorldPerson;
  removed: WorldPerson;
  coordB: WorldPerson;
  stranger: WorldPerson;
  /** The owner of the second plan. */
  otherOwner: WorldPerson;
  plan: MadePlan;
  /** A second active plan of orgA (coordinated by coord; proRead takes part in it too). */
  otherPlan: MadePlan;
  canaries: string[];
};

const READ_ALL: AccessMap = Object.fromEntries(
  ['aboutMe', 'goals', 'measures', 'contributions', 'evaluations', 'log', 'consents']
    .concat(['cooperation', 'messages', 'meetings', 'tasks', 'documents'])
    .map((s) => [s, 'read']),
);
const NONE_ALL: AccessMap = Object.fromEntries(Object.keys(READ_ALL).map((s) => [s, 'none']));

async function organization(t: TestApp, name: string): Promise<string> {
  const row = await one(
    t.db.query<{ id: string }>(
      `insert into organizations (name, kind) values ($1, 'municipality') returning id`,
      [name],
    ),
  );
  return row.id;
}

/**
 * The care team of the world's main plan besides its owner and coordinator: every role
 * and grant state. Other tests (the route matrix) give the same team to plans of other
 * kinds and states.
 */
export function careTeam(
  w: Pick<
    PlanWorld,
    'guardian' | 'relative' | 'relativeNoConsent' | 'proRead' | 'proNone' | 'expired' | 'removed'
  >,
): ParticipantSpec[] {
  return [
    { person: w.guardian, role: 'guardian' },
    { person: w.relative, role: 'relative', sharingConsent: true },
    { person: w.relativeNoConsent, role: 'relative' },
    { person: w.proRead, role: 'professional', access: READ_ALL, sharingConsent: true },
    { person: w.proNone, role: 'professional', access: NONE_ALL, sharingConsent: true },
    { person: w.expired, role: 'professional', validFor: '-1 day', sharingConsent: true },
    { person: w.removed, role: 'professional', removed: true, sharingConsent: true },
  ];
}

export async function buildPlanWorld(t: TestApp): Promise<PlanWorld> {
  const canaries: string[] = [];
  const w = { canaries };
  const orgA = await organization(t, 'Demo kommune');
  const orgB = await organization(t, 'Annen kommune');
  const person = (name: string, roles: ('coordinator' | 'org_admin')[] = [], org = orgA) =>
    addPerson(t, w, org, name, roles);
  const coord = await person('Kari Koordinator', ['coordinator']);
  const coord2 = await person('Kåre Koordinator', ['coordinator']);
  const admin = await person('Siri Admin', ['org_admin']);
  const owner = await person('Ola Planeier');
  const guardian = await person('Anne Mor');
  const relative = await person('Rolf Onkel');
  const relativeNoConsent = await person('Randi Tante');
  const proRead = await person('Per Fysio');
  const proNone = await person('Nina Sykepleier');
  const expired = await person('Lise Lærer');
  const removed = await person('Rune Tidligere');
  const coordB = await person('Tor Annenkommune', ['coordinator'], orgB);
  const stranger = await person('Siv Fremmed');
  const otherOwner = await person('Olga Annenplan');
  const plan = await makePlan(t, {
    organizationId: orgA,
    owner,
    coordinator: coord,
    title: 'Olas plan',
    others: careTeam({ guardian, relative, relativeNoConsent, proRead, proNone, expired, removed }),
  });
  const otherPlan = await makePlan(t, {
    organizationId: orgA,
    owner: otherOwner,
    coordinator: coord,
    title: 'Olgas plan',
    others: [{ person: proRead, role: 'professional', sharingConsent: true }],
  });
  return {
    orgA,
    orgB,
    coord,
    coord2,
    admin,
    owner,
    guardian,
    relative,
    relativeNoConsent,
    proRead,
    proNone,
    expired,
    removed,
    coordB,
    stranger,
    otherOwner,
    plan,
    otherPlan,
    canaries,
  };
}

/** The participant id of a person in a made plan. */
export function pid(plan: MadePlan, person: WorldPerson): string {
  const id = plan.participants[person.id];
  if (!id) throw new Error(`${person.name} takes no part in this plan`);
  return id;
}

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/**
 * Requests that keep every response body, so a test file can check at its end that none
 * held a national id, phone or e-mail (Z11), and that the logs hold none either.
 */
export function recorder(t: TestApp) {
  const bodies: string[] = [];
  return {
    bodies,
    async call(
      method: Method,
      url: string,
      cookie?: string,
      payload?: unknown,
    ): Promise<LightMyRequestResponse> {
      const res = await call(t, method, url, cookie, payload);
      bodies.push(res.body);
      return res;
    },
    /** Asserts no canary in any recorded body or in the app's log lines. */
    expectNoLeaks(canaries: string[]): void {
      expect(canaries.length).toBeGreaterThan(0);
      expect(bodies.length).toBeGreaterThan(0);
      expect(leakedCanaries(bodies.join('\n'), canaries)).toEqual([]);
      expect(leakedCanaries(JSON.stringify(t.logs), canaries)).toEqual([]);
    },
  };
}

export type AuditRow = {
  action: string;
  outcome: string;
  actor_id: string | null;
  actor_role: string | null;
  plan_id: string | null;
  section: string | null;
  object_id: string | null;
  details: Record<string, unknown> | null;
};

/** The audit rows of a plan (or with no plan when planId is null), oldest first. */
export async function planAudit(
  t: TestApp,
  planId: string | null,
  action?: string,
): Promise<AuditRow[]> {
  return t.db.query<AuditRow>(
    `select action, outcome, actor_id, actor_role, plan_id, section, object_id, details
     from audit_log where plan_id is not distinct from $1::uuid and ($2::text is null or action = $2)
     order by at, id`,
    [planId, action ?? null],
  );
}

/** Sets a participant's validUntil (database time) in this many milliseconds. */
export async function expireIn(t: TestApp, participantId: string, ms: number): Promise<void> {
  await t.db.query(
    `update participants set valid_until = now() + make_interval(secs => $2::float8 / 1000) where id = $1`,
    [participantId, ms],
  );
}

/** The organisation a plan belongs to (as stored). */
export async function planOrganization(t: TestApp, planId: string): Promise<string | undefined> {
  const [row] = await t.db.query<{ organizationId: string }>(
    'select organization_id as "organizationId" from plans where id = $1',
    [planId],
  );
  return row?.organizationId;
}
