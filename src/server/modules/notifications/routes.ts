import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  NotificationSettings,
  NotificationSettingsBody,
  NotificationStatusList,
} from '../../../shared/schemas/notifications.ts';
import { PlanIdParams } from '../../../shared/schemas/plans.ts';
import { actorOf } from '../../auth/plugin.ts';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/index.ts';
import { auditContext } from '../audit/service.ts';
import { createNotificationSettings } from './settings.ts';

export type NotificationsRoutesDeps = { config: Config; db: Db };

const tags = ['notifications'];

/** The caller's notification choice, and a plan's notification health. Logged-in only. */
export const notificationsRoutes: FastifyPluginAsyncZod<NotificationsRoutesDeps> = async (
  app,
  deps,
) => {
  const settings = createNotificationSettings(deps);

  app.get(
    '/api/me/notifications',
    { schema: { tags, response: { 200: NotificationSettings } } },
    async (request) => settings.read(actorOf(request)),
  );

  app.put(
    '/api/me/notifications',
    { schema: { tags, body: NotificationSettingsBody, response: { 200: NotificationSettings } } },
    async (request) => settings.update(auditContext(request), actorOf(request), request.body),
  );

  app.get(
    '/api/plans/:planId/notification-status',
    { schema: { tags, params: PlanIdParams, response: { 200: NotificationStatusList } } },
    async (request) =>
      settings.planStatus(auditContext(request), actorOf(request), request.params.planId),
  );
};
