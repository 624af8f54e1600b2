import { randomBytes, randomUUID } from 'node:crypto';
import { createSession, sessionCookieName } from '../src/server/auth/sessions.ts';
import type { Config } from '../src/server/config.ts';
import type { Queryable } from '../src/server/db/index.ts';
import { CONSENT_TEXTS } from '../src/shared/consent-texts.ts';

/** A plan's team as the load client sees it: who may post, with whose session. */
export type Team = { planId: string; members: { personId: string; cookie: string }[] };

/** A team; by default every role may read and write messages. */
const ROLES = ['coordinator', 'owner', 'relative', 'relative'].concat(
  Array(4).fill('professional'),
);
/** Roles that need a sharing consent to see anything (not the owner's side or coordinator). */
const NEEDS_CONSENT = new Set(['relative', 'professional']);

/**
 * `plans` active IPs in one new municipality, each with 8 participants — a coordinator,
 * the owner, 2 relatives and 4 professionals (sharing consents for those who need one) —
 * all active people notified by SMS, and one password session each. Built with SQL, a
 * statement per table; national ids are random strings (nothing here decrypts them).
 */
export async function seedTeams(db: Queryable, config: Config, plans: number): Promise<Team[]> {
  const [org] = await db.query<{ id: string }>(
    `insert into organizations (name, kind) values ('Benchmark kommune', 'municipality') returning id`,
  );
  if (!org) throw new Error('no organization');
  const teams = Array.from({ length: plans }, () => ({
    planId: randomUUID(),
    people: Array.from({ length: 8 }, () => randomUUID()),
    participants: Array.from({ length: 8 }, () => randomUUID()),
  }));
  const people = teams.flatMap((t) => t.people);
  const tag = randomBytes(3).toString('hex');
  await db.query(
    `insert into people (id, organization_id, name, username, national_id_enc, national_id_hash,
       mobile, status, activated_at)
     select id, $2, 'Bench ' || n, 'bench.${tag}.' || n, md5(random()::text), md5(id::text),
       '+4791' || lpad(n::text, 6, '0'), 'active', now()
     from unnest($1::uuid[]) with ordinality as p(id, n)`,
    [people, org.id],
  );
  const coordinators = teams.map((t) => t.people[0]);
  await db.query(
    `insert into staff_roles (person_id, organization_id, role)
     select unnest($1::uuid[]), $2, 'coordinator'`,
    [coordinators, org.id],
  );
  await db.query(
    `insert into plans (id, organization_id, type, title, status, owner_id, coordinator_id, created_by)
     select id, $2, 'ip', 'Benchplan', 'active', owner_id, coordinator_id, coordinator_id
     from unnest($1::uuid[], $3::uuid[], $4::uuid[]) as p(id, owner_id, coordinator_id)`,
    [teams.map((t) => t.planId), org.id, teams.map((t) => t.people[1]), coordinators],
  );
  const rows = teams.flatMap((t) =>
    ROLES.map((role, i) => [t.participants[i], t.planId, t.people[i], role, t.people[0]]),
  );
  const column = (k: number) => rows.map((row) => row[k]);
  await db.query(
    `insert into participants (id, plan_id, person_id, role, created_by)
     select * from unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::uuid[])`,
    [column(0), column(1), column(2), column(3), column(4)],
  );
  // The plan consent, and a sharing consent for every participant who is not owner-side.
  const consents = teams.flatMap((t) => [
    [t.planId, 'plan', null, t.people[1], t.people[0]],
    ...t.participants
      .filter((_, i) => NEEDS_CONSENT.has(ROLES[i] ?? ''))
      .map((id) => [t.planId, 'sharing', id, t.people[1], t.people[0]]),
  ]);
  const texts = consents.map((c) => CONSENT_TEXTS[c[1] === 'plan' ? 'plan' : 'sharing']);
  await db.query(
    `insert into consents (plan_id, kind, participant_id, given_by, method, text_version,
       consent_text, recorded_by)
     select plan_id, kind, participant_id, given_by, 'paper', text_version, consent_text, recorded_by
     from unnest($1::uuid[], $2::text[], $3::uuid[], $4::uuid[], $5::text[], $6::text[], $7::uuid[])
       as c(plan_id, kind, participant_id, given_by, text_version, consent_text, recorded_by)`,
    [
      consents.map((c) => c[0]),
      consents.map((c) => c[1]),
      consents.map((c) => c[2]),
      consents.map((c) => c[3]),
      texts.map((t) => t.textVersion),
      texts.map((t) => t.text),
      consents.map((c) => c[4]),
    ],
  );
  const cookieName = sessionCookieName(config);
  const cookies = new Map<string, string>();
  for (const personId of people) {
    const { token } = await createSession(db, config, { personId, authMethod: 'password' });
    cookies.set(personId, `${cookieName}=${token}`);
  }
  return teams.map((t) => ({
    planId: t.planId,
    members: t.people.map((personId) => ({ personId, cookie: cookies.get(personId) ?? '' })),
  }));
}
