import { mayOnPlan, type PlanFacts, SECTIONS, type Section } from '../../access/plans.ts';
import { liveSessionHashes, SESSIONS_CHANNEL } from '../../auth/sessions.ts';
import type { Config } from '../../config.ts';
import type { Db, Listener } from '../../db/index.ts';
import { factsForPeople } from './facts.ts';
import { EVENTS_CHANNEL } from './record.ts';
import { controlFrame, eventFrame, heartbeatFrame, retryFrame } from './sse.ts';

/**
 * The event hub of one app instance: it holds the event streams (`GET /api/events`) of
 * the people connected here, LISTENs for plan events and ended sessions, and fans each
 * event out to the streams whose person may see it *now*.
 *
 * - An event is loaded from `plan_events` by the id its NOTIFY carried (one query for all
 *   that arrived meanwhile), so events committed out of id order are not skipped. After
 *   the listening connection was lost, it catches up by id from a little before the last
 *   one handled.
 * - For every (event, stream) it decides anew, through the access module, on facts read
 *   from the database for all connected people of the event's plans in one statement: in
 *   the audience (when the event has one) and `section.read` on its section (`plan.view`
 *   when it has none). A removed or expired participant gets nothing further (Z4), and
 *   because every instance decides from the database, that holds across instances (M6).
 * - A stream ends when its session ends: at once on the `samvirke_sessions` NOTIFY that
 *   ending a session sends (logout, logout everywhere, deactivation, ID-porten logout),
 *   and at the latest at the next heartbeat, which checks every stream's session (idle and
 *   absolute expiry) without moving its idle clock.
 */

export type EventHubDeps = {
  config: Config;
  db: Db;
  log: {
    warn(fields: Record<string, unknown>, message: string): void;
    info(fields: Record<string, unknown>, message: string): void;
  };
};

/** One HTTP response carrying a stream; the route owns the transport. */
export type Connection = {
  readonly personId: string;
  readonly sessionIdHash: string;
  /** Writes whole frames; never throws. */
  write(frame: string): void;
  /** Ends the response. */
  end(): void;
};

export type OpenResult =
  | { ok: true; release(): void }
  | { ok: false; reason: 'too-many' | 'unavailable' };

export type EventHub = {
  /** Starts listening for plan events (LISTEN on PostgreSQL, in-process on PGlite). */
  start(): Promise<void>;
  /** Closes every open stream and stops listening. */
  stop(): Promise<void>;
  /**
   * Adds a stream for the connection's person, or refuses: `too-many` at the per-person
   * cap (D4), `unavailable` when the hub is not running or this instance is full. With
   * `lastEventId`, first replays what the person missed since then (bounded); without,
   * what was committed while the stream was being set up.
   */
  open(connection: Connection, options: { lastEventId: number | null }): OpenResult;
  /** Ends every stream (graceful shutdown); the browsers reconnect elsewhere. */
  closeStreams(): void;
};

/** D4: open streams per person on one instance. */
export const MAX_STREAMS_PER_PERSON = 5;
/** Open streams on one instance, all people together. */
export const MAX_STREAMS = 10_000;
/** A reconnect replays at most this many events, none older than REPLAY_MAX_AGE_SECONDS. */
export const REPLAY_LIMIT = 200;
export const REPLAY_MAX_AGE_SECONDS = 3_600;

const BATCH = 500;
/** After the listener reconnects, look this many ids back (commits can finish out of order). */
const RESUME_OVERLAP = 200;
/** Ids handled recently, so nothing is sent twice when the catch-up overlaps. */
const HANDLED_MEMORY = 5_000;
const RETRY_DELAY_MS = 250;
const MAX_ATTEMPTS = 3;

type EventRow = {
  id: number;
  type: string;
  planId: string;
  section: string | null;
  subjectId: string | null;
  audience: string[] | null;
};

type Stream = {
  connection: Connection;
  /** Live events that arrive while the catch-up runs wait here; null once live. */
  buffer: EventRow[] | null;
  open: boolean;
  /** Covered by a `stream.resync` already: not sent again. */
  skipUpTo: number;
  /** Sent by the catch-up: not sent again when the live fan-out reaches them (until the next heartbeat). */
  replayed: Set<number> | null;
};

