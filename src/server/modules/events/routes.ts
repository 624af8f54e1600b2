import diagnostics from 'node:diagnostics_channel';
import type { ServerResponse } from 'node:http';
import { PassThrough } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Actor } from '../../auth/actor.ts';
import { actorOf } from '../../auth/plugin.ts';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/index.ts';
import { problemOf, sendProblem } from '../../http/problem.ts';
import type { Connection, EventHub } from './hub.ts';
import { parseEventId } from './sse.ts';

export type EventsRoutesDeps = { config: Config; db: Db; hub: EventHub };

/**
 * Every frame written to an event stream is published here (when anybody subscribes), so
 * the suite's leak sniffer scans event-stream messages as it scans replies (SECURITY.md,
 * structural test 2). Production has no subscriber and pays nothing.
 */
export const EVENT_FRAME_CHANNEL = 'samvirke:events:frame';
export type EventFrameMessage = { server: FastifyInstance['server']; actor: Actor; frame: string };
const frameTap = diagnostics.channel(EVENT_FRAME_CHANNEL);

/** A browser that stops reading is cut off rather than buffered without end. */
const MAX_BUFFERED_BYTES = 256 * 1024;
/** How long a graceful stop waits for streams to finish before destroying their sockets. */
const SHUTDOWN_GRACE_MS = 1_000;

const EventsQuery = z.strictObject({ lastEventId: z.string().max(20).optional() });

/**
 * GET /api/events: the caller's server-sent events (see shared/live-events.ts). The reply
 * is an ordinary streamed Fastify reply (not hijacked), so the security headers, the one
 * log line, metrics and the leak sniffer's reply hook all run as for any other route; the
 * line and the metric are written when the stream ends.
 */
export const eventsRoutes: FastifyPluginAsyncZod<EventsRoutesDeps> = async (app, deps) => {
  const { config, hub } = deps;
  const open = new Set<ServerResponse>();

  app.get(
    '/api/events',
    { schema: { tags: ['events'], querystring: EventsQuery } },
    async (request, reply) => {
      const actor = actorOf(request);
      const body = new PassThrough();
      const connection: Connection = {
        personId: actor.personId,
        sessionIdHash: actor.sessionIdHash,
        write(frame) {
          if (body.destroyed || body.writableEnded) return;
          if (body.writableLength > MAX_BUFFERED_BYTES) {
            body.end();
            return;
          }
          if (frameTap.hasSubscribers) {
            frameTap.publish({ server: app.server, actor, frame } satisfies EventFrameMessage);
          }
          body.write(frame);
        },
        end() {
          if (!body.destroyed && !body.writableEnded) body.end();
        },
      };
      // The header is what browsers send when they reconnect; the query is for a new
      // EventSource that continues an earlier one.
      const lastEventId =
        parseEventId(request.headers['last-event-id']) ?? parseEventId(request.query.lastEventId);
      const opened = hub.open(connection, { lastEventId });
      if (!opened.ok) {
        const tooMany = opened.reason === 'too-many';
        reply.header('retry-after', tooMany ? '30' : '5');
        return sendProblem(
          reply,
          problemOf(tooMany ? 429 : 503, {
            detail: tooMany
              ? 'Too many open event streams; close one first'
              : 'Live updates are not available right now; try again shortly',
          }),
        );
      }
      const res = reply.raw;
      open.add(res);
      res.once('close', () => {
        open.delete(res);
        opened.release();
        body.destroy();
      });
      // Heartbeats keep the socket busy; a socket silent for three of them is dead.
      request.raw.socket.setTimeout(config.eventsHeartbeatSeconds * 3_000 + 10_000);
      return reply
        .code(200)
        .headers({
          'content-type': 'text/event-stream; charset=utf-8',
          'cache-control': 'no-store',
          'x-accel-buffering': 'no',
          // When the stream ends the socket goes with it: a graceful stop is not held up
          // by kept-alive connections, and the browser reconnects on a fresh one.
          connection: 'close',
        })
        .send(body);
    },
  );

  // Before the server stops accepting and waits for its connections: end every stream,
  // and destroy whatever has not finished within the grace period.
  app.addHook('preClose', async () => {
    hub.closeStreams();
    const pending = [...open];
    if (pending.length === 0) return;
    await Promise.race([
      Promise.all(pending.map((res) => new Promise((resolve) => res.once('close', resolve)))),
      new Promise((resolve) => setTimeout(resolve, SHUTDOWN_GRACE_MS).unref()),
    ]);
    for (const res of open) res.destroy();
  });
};
