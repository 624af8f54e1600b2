import type { FastifyReply, FastifyRequest } from 'fastify';
import { type JWTPayload, jwtVerify } from 'jose';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/index.ts';
import { problemOf, sendProblem } from '../../http/problem.ts';
import { auditContext, recordAudit } from '../../modules/audit/service.ts';
import { endSessionsByIdportenSid } from '../sessions.ts';
import type { IdportenClient } from './client.ts';
import { singleValue } from './params.ts';

export type LogoutDeps = { config: Config; db: Db; client: IdportenClient };

const BACKCHANNEL_EVENT = 'http://schemas.openid.net/event/backchannel-logout';

async function endByIdportenSid(
  db: Db,
  request: FastifyRequest,
  sid: string,
  channel: 'frontchannel' | 'backchannel',
): Promise<void> {
  await db.transaction(async (tx) => {
    const personIds = await endSessionsByIdportenSid(tx, sid, channel);
    for (const personId of new Set(personIds)) {
      await recordAudit(tx, auditContext(request), {
        action: 'auth.logout',
        actorId: personId,
        actorRole: null,
        organizationId: null,
        details: { method: 'idporten', channel },
      });
    }
  });
}

/**
 * The origins that may frame the front-channel logout page: the issuer's, and those of
 * its login and logout pages (ID-porten serves them from login.idporten.no).
 */
async function providerOrigins(client: IdportenClient): Promise<string[]> {
  const origins = new Set([new URL(client.issuer).origin]);
  try {
    const metadata = (await client.configuration()).serverMetadata();
    for (const url of [metadata.end_session_endpoint, metadata.authorization_endpoint]) {
      if (url) origins.add(new URL(url).origin);
    }
  } catch {
    // Without metadata the issuer's own origin is all we can name.
  }
  return [...origins];
}

/**
 * GET /auth/idporten/frontchannel-logout?iss=&sid=: ID-porten loads this in a hidden
 * iframe when the user logs out elsewhere. Only ID-porten may frame it.
 */
export async function frontchannelLogout(
  deps: LogoutDeps,
  request: FastifyRequest,
  reply: FastifyReply,
) {
  const { db, client } = deps;
  const query = (request.query ?? {}) as Record<string, unknown>;
  const iss = singleValue(query.iss);
  const sid = singleValue(query.sid);
  if (iss === client.issuer && sid && sid.length <= 200) {
    await endByIdportenSid(db, request, sid, 'frontchannel');
  }
  reply.removeHeader('x-frame-options');
  reply.header(
    'content-security-policy',
    `default-src 'none'; frame-ancestors ${(await providerOrigins(client)).join(' ')}`,
  );
  return reply
    .code(200)
    .type('text/html; charset=utf-8')
    .send(
      '<!DOCTYPE html><html lang="nb"><head><meta charset="utf-8"><title>Samvirke</title></head><body></body></html>',
    );
}

/**
 * POST /auth/idporten/backchannel-logout: a signed logout token from ID-porten, server to
 * server. Refused (400, nothing ended) unless it is signed by the issuer's key, for us, recent,
 * a logout event with a `sid` and without a `nonce` (S8).
 */
export async function backchannelLogout(
  deps: LogoutDeps,
  request: FastifyRequest,
  reply: FastifyReply,
) {
  const { config, db, client } = deps;
  const body = (request.body ?? {}) as Record<string, unknown>;
  const token = singleValue(body.logout_token);
  const claims =
    token && token.length <= 8192 ? await verifiedLogoutToken(client, config, token) : null;
  const sid = claims?.sid;
  if (!claims || typeof sid !== 'string' || sid.length === 0 || sid.length > 200) {
    request.log.warn('back-channel logout token refused');
    return sendProblem(reply, problemOf(400, { detail: 'Invalid logout token' }));
  }
  await endByIdportenSid(db, request, sid, 'backchannel');
  return reply.code(200).send();
}

async function verifiedLogoutToken(
  client: IdportenClient,
  config: Config,
  token: string,
): Promise<JWTPayload | null> {
  try {
    const { payload } = await jwtVerify(token, await client.keys(), {
      issuer: client.issuer,
      audience: config.idporten.clientId,
      algorithms: ['RS256'],
      maxTokenAge: '5 minutes',
      clockTolerance: 60,
      requiredClaims: ['iat', 'jti'],
    });
    const events = payload.events;
    const isLogout =
      typeof events === 'object' &&
      events !== null &&
      !Array.isArray(events) &&
      Object.hasOwn(events, BACKCHANNEL_EVENT);
    // A nonce means an ID token dressed up as a logout token.
    if (!isLogout || payload.nonce !== undefined) return null;
    return payload;
  } catch {
    return null;
  }
}
