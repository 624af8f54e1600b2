import type { FastifyReply, FastifyRequest } from 'fastify';
import * as oidc from 'openid-client';
import type { Queryable } from '../../db/index.ts';
import { auditContext, recordAudit } from '../../modules/audit/service.ts';
import { lookupHash, sha256 } from '../../security/crypto.ts';
import { createSession, endSession, sessionTokenOf, setSessionCookie } from '../sessions.ts';
import { boundStates, unbindState } from './browser-binding.ts';
import type { LoginDeps } from './login.ts';
import { type LoginError, loginFailedUrl, singleValue } from './params.ts';

/** A login we refuse, with a reason code for the audit trail (never the pid). */
class LoginRefused extends Error {
  readonly reason: string;
  readonly error: LoginError;
  readonly personId: string | null;
  constructor(reason: string, error: LoginError = 'login-failed', personId: string | null = null) {
    super(reason);
    this.reason = reason;
    this.error = error;
    this.personId = personId;
  }
}

const LEVELS: Record<string, number> = { 'idporten-loa-substantial': 1, 'idporten-loa-high': 2 };
const PID = /^\d{11}$/;

/** true when `acr` is the required level or higher (high > substantial). */
export function acrSatisfies(acr: unknown, required: string): boolean {
  if (typeof acr !== 'string' || !Object.hasOwn(LEVELS, acr)) return false;
  return (LEVELS[acr] ?? 0) >= (LEVELS[required] ?? Number.POSITIVE_INFINITY);
}

type PendingLogin = {
  nonce: string;
  codeVerifier: string;
  returnTo: string;
  invitationId: string | null;
  live: boolean;
};

type Identity = { pid: string; acr: string; sid: string | undefined; idToken: string | undefined };

/**
 * GET /auth/idporten/callback: the state is used once (deleted as it is read), the code is
 * exchanged with the PKCE verifier, the ID token's signature, iss, aud, nonce and expiry
 * are checked by openid-client, its acr here; the person is found by `pid` only.
 */
export async function finishLogin(deps: LoginDeps, request: FastifyRequest, reply: FastifyReply) {
  const { config, db } = deps;
  const state = singleValue((request.query as Record<string, unknown> | undefined)?.state);
  try {
    const pending = await takePendingLogin(deps, request, state);
    const identity = await exchangeCode(deps, request, state ?? '', pending);
    const { token, returnTo } = await db.transaction((tx) =>
      startSession(deps, tx, request, pending, identity),
    );
    if (state) unbindState(request, reply, config, state);
    setSessionCookie(reply, config, token);
    return reply.redirect(returnTo, 302);
  } catch (error) {
    const refusal = error instanceof LoginRefused ? error : new LoginRefused(reasonOf(error));
    // openid-client's errors can carry the token's claims (the pid) as their cause: log codes only.
    request.log.warn({ reason: refusal.reason }, 'ID-porten login refused');
    if (refusal.reason === 'error' && error instanceof Error) {
      request.log.error({ name: error.name, message: error.message }, 'ID-porten callback failed');
    }
    await recordAudit(db, auditContext(request), {
      action: 'auth.login',
      outcome: 'failed',
      actorId: refusal.personId,
      actorRole: null,
      organizationId: null,
      details: { method: 'idporten', reason: refusal.reason },
    });
    if (state) unbindState(request, reply, config, state);
    return reply.redirect(loginFailedUrl(refusal.error), 302);
  }
}

async function takePendingLogin(
  deps: LoginDeps,
  request: FastifyRequest,
  state: string | undefined,
): Promise<PendingLogin> {
  if (!state) throw new LoginRefused('state-missing');
  if (state.length > 128) throw new LoginRefused('state-unknown');
  const rows = await deps.db.query<PendingLogin>(
    `delete from oidc_logins where state = $1
     returning nonce, code_verifier as "codeVerifier", return_to as "returnTo",
       invitation_id as "invitationId", expires_at > now() as live`,
    [state],
  );
  const pending = rows[0];
  if (!pending) throw new LoginRefused('state-unknown');
  if (!pending.live) throw new LoginRefused('state-expired');
  if (!boundStates(request, deps.config).includes(state)) throw new LoginRefused('state-not-bound');
  return pending;
}

