import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { problemOf, sendProblem } from './problem.ts';

export const WEB_DIST = fileURLToPath(new URL('../../../dist/web', import.meta.url));

const API_PREFIXES = ['/api/', '/auth/', '/test-idp', '/metrics'];

/**
 * Serves the built web app: hashed assets cached for a year, everything else that a
 * browser asks for as a page falls back to index.html so client-side routes work.
 */
export async function registerWebApp(app: FastifyInstance, root: string = WEB_DIST) {
  const hasBuild = existsSync(path.join(root, 'index.html'));
  // Read once: every client-side route answers with it.
  const indexHtml = hasBuild ? readFileSync(path.join(root, 'index.html')) : Buffer.alloc(0);
  if (hasBuild) {
    // The built files are public (the login page must load without a session); they are
    // registered in their own scope so that marking them public touches nothing else.
    await app.register(async (scope) => {
      scope.addHook('onRoute', (route) => {
        route.config = { ...route.config, public: true };
      });
      await scope.register(fastifyStatic, {
        root,
        wildcard: false,
        index: false,
        setHeaders(res, filePath) {
          const immutable = filePath.includes(`${path.sep}assets${path.sep}`);
          res.header(
            'cache-control',
            immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
          );
        },
      });
    });
  }

  app.setNotFoundHandler((request, reply) => {
    const url = request.url.split('?')[0] ?? '/';
    const isApi = API_PREFIXES.some((prefix) => url.startsWith(prefix));
    const wantsPage =
      request.method === 'GET' && (request.headers.accept ?? '').includes('text/html');
    if (hasBuild && !isApi && wantsPage && !path.extname(url)) {
      reply.header('cache-control', 'no-cache');
      return reply.type('text/html; charset=utf-8').send(indexHtml);
    }
    return sendProblem(reply, problemOf(404, { detail: `No route for ${request.method} ${url}` }));
  });
}
