import type { LightMyRequestResponse } from 'fastify';
import { createSession, sessionCookieName } from '../../src/server/auth/sessions.ts';
import { encryptField, lookupHash } from '../../src/server/security/crypto.ts';
import type { TestApp } from '../helpers/app.ts';

/**
 * A small world for the people tests, built with SQL: two municipalities, staff with
 * their roles, and citizens. Every national id, mobile and e-mail is a canary: no list,
 * log line or message may show it to anybody but its owner and their administrators.
 */

const W1 = [3, 7, 6, 1, 8, 9, 4, 5, 2];
const W2 = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
const sum = (digits: number[], weights: number[]) =>
  weights.reduce((total, weight, i) => total + weight * (digits[i] ?? 0), 0);

/** The check digits under today's rule, or null when the individual number cannot have any. */
function checkDigitsToday(nine: number[]): [number, number] | null {
  const k1 = (11 - (sum(nine, W1) % 11)) % 11;
  if (k1 === 10) return null;
  const k2 = (11 - (sum([...nine, k1], W2) % 11)) % 11;
  if (k2 === 10) return null;
  return [k1, k2];
}

/** today's rule: the first check digit leaves remainder 0 (with its weight 1 added). */
export function passesTodaysChecksum(value: string): boolean {
  const digits = [...value].map(Number);
  const nine = digits.slice(0, 9);
  const today = checkDigitsToday(nine);
  return today !== null && today[0] === digits[9] && today[1] === digits[10];
}

let serial = 100;

/** A synthetic (Tenor: month + 80) national id, valid under today's check-digit rule. */
export function syntheticNationalId(): string {
  for (;;) {
    serial += 1;
    const day = String((serial % 28) + 1).padStart(2, '0');
    const month = String(80 + ((serial >> 5) % 12) + 1);
    const year = String(50 + (serial % 40));
    const individual = String(serial % 1000).padStart(3, '0');
    const nine = [...`${day}${month}${year}${individual}`].map(Number);
    const checks = checkDigitsToday(nine);
    if (checks) return `${nine.join('')}${checks.join('')}`;
  }
}

/**
 * A synthetic number valid only under the 2032 rule: the first check digit leaves a
 * remainder of 1, 2 or 3, which today's rule refuses.
 */
export function nationalIdValidFrom2032(): string {
  for (;;) {
    serial += 1;
    const nine = [
      ...`1${(serial % 9) + 1}85${60 + (serial % 30)}${String(serial % 1000).padStart(3, '0')}`,
    ].map(Number);
    for (const remainder of [1, 2, 3]) {
      const k1 = (((remainder - sum(nine, W1)) % 11) + 11) % 11;
      if (k1 > 9) continue;
      const k2 = (11 - (sum([...nine, k1], W2) % 11)) % 11;
      if (k2 > 9) continue;
      return `${nine.join('')}${k1}${k2}`;
    }
  }
}

let phone = 1000;
export function canaryMobile(): string {
  phone += 1;
  return `+47915${String(phone).padStart(5, '0')}`;
}

export type WorldPerson = {
  id: string;
  name: string;
  username: string;
  nationalId: string;
  mobile: string;
  email: string;
  organizationId: string;
  /** `samvirke_session=<token>` (on http://localhost) of a fresh password session. */
  cookie: string;
};

export type World = {
  orgA: string;
  orgB: string;
  coordA: WorldPerson;
  adminA: WorldPerson;
  coordB: WorldPerson;
  citizenA: WorldPerson;
  citizenA2: WorldPerson;
  /** Every national id, mobile and e-mail in the world, to scan responses and logs for. */
  canaries: string[];
};

async function insertOrganization(t: TestApp, name: string): Promise<string> {
  const [row] = await t.db.query<{ id: string }>(
    `insert into organizations (name, kind) values ($1, 'municipality') returning id`,
    [name],
  );
  if (!row) throw new Error('no organization');
  return row.id;
}

/** A session for a person, optionally started `ageMinutes` ago; returns the cookie pair. */
export async function sessionCookie(t: TestApp, personId: string, ageMinutes = 0): Promise<string> {
  const { token, idHash } = await createSession(t.db, t.config, {
    personId,
    authMethod: 'password',
  });
  if (ageMinutes > 0) {
    await t.db.query(
      `update sessions set created_at = now() - make_interval(mins => $2::int) where id_hash = $1`,
      [idHash, ageMinutes],
    );
  }
  return `${sessionCookieName(t.config)}=${token}`;
}

