import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { TestApp } from '../helpers/app.ts';
import { addPerson, call, leakedCanaries, type WorldPerson } from './people-factories.ts';

/**
 * A care-team world for the section tests, built with SQL only (the plans module is built
 * in parallel): two municipalities, an active IP with every kind of participant, a second
 * IP and a `simple` plan for cross-plan and missing-section cases. Every person's national
 * id, mobile and e-mail is a canary no section response may show.
 */

export const ROLES = [
  'owner',
  'guardian',
  'coordinator',
  'relative',
  'professional',
  'professionalNoConsent',
  'expired',
  'removed',
  'orgAdmin',
  'otherCoordinator',
  'stranger',
] as const;
export type WorldRole = (typeof ROLES)[number];

export type SectionsWorld = {
  orgA: string;
  orgB: string;
  /** The active IP everybody below is (or was) in. */
  plan: string;
  /** Another active IP in the same municipality, with its own owner. */
  otherPlan: string;
  /** An active enkelt samspill of the same owner: no content sections. */
  simplePlan: string;
  people: Record<WorldRole, WorldPerson>;
  /** Participant ids in `plan`, by role (where the role is a participant). */
  participants: Partial<Record<WorldRole, string>>;
  otherOwner: WorldPerson;
  otherPlanParticipant: string;
  canaries: string[];
  /** Every response body seen through `send()`, to scan for canaries at the end. */
  bodies: string[];
};

async function one<T extends Record<string, unknown>>(
  t: TestApp,
  sql: string,
  params: unknown[],
): Promise<T> {
  const [row] = await t.db.query<T>(sql, params);
  if (!row) throw new Error(`no row from: ${sql.slice(0, 40)}`);
  return row;
}

export async function insertOrganization(t: TestApp, name: string): Promise<string> {
  const row = await one<{ id: string }>(
    t,
    `insert into organizations (name, kind) values ($1, 'municipality') returning id`,
    [name],
  );
  return row.id;
}

export async function insertPlan(
  t: TestApp,
  p: { org: string; owner: string; coordinator: string; type?: 'ip' | 'simple'; title?: string },
): Promise<string> {
  const row = await one<{ id: string }>(
    t,
    `insert into plans (organization_id, type, title, status, owner_id, coordinator_id, created_by)
     values ($1, $2, $3, 'active', $4, $5, $5) returning id`,
    [p.org, p.type ?? 'ip', p.title ?? 'Olas plan', p.owner, p.coordinator],
  );
  await t.db.query(
    `insert into consents (plan_id, kind, given_by, method, text_version, consent_text, recorded_by)
     values ($1, 'plan', $2, 'digital', 'v1', 'Samtykke til plan', $2)`,
    [row.id, p.owner],
  );
  return row.id;
}

export type ParticipantOptions = {
  access?: Record<string, 'none' | 'read' | 'write'>;
  consent?: boolean;
  /** SQL expression for valid_until, e.g. `now() - interval '1 day'`. */
  validUntil?: string;
  removed?: boolean;
  functionTitle?: string;
  organizationName?: string;
};

export async function addParticipant(
  t: TestApp,
  planId: string,
  personId: string,
  role: 'owner' | 'guardian' | 'relative' | 'coordinator' | 'professional',
  o: ParticipantOptions = {},
): Promise<string> {
  const row = await one<{ id: string }>(
    t,
    `insert into participants (plan_id, person_id, role, access, function_title, organization_name,
       valid_until, removed_at)
     values ($1, $2, $3, $4::jsonb, $5, $6, ${o.validUntil ?? 'null'},
       case when $7::boolean then now() else null end) returning id`,
    [
      planId,
      personId,
      role,
      JSON.stringify(o.access ?? {}),
      o.functionTitle ?? null,
      o.organizationName ?? null,
      o.removed ?? false,
    ],
  );
  if (o.consent) {
    await t.db.query(
      `insert into consents (plan_id, kind, participant_id, given_by, method, text_version,
         consent_text, recorded_by)
       select $1, 'sharing', $2, p.owner_id, 'paper', 'v1', 'Samtykke til deling', p.coordinator_id
       from plans p where p.id = $1`,
      [planId, row.id],
    );
  }
  return row.id;
}

