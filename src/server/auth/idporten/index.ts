import formbody from '@fastify/formbody';
import type { FastifyInstance } from 'fastify';
import * as oidc from 'openid-client';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/index.ts';
import { finishLogin } from './callback.ts';
import { createIdportenClient } from './client.ts';
import { startLogin } from './login.ts';
import { backchannelLogout, frontchannelLogout } from './logout.ts';

export type IdportenDeps = { config: Config; db: Db };

/** What the rest of the app needs from the ID-porten client. */
export type Idporten = {
  /** The URL that ends the ID-porten session (RP-initiated logout), or null. */
  endSessionUrl(idToken: string | null): Promise<string | null>;
};

/** Registers /auth/idporten/* (login, callback, front- and back-channel logout). */
export async function registerIdporten(
  app: FastifyInstance,
  deps: IdportenDeps,
): Promise<Idporten> {
  const { config, db } = deps;
  const client = createIdportenClient(app, config);
  const routeDeps = { config, db, client };

  await app.register(async (scope) => {
    // Form bodies only here: the back-channel logout token arrives form-encoded.
    await scope.register(formbody);
    const open = { config: { public: true } };
    scope.get('/auth/idporten/login', open, (request, reply) =>
      startLogin(routeDeps, request, reply),
    );
    scope.get('/auth/idporten/callback', open, (request, reply) =>
      finishLogin(routeDeps, request, reply),
    );
    scope.get('/auth/idporten/frontchannel-logout', open, (request, reply) =>
      frontchannelLogout(routeDeps, request, reply),
    );
    scope.post(
      '/auth/idporten/backchannel-logout',
      // Server to server: ID-porten sends no Origin header.
      { config: { public: true, crossOrigin: true }, bodyLimit: 16 * 1024 },
      (request, reply) => backchannelLogout(routeDeps, request, reply),
    );
  });

  return {
    async endSessionUrl(idToken) {
      if (!idToken) return null;
      try {
        const configuration = await client.configuration();
        return oidc.buildEndSessionUrl(configuration, {
          id_token_hint: idToken,
          post_logout_redirect_uri: `${config.publicUrl}/`,
        }).href;
      } catch {
        app.log.warn('ID-porten end-session URL unavailable');
        return null;
      }
    },
  };
}
