import cookie from '@fastify/cookie';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.ts';
import type { Db } from '../db/index.ts';
import { problemOf, sendProblem } from '../http/problem.ts';
import { type Actor, actorForToken } from './actor.ts';
import { clearSessionCookie, sessionTokenOf } from './sessions.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The logged-in caller; set on every non-public route (null only on public ones). */
    actor: Actor | null;
  }
  interface FastifyContextConfig {
    /** Cross-site requests allowed (server-to-server endpoints such as back-channel logout). */
    crossOrigin?: boolean;
  }
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Authentication for every route: routes are private unless they say `public: true`.
 * Also refuses every state-changing request whose Origin is not our own (S6).
 */
export async function registerAuth(app: FastifyInstance, deps: { config: Config; db: Db }) {
  const { config, db } = deps;
  const ownOrigin = new URL(config.publicUrl).origin;
  await app.register(cookie, { secret: config.secrets.sessionSecret, hook: 'onRequest' });
  app.decorateRequest('actor', null);

  app.addHook('onRequest', async (request, reply) => {
    const routeConfig = request.routeOptions.config;
    if (STATE_CHANGING.has(request.method) && !routeConfig.crossOrigin) {
      if (request.headers.origin !== ownOrigin) {
        return sendProblem(reply, problemOf(403, { detail: 'Cross-origin request refused' }));
      }
    }
    // Unmatched URLs fall through to the not-found handler (404), logged in or not.
    if (routeConfig.public || request.routeOptions.url === undefined) return;
    const token = sessionTokenOf(request, config);
    const actor = token ? await actorForToken(db, config, token) : null;
    if (!actor) {
      if (token) clearSessionCookie(reply, config);
      return sendProblem(reply, problemOf(401, { detail: 'Log in to continue' }));
    }
    request.actor = actor;
  });
}

/** For handlers on private routes: the actor the auth hook has set. */
export function actorOf(request: { actor: Actor | null }): Actor {
  if (!request.actor) throw new Error('actorOf() used on a public route');
  return request.actor;
}
