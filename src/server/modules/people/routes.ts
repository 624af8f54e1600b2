import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  CreatePersonBody,
  Person,
  PersonIdParams,
  PersonList,
  PersonSearchQuery,
  RegisteredPerson,
  UpdatePersonBody,
} from '../../../shared/schemas/people.ts';
import { actorOf } from '../../auth/plugin.ts';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/index.ts';
import { auditContext } from '../audit/service.ts';
import type { Delivery } from '../delivery/service.ts';
import { createPeopleService } from './service.ts';

export type PeopleDeps = { config: Config; db: Db; delivery: Delivery };

/** A POST that takes no fields: an empty or absent body; anything in it is 400. */
const NoBody = z.strictObject({}).nullish();
const tags = ['people'];

/**
 * /api/people. Every route needs a logged-in actor. The notification choice
 * (/api/me/notifications) belongs to the notifications module.
 */
export const peopleRoutes: FastifyPluginAsyncZod<PeopleDeps> = async (app, deps) => {
  const people = createPeopleService({ ...deps, log: app.log });

  app.post(
    '/api/people',
    { schema: { tags, body: CreatePersonBody, response: { 201: RegisteredPerson } } },
    async (request, reply) => {
      const person = await people.register(auditContext(request), actorOf(request), request.body);
      return reply.code(201).send(person);
    },
  );

  app.get(
    '/api/people',
    { schema: { tags, querystring: PersonSearchQuery, response: { 200: PersonList } } },
    async (request) => people.search(auditContext(request), actorOf(request), request.query),
  );

  app.get(
    '/api/people/:id',
    { schema: { tags, params: PersonIdParams, response: { 200: Person } } },
    async (request) => people.read(auditContext(request), actorOf(request), request.params.id),
  );

  app.patch(
    '/api/people/:id',
    { schema: { tags, params: PersonIdParams, body: UpdatePersonBody, response: { 200: Person } } },
    async (request) =>
      people.update(auditContext(request), actorOf(request), request.params.id, request.body),
  );

  app.post(
    '/api/people/:id/deactivate',
    { schema: { tags, params: PersonIdParams, body: NoBody, response: { 200: Person } } },
    async (request) =>
      people.deactivate(auditContext(request), actorOf(request), request.params.id),
  );

  app.post(
    '/api/people/:id/invitation',
    { schema: { tags, params: PersonIdParams, body: NoBody, response: { 204: z.null() } } },
    async (request, reply) => {
      await people.reinvite(auditContext(request), actorOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
};