async function exchangeCode(
  deps: LoginDeps,
  request: FastifyRequest,
  state: string,
  pending: PendingLogin,
): Promise<Identity> {
  const { config, client } = deps;
  const configuration = await client.configuration();
  // The URL the provider redirected to, built from our registered redirect URI (not the Host header).
  const currentUrl = new URL(config.idporten.redirectUri);
  const rawUrl = request.raw.url ?? '';
  const queryStart = rawUrl.indexOf('?');
  currentUrl.search = queryStart >= 0 ? rawUrl.slice(queryStart) : '';
  const tokens = await oidc.authorizationCodeGrant(configuration, currentUrl, {
    pkceCodeVerifier: pending.codeVerifier,
    expectedState: state,
    expectedNonce: pending.nonce,
    idTokenExpected: true,
  });
  const claims = tokens.claims();
  if (!claims) throw new LoginRefused('id-token-missing');
  const { pid, acr, sid } = claims;
  if (typeof pid !== 'string' || !PID.test(pid)) throw new LoginRefused('pid-missing');
  if (!acrSatisfies(acr, config.idporten.acrValues) || typeof acr !== 'string') {
    throw new LoginRefused('acr-too-low');
  }
  return {
    pid,
    acr,
    sid: typeof sid === 'string' && sid.length > 0 && sid.length <= 200 ? sid : undefined,
    idToken: tokens.id_token,
  };
}

type PersonRow = { id: string; status: string; organizationId: string; role: string };

async function startSession(
  deps: LoginDeps,
  tx: Queryable,
  request: FastifyRequest,
  pending: PendingLogin,
  identity: Identity,
): Promise<{ token: string; returnTo: string }> {
  const { config } = deps;
  // Identity is (issuer, pid): we trust one issuer, and look people up by pid alone.
  const people = await tx.query<PersonRow>(
    `select p.id, p.status, p.organization_id as "organizationId",
       coalesce((select min(r.role) from staff_roles r where r.person_id = p.id), 'citizen') as role
     from people p where p.national_id_hash = $1 for update of p`,
    [lookupHash(config.secrets.lookupHashKey, identity.pid)],
  );
  const person = people[0];
  if (!person) throw new LoginRefused('unknown-person', 'unknown-person');
  if (person.status === 'deactivated')
    throw new LoginRefused('deactivated', 'unknown-person', person.id);

  if (pending.invitationId) {
    const invitations = await tx.query<{ personId: string; usable: boolean }>(
      `select person_id as "personId", (used_at is null and expires_at > now()) as usable
       from invitations where id = $1 for update`,
      [pending.invitationId],
    );
    const invitation = invitations[0];
    // Z15: an invitation is bound to the verified identity of the person it was made for.
    if (!invitation || invitation.personId !== person.id) {
      throw new LoginRefused('invitation-other-person', 'login-failed', person.id);
    }
    if (!invitation.usable)
      throw new LoginRefused('invitation-used-or-expired', 'login-failed', person.id);
    await tx.query('update invitations set used_at = now() where id = $1', [pending.invitationId]);
  }
  if (person.status === 'invited') {
    await tx.query(
      `update people set status = 'active', activated_at = now(), updated_at = now(), version = version + 1
       where id = $1 and status = 'invited'`,
      [person.id],
    );
  }

  // S1: a login never continues an earlier session in this browser.
  const previous = sessionTokenOf(request, config);
  if (previous) await endSession(tx, sha256(previous), 'replaced');
  const session = await createSession(tx, config, {
    personId: person.id,
    authMethod: 'idporten',
    acr: identity.acr,
    ...(identity.sid ? { idportenSid: identity.sid } : {}),
    ...(identity.idToken ? { idToken: identity.idToken } : {}),
  });
  await recordAudit(tx, auditContext(request), {
    action: 'auth.login',
    actorId: person.id,
    actorRole: person.role,
    organizationId: person.organizationId,
    details: {
      method: 'idporten',
      acr: identity.acr,
      ...(person.status === 'invited' ? { activated: true } : {}),
    },
  });
  return { token: session.token, returnTo: pending.returnTo };
}

/** A reason code from openid-client's errors: their code or the provider's error, never claims. */
function reasonOf(error: unknown): string {
  const fields = (error ?? {}) as { code?: unknown; error?: unknown };
  const safe = (value: string) => value.replace(/[^A-Za-z0-9_.-]/g, '').slice(0, 60);
  if (typeof fields.error === 'string') return `provider:${safe(fields.error)}`;
  if (typeof fields.code === 'string') return `oidc:${safe(fields.code)}`;
  return 'error';
}
