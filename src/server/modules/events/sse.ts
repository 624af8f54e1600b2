import type { ControlLiveEvent, PlanLiveEvent } from '../../../shared/live-events.ts';

/**
 * The server-sent events wire format (text/event-stream). Every frame is written whole,
 * so heartbeats and events never interleave inside a frame. `data` is JSON on one line.
 */

/** How long the browser waits before reconnecting after the stream drops. */
export const RETRY_MS = 3_000;

export function retryFrame(ms: number = RETRY_MS): string {
  return `retry: ${ms}\n\n`;
}

/**
 * A comment that keeps proxies from cutting the stream. With `id`, it also moves the
 * browser's last event id (an `id:` line without `data:` dispatches no event), so a
 * reconnect asks only for what came after the last heartbeat, not after the last event
 * this person happened to receive.
 */
export function heartbeatFrame(id?: number): string {
  return `: heartbeat\n${id === undefined ? '' : `id: ${id}\n`}\n`;
}

export function eventFrame(event: PlanLiveEvent): string {
  const data: PlanLiveEvent = {
    id: event.id,
    type: event.type,
    planId: event.planId,
    subjectId: event.subjectId,
  };
  return `id: ${event.id}\ndata: ${JSON.stringify(data)}\n\n`;
}

export function controlFrame(type: ControlLiveEvent['type'], id?: number): string {
  const data: ControlLiveEvent = { type };
  return `${id === undefined ? '' : `id: ${id}\n`}data: ${JSON.stringify(data)}\n\n`;
}

/** `Last-Event-ID` (or `?lastEventId=`): a plan event id we sent, else ignored. */
export function parseEventId(value: unknown): number | null {
  if (typeof value !== 'string' || !/^\d{1,15}$/.test(value)) return null;
  return Number(value);
}
