import { randomUUID } from 'node:crypto';
import swagger from '@fastify/swagger';
import Fastify, {
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type FastifyServerOptions,
  LogController,
} from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Config } from './config.ts';
import type { Db } from './db/index.ts';
import { registerIdempotency } from './http/idempotency.ts';
import { createMetrics, registerMetricsRoute, routeLabel } from './http/metrics.ts';
import { problemOf, registerProblemHandlers, sendProblem } from './http/problem.ts';
import { registerSecurityHeaders } from './http/security.ts';
import './http/types.ts';
import { registerIdporten } from './auth/idporten/index.ts';
import { registerAuth } from './auth/plugin.ts';
import { authRoutes } from './auth/routes.ts';
import { registerWebApp } from './http/web.ts';
import { createJobs, type Jobs } from './jobs/index.ts';
import { startMaintenance } from './jobs/maintenance.ts';
import { auditReviewRoutes } from './modules/audit-review/routes.ts';
import { deliveryTransportsFrom } from './modules/delivery/config.ts';
import { devOutboxRoutes } from './modules/delivery/routes.ts';
import { createDelivery, type Delivery } from './modules/delivery/service.ts';
import { documentsRoutes } from './modules/documents/routes.ts';
import { createEventHub } from './modules/events/hub.ts';
import { eventsRoutes } from './modules/events/routes.ts';
import { exportRoutes } from './modules/export/routes.ts';
import { healthRoutes } from './modules/health/routes.ts';
import { meetingsRoutes } from './modules/meetings/routes.ts';
import { messagesRoutes } from './modules/messages/routes.ts';
import { notificationsRoutes } from './modules/notifications/routes.ts';
import { createNotifications } from './modules/notifications/service.ts';
import { peopleRoutes } from './modules/people/routes.ts';
import { plansRoutes } from './modules/plans/routes.ts';
import { sectionsRoutes } from './modules/sections/routes.ts';
import { startTaskReminders } from './modules/tasks/reminders.ts';
import { tasksRoutes } from './modules/tasks/routes.ts';
import { registerTestIdp } from './modules/test-idp/index.ts';

export type RouteInfo = { method: string; url: string; public: boolean };

declare module 'fastify' {
  interface FastifyInstance {
    routeTable: RouteInfo[];
    /** Work beside requests: the job queue, its workers and the event listener. */
    background: Background;
  }
}

/**
 * Work that runs beside requests: pg-boss (job queue and the notification worker) and
 * the plan-event listener behind /api/events. Started once the database is migrated;
 * stopped when the app closes.
 */
export type Background = {
  jobs: Jobs;
  start(): Promise<void>;
  stop(): Promise<void>;
};

/** Mutable facts about the running instance that health checks read. */
export type AppState = { migrated: boolean };

export type AppDeps = {
  config: Config;
  db: Db;
  state: AppState;
  /** How SMS and e-mail leave; default: from config (the outbox outside production). */
  delivery?: Delivery;
  /** Where log lines go; tests pass a stream they can scan. Default: stdout. */
  logStream?: NodeJS.WritableStream;
  /** Built web app to serve; undefined uses dist/web when it exists. */
  webRoot?: string;
  /** Tests only: hooks added before any route (the leak sniffer watches every reply). */
  instrument?: (app: FastifyInstance) => void;
};

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

/** Log fields that must never be written even if some code logs a whole object. */
export const LOG_REDACT_PATHS = [
  'req.headers.cookie',
  'req.headers.authorization',
  'res.headers["set-cookie"]',
  'headers.cookie',
  'headers.authorization',
  '*.password',
  '*.nationalId',
  '*.mobile',
  '*.email',
];

/**
 * Writes one line per request when it completes, naming the route template only:
 * concrete URLs and query strings can hold personal data (a searched name, an id).
 */
class OneLineLogController extends LogController {
  /** Counts a request whose client left during a streamed reply: no onResponse runs then. */
  clientClosed: ((request: FastifyRequest, reply: FastifyReply) => void) | undefined;

  override incomingRequest(): void {}
  override requestCompleted(
    error: Error | null,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    const line = requestLine(request, reply);
    if (error) reply.log.error({ ...line, err: error }, 'request failed');
    else reply.log.info(line, 'request');
  }
  /**
   * A streamed reply (an event stream) that the client closed ends here instead of in
   * requestCompleted: it is the request's one line, not an error.
   */
  override streamError(error: Error, request: FastifyRequest, reply: FastifyReply): void {
    if ((error as NodeJS.ErrnoException).code !== 'ERR_STREAM_PREMATURE_CLOSE') {
      super.streamError(error, request, reply);
      return;
    }
    this.clientClosed?.(request, reply);
    reply.log.info({ ...requestLine(request, reply), closedBy: 'client' }, 'request');
  }
}

