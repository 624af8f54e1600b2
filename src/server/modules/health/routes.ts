import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppState } from '../../app.ts';
import type { Db } from '../../db/index.ts';
import { problemOf, sendProblem } from '../../http/problem.ts';

const Status = z.object({ status: z.literal('ok') });

export const healthRoutes: FastifyPluginAsyncZod<{ db: Db; state: AppState }> = async (
  app,
  { db, state },
) => {
  app.get(
    '/api/health/live',
    { config: { public: true }, schema: { tags: ['health'], response: { 200: Status } } },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/api/health/ready',
    { config: { public: true }, schema: { tags: ['health'], response: { 200: Status } } },
    async (_request, reply) => {
      const answers = state.migrated && (await db.ping().catch(() => false));
      if (!answers) {
        reply.header('retry-after', '5');
        return sendProblem(reply, problemOf(503, { detail: 'The database is not ready' }));
      }
      return { status: 'ok' as const };
    },
  );
};
