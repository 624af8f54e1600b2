import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/index.ts';

export type SectionsDeps = { config: Config; db: Db };

/** Section content of a plan (goals, measures, …, about-me) and the access log. */
export const sectionsRoutes: FastifyPluginAsyncZod<SectionsDeps> = async () => {};
