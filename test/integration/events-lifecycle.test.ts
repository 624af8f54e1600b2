import diagnostics from 'node:diagnostics_channel';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mayOnPlan, SECTIONS } from '../../src/server/access/plans.ts';
import { factsForPeople } from '../../src/server/modules/events/facts.ts';
import {
  EVENT_FRAME_CHANNEL,
  type EventFrameMessage,
} from '../../src/server/modules/events/routes.ts';
import { loadPlanFacts } from '../../src/server/modules/plans/facts.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { buildPlanWorld, type PlanWorld } from '../helpers/plans.ts';
import { listening, openLiveStream, openStream } from '../helpers/sse.ts';

/**
 * The event streams' place in the app's life: started with the background work, ended by
 * a graceful stop; every frame seen by the leak sniffer; the batched access facts the hub
 * decides on agree with the ones every route decides on.
 */

let t: TestApp;
let w: PlanWorld;

beforeAll(async () => {
  t = await createTestApp();
  w = await buildPlanWorld(t);
});
afterAll(() => t.close());

describe('the event hub in the app', () => {
  it('answers 503 with Retry-After while the background work has not started', async () => {
    const base = await listening(t.app);
    const res = await openStream(base, w.owner.cookie);
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBe('5');
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('app.close() ends every open stream instead of waiting for it', async () => {
    const other = await createTestApp({}, { background: true });
    let closed = false;
    try {
      const people = await buildPlanWorld(other);
      const base = await listening(other.app);
      const streams = await Promise.all(
        [people.owner, people.coord, people.proRead].map((p) => openLiveStream(base, p.cookie)),
      );
      await other.close();
      closed = true;
      await expect.poll(() => streams.every((s) => s.ended), { interval: 10 }).toBe(true);
      // The browser is told nothing more: it reconnects (to another instance) by itself.
      expect(streams.flatMap((s) => s.events.map((e) => e.type))).not.toContain('session.ended');
    } finally {
      if (!closed) await other.close();
    }
  });

  it('shows every frame to the leak sniffer, with the person it went to', async () => {
    const seen: EventFrameMessage[] = [];
    const tap = (message: unknown) => seen.push(message as EventFrameMessage);
    diagnostics.subscribe(EVENT_FRAME_CHANNEL, tap);
    const other = await createTestApp({}, { background: true });
    try {
      const people = await buildPlanWorld(other);
      const stream = await openLiveStream(await listening(other.app), people.owner.cookie);
      stream.close();
      const mine = seen.filter((m) => m.server === other.app.server);
      expect(mine.map((m) => m.actor.personId)).toContain(people.owner.id);
      expect(mine.some((m) => m.frame.includes('stream.ready'))).toBe(true);
    } finally {
      diagnostics.unsubscribe(EVENT_FRAME_CHANNEL, tap);
      await other.close();
    }
  });
});

describe('batched access facts', () => {
  it('decide exactly as loadPlanFacts does, for every person, plan and section', async () => {
    const people = [
      w.coord,
      w.coord2,
      w.admin,
      w.owner,
      w.guardian,
      w.relative,
      w.relativeNoConsent,
      w.proRead,
      w.proNone,
      w.expired,
      w.removed,
      w.coordB,
      w.stranger,
      w.otherOwner,
    ];
    const plans = [w.plan.id, w.otherPlan.id];
    const batch = await factsForPeople(
      t.db,
      plans,
      people.map((p) => p.id),
    );
    let compared = 0;
    for (const planId of plans) {
      for (const person of people) {
        const single = await loadPlanFacts(t.db, planId, person.id);
        if (!single) throw new Error('no plan');
        const batched = batch.get(planId)?.get(person.id);
        const label = `${person.name} on ${planId === w.plan.id ? 'the plan' : 'the other plan'}`;
        const view = (f: typeof single | undefined) => !!f && mayOnPlan(null, f, 'plan.view');
        expect(view(batched), label).toBe(view(single));
        for (const section of SECTIONS) {
          const read = (f: typeof single | undefined) =>
            !!f && mayOnPlan(null, f, 'section.read', section);
          expect(read(batched), `${label}: ${section}`).toBe(read(single));
          compared += 1;
        }
      }
    }
    expect(compared).toBe(plans.length * people.length * SECTIONS.length);
  });
});
