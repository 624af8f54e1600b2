import type { FastifyBaseLogger } from 'fastify';
import { maskDestination } from '../../shared/contact.ts';
import type { Config } from '../config.ts';
import type { Db, Queryable } from '../db/index.ts';
import { HttpProblem } from '../http/problem.ts';
import type { AuditContext } from '../modules/audit/service.ts';
import { recordAudit } from '../modules/audit/service.ts';
import type { Delivery } from '../modules/delivery/service.ts';
import type { TemplateId } from '../modules/delivery/templates.ts';
import { DEMO_PASSWORD } from '../modules/training/demo-data.ts';
import { lookupHash } from '../security/crypto.ts';
import { type ChallengePurpose, type CodeChannel, issueCode, issueDecoy } from './challenges.ts';
import { verifyPassword } from './password.ts';
import { blockedFor, hit, POLICIES } from './throttle.ts';

export type LoginDeps = { config: Config; db: Db; delivery: Delivery; log: FastifyBaseLogger };
export type Challenge = { challengeId: string; channel: CodeChannel; destination: string };

type PersonForLogin = {
  id: string;
  name: string;
  status: 'invited' | 'active' | 'deactivated';
  passwordHash: string | null;
  codeChannel: CodeChannel;
  mobile: string | null;
  email: string | null;
  language: 'nb' | 'nn' | 'en';
};

/**
 * Login and code requests answer no sooner than this, so the work done for a right
 * password (sending a code) cannot be told from a wrong one by timing (A9).
 */
export const MINIMUM_REPLY_MS = 120;

export async function withMinimumDuration<T>(ms: number, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await work();
  } finally {
    const left = ms - (performance.now() - started);
    if (left > 0) await new Promise((resolve) => setTimeout(resolve, left));
  }
}

/** At most this many codes leave the system per minute in all (SMS pumping, A6). */
const GLOBAL_CODES_PER_MINUTE = 300;

export function normaliseUsername(input: string): string {
  return input.trim().toLowerCase().normalize('NFC');
}

export function tooManyRequests(seconds: number): HttpProblem {
  return new HttpProblem(429, {
    detail: 'Too many attempts; wait and try again',
    headers: { 'retry-after': String(Math.max(1, Math.ceil(seconds))) },
  });
}

async function personByUsername(db: Queryable, username: string): Promise<PersonForLogin | null> {
  const rows = await db.query<PersonForLogin>(
    {
      name: 'login_person',
      text: `select id, name, status, password_hash as "passwordHash", code_channel as "codeChannel",
        mobile, email, language from people where username = $1`,
    },
    [username],
  );
  return rows[0] ?? null;
}

/** Where a code would go: the chosen channel if it has an address, else the other. */
function addressOf(person: PersonForLogin): { channel: CodeChannel; to: string } | null {
  const preferred = person.codeChannel === 'email' ? person.email : person.mobile;
  if (preferred) return { channel: person.codeChannel, to: preferred };
  if (person.mobile) return { channel: 'sms', to: person.mobile };
  if (person.email) return { channel: 'email', to: person.email };
  return null;
}

/**
 * The destination shown for a username with no real one: derived from a keyed hash of the
 * username, so it is stable per username and looks like a real one (A8).
 */
function decoyDestination(
  config: Config,
  username: string,
): { channel: CodeChannel; destination: string } {
  const digest = lookupHash(config.secrets.lookupHashKey, `decoy:${username}`);
  const n = Number.parseInt(digest.slice(0, 8), 16);
  if (n % 5 === 0) {
    const domains = ['gmail.com', 'hotmail.com', 'outlook.com', 'online.no', 'icloud.com'];
    const letter = String.fromCharCode(97 + (n % 26));
    return {
      channel: 'email',
      destination: maskDestination('email', `${letter}x@${domains[n % domains.length]}`),
    };
  }
  return {
    channel: 'sms',
    destination: maskDestination('sms', `+474${String(n % 10_000_000).padStart(7, '0')}`),
  };
}

function shownChallenge(config: Config, username: string, person: PersonForLogin | null) {
  const address = person ? addressOf(person) : null;
  if (address)
    return { channel: address.channel, destination: maskDestination(address.channel, address.to) };
  return decoyDestination(config, username);
}

/** Refuses with 429 when a code may not be sent now (per username, per address, in all). */
async function allowCodeSend(db: Queryable, username: string, ip: string): Promise<void> {
  const blocked = await blockedFor(db, [`codes:user:${username}`, `codes:ip:${ip}`]);
  if (blocked > 0) throw tooManyRequests(blocked);
  await hit(db, `codes:user:${username}`, POLICIES.codesUser);
  await hit(db, `codes:ip:${ip}`, POLICIES.codesAddress);
  const [row] = await db.query<{ n: number }>(
    {
      name: 'codes_last_minute',
      text: `select count(*)::int as n from login_challenges where created_at > now() - interval '1 minute' and code_hash is not null`,
    },
    [],
  );
  if ((row?.n ?? 0) >= GLOBAL_CODES_PER_MINUTE) throw tooManyRequests(60);
}

