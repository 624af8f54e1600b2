import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config.ts';
import type { Queryable } from '../db/index.ts';
import { randomToken, sha256 } from '../security/crypto.ts';

export type AuthMethod = 'idporten' | 'password';

/**
 * Ending a session NOTIFYs this channel (payload: the person id) in the same statement,
 * so every instance closes that session's event streams at commit (S4, S7, M6).
 */
export const SESSIONS_CHANNEL = 'samvirke_sessions';
const NOTIFY_ENDED = `cross join lateral (select pg_notify('${SESSIONS_CHANNEL}', e.person_id::text)) n`;

export type SessionRow = {
  idHash: string;
  personId: string;
  authMethod: AuthMethod;
  createdAt: Date;
  expiresAt: Date;
  idportenSid: string | null;
};

/** The cookie: `__Host-` prefixed and Secure behind https; plain on http://localhost. */
export function sessionCookieName(config: Pick<Config, 'publicUrl'>): string {
  return config.publicUrl.startsWith('https://') ? '__Host-samvirke' : 'samvirke_session';
}

export function setSessionCookie(reply: FastifyReply, config: Config, token: string): void {
  reply.setCookie(sessionCookieName(config), token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: config.publicUrl.startsWith('https://'),
    maxAge: config.sessionAbsoluteHours * 3600,
  });
}

export function clearSessionCookie(reply: FastifyReply, config: Config): void {
  reply.clearCookie(sessionCookieName(config), {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: config.publicUrl.startsWith('https://'),
  });
}

export function sessionTokenOf(request: FastifyRequest, config: Config): string | undefined {
  const token = request.cookies[sessionCookieName(config)];
  return token && /^[A-Za-z0-9_-]{43}$/.test(token) ? token : undefined;
}

/**
 * Starts a session with a new random id (S1: never reuses one) and returns the token for
 * the cookie. Only the token's hash is stored.
 */
export async function createSession(
  db: Queryable,
  config: Config,
  input: {
    personId: string;
    authMethod: AuthMethod;
    acr?: string;
    idportenSid?: string;
    idToken?: string;
  },
): Promise<{ token: string; idHash: string }> {
  const token = randomToken(32);
  const idHash = sha256(token);
  await db.query(
    `insert into sessions (id_hash, person_id, auth_method, acr, idporten_sid, id_token, expires_at)
     values ($1, $2, $3, $4, $5, $6, now() + make_interval(hours => $7::int))`,
    [
      idHash,
      input.personId,
      input.authMethod,
      input.acr ?? null,
      input.idportenSid ?? null,
      input.idToken ?? null,
      config.sessionAbsoluteHours,
    ],
  );
  return { token, idHash };
}

/**
 * The live session for a token, or null. A session is live when it has not ended, its
 * absolute limit has not passed, it was used within the idle timeout, and its person is
 * active. Using it moves the idle clock, at most once every 30 s to spare writes.
 */
export async function findLiveSession(
  db: Queryable,
  config: Config,
  token: string,
): Promise<SessionRow | null> {
  const rows = await db.query<SessionRow>(
    {
      name: 'session_touch',
      text: `update sessions s set last_seen_at = case when s.last_seen_at < now() - interval '30 seconds' then now() else s.last_seen_at end
        from people p
        where s.id_hash = $1 and p.id = s.person_id and p.status <> 'deactivated'
          and s.ended_at is null and s.expires_at > now()
          and s.last_seen_at > now() - make_interval(mins => $2::int)
        returning s.id_hash as "idHash", s.person_id as "personId", s.auth_method as "authMethod",
          s.created_at as "createdAt", s.expires_at as "expiresAt", s.idporten_sid as "idportenSid"`,
    },
    [sha256(token), config.sessionIdleMinutes],
  );
  return rows[0] ?? null;
}

export async function endSession(
  db: Queryable,
  idHash: string,
  reason: string,
): Promise<{ personId: string; idToken: string | null } | null> {
  const rows = await db.query<{ personId: string; idToken: string | null }>(
    `with e as (update sessions set ended_at = now(), end_reason = $2 where id_hash = $1 and ended_at is null
       returning person_id, id_token)
     select e.person_id as "personId", e.id_token as "idToken" from e ${NOTIFY_ENDED}`,
    [idHash, reason],
  );
  return rows[0] ?? null;
}

/** Ends every live session of a person (log out everywhere, deactivation, password reset). */
export async function endAllSessions(
  db: Queryable,
  personId: string,
  reason: string,
): Promise<number> {
  const rows = await db.query(
    `with e as (update sessions set ended_at = now(), end_reason = $2 where person_id = $1 and ended_at is null
       returning person_id)
     select 1 from e ${NOTIFY_ENDED}`,
    [personId, reason],
  );
  return rows.length;
}

/** Ends the sessions an ID-porten session (`sid`) started: front- and back-channel logout. */
export async function endSessionsByIdportenSid(
  db: Queryable,
  sid: string,
  reason: string,
): Promise<string[]> {
  const rows = await db.query<{ personId: string }>(
    `with e as (update sessions set ended_at = now(), end_reason = $2 where idporten_sid = $1 and ended_at is null
       returning person_id)
     select e.person_id as "personId" from e ${NOTIFY_ENDED}`,
    [sid, reason],
  );
  return rows.map((row) => row.personId);
}

/**
 * Which of these sessions (by id hash) are still live, by the same rule as
 * `findLiveSession`, without moving the idle clock: an open event stream is not activity.
 */
export async function liveSessionHashes(
  db: Queryable,
  config: Config,
  idHashes: readonly string[],
): Promise<Set<string>> {
  if (idHashes.length === 0) return new Set();
  const rows = await db.query<{ idHash: string }>(
    {
      name: 'sessions_live',
      text: `select s.id_hash as "idHash" from sessions s join people p on p.id = s.person_id
        where s.id_hash = any($1::text[]) and p.status <> 'deactivated'
          and s.ended_at is null and s.expires_at > now()
          and s.last_seen_at > now() - make_interval(mins => $2::int)`,
    },
    [[...idHashes], config.sessionIdleMinutes],
  );
  return new Set(rows.map((row) => row.idHash));
}