function requestLine(request: FastifyRequest, reply: FastifyReply) {
  return {
    method: request.method,
    route: routeLabel(request.routeOptions.url),
    status: reply.statusCode,
    ms: Math.round(reply.elapsedTime),
  };
}

export function loggerOptions(
  config: Config,
  stream?: NodeJS.WritableStream,
): FastifyServerOptions['logger'] {
  return {
    level: config.logLevel,
    redact: { paths: LOG_REDACT_PATHS, censor: '[redacted]' },
    ...(stream ? { stream } : {}),
  };
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config, db, state } = deps;
  const logController = new OneLineLogController();
  const app = Fastify({
    logger: loggerOptions(config, deps.logStream),
    // One line per request; Fastify's two default lines cost a third of the throughput.
    logController,
    bodyLimit: config.bodyLimitBytes,
    requestTimeout: config.requestTimeoutMs,
    connectionTimeout: config.requestTimeoutMs,
    forceCloseConnections: 'idle',
    return503OnClosing: true,
    trustProxy: config.mode === 'production',
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    requestIdHeader: false,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    routerOptions: { maxParamLength: 200 },
  }).withTypeProvider<ZodTypeProvider>();

  // Every route, as registered, so a test can list the public ones (STYLE: private by default).
  const routeTable: RouteInfo[] = [];
  app.decorate('routeTable', routeTable);
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      if (method === 'HEAD') continue;
      routeTable.push({ method, url: route.url, public: route.config?.public === true });
    }
  });

  deps.instrument?.(app);

  // The API speaks JSON only: a text/plain body (a classic cross-site form trick) is 415.
  app.removeContentTypeParser('text/plain');
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerProblemHandlers(app);
  await registerSecurityHeaders(app, { production: config.mode === 'production' });

  const metrics = createMetrics();
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
    const url = request.url;
    const exempt = url.startsWith('/api/health/') || url === '/metrics';
    if (!state.migrated && !exempt) {
      reply.header('retry-after', '5');
      return sendProblem(
        reply,
        problemOf(503, { detail: 'Samvirke is starting; try again shortly' }),
      );
    }
  });
  const count = (request: FastifyRequest, reply: FastifyReply) => {
    const route = routeLabel(request.routeOptions.url);
    const labels = { method: request.method, route, status: String(reply.statusCode) };
    const seconds = reply.elapsedTime / 1000;
    metrics.requests.inc(labels);
    metrics.duration.observe(labels, seconds);
  };
  app.addHook('onResponse', async (request, reply) => count(request, reply));
  logController.clientClosed = count;

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Samvirke API', version: '0.1.0' },
    },
    transform: jsonSchemaTransform,
  });
  app.get('/api/openapi.json', { schema: { hide: true }, config: { public: true } }, async () =>
    app.swagger(),
  );

  if (config.metricsPort === undefined) registerMetricsRoute(app, metrics);
  await app.register(healthRoutes, { db, state });

  const delivery =
    deps.delivery ??
    createDelivery({ db, transports: deliveryTransportsFrom(config.delivery, db), log: app.log });

  await registerAuth(app, { config, db });
  registerIdempotency(app, db);
  const idporten = await registerIdporten(app, { config, db });
  await app.register(authRoutes, { config, db, delivery, idporten });
  await app.register(peopleRoutes, { config, db, delivery });
  await app.register(auditReviewRoutes, { db });
  await app.register(plansRoutes, { config, db });
  await app.register(sectionsRoutes, { config, db });
  await app.register(exportRoutes, { config, db });

  const jobs = createJobs(db);
  const notifications = createNotifications({ config, db, jobs, delivery, log: app.log });
  const hub = createEventHub({ config, db, log: app.log });
  await app.register(messagesRoutes, { config, db, notifications });
  await app.register(meetingsRoutes, { config, db, notifications });
  await app.register(tasksRoutes, { config, db });
  await app.register(documentsRoutes, { config, db });
  await app.register(notificationsRoutes, { config, db });
  await app.register(eventsRoutes, { config, db, hub });
  let running: Promise<void> | undefined;
  const background: Background = {
    jobs,
    start() {
      running ??= (async () => {
        await jobs.start();
        await notifications.startWorker();
        await startMaintenance(jobs, db, app.log);
        await startTaskReminders({ jobs, db, notifications, log: app.log });
        await hub.start();
      })();
      return running;
    },
    async stop() {
      await hub.stop();
      await jobs.stop();
    },
  };
  app.decorate('background', background);
  if (config.devToolsEnabled) {
    await registerTestIdp(app, { config, db });
    await app.register(devOutboxRoutes, { db });
  }
  await registerWebApp(app, deps.webRoot);

  // During a graceful stop, answers to requests still in flight close their connection,
  // so kept-alive sockets do not hold the shutdown open until their keep-alive timeout.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (_request, reply) => {
    if (closing) reply.header('connection', 'close');
  });
  app.addHook('onClose', async () => {
    await background.stop();
    metrics.registry.clear();
  });
  return app;
}