const COLUMNS = `id, type, plan_id as "planId", section, subject_id as "subjectId", audience`;
const BY_IDS = {
  name: 'events_by_ids',
  text: `select ${COLUMNS} from plan_events where id = any($1::bigint[]) order by id`,
};
const AFTER = {
  name: 'events_after',
  text: `select ${COLUMNS} from plan_events where id > $1::bigint order by id limit $2`,
};
const REPLAY_META = {
  name: 'events_replay_meta',
  text: `select coalesce((select max(id) from plan_events), 0) as latest,
      coalesce((select created_at > now() - make_interval(secs => $2::float8)
        from plan_events where id > $1::bigint order by id limit 1), true) as fresh`,
};
/** What a person may have missed: in their plans, for them or for everybody, recent. */
const REPLAY = {
  name: 'events_replay',
  text: `select ${COLUMNS} from plan_events e
    where e.id > $1::bigint and e.created_at > now() - make_interval(secs => $4::float8)
      and (e.audience is null or $2::uuid = any(e.audience))
      and e.plan_id in (select pa.plan_id from participants pa
        where pa.person_id = $2::uuid and pa.removed_at is null)
    order by e.id limit $3`,
};

const isSection = (value: string): value is Section =>
  (SECTIONS as readonly string[]).includes(value);

/** The access module's answer for one event and one person's facts. */
function mayReceive(facts: PlanFacts | undefined, section: string | null): boolean {
  if (!facts) return false;
  if (section === null) return mayOnPlan(null, facts, 'plan.view');
  return isSection(section) && mayOnPlan(null, facts, 'section.read', section);
}

