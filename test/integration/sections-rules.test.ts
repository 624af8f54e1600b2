import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mayOnPlan, type PlanFacts } from '../../src/server/access/plans.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import {
  addParticipant,
  buildSectionsWorld,
  expectNoLeaks,
  type SectionsWorld,
  seedItem,
  send,
} from './sections-factories.ts';

let t: TestApp;
let w: SectionsWorld;
beforeAll(async () => {
  t = await createTestApp();
  w = await buildSectionsWorld(t);
});
afterAll(async () => {
  try {
    expectNoLeaks(t, w);
  } finally {
    await t.close();
  }
});

describe('Z2: a section not granted is 403, and its content shows nowhere', () => {
  it('a professional without log access gets 403 for the log, its items and a made-up id alike', async () => {
    const entry = await seedItem(t, w.plan, 'log', { text: 'Hemmelig logg' }, w.people.owner.id);
    const per = w.people.professional;
    const made = '0190a0b0-0000-7000-8000-000000000001';
    for (const url of [
      `/api/plans/${w.plan}/log`,
      `/api/plans/${w.plan}/log/${entry}`,
      `/api/plans/${w.plan}/log/${made}`,
      `/api/plans/${w.plan}/log/${entry}/versions`,
    ]) {
      const res = await send(t, w, 'GET', url, per);
      expect(res.statusCode, url).toBe(403);
      expect(res.json().detail).toBe('You have no access to this section');
      expect(res.body).not.toContain('Hemmelig');
    }
    const goals = await send(t, w, 'GET', `/api/plans/${w.plan}/goals?limit=200`, per);
    expect(goals.statusCode).toBe(200);
    expect(goals.body).not.toContain('Hemmelig');
  });

  it('a simple plan (enkelt samspill) has no content sections: 403 with a reason', async () => {
    for (const path of ['goals', 'log', 'about-me']) {
      const res = await send(t, w, 'GET', `/api/plans/${w.simplePlan}/${path}`, w.people.owner);
      expect(res.statusCode, path).toBe(403);
      expect(res.json().detail).toMatch(/^A plan of type simple \(enkelt samspill\) has no/);
    }
    const res = await send(t, w, 'POST', `/api/plans/${w.simplePlan}/goals`, w.people.owner, {
      title: 'Mål',
    });
    expect(res.statusCode).toBe(403);
  });

  it('withdrawing the sharing consent ends the access at the next request', async () => {
    const person = w.people.relative;
    expect((await send(t, w, 'GET', `/api/plans/${w.plan}/goals`, person)).statusCode).toBe(200);
    await t.db.query('update consents set withdrawn_at = now() where participant_id = $1', [
      w.participants.relative,
    ]);
    expect((await send(t, w, 'GET', `/api/plans/${w.plan}/goals`, person)).statusCode).toBe(403);
    await t.db.query('update consents set withdrawn_at = null where participant_id = $1', [
      w.participants.relative,
    ]);
  });
});

describe('Z3: access ends exactly at validUntil, by the database clock', () => {
  it('the access module refuses at validUntil and allows a millisecond before', () => {
    const validUntil = new Date('2026-03-03T14:02:00.000Z');
    const facts = (now: Date): PlanFacts => ({
      plan: {
        id: w.plan,
        organizationId: w.orgA,
        status: 'active',
        type: 'ip',
        ownerId: w.people.owner.id,
        coordinatorId: w.people.coordinator.id,
      },
      participant: { id: 'p', role: 'professional', access: {}, validUntil },
      sharingConsent: true,
      now,
    });
    const before = facts(new Date(validUntil.getTime() - 1));
    expect(mayOnPlan(null, before, 'section.read', 'goals')).toBe(true);
    expect(mayOnPlan(null, facts(validUntil), 'section.read', 'goals')).toBe(false);
    expect(mayOnPlan(null, facts(validUntil), 'plan.view')).toBe(false);
  });

  it('a participant whose validUntil comes during the test loses access at the next request', async () => {
    const per = w.people.professionalNoConsent;
    const until = await t.db.query<{ until: Date }>(
      `update participants set valid_until = clock_timestamp() + interval '1500 milliseconds'
       where id = $1 returning valid_until as until`,
      [w.participants.professionalNoConsent],
    );
    const url = `/api/plans/${w.plan}/goals`;
    expect((await send(t, w, 'GET', url, per)).statusCode).toBe(403); // visible, no consent
    const end = until[0]?.until.getTime() ?? 0;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, end - Date.now()) + 50));
    expect((await send(t, w, 'GET', url, per)).statusCode).toBe(404);
    await t.db.query('update participants set valid_until = null where id = $1', [
      w.participants.professionalNoConsent,
    ]);
    expect((await send(t, w, 'GET', url, per)).statusCode).toBe(403);
  });

  it('a grant with validUntil later than now still works', async () => {
    const person = w.people.stranger;
    const id = await addParticipant(t, w.plan, person.id, 'relative', {
      consent: true,
      validUntil: `now() + interval '1 hour'`,
    });
    expect((await send(t, w, 'GET', `/api/plans/${w.plan}/goals`, person)).statusCode).toBe(200);
    await t.db.query('update participants set removed_at = now() where id = $1', [id]);
    expect((await send(t, w, 'GET', `/api/plans/${w.plan}/goals`, person)).statusCode).toBe(404);
  });
});

describe('Z14 and I1: query parameters', () => {
  it('a repeated parameter is 400, never one of its values', async () => {
    for (const query of ['limit=1&limit=200', 'before=a&before=b', 'sort=newest&sort=oldest']) {
      const res = await send(t, w, 'GET', `/api/plans/${w.plan}/goals?${query}`, w.people.owner);
      expect(res.statusCode, query).toBe(400);
    }
    const log = await send(
      t,
      w,
      'GET',
      `/api/plans/${w.plan}/access-log?limit=1&limit=2`,
      w.people.owner,
    );
    expect(log.statusCode).toBe(400);
  });

  it('sorting only by the allowlist; unknown parameters and SQL are 400', async () => {
    for (const query of [
      'sort=title',
      'sort=created_at%3B%20drop%20table%20plan_items',
      'sort=newest%20desc',
      'orderBy=id',
      'limit=1e9',
      'limit=0',
      'before=%27%20or%201%3D1--',
    ]) {
      const res = await send(t, w, 'GET', `/api/plans/${w.plan}/log?${query}`, w.people.owner);
      expect(res.statusCode, query).toBe(400);
    }
    const ok = await send(t, w, 'GET', `/api/plans/${w.plan}/log?sort=oldest`, w.people.owner);
    expect(ok.statusCode).toBe(200);
  });
});
