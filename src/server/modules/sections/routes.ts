import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  AboutMe,
  AboutMeVersion,
  AccessLog,
  ITEM_SECTIONS,
  ItemListQuery,
  ItemParams,
  listOf,
  PageQuery,
  PlanParams,
  PutAboutMeBody,
} from '../../../shared/schemas/sections.ts';
import { actorOf } from '../../auth/plugin.ts';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/index.ts';
import { auditContext } from '../audit/service.ts';
import { createAboutMeService } from './about-me.ts';
import { createAccessLogService } from './access-log.ts';
import { SECTION_DEFINITIONS } from './definitions.ts';
import { createItemsService, type ItemRequest } from './items.ts';

export type SectionsDeps = { config: Config; db: Db };

/**
 * Section content of a plan (goals, measures, …, about-me) and the access log. The six
 * item sections share one set of routes, each driven by its definition.
 */
export const sectionsRoutes: FastifyPluginAsyncZod<SectionsDeps> = async (app, { db }) => {
  const deps = { db, log: app.log };
  const items = createItemsService(deps);
  const aboutMe = createAboutMeService(deps);
  const accessLog = createAccessLogService(deps);

  const tags = ['plan sections'];
  for (const section of ITEM_SECTIONS) {
    const def = SECTION_DEFINITIONS[section];
    const base = `/api/plans/:planId/${section}`;
    const on = (request: FastifyRequest & { params: { planId: string } }): ItemRequest => ({
      context: auditContext(request),
      actor: actorOf(request),
      planId: request.params.planId,
      def,
    });

    app.get(
      base,
      {
        schema: {
          tags,
          params: PlanParams,
          querystring: ItemListQuery,
          response: { 200: listOf(def.item) },
        },
      },
      async (request) => items.list(on(request), request.query),
    );

    app.post(
      base,
      { schema: { tags, params: PlanParams, body: def.createBody, response: { 201: def.item } } },
      async (request, reply) => reply.code(201).send(await items.create(on(request), request.body)),
    );

    app.get(
      `${base}/:itemId`,
      { schema: { tags, params: ItemParams, response: { 200: def.item } } },
      async (request) => items.read(on(request), request.params.itemId),
    );

    app.patch(
      `${base}/:itemId`,
      { schema: { tags, params: ItemParams, body: def.patchBody, response: { 200: def.item } } },
      async (request) => items.update(on(request), request.params.itemId, request.body),
    );

    app.delete(
      `${base}/:itemId`,
      { schema: { tags, params: ItemParams, response: { 204: z.null() } } },
      async (request, reply) => {
        await items.remove(on(request), request.params.itemId);
        return reply.code(204).send(null);
      },
    );

    app.get(
      `${base}/:itemId/versions`,
      {
        schema: {
          tags,
          params: ItemParams,
          querystring: PageQuery,
          response: { 200: listOf(def.version) },
        },
      },
      async (request) => items.versions(on(request), request.params.itemId, request.query),
    );
  }

  app.get(
    '/api/plans/:planId/about-me',
    { schema: { tags, params: PlanParams, response: { 200: AboutMe } } },
    async (request) => aboutMe.read(auditContext(request), actorOf(request), request.params.planId),
  );

  app.put(
    '/api/plans/:planId/about-me',
    { schema: { tags, params: PlanParams, body: PutAboutMeBody, response: { 200: AboutMe } } },
    async (request) =>
      aboutMe.save(auditContext(request), actorOf(request), request.params.planId, request.body),
  );

  app.get(
    '/api/plans/:planId/about-me/versions',
    {
      schema: {
        tags,
        params: PlanParams,
        querystring: PageQuery,
        response: { 200: listOf(AboutMeVersion) },
      },
    },
    async (request) =>
      aboutMe.versions(
        auditContext(request),
        actorOf(request),
        request.params.planId,
        request.query,
      ),
  );

  app.get(
    '/api/plans/:planId/access-log',
    { schema: { tags, params: PlanParams, querystring: PageQuery, response: { 200: AccessLog } } },
    async (request) =>
      accessLog.read(auditContext(request), actorOf(request), request.params.planId, request.query),
  );
};