export async function buildSectionsWorld(t: TestApp): Promise<SectionsWorld> {
  const canaries: string[] = [];
  const w = { canaries };
  const orgA = await insertOrganization(t, 'Demo kommune');
  const orgB = await insertOrganization(t, 'Annen kommune');
  const person = (org: string, name: string, roles: ('coordinator' | 'org_admin')[] = []) =>
    addPerson(t, w, org, name, roles);
  const people: Record<WorldRole, WorldPerson> = {
    owner: await person(orgA, 'Ola Planeier'),
    guardian: await person(orgA, 'Anne Mor'),
    coordinator: await person(orgA, 'Kari Koordinator', ['coordinator']),
    relative: await person(orgA, 'Bror Pårørende'),
    professional: await person(orgA, 'Per Fysio'),
    professionalNoConsent: await person(orgA, 'Nina Sykepleier'),
    expired: await person(orgA, 'Lise Lærer'),
    removed: await person(orgA, 'Rolf Fjernet'),
    orgAdmin: await person(orgA, 'Siri Admin', ['org_admin']),
    otherCoordinator: await person(orgB, 'Tor Annenkommune', ['coordinator']),
    stranger: await person(orgA, 'Sven Fremmed'),
  };
  const otherOwner = await person(orgA, 'Eva Annenplan');
  const coordinator = people.coordinator.id;
  const plan = await insertPlan(t, { org: orgA, owner: people.owner.id, coordinator });
  const otherPlan = await insertPlan(t, {
    org: orgA,
    owner: otherOwner.id,
    coordinator,
    title: 'Evas plan',
  });
  const simplePlan = await insertPlan(t, {
    org: orgA,
    owner: people.owner.id,
    coordinator,
    type: 'simple',
    title: 'Enkelt samspill',
  });
  const add = (role: Parameters<typeof addParticipant>[3], who: WorldPerson, o = {}) =>
    addParticipant(t, plan, who.id, role, o);
  const fysio = { functionTitle: 'Fysioterapeut', organizationName: 'Demo kommune' };
  const participants: Partial<Record<WorldRole, string>> = {
    owner: await add('owner', people.owner),
    guardian: await add('guardian', people.guardian),
    coordinator: await add('coordinator', people.coordinator, {
      functionTitle: 'Koordinator',
      organizationName: 'Demo kommune',
    }),
    relative: await add('relative', people.relative, { consent: true }),
    professional: await add('professional', people.professional, {
      ...fysio,
      access: { goals: 'write', log: 'none' },
      consent: true,
    }),
    professionalNoConsent: await add('professional', people.professionalNoConsent),
    expired: await add('professional', people.expired, {
      consent: true,
      validUntil: `now() - interval '1 day'`,
    }),
    removed: await add('professional', people.removed, { consent: true, removed: true }),
  };
  for (const planId of [otherPlan, simplePlan]) {
    await addParticipant(t, planId, coordinator, 'coordinator');
  }
  await addParticipant(t, simplePlan, people.owner.id, 'owner');
  const otherPlanParticipant = await addParticipant(t, otherPlan, otherOwner.id, 'owner');
  return {
    orgA,
    orgB,
    plan,
    otherPlan,
    simplePlan,
    people,
    participants,
    otherOwner,
    otherPlanParticipant,
    canaries,
    bodies: [],
  };
}

/** An item written straight into the database (for tests of reading and refusing). */
export async function seedItem(
  t: TestApp,
  planId: string,
  section: string,
  data: Record<string, unknown>,
  by: string,
  parentId: string | null = null,
): Promise<string> {
  const row = await one<{ id: string }>(
    t,
    `insert into plan_items (plan_id, section, parent_id, data, created_by, updated_by)
     values ($1, $2, $3, $4::jsonb, $5, $5) returning id`,
    [planId, section, parentId, JSON.stringify(data), by],
  );
  return row.id;
}

/** A request through the browser's path (cookie; our Origin on writes), its body kept. */
export async function send(
  t: TestApp,
  w: SectionsWorld,
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  url: string,
  who: WorldPerson,
  payload?: unknown,
): Promise<LightMyRequestResponse> {
  const res = await call(t, method, url, who.cookie, payload);
  w.bodies.push(res.body);
  return res;
}

/** Audit rows of the plan with this action and outcome. */
export async function auditCount(
  t: TestApp,
  planId: string,
  action: string,
  outcome: 'ok' | 'denied' = 'ok',
): Promise<number> {
  const row = await one<{ n: number }>(
    t,
    'select count(*)::int as n from audit_log where plan_id = $1 and action = $2 and outcome = $3',
    [planId, action, outcome],
  );
  return row.n;
}

/** No canary in any response body seen, nor in any log line (Z11, L4). */
export function expectNoLeaks(t: TestApp, w: SectionsWorld): void {
  expect(w.bodies.length).toBeGreaterThan(0);
  expect(leakedCanaries(w.bodies.join('\n'), w.canaries)).toEqual([]);
  expect(leakedCanaries(JSON.stringify(t.logs), w.canaries)).toEqual([]);
}

/** The smallest body API.md says each section must accept. */
export const SMALLEST_BODIES: Record<string, Record<string, unknown>> = {
  goals: { title: 'Gå til skolen selv' },
  measures: { title: 'Fysioterapi' },
  evaluations: { text: 'Går bedre' },
  log: { text: 'Gikk 200 meter i dag' },
  contributions: { text: 'Mor kjører til trening' },
  cooperation: { text: 'Skole og fysioterapeut møtes' },
};

/** Valid stored data for each section, for seeding. */
export const SEED_DATA: Record<string, Record<string, unknown>> = {
  goals: { title: 'Hovedmål', status: 'active' },
  measures: { title: 'Tiltak', status: 'planned', goalIds: [] },
  evaluations: { text: 'Evaluering' },
  log: { text: 'Loggføring' },
  contributions: { text: 'Bidrag' },
  cooperation: { text: 'Samarbeid' },
};
