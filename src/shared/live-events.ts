/**
 * What `GET /api/events` sends: server-sent events whose `data` is one JSON object. Plan
 * events name what happened and where, never content: the web app refetches what changed
 * through the ordinary, access-checked routes.
 *
 * - a plan event, with `id:` (the browser sends the last one back as `Last-Event-ID` when
 *   it reconnects, and misses nothing the catch-up still holds);
 * - `stream.ready`: the stream is live (after any catch-up); with `id:` on a new stream;
 * - `stream.resync`: too much was missed to replay: refetch everything shown;
 * - `session.ended`: the session ended (logout, expiry, deactivation); the stream closes.
 */
export type PlanLiveEvent = {
  id: number;
  type: string;
  planId: string;
  subjectId: string | null;
};

export type ControlLiveEvent = { type: 'stream.ready' | 'stream.resync' | 'session.ended' };

export type LiveEvent = PlanLiveEvent | ControlLiveEvent;

export const CONTROL_EVENT_TYPES: readonly ControlLiveEvent['type'][] = [
  'stream.ready',
  'stream.resync',
  'session.ended',
];

/** Reads one event's `data`; null for anything that is not one of ours. */
export function parseLiveEvent(data: string): LiveEvent | null {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const record = value as Record<string, unknown>;
  const type = record.type;
  if (typeof type !== 'string') return null;
  const control = CONTROL_EVENT_TYPES.find((known) => known === type);
  if (control) return { type: control };
  if (typeof record.id !== 'number' || typeof record.planId !== 'string') return null;
  const subjectId = typeof record.subjectId === 'string' ? record.subjectId : null;
  return { id: record.id, type, planId: record.planId, subjectId };
}
