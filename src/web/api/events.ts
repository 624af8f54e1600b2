import type { QueryClient, QueryKey } from '@tanstack/react-query';
import { type LiveEvent, type PlanLiveEvent, parseLiveEvent } from '../../shared/live-events.ts';
import { planKeys } from './plans.ts';
import { taskKeys } from './tasks.ts';

/**
 * Live updates: one EventSource per logged-in tab on GET /api/events. An event carries no
 * content, only what changed where; the tab marks the queries that show it as stale, and
 * TanStack Query refetches those on screen through the ordinary, access-checked routes.
 */

/** The message keys the messages pages use (kept here so that both sides agree). */
export const liveMessageKeys = {
  plan: (planId: string) => ['plans', planId, 'messages'] as const,
  unread: ['messages', 'unread'] as const,
  inbox: ['messages', 'inbox'] as const,
};

/** The query key prefixes an event makes stale. */
export function staleKeysOf(event: PlanLiveEvent): QueryKey[] {
  const { planId } = event;
  if (event.type.startsWith('message.')) {
    return [liveMessageKeys.plan(planId), liveMessageKeys.unread, liveMessageKeys.inbox];
  }
  if (event.type.startsWith('task.')) {
    // The plan's tasks, and "Mine oppgaver" across plans (also the plan overview's open tasks).
    return [['plans', planId], taskKeys.mine];
  }
  switch (event.type) {
    case 'plan.updated':
      return [planKeys.plan(planId), planKeys.list];
    case 'participants.changed':
      return [planKeys.participants(planId), planKeys.plan(planId)];
    default:
      // A section or anything newer: all that is cached about the plan.
      return [planKeys.plan(planId), ['plans', planId]];
  }
}

/** After `stream.resync` (too much was missed): everything about plans and messages. */
const EVERYTHING: QueryKey[] = [planKeys.all, ['messages']];

/** Several events in a burst become one round of refetching. */
const GATHER_MS = 50;
const RETRY_MIN_MS = 3_000;
const RETRY_MAX_MS = 60_000;

export type LiveConnection = { close(): void };

export type LiveOptions = {
  /**
   * The server ended the stream with the session, or refused to open one: ask who is
   * logged in (when nobody is, the app goes to the login page and the connection closes).
   */
  checkSession(): void;
};

export function connectLiveEvents(queryClient: QueryClient, options: LiveOptions): LiveConnection {
  let source: EventSource | null = null;
  let lastEventId = '';
  let closed = false;
  let failures = 0;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let gather: ReturnType<typeof setTimeout> | undefined;
  const stale = new Map<string, QueryKey>();

  const flush = () => {
    gather = undefined;
    const keys = [...stale.values()];
    stale.clear();
    for (const queryKey of keys) void queryClient.invalidateQueries({ queryKey });
  };

  const markStale = (keys: QueryKey[]) => {
    for (const key of keys) stale.set(JSON.stringify(key), key);
    gather ??= setTimeout(flush, GATHER_MS);
  };

  const handle = (event: LiveEvent) => {
    if ('planId' in event) markStale(staleKeysOf(event));
    else if (event.type === 'stream.resync') markStale(EVERYTHING);
    else if (event.type === 'session.ended') {
      stop();
      options.checkSession();
    }
  };

  const open = () => {
    retry = undefined;
    // The browser sends Last-Event-ID itself when it reconnects; a new EventSource (after
    // the server refused one) continues through the query instead.
    const url = lastEventId
      ? `/api/events?lastEventId=${encodeURIComponent(lastEventId)}`
      : '/api/events';
    const current = new EventSource(url);
    source = current;
    current.onopen = () => {
      failures = 0;
    };
    current.onmessage = (message: MessageEvent<string>) => {
      if (message.lastEventId) lastEventId = message.lastEventId;
      const event = parseLiveEvent(message.data);
      if (event) handle(event);
    };
    current.onerror = () => {
      // While CONNECTING the browser retries by itself. CLOSED: the server refused (401
      // after the session ended, 429, 503): ask who is logged in, and try again later.
      if (current.readyState !== EventSource.CLOSED || closed) return;
      source = null;
      failures += 1;
      options.checkSession();
      const delay = Math.min(RETRY_MAX_MS, RETRY_MIN_MS * 2 ** (failures - 1));
      retry = setTimeout(open, delay * (0.5 + Math.random() / 2));
    };
  };

  const stop = () => {
    closed = true;
    if (retry) clearTimeout(retry);
    source?.close();
    source = null;
  };

  open();
  return {
    close() {
      stop();
      if (gather) clearTimeout(gather);
      stale.clear();
    },
  };
}