const planEvent = (row: EventRow) => ({
  id: row.id,
  type: row.type,
  planId: row.planId,
  subjectId: row.subjectId,
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function createEventHub(deps: EventHubDeps): EventHub {
  const { config, db, log } = deps;
  const streams = new Set<Stream>();
  const byPerson = new Map<string, Set<Stream>>();
  let running = false;
  let listener: Listener | null = null;
  let heartbeat: NodeJS.Timeout | undefined;
  /** The highest event id fanned out; a new stream's `stream.ready` carries it. */
  let high = 0;
  const handled = new Set<number>();
  const pending = new Set<number>();
  let catchUpAfter: number | null = null;
  let draining: Promise<void> | null = null;
  let ticking = false;

  function remove(stream: Stream): void {
    if (!stream.open) return;
    stream.open = false;
    streams.delete(stream);
    const mine = byPerson.get(stream.connection.personId);
    mine?.delete(stream);
    if (mine?.size === 0) byPerson.delete(stream.connection.personId);
  }

  function close(stream: Stream, lastFrame?: string): void {
    if (!stream.open) return;
    if (lastFrame) stream.connection.write(lastFrame);
    remove(stream);
    stream.connection.end();
  }

  function deliver(stream: Stream, row: EventRow): void {
    if (!stream.open || row.id <= stream.skipUpTo || stream.replayed?.has(row.id)) return;
    if (stream.buffer) stream.buffer.push(row);
    else stream.connection.write(eventFrame(planEvent(row)));
  }

  function remember(id: number): void {
    handled.add(id);
    if (handled.size > HANDLED_MEMORY) {
      const floor = high - HANDLED_MEMORY;
      for (const old of handled) if (old < floor) handled.delete(old);
    }
  }

  /** One facts query for all connected people the events may concern, then the writes. */
  async function fanOut(events: EventRow[]): Promise<void> {
    if (events.length === 0 || streams.size === 0) return;
    const people = new Set<string>();
    for (const event of events) {
      const candidates = event.audience ?? [...byPerson.keys()];
      for (const personId of candidates) if (byPerson.has(personId)) people.add(personId);
    }
    if (people.size === 0) return;
    const planIds = [...new Set(events.map((event) => event.planId))];
    const facts = await factsForPeople(db, planIds, [...people]);
    for (const event of events) {
      // Only the connected participants of the event's plan can pass the access check.
      const participants = facts.get(event.planId);
      if (!participants) continue;
      const candidates = event.audience ? new Set(event.audience) : participants.keys();
      for (const personId of candidates) {
        if (!mayReceive(participants.get(personId), event.section)) continue;
        for (const stream of byPerson.get(personId) ?? []) deliver(stream, event);
      }
    }
  }

  async function load(ids: number[], after: number | null): Promise<EventRow[]> {
    if (ids.length > 0) return db.query<EventRow>(BY_IDS, [ids]);
    return db.query<EventRow>(AFTER, [after, BATCH]);
  }

  async function drain(): Promise<void> {
    let attempts = 0;
    while (running && (pending.size > 0 || catchUpAfter !== null)) {
      const ids = [...pending].slice(0, BATCH);
      for (const id of ids) pending.delete(id);
      const after = ids.length === 0 ? catchUpAfter : null;
      if (after !== null) catchUpAfter = null;
      try {
        const rows = await load(ids, after);
        if (after !== null && rows.length === BATCH) catchUpAfter = rows.at(-1)?.id ?? null;
        const fresh = rows.filter((row) => !handled.has(row.id));
        await fanOut(fresh);
        for (const row of fresh) remember(row.id);
        high = Math.max(high, ...fresh.map((row) => row.id));
        attempts = 0;
      } catch (error) {
        attempts += 1;
        if (attempts >= MAX_ATTEMPTS) {
          log.warn({ err: error, events: ids.length }, 'plan events dropped after repeated errors');
          attempts = 0;
        } else {
          log.warn({ err: error }, 'loading plan events failed; trying again');
          for (const id of ids) pending.add(id);
          if (after !== null) catchUpAfter = Math.min(catchUpAfter ?? after, after);
          await sleep(RETRY_DELAY_MS * attempts);
        }
      }
    }
  }

  function schedule(): void {
    if (draining || !running) return;
    draining = drain().finally(() => {
      draining = null;
      if (pending.size > 0 || catchUpAfter !== null) schedule();
    });
  }

  /** Closes the streams whose session is no longer live. */
  async function checkSessions(list: Stream[]): Promise<void> {
    if (list.length === 0) return;
    const hashes = [...new Set(list.map((stream) => stream.connection.sessionIdHash))];
    const live = await liveSessionHashes(db, config, hashes);
    for (const stream of list) {
      if (!live.has(stream.connection.sessionIdHash)) close(stream, controlFrame('session.ended'));
    }
  }

  function checkSessionsSafely(list: Stream[]): Promise<void> {
    return checkSessions(list).catch((error: unknown) => {
      log.warn({ err: error }, 'checking the sessions of event streams failed');
    });
  }

  async function tick(): Promise<void> {
    if (ticking || streams.size === 0) return;
    ticking = true;
    try {
      await checkSessionsSafely([...streams]);
      // Every event up to `high` has been fanned out to the streams that are live.
      const live = heartbeatFrame(high > 0 ? high : undefined);
      for (const stream of streams) {
        stream.connection.write(stream.buffer ? heartbeatFrame() : live);
        if (!stream.buffer) stream.replayed = null;
      }
    } finally {
      ticking = false;
    }
  }

  function onNotification(channel: string, payload: string): void {
    if (!running) return;
    if (channel === EVENTS_CHANNEL) {
      if (!/^\d{1,15}$/.test(payload)) return;
      pending.add(Number(payload));
      schedule();
    } else if (channel === SESSIONS_CHANNEL) {
      const mine = byPerson.get(payload);
      if (mine) void checkSessionsSafely([...mine]);
    }
  }

  /**
   * Catches a new stream up from `after` (its Last-Event-ID, or the last event fanned out
   * when it opened, so that nothing committed meanwhile is lost), then makes it live. Live
   * events wait in its buffer meanwhile; nothing is sent twice.
   */
  async function replay(stream: Stream, after: number, fresh: boolean): Promise<void> {
    const personId = stream.connection.personId;
    const frames: string[] = [];
    const replayed = new Set<number>();
    /** After a resync, live events up to here are covered by the refetch it asks for. */
    let coveredUpTo = 0;
    try {
      const [meta] = await db.query<{ latest: number; fresh: boolean }>(REPLAY_META, [
        after,
        REPLAY_MAX_AGE_SECONDS,
      ]);
      const latest = meta?.latest ?? 0;
      if (after < latest) {
        const rows = await db.query<EventRow>(REPLAY, [
          after,
          personId,
          REPLAY_LIMIT + 1,
          REPLAY_MAX_AGE_SECONDS,
        ]);
        if (rows.length > REPLAY_LIMIT || !meta?.fresh) {
          // Too much or too old to replay: the browser refetches what it shows.
          frames.push(controlFrame('stream.resync', latest));
          coveredUpTo = latest;
        } else {
          const planIds = [...new Set(rows.map((row) => row.planId))];
          const facts = await factsForPeople(db, planIds, [personId]);
          for (const row of rows) {
            if (row.audience && !row.audience.includes(personId)) continue;
            if (!mayReceive(facts.get(row.planId)?.get(personId), row.section)) continue;
            replayed.add(row.id);
            frames.push(eventFrame(planEvent(row)));
          }
        }
      }
    } catch (error) {
      log.warn({ err: error }, 'replaying missed events failed');
      frames.splice(0, frames.length, controlFrame('stream.resync'));
    }
    if (!stream.open) return;
    for (const frame of frames) stream.connection.write(frame);
    const waiting = stream.buffer ?? [];
    stream.buffer = null;
    stream.skipUpTo = coveredUpTo;
    stream.replayed = replayed.size > 0 ? replayed : null;
    for (const row of waiting) deliver(stream, row);
    // A new stream learns where it stands; a continued one keeps the id it sent.
    const reached = Math.max(after, coveredUpTo, ...replayed, ...waiting.map((row) => row.id));
    stream.connection.write(
      controlFrame('stream.ready', fresh && reached > 0 ? reached : undefined),
    );
  }

  function closeStreams(): void {
    for (const stream of [...streams]) close(stream);
  }

  return {
    async start() {
      if (running) return;
      listener = await db.listen([EVENTS_CHANNEL, SESSIONS_CHANNEL], {
        notification: onNotification,
        lost(error) {
          log.warn({ err: error }, 'the event listener lost its connection; reconnecting');
        },
        resumed() {
          log.info({}, 'the event listener is listening again; catching up');
          catchUpAfter = Math.max(0, high - RESUME_OVERLAP);
          schedule();
          void checkSessionsSafely([...streams]);
        },
      });
      const [row] = await db.query<{ high: number }>(
        'select coalesce(max(id), 0) as high from plan_events',
      );
      high = row?.high ?? 0;
      running = true;
      heartbeat = setInterval(() => void tick(), config.eventsHeartbeatSeconds * 1000);
      heartbeat.unref();
    },

    async stop() {
      running = false;
      if (heartbeat) clearInterval(heartbeat);
      heartbeat = undefined;
      closeStreams();
      const current = listener;
      listener = null;
      await current?.close();
      await draining?.catch(() => {});
      pending.clear();
      catchUpAfter = null;
    },

    open(connection, options) {
      if (!running) return { ok: false, reason: 'unavailable' };
      const mine = byPerson.get(connection.personId);
      if ((mine?.size ?? 0) >= MAX_STREAMS_PER_PERSON) return { ok: false, reason: 'too-many' };
      if (streams.size >= MAX_STREAMS) return { ok: false, reason: 'unavailable' };
      const stream: Stream = { connection, buffer: [], open: true, skipUpTo: 0, replayed: null };
      streams.add(stream);
      if (mine) mine.add(stream);
      else byPerson.set(connection.personId, new Set([stream]));
      connection.write(retryFrame());
      if (options.lastEventId === null) {
        // A new stream continues from the last event fanned out; its first id says so.
        void replay(stream, high, true);
      } else {
        void replay(stream, options.lastEventId, false);
      }
      return { ok: true, release: () => remove(stream) };
    },

    closeStreams,
  };
}
