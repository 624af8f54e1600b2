import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ChallengeReply,
  LoginBody,
  LogoutReply,
  MeReply,
  PasswordCodeBody,
  SetPasswordBody,
  VerifyBody,
  VerifyReply,
} from '../../shared/schemas/auth.ts';
import type { Config } from '../config.ts';
import type { Db } from '../db/index.ts';
import { auditContext, recordAudit } from '../modules/audit/service.ts';
import type { Delivery } from '../modules/delivery/service.ts';
import { sha256 } from '../security/crypto.ts';
import type { Idporten } from './idporten/index.ts';
import { MINIMUM_REPLY_MS, startLogin, startPasswordCode, withMinimumDuration } from './login.ts';
import { actorOf } from './plugin.ts';
import { aboutMe, finishLogin, setPasswordWithCode } from './service.ts';
import {
  clearSessionCookie,
  endAllSessions,
  endSession,
  sessionTokenOf,
  setSessionCookie,
} from './sessions.ts';

const NoContent = z.null();

/**
 * What logout wipes in the browser (S9). Not "cache": Chromium can take tens of seconds
 * to clear a whole HTTP cache, holding the logout navigation; API answers are no-store,
 * so the cache holds nothing personal anyway.
 */
const CLEAR_SITE_DATA = '"cookies", "storage"';

export type AuthRouteDeps = { config: Config; db: Db; delivery: Delivery; idporten: Idporten };

const tags = ['auth'];

export const authRoutes: FastifyPluginAsyncZod<AuthRouteDeps> = async (app, deps) => {
  const { config, db } = deps;
  const loginDeps = { config, db, delivery: deps.delivery, log: app.log };

  app.post(
    '/api/auth/login',
    {
      config: { public: true },
      schema: { tags, body: LoginBody, response: { 200: ChallengeReply } },
    },
    async (request) =>
      withMinimumDuration(MINIMUM_REPLY_MS, () =>
        startLogin(loginDeps, auditContext(request), request.body),
      ),
  );

  app.post(
    '/api/auth/verify',
    {
      config: { public: true },
      schema: { tags, body: VerifyBody, response: { 200: VerifyReply } },
    },
    async (request, reply) => {
      const { token, user } = await finishLogin(
        { config, db },
        auditContext(request),
        request.body,
      );
      setSessionCookie(reply, config, token);
      return { user };
    },
  );

  app.post(
    '/api/auth/password/code',
    {
      config: { public: true },
      schema: { tags, body: PasswordCodeBody, response: { 200: ChallengeReply } },
    },
    async (request) =>
      withMinimumDuration(MINIMUM_REPLY_MS, () =>
        startPasswordCode(loginDeps, auditContext(request), request.body),
      ),
  );

  app.post(
    '/api/auth/password',
    { config: { public: true }, schema: { tags, body: SetPasswordBody } },
    async (request, reply) => {
      await setPasswordWithCode({ config, db }, auditContext(request), request.body);
      return reply.code(204).send();
    },
  );

  app.post(
    '/api/auth/logout',
    { config: { public: true }, schema: { tags, response: { 200: LogoutReply, 204: NoContent } } },
    async (request, reply) => {
      const token = sessionTokenOf(request, config);
      clearSessionCookie(reply, config);
      reply.header('clear-site-data', CLEAR_SITE_DATA);
      if (!token) return reply.code(204).send(null);
      const ended = await db.transaction(async (tx) => {
        const row = await endSession(tx, sha256(token), 'logout');
        if (row) {
          await recordAudit(tx, auditContext(request), {
            action: 'auth.logout',
            actorId: row.personId,
            organizationId: null,
          });
        }
        return row;
      });
      const endSessionUrl = ended?.idToken
        ? await deps.idporten.endSessionUrl(ended.idToken)
        : null;
      if (endSessionUrl) return { endSessionUrl };
      return reply.code(204).send(null);
    },
  );

  app.post('/api/auth/logout-everywhere', { schema: { tags } }, async (request, reply) => {
    const actor = actorOf(request);
    await db.transaction(async (tx) => {
      const count = await endAllSessions(tx, actor.personId, 'logout-everywhere');
      await recordAudit(tx, auditContext(request), {
        action: 'auth.logout_everywhere',
        details: { sessions: count },
      });
    });
    clearSessionCookie(reply, config);
    reply.header('clear-site-data', CLEAR_SITE_DATA);
    return reply.code(204).send();
  });

  app.get('/api/me', { schema: { tags, response: { 200: MeReply } } }, async (request) =>
    aboutMe(db, config, actorOf(request)),
  );
};
