import type { IncomingMessage } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/index.ts';
import { registerInteractionRoutes } from './interaction.ts';
import { createTestProvider, TEST_IDP_PATH } from './provider.ts';
import { STYLESHEET } from './style.ts';

/**
 * The built-in test ID-porten at /test-idp, outside production only: an OpenID provider
 * on the app's own origin (browsers ignore ports for cookies, so it gets its own path),
 * with a login page that lists the registered (synthetic) people.
 */
export async function registerTestIdp(
  app: FastifyInstance,
  deps: { config: Config; db: Db },
): Promise<void> {
  const { config, db } = deps;
  if (!config.devToolsEnabled || config.mode === 'production') {
    throw new Error('The test ID-porten must never run in production');
  }
  const provider = await createTestProvider(app, config);
  provider.on('server_error', (_ctx, err) => app.log.error({ err }, 'test-idp error'));

  app.get(`${TEST_IDP_PATH}/style.css`, { config: { public: true } }, async (_request, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'no-cache').send(STYLESHEET),
  );

  await app.register(async (scope) => registerInteractionRoutes(scope, { config, db, provider }));

  const handle = provider.callback();
  const publicUrl = new URL(config.publicUrl);
  const forward = async (request: FastifyRequest, reply: FastifyReply) => {
    reply.hijack();
    for (const [name, value] of Object.entries(reply.getHeaders())) {
      if (value !== undefined) reply.raw.setHeader(name, value);
    }
    const raw = request.raw as IncomingMessage & { originalUrl?: string };
    const original = raw.url ?? TEST_IDP_PATH;
    raw.originalUrl = original;
    raw.url = original.slice(TEST_IDP_PATH.length) || '/';
    // The provider builds its URLs from these; they come from PUBLIC_URL, never the client.
    raw.headers['x-forwarded-proto'] = publicUrl.protocol.replace(':', '');
    raw.headers['x-forwarded-host'] = publicUrl.host;
    raw.headers['x-forwarded-for'] = request.ip;
    await handle(raw, reply.raw);
  };

  await app.register(async (scope) => {
    // The provider reads request bodies itself: leave the stream untouched.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, _payload, done) => done(null));
    scope.route({
      method: ['GET', 'POST', 'OPTIONS'],
      url: `${TEST_IDP_PATH}/*`,
      config: { public: true, crossOrigin: true },
      schema: { hide: true },
      handler: forward,
    });
  });
}