let people = 0;

/** An active person of an organisation, with optional staff roles there, and a session. */
export async function addPerson(
  t: TestApp,
  world: Pick<World, 'canaries'>,
  organizationId: string,
  name: string,
  roles: ('coordinator' | 'org_admin' | 'trainer')[] = [],
): Promise<WorldPerson> {
  people += 1;
  const nationalId = syntheticNationalId();
  const mobile = canaryMobile();
  const email = `canary${people}.${Date.now() % 100000}@example.test`;
  const username = `person.${people}.${Math.random().toString(36).slice(2, 8)}`;
  const { secrets } = t.config;
  const [row] = await t.db.query<{ id: string }>(
    `insert into people (organization_id, name, username, national_id_enc, national_id_hash,
       mobile, email, status, activated_at)
     values ($1, $2, $3, $4, $5, $6, $7, 'active', now()) returning id`,
    [
      organizationId,
      name,
      username,
      encryptField(secrets.dataEncryptionKey, nationalId),
      lookupHash(secrets.lookupHashKey, nationalId),
      mobile,
      email,
    ],
  );
  if (!row) throw new Error('no person');
  for (const role of roles) {
    await t.db.query(
      'insert into staff_roles (person_id, organization_id, role) values ($1, $2, $3)',
      [row.id, organizationId, role],
    );
  }
  world.canaries.push(nationalId, mobile, email);
  const cookie = await sessionCookie(t, row.id);
  return { id: row.id, name, username, nationalId, mobile, email, organizationId, cookie };
}

export async function buildWorld(t: TestApp): Promise<World> {
  const canaries: string[] = [];
  const orgA = await insertOrganization(t, 'Demo kommune');
  const orgB = await insertOrganization(t, 'Annen kommune');
  const w = { canaries };
  return {
    orgA,
    orgB,
    coordA: await addPerson(t, w, orgA, 'Kari Koordinator', ['coordinator']),
    adminA: await addPerson(t, w, orgA, 'Siri Admin', ['org_admin']),
    coordB: await addPerson(t, w, orgB, 'Tor Annenkommune', ['coordinator']),
    citizenA: await addPerson(t, w, orgA, 'Ola Planeier'),
    citizenA2: await addPerson(t, w, orgA, 'Anne Mor'),
    canaries,
  };
}

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/** A request as the browser sends it: the session cookie, and our Origin on state changes. */
export function call(
  t: TestApp,
  method: Method,
  url: string,
  cookie?: string,
  payload?: unknown,
): Promise<LightMyRequestResponse> {
  const headers: Record<string, string> = {};
  if (cookie) headers.cookie = cookie;
  if (method !== 'GET') headers.origin = t.config.publicUrl;
  if (typeof payload === 'string') headers['content-type'] = 'application/json';
  return t.app.inject({
    method,
    url,
    headers,
    ...(payload === undefined ? {} : { payload: payload as string | Record<string, unknown> }),
  });
}

/** The `field` names of a 400 problem. */
export function errorFields(res: LightMyRequestResponse): string[] {
  const body = res.json() as { errors?: { field: string }[] };
  return (body.errors ?? []).map((e) => e.field);
}

/** Fails when any canary appears in the text (a response body, the logs, a message). */
export function leakedCanaries(text: string, canaries: string[]): string[] {
  return canaries.filter(
    (canary) => text.includes(canary) || text.includes(canary.replace('+47', '')),
  );
}

export type OutboxRow = {
  channel: string;
  to_address: string;
  subject: string | null;
  text: string;
};

export async function outboxOf(t: TestApp, personId: string): Promise<OutboxRow[]> {
  return t.db.query<OutboxRow>(
    `select channel, to_address, subject, text from dev_outbox where person_id = $1 order by sent_at, id`,
    [personId],
  );
}

export async function auditRows(
  t: TestApp,
  action: string,
  objectId: string,
): Promise<{ outcome: string; details: Record<string, unknown> | null; actor_id: string }[]> {
  return t.db.query(
    `select outcome, details, actor_id from audit_log where action = $1 and object_id = $2 order by at`,
    [action, objectId],
  );
}
