import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  AgendaPoint,
  AgendaPointBody,
  CalendarFeedCreated,
  CalendarFeedInfo,
  CreateMeetingBody,
  FollowupParams,
  FollowupTaskBody,
  Meeting,
  MeetingList,
  MeetingListQuery,
  MeetingParams,
  MinutesVersions,
  PatchMeetingBody,
  PutMinutesBody,
  ReplyBody,
} from '../../../shared/schemas/meetings.ts';
import { EmptyBody } from '../../../shared/schemas/plans.ts';
import { PageQuery, PlanParams } from '../../../shared/schemas/sections.ts';
import { Task } from '../../../shared/schemas/tasks.ts';
import { actorOf } from '../../auth/plugin.ts';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/index.ts';
import { auditContext } from '../audit/service.ts';
import type { Notifications } from '../notifications/types.ts';
import { createCalendarFeeds } from './feed.ts';
import { createMinutesService } from './minutes.ts';
import { createMeetingsService } from './service.ts';

export type MeetingsDeps = { config: Config; db: Db; notifications: Notifications };

const tags = ['meetings'];
const CALENDAR_TYPE = 'text/calendar; charset=utf-8';

/**
 * Meetings in a plan, their calendar files, and each person's calendar feed. Every route
 * needs a session except the feed itself, which a calendar app fetches with its secret.
 */
export const meetingsRoutes: FastifyPluginAsyncZod<MeetingsDeps> = async (app, deps) => {
  const serviceDeps = { db: deps.db, log: app.log, notifications: deps.notifications };
  const meetings = createMeetingsService(serviceDeps);
  const minutes = createMinutesService(serviceDeps);
  const feeds = createCalendarFeeds({ db: deps.db, log: app.log, config: deps.config });
  const caller = (request: FastifyRequest) => ({
    context: auditContext(request),
    actor: actorOf(request),
  });

  app.get(
    '/api/plans/:planId/meetings',
    {
      schema: {
        tags,
        params: PlanParams,
        querystring: MeetingListQuery,
        response: { 200: MeetingList },
      },
    },
    async (request) => meetings.list(caller(request), request.params.planId, request.query),
  );

  app.post(
    '/api/plans/:planId/meetings',
    { schema: { tags, params: PlanParams, body: CreateMeetingBody, response: { 201: Meeting } } },
    async (request, reply) =>
      reply
        .code(201)
        .send(await meetings.create(caller(request), request.params.planId, request.body)),
  );

  app.get(
    '/api/plans/:planId/meetings/:meetingId',
    { schema: { tags, params: MeetingParams, response: { 200: Meeting } } },
    async (request) =>
      meetings.read(caller(request), request.params.planId, request.params.meetingId),
  );

  app.patch(
    '/api/plans/:planId/meetings/:meetingId',
    {
      schema: { tags, params: MeetingParams, body: PatchMeetingBody, response: { 200: Meeting } },
    },
    async (request) =>
      meetings.update(
        caller(request),
        request.params.planId,
        request.params.meetingId,
        request.body,
      ),
  );

  app.put(
    '/api/plans/:planId/meetings/:meetingId/reply',
    { schema: { tags, params: MeetingParams, body: ReplyBody, response: { 200: Meeting } } },
    async (request) =>
      meetings.reply(
        caller(request),
        request.params.planId,
        request.params.meetingId,
        request.body.answer,
      ),
  );

  app.post(
    '/api/plans/:planId/meetings/:meetingId/agenda',
    {
      schema: {
        tags,
        params: MeetingParams,
        body: AgendaPointBody,
        response: { 201: AgendaPoint },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await meetings.addAgendaPoint(
            caller(request),
            request.params.planId,
            request.params.meetingId,
            request.body.text,
          ),
        ),
  );

  app.put(
    '/api/plans/:planId/meetings/:meetingId/minutes',
    { schema: { tags, params: MeetingParams, body: PutMinutesBody, response: { 200: Meeting } } },
    async (request) =>
      minutes.putMinutes(
        caller(request),
        request.params.planId,
        request.params.meetingId,
        request.body,
      ),
  );

  app.get(
    '/api/plans/:planId/meetings/:meetingId/minutes/versions',
    {
      schema: {
        tags,
        params: MeetingParams,
        querystring: PageQuery,
        response: { 200: MinutesVersions },
      },
    },
    async (request) =>
      minutes.minutesVersions(
        caller(request),
        request.params.planId,
        request.params.meetingId,
        request.query,
      ),
  );

  app.post(
    '/api/plans/:planId/meetings/:meetingId/followups/:index/task',
    {
      schema: { tags, params: FollowupParams, body: FollowupTaskBody, response: { 201: Task } },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await minutes.followupToTask(
            caller(request),
            request.params.planId,
            request.params.meetingId,
            request.params.index,
            request.body,
          ),
        ),
  );

  app.get(
    '/api/plans/:planId/meetings/:meetingId/calendar.ics',
    { schema: { tags, params: MeetingParams } },
    async (request, reply) => {
      const body = await meetings.calendarFile(
        caller(request),
        request.params.planId,
        request.params.meetingId,
      );
      return reply
        .type(CALENDAR_TYPE)
        .header('content-disposition', 'attachment; filename="samvirke-mote.ics"')
        .send(body);
    },
  );

  app.get(
    '/api/me/calendar',
    { schema: { tags, response: { 200: CalendarFeedInfo } } },
    async (request) => feeds.info(caller(request)),
  );

  app.post(
    '/api/me/calendar/secret',
    { schema: { tags, body: EmptyBody, response: { 201: CalendarFeedCreated } } },
    async (request, reply) => reply.code(201).send(await feeds.create(caller(request))),
  );

  app.delete(
    '/api/me/calendar/secret',
    { schema: { tags, response: { 204: z.null() } } },
    async (request, reply) => {
      await feeds.revoke(caller(request));
      return reply.code(204).send(null);
    },
  );

  // The feed a calendar app subscribes to: its secret is its only credential.
  app.get(
    '/calendar/:secret.ics',
    {
      config: { public: true },
      schema: { hide: true, params: z.strictObject({ secret: z.string().max(100) }) },
    },
    async (request, reply) => {
      const feed = await feeds.fetch(request.params.secret, {
        ip: request.ip,
        requestId: request.id,
      });
      reply
        .header('cache-control', 'private, no-cache')
        .header('etag', feed.etag)
        .header('x-robots-tag', 'noindex');
      if (request.headers['if-none-match'] === feed.etag) return reply.code(304).send();
      return reply.type(CALENDAR_TYPE).send(feed.body);
    },
  );
};
