import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/index.ts';

export type PlansDeps = { config: Config; db: Db };

/** /api/plans, participants and consents. */
export const plansRoutes: FastifyPluginAsyncZod<PlansDeps> = async () => {};
