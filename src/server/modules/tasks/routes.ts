import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { PlanParams } from '../../../shared/schemas/sections.ts';
import {
  CreateTaskBody,
  MyTasks,
  MyTasksQuery,
  PatchTaskBody,
  Task,
  TaskList,
  TaskListQuery,
  TaskParams,
} from '../../../shared/schemas/tasks.ts';
import { actorOf } from '../../auth/plugin.ts';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/index.ts';
import { attachment } from '../../http/attachment.ts';
import { auditContext } from '../audit/service.ts';
import { createTasksService } from './service.ts';

export type TasksDeps = { config: Config; db: Db };

const tags = ['tasks'];

/** Tasks in a plan and the caller's own across plans. Every route needs a session. */
export const tasksRoutes: FastifyPluginAsyncZod<TasksDeps> = async (app, deps) => {
  const tasks = createTasksService({ db: deps.db, log: app.log });
  const caller = (request: FastifyRequest) => ({
    context: auditContext(request),
    actor: actorOf(request),
  });

  app.get(
    '/api/plans/:planId/tasks',
    {
      schema: { tags, params: PlanParams, querystring: TaskListQuery, response: { 200: TaskList } },
    },
    async (request) => tasks.list(caller(request), request.params.planId, request.query),
  );

  app.get(
    '/api/plans/:planId/tasks.csv',
    // A HEAD would make (and audit) the file only to throw it away.
    { exposeHeadRoute: false, schema: { tags, params: PlanParams } },
    async (request, reply) => {
      const csv = await tasks.exportCsv(caller(request), request.params.planId);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', attachment('oppgaver.csv'))
        .header('cache-control', 'no-store')
        .header('x-content-type-options', 'nosniff')
        .send(csv);
    },
  );

  app.post(
    '/api/plans/:planId/tasks',
    { schema: { tags, params: PlanParams, body: CreateTaskBody, response: { 201: Task } } },
    async (request, reply) =>
      reply
        .code(201)
        .send(await tasks.create(caller(request), request.params.planId, request.body)),
  );

  app.get(
    '/api/plans/:planId/tasks/:taskId',
    { schema: { tags, params: TaskParams, response: { 200: Task } } },
    async (request) => tasks.read(caller(request), request.params.planId, request.params.taskId),
  );

  app.patch(
    '/api/plans/:planId/tasks/:taskId',
    { schema: { tags, params: TaskParams, body: PatchTaskBody, response: { 200: Task } } },
    async (request) =>
      tasks.update(caller(request), request.params.planId, request.params.taskId, request.body),
  );

  app.get(
    '/api/me/tasks',
    { schema: { tags, querystring: MyTasksQuery, response: { 200: MyTasks } } },
    async (request) => tasks.mine(caller(request), request.query),
  );
};
