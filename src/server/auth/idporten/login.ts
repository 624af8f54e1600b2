import type { FastifyReply, FastifyRequest } from 'fastify';
import * as oidc from 'openid-client';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/index.ts';
import { sha256 } from '../../security/crypto.ts';
import { tooManyRequests } from '../login.ts';
import { blockedFor, hit, POLICIES } from '../throttle.ts';
import { bindState } from './browser-binding.ts';
import type { IdportenClient } from './client.ts';
import { loginFailedUrl, singleValue } from './params.ts';
import { safeReturnTo } from './return-to.ts';

export type LoginDeps = { config: Config; db: Db; client: IdportenClient };

const INVITATION_TOKEN = /^[A-Za-z0-9_-]{16,128}$/;

/**
 * GET /auth/idporten/login: remembers state, nonce, PKCE verifier, where to return and the
 * invitation (if any) for ten minutes, then sends the browser to ID-porten — through a
 * pushed authorization request when the provider offers one.
 */
export async function startLogin(deps: LoginDeps, request: FastifyRequest, reply: FastifyReply) {
  const { config, db, client } = deps;
  const query = (request.query ?? {}) as Record<string, unknown>;
  const returnTo = safeReturnTo(singleValue(query.returnTo));
  const invitationToken = singleValue(query.invitation);

  // Each start writes a row: a flood from one address is slowed like password guessing.
  const blocked = await blockedFor(db, [`oidc:ip:${request.ip}`]);
  if (blocked > 0) throw tooManyRequests(blocked);
  await hit(db, `oidc:ip:${request.ip}`, POLICIES.oidcStartAddress);

  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const codeVerifier = oidc.randomPKCECodeVerifier();
  const parameters: Record<string, string> = {
    redirect_uri: config.idporten.redirectUri,
    response_type: 'code',
    scope: 'openid',
    acr_values: config.idporten.acrValues,
    state,
    nonce,
    code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    ui_locales: uiLocale(singleValue(query.lang), request.headers['accept-language']),
  };

  let authorizationUrl: URL;
  try {
    const configuration = await client.configuration();
    const invitationId = invitationToken ? await usableInvitation(db, invitationToken) : null;
    await db.query('delete from oidc_logins where expires_at < now()');
    await db.query(
      `insert into oidc_logins (state, nonce, code_verifier, return_to, invitation_id, expires_at)
       values ($1, $2, $3, $4, $5, now() + interval '10 minutes')`,
      [state, nonce, codeVerifier, returnTo, invitationId],
    );
    authorizationUrl = configuration.serverMetadata().pushed_authorization_request_endpoint
      ? await oidc.buildAuthorizationUrlWithPAR(configuration, parameters)
      : oidc.buildAuthorizationUrl(configuration, parameters);
  } catch (error) {
    request.log.error({ code: errorCode(error) }, 'ID-porten login could not start');
    return reply.redirect(loginFailedUrl('login-failed'), 302);
  }
  bindState(request, reply, config, state);
  return reply.redirect(authorizationUrl.href, 302);
}

/** The invitation a link token names, if it is still unused and unexpired; else none. */
async function usableInvitation(db: Db, token: string): Promise<string | null> {
  if (!INVITATION_TOKEN.test(token)) return null;
  const rows = await db.query<{ id: string }>(
    'select id from invitations where token_hash = $1 and used_at is null and expires_at > now()',
    [sha256(token)],
  );
  return rows[0]?.id ?? null;
}

/** ID-porten's page language: nb, nn, en or se, from the app's choice or the browser's. */
function uiLocale(chosen: string | undefined, acceptLanguage: string | undefined): string {
  const known = ['nb', 'nn', 'en', 'se'];
  if (chosen && known.includes(chosen)) return chosen;
  for (const part of (acceptLanguage ?? '').split(',').slice(0, 10)) {
    const tag = (part.split(';')[0] ?? '').trim().toLowerCase();
    const primary = tag.split('-')[0] ?? '';
    if (primary === 'no') return 'nb';
    if (known.includes(primary)) return primary;
  }
  return 'nb';
}

function errorCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : error instanceof Error ? error.name : 'unknown';
}