const CODE_TEMPLATE: Record<ChallengePurpose, TemplateId> = {
  login: 'login-code',
  activation: 'activation-code',
  reset: 'reset-code',
};

/** Sends the code without making the caller wait: the reply's timing must not depend on it. */
function sendCodeInBackground(
  deps: LoginDeps,
  person: PersonForLogin,
  address: { channel: CodeChannel; to: string },
  purpose: ChallengePurpose,
  challengeId: string,
  code: string,
): void {
  deps.delivery
    .send({
      personId: person.id,
      channel: address.channel,
      to: address.to,
      template: CODE_TEMPLATE[purpose],
      params: { code },
      lang: person.language,
      idempotencyKey: `code:${challengeId}`,
    })
    .then((result) => {
      if (result.status === 'failed')
        deps.log.warn({ challengeId }, 'one-time code could not be sent');
    })
    .catch((error: unknown) =>
      deps.log.error({ err: error, challengeId }, 'one-time code could not be sent'),
    );
}

/**
 * Step one of the two-step login. The reply has the same shape, and about the same
 * timing, whether the username exists and whether the password is right (A8, A9); a
 * code is sent only when both are.
 */
export async function startLogin(
  deps: LoginDeps,
  context: AuditContext,
  input: { username: string; password: string },
): Promise<Challenge> {
  const { config, db } = deps;
  const username = normaliseUsername(input.username);
  const ip = context.ip;
  const keys = [`login:ip:${ip}`, `login:user:${username}`, `login:pair:${username}|${ip}`];
  const blocked = await blockedFor(db, keys);
  if (blocked > 0) throw tooManyRequests(blocked);

  const person = await personByUsername(db, username);
  const usable = person && person.status === 'active' ? person : null;
  // The published demo password never opens an account in production (A8: same reply).
  const demoInProduction = config.mode === 'production' && input.password === DEMO_PASSWORD;
  const passwordOk =
    (await verifyPassword(usable?.passwordHash ?? null, input.password)) && !demoInProduction;
  const shown = shownChallenge(config, username, person);
  const address = usable ? addressOf(usable) : null;

  if (!passwordOk || !usable || !address) {
    await hit(db, `login:ip:${ip}`, POLICIES.loginAddress);
    await hit(db, `login:user:${username}`, POLICIES.loginUser);
    await hit(db, `login:pair:${username}|${ip}`, POLICIES.loginPair);
    const challengeId = await issueDecoy(db, { purpose: 'login', channel: shown.channel, ip });
    await recordAudit(db, context, {
      action: 'auth.login',
      outcome: 'failed',
      actorId: person?.id ?? null,
      actorRole: null,
      organizationId: null,
      details: { method: 'password', step: 'password' },
    });
    return { challengeId, ...shown };
  }

  await allowCodeSend(db, username, ip);
  const { challengeId, code } = await issueCode(db, config.secrets.sessionSecret, {
    personId: usable.id,
    purpose: 'login',
    channel: address.channel,
    ip,
  });
  await recordAudit(db, context, {
    action: 'auth.code_sent',
    actorId: usable.id,
    actorRole: null,
    organizationId: null,
    details: { purpose: 'login', channel: address.channel },
  });
  sendCodeInBackground(deps, usable, address, 'login', challengeId, code);
  return { challengeId, ...shown };
}

/**
 * Sends a code for choosing a password: activation for an invited account, reset for an
 * active one. Same reply for every username (A8), at most 5 codes an hour per username.
 */
export async function startPasswordCode(
  deps: LoginDeps,
  context: AuditContext,
  input: { username: string },
): Promise<Challenge> {
  const { config, db } = deps;
  const username = normaliseUsername(input.username);
  const ip = context.ip;
  await allowCodeSend(db, username, ip);
  const person = await personByUsername(db, username);
  const shown = shownChallenge(config, username, person);
  const address = person && person.status !== 'deactivated' ? addressOf(person) : null;
  if (!person || !address || person.status === 'deactivated') {
    const challengeId = await issueDecoy(db, { purpose: 'reset', channel: shown.channel, ip });
    return { challengeId, ...shown };
  }
  const purpose: ChallengePurpose = person.status === 'invited' ? 'activation' : 'reset';
  const { challengeId, code } = await issueCode(db, config.secrets.sessionSecret, {
    personId: person.id,
    purpose,
    channel: address.channel,
    ip,
  });
  await recordAudit(db, context, {
    action: 'auth.code_sent',
    actorId: person.id,
    actorRole: null,
    organizationId: null,
    details: { purpose, channel: address.channel },
  });
  sendCodeInBackground(deps, person, address, purpose, challengeId, code);
  return { challengeId, ...shown };
}
