import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  EditMessageBody,
  Inbox,
  Message,
  MessageList,
  MessageListQuery,
  MessageParams,
  SendMessageBody,
  UnreadCounts,
} from '../../../shared/schemas/messages.ts';
import { EmptyBody } from '../../../shared/schemas/plans.ts';
import { PageQuery, PlanParams } from '../../../shared/schemas/sections.ts';
import { actorOf } from '../../auth/plugin.ts';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/index.ts';
import { auditContext } from '../audit/service.ts';
import type { Notifications } from '../notifications/types.ts';
import { createInboxService } from './inbox.ts';
import { createMessagesService } from './service.ts';

export type MessagesDeps = { config: Config; db: Db; notifications: Notifications };

const tags = ['messages'];

/** Messages in a plan, the inbox across plans and unread counts. Every route needs a session. */
export const messagesRoutes: FastifyPluginAsyncZod<MessagesDeps> = async (app, deps) => {
  const serviceDeps = { db: deps.db, log: app.log, notifications: deps.notifications };
  const messages = createMessagesService(serviceDeps);
  const inbox = createInboxService(serviceDeps);
  const caller = (request: FastifyRequest) => ({
    context: auditContext(request),
    actor: actorOf(request),
  });

  app.get(
    '/api/plans/:planId/messages',
    {
      schema: {
        tags,
        params: PlanParams,
        querystring: MessageListQuery,
        response: { 200: MessageList },
      },
    },
    async (request) => messages.list(caller(request), request.params.planId, request.query),
  );

  app.post(
    '/api/plans/:planId/messages',
    { schema: { tags, params: PlanParams, body: SendMessageBody, response: { 201: Message } } },
    async (request, reply) =>
      reply
        .code(201)
        .send(await messages.send(caller(request), request.params.planId, request.body)),
  );

  app.get(
    '/api/plans/:planId/messages/:messageId',
    { schema: { tags, params: MessageParams, response: { 200: Message } } },
    async (request) =>
      messages.read(caller(request), request.params.planId, request.params.messageId),
  );

  app.patch(
    '/api/plans/:planId/messages/:messageId',
    {
      schema: { tags, params: MessageParams, body: EditMessageBody, response: { 200: Message } },
    },
    async (request) =>
      messages.edit(caller(request), request.params.planId, request.params.messageId, request.body),
  );

  app.post(
    '/api/plans/:planId/messages/:messageId/read',
    { schema: { tags, params: MessageParams, body: EmptyBody, response: { 204: z.null() } } },
    async (request, reply) => {
      await messages.markRead(caller(request), request.params.planId, request.params.messageId);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/plans/:planId/messages/:messageId/withdraw',
    { schema: { tags, params: MessageParams, body: EmptyBody, response: { 200: Message } } },
    async (request) =>
      messages.withdraw(caller(request), request.params.planId, request.params.messageId),
  );

  app.get(
    '/api/messages',
    { schema: { tags, querystring: PageQuery, response: { 200: Inbox } } },
    async (request) => inbox.inbox(caller(request), request.query),
  );

  app.get(
    '/api/messages/unread',
    { schema: { tags, response: { 200: UnreadCounts } } },
    async (request) => inbox.unread(caller(request)),
  );
};
