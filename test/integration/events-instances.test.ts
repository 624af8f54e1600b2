import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.ts';
import type { Db } from '../../src/server/db/index.ts';
import { openPostgres } from '../../src/server/db/postgres.ts';
import { withDatabase } from '../global-setup.ts';
import { createTestApp, logCollector, type TestApp } from '../helpers/app.ts';
import { createLeakSniffer } from '../helpers/leak-sniffer.ts';
import { buildPlanWorld, type PlanWorld } from '../helpers/plans.ts';
import {
  commitEvent,
  idsOf,
  listening,
  openLiveStream,
  openStream,
  type StreamClient,
  settledPast,
} from '../helpers/sse.ts';
import { addPerson, call, sessionCookie, type WorldPerson } from './people-factories.ts';

/**
 * Two app instances on one PostgreSQL database (SECURITY.md M6): an event committed
 * through one reaches the streams held by the other, and a revocation on one (removing a
 * participant, logging out) takes effect on the other's streams.
 */

const postgres = process.env.DATABASE_URL;

describe.skipIf(!postgres)(
  'two app instances on one PostgreSQL (skipped on PGlite: its LISTEN/NOTIFY stays inside one process, so two instances cannot share it)',
  () => {
    let a: TestApp;
    let w: PlanWorld;
    let dbB: Db;
    let appB: FastifyInstance;
    const logsB: Record<string, unknown>[] = [];
    const snifferB = createLeakSniffer();
    let baseB: string;
    const streams: StreamClient[] = [];

    beforeAll(async () => {
      a = await createTestApp({ EVENTS_HEARTBEAT_SECONDS: '0.1' }, { background: true });
      w = await buildPlanWorld(a);
      const [row] = await a.db.query<{ name: string }>('select current_database() as name');
      dbB = openPostgres(withDatabase(postgres ?? '', row?.name ?? ''), 3);
      appB = await buildApp({
        config: a.config,
        db: dbB,
        state: { migrated: true },
        logStream: logCollector(logsB),
        instrument: snifferB.instrument,
      });
      await appB.ready();
      await appB.background.start();
      baseB = await listening(appB);
    });

    afterAll(async () => {
      for (const stream of streams) stream.close();
      try {
        await appB?.close();
        await snifferB.check(dbB, a.config, logsB);
      } finally {
        await dbB?.close();
        await a?.close();
      }
    });

    async function onB(cookie: string): Promise<StreamClient> {
      const stream = await openLiveStream(baseB, cookie);
      streams.push(stream);
      return stream;
    }

    const message = (audience: WorldPerson[]) => ({
      type: 'message.created' as const,
      planId: w.plan.id,
      section: 'messages' as const,
      subjectId: null,
      audience: audience.map((p) => p.id),
      actorId: w.owner.id,
    });

    it('M6: an event committed through instance A reaches a stream on instance B within 2 s', async () => {
      const owner = await onB(w.owner.cookie);
      const id = await commitEvent(a.db, message([w.owner, w.proRead]));
      await expect.poll(() => idsOf(owner), { timeout: 2_000, interval: 10 }).toContain(id);
    });

    it('M6: a message posted through instance A reaches the recipients’ streams on B within 2 s; the expired participant gets nothing', async () => {
      const owner = await onB(w.owner.cookie);
      const relative = await onB(w.relative.cookie);
      const expired = await onB(w.expired.cookie);
      const res = await call(a, 'POST', `/api/plans/${w.plan.id}/messages`, w.coord.cookie, {
        body: 'Hei fra instans A',
      });
      expect(res.statusCode).toBe(201);
      const messageId = (res.json() as { id: string }).id;
      const created = (client: StreamClient) =>
        client
          .planEvents()
          .filter((e) => e.type === 'message.created' && e.subjectId === messageId)
          .map((e) => e.id);
      await expect.poll(() => created(owner), { timeout: 2_000, interval: 10 }).toHaveLength(1);
      await expect.poll(() => created(relative), { timeout: 2_000, interval: 10 }).toHaveLength(1);
      const [eventId] = created(owner);
      await settledPast(expired, eventId ?? 0);
      expect(created(expired)).toEqual([]);
    });

    it('Z4 across instances: the expired participant and one removed on A get nothing on B', async () => {
      const person = await addPerson(a, w, w.orgA, 'Nora Nyttig');
      const [participant] = await a.db.query<{ id: string }>(
        `insert into participants (plan_id, person_id, role, access, created_by)
         values ($1, $2, 'coordinator', '{}'::jsonb, $3) returning id`,
        [w.plan.id, person.id, w.coord.id],
      );
      const stream = await onB(person.cookie);
      const expired = await onB(w.expired.cookie);
      const owner = await onB(w.owner.cookie);
      const first = await commitEvent(a.db, message([w.owner, w.expired, person]));
      await expect.poll(() => idsOf(stream), { timeout: 2_000, interval: 10 }).toContain(first);

      const removed = await call(
        a,
        'DELETE',
        `/api/plans/${w.plan.id}/participants/${participant?.id}`,
        w.coord.cookie,
      );
      expect(removed.statusCode).toBe(204);
      const second = await commitEvent(a.db, message([w.owner, w.expired, person]));
      await expect.poll(() => idsOf(owner), { timeout: 2_000, interval: 10 }).toContain(second);
      await settledPast(stream, second);
      await settledPast(expired, second);
      expect(idsOf(stream)).toEqual([first]);
      expect(idsOf(expired)).toEqual([]);
    });

    it('M6: logging out on instance A closes the stream held on instance B', async () => {
      const cookie = await sessionCookie(a, w.guardian.id);
      const stream = await onB(cookie);
      const res = await call(a, 'POST', '/api/auth/logout', cookie);
      expect(res.statusCode).toBe(204);
      await expect
        .poll(() => stream.ended && stream.events.some((e) => e.type === 'session.ended'), {
          timeout: 2_000,
          interval: 10,
        })
        .toBe(true);
      expect((await openStream(baseB, cookie)).status).toBe(401);
    });

    it('a listener whose connection is killed reconnects and catches up on what it missed', async () => {
      const owner = await onB(w.owner.cookie);
      const killed = await a.db.query<{ ok: boolean }>(
        `select pg_terminate_backend(pid) as ok from pg_stat_activity
         where application_name = 'samvirke-listener' and datname = current_database()`,
      );
      expect(killed.length).toBeGreaterThanOrEqual(2);
      // Committed while nobody listens: no NOTIFY reaches B, the catch-up must find it.
      const missed = await commitEvent(a.db, message([w.owner]));
      await expect.poll(() => idsOf(owner), { timeout: 5_000, interval: 20 }).toContain(missed);
      const after = await commitEvent(a.db, message([w.owner]));
      await expect.poll(() => idsOf(owner), { timeout: 2_000, interval: 10 }).toContain(after);
      expect(idsOf(owner).filter((id) => id === missed)).toHaveLength(1);
      const messages = logsB.map((line) => line.msg);
      expect(messages).toContain('the event listener lost its connection; reconnecting');
      expect(messages).toContain('the event listener is listening again; catching up');
    });
  },
);
