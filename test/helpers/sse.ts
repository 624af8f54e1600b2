import http, { type IncomingHttpHeaders } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import type { Queryable } from '../../src/server/db/index.ts';
import { type PlanEvent, recordEvent } from '../../src/server/modules/events/record.ts';
import {
  type LiveEvent,
  type PlanLiveEvent,
  parseLiveEvent,
} from '../../src/shared/live-events.ts';

/**
 * A server-sent events client for tests, over a real socket (an event stream never ends,
 * so `inject()` cannot read it). It parses frames as a browser does and keeps them all.
 */

export type Frame = { id?: string; data?: string; comment?: string; retry?: number };

export type StreamClient = {
  status: number;
  headers: IncomingHttpHeaders;
  /** The body of a refused request (problem+json). */
  body: string;
  frames: Frame[];
  /** Every parsed `data`, in order. */
  events: LiveEvent[];
  /** The plan events only. */
  planEvents(): PlanLiveEvent[];
  /** The id the browser would send back as Last-Event-ID. */
  lastEventId: string | undefined;
  /** The highest id carried by a heartbeat: every event up to it has been fanned out. */
  heartbeatId: number;
  heartbeats: number;
  ended: boolean;
  close(): void;
};

export async function listening(app: FastifyInstance): Promise<string> {
  const address = app.server.address();
  if (address && typeof address === 'object') return `http://127.0.0.1:${address.port}`;
  return app.listen({ port: 0, host: '127.0.0.1' });
}

let requests = 0;
/** How many requests this file made to /api/events (each ends in exactly one log line). */
export const streamRequests = (): number => requests;

export function openStream(
  baseUrl: string,
  cookie: string | undefined,
  options: { lastEventId?: string; query?: string } = {},
): Promise<StreamClient> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { accept: 'text/event-stream' };
    if (cookie) headers.cookie = cookie;
    if (options.lastEventId !== undefined) headers['last-event-id'] = options.lastEventId;
    const request = http.get(`${baseUrl}/api/events${options.query ?? ''}`, { headers });
    requests += 1;
    request.on('error', reject);
    request.on('response', (response) => {
      let buffer = '';
      const client: StreamClient = {
        status: response.statusCode ?? 0,
        headers: response.headers,
        body: '',
        frames: [],
        events: [],
        planEvents: () =>
          client.events.filter((event): event is PlanLiveEvent => 'planId' in event),
        lastEventId: undefined,
        heartbeatId: 0,
        heartbeats: 0,
        ended: false,
        close() {
          request.destroy();
          client.ended = true;
        },
      };
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        if (client.status !== 200) {
          client.body += chunk;
          return;
        }
        buffer += chunk;
        for (;;) {
          const end = buffer.indexOf('\n\n');
          if (end < 0) break;
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const frame: Frame = {};
          for (const line of block.split('\n')) {
            const colon = line.indexOf(':');
            const field = colon < 0 ? line : line.slice(0, colon);
            const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
            if (field === '') frame.comment = value;
            else if (field === 'id') frame.id = value;
            else if (field === 'data') frame.data = value;
            else if (field === 'retry') frame.retry = Number(value);
          }
          client.frames.push(frame);
          if (frame.id !== undefined) client.lastEventId = frame.id;
          if (frame.comment === 'heartbeat') {
            client.heartbeats += 1;
            if (frame.id !== undefined) client.heartbeatId = Number(frame.id);
          }
          if (frame.data !== undefined) {
            const event = parseLiveEvent(frame.data);
            if (event) client.events.push(event);
          }
        }
      });
      const ended = () => {
        client.ended = true;
      };
      response.on('end', ended);
      response.on('close', ended);
      response.on('error', ended);
      if (client.status === 200) resolve(client);
      else response.on('end', () => resolve(client));
    });
  });
}

/** Opens a stream and waits until it is live (after any catch-up). */
export async function openLiveStream(
  baseUrl: string,
  cookie: string,
  options: { lastEventId?: string; query?: string } = {},
): Promise<StreamClient> {
  const client = await openStream(baseUrl, cookie, options);
  expect(client.status).toBe(200);
  await expect
    .poll(() => client.events.some((event) => event.type === 'stream.ready'), {
      timeout: 5_000,
      interval: 10,
    })
    .toBe(true);
  return client;
}

/** Records an event in its own committed transaction; returns its id. */
export async function commitEvent(db: { transaction: TransactionRunner }, event: PlanEvent) {
  return db.transaction(async (tx) => {
    await recordEvent(tx, event);
    const [row] = await tx.query<{ id: number }>(
      'select max(id) as id from plan_events where plan_id = $1',
      [event.planId],
    );
    if (!row) throw new Error('no event');
    return row.id;
  });
}
type TransactionRunner = <T>(fn: (tx: Queryable) => Promise<T>) => Promise<T>;

/** The plan event ids a stream received. */
export const idsOf = (client: StreamClient): number[] => client.planEvents().map((e) => e.id);

/**
 * Waits until the hub has fanned out event `id` to this stream's instance (a heartbeat
 * carries an id at or past it), so that "received nothing" is a fact, not a guess.
 */
export async function settledPast(client: StreamClient, id: number): Promise<void> {
  await expect
    .poll(() => client.heartbeatId >= id || client.ended, { timeout: 5_000, interval: 10 })
    .toBe(true);
}
