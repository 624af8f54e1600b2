import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { errorFields } from './people-factories.ts';
import {
  addParticipant,
  buildSectionsWorld,
  expectNoLeaks,
  SEED_DATA,
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

type Item = Record<string, unknown> & { id: string; version: number };
const url = (section: string, rest = '') => `/api/plans/${w.plan}/${section}${rest}`;
const create = async (
  section: string,
  body: Record<string, unknown>,
  who = w.people.coordinator,
) => {
  const res = await send(t, w, 'POST', url(section), who, body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as Item;
};

describe('sub-goals and links stay inside the plan (Z12)', () => {
  it('a sub-goal needs a main goal of the same plan', async () => {
    const main = await create('goals', { title: 'Hovedmål' });
    const sub = await create('goals', { title: 'Delmål', parentId: main.id.toUpperCase() });
    expect(sub.parentId).toBe(main.id);
    const foreign = await seedItem(t, w.otherPlan, 'goals', SEED_DATA.goals ?? {}, w.otherOwner.id);
    const measure = await create('measures', { title: 'Tiltak' });
    const missing = '0190a0b0-0000-7000-8000-00000000abcd';
    for (const parentId of [foreign, measure.id, sub.id, missing]) {
      const res = await send(t, w, 'POST', url('goals'), w.people.owner, { title: 'x', parentId });
      expect(res.statusCode, parentId).toBe(400);
      expect(errorFields(res)).toEqual(['parentId']);
    }
    // Two levels only, and no cycles: a main goal with sub-goals cannot become one.
    const other = await create('goals', { title: 'Annet mål' });
    const move = await send(t, w, 'PATCH', url('goals', `/${main.id}`), w.people.owner, {
      version: 1,
      parentId: other.id,
    });
    expect(move.statusCode).toBe(400);
    const self = await send(t, w, 'PATCH', url('goals', `/${other.id}`), w.people.owner, {
      version: 1,
      parentId: other.id,
    });
    expect(self.statusCode).toBe(400);
    expect(
      (await send(t, w, 'DELETE', url('goals', `/${main.id}`), w.people.owner)).statusCode,
    ).toBe(409);
    const lift = await send(t, w, 'PATCH', url('goals', `/${sub.id}`), w.people.owner, {
      version: 1,
      parentId: null,
    });
    expect(lift.json()).toMatchObject({ parentId: null, version: 2 });
    const history = await send(t, w, 'GET', url('goals', `/${sub.id}/versions`), w.people.owner);
    expect(history.json()).toMatchObject({ items: [{ version: 1, parentId: main.id }] });
  });

  it('measure, evaluation, log and contribution links point into this plan only', async () => {
    const goal = await create('goals', { title: 'Mål' });
    const measure = await create('measures', { title: 'Tiltak' });
    const foreignGoal = await seedItem(
      t,
      w.otherPlan,
      'goals',
      SEED_DATA.goals ?? {},
      w.otherOwner.id,
    );
    const foreignMeasure = await seedItem(
      t,
      w.otherPlan,
      'measures',
      SEED_DATA.measures ?? {},
      w.otherOwner.id,
    );
    const removed = w.participants.removed ?? '';
    const cases: [string, Record<string, unknown>, string][] = [
      ['measures', { title: 'x', goalIds: [goal.id, foreignGoal] }, 'goalIds'],
      ['measures', { title: 'x', goalIds: [measure.id] }, 'goalIds'],
      ['measures', { title: 'x', goalIds: [goal.id, goal.id] }, 'goalIds'],
      [
        'measures',
        { title: 'x', responsibleParticipantId: w.otherPlanParticipant },
        'responsibleParticipantId',
      ],
      ['measures', { title: 'x', responsibleParticipantId: removed }, 'responsibleParticipantId'],
      ['evaluations', { text: 'x', goalId: measure.id }, 'goalId'],
      ['evaluations', { text: 'x', measureId: foreignMeasure }, 'measureId'],
      ['log', { text: 'x', measureId: goal.id }, 'measureId'],
      ['contributions', { text: 'x', byParticipantId: w.otherPlanParticipant }, 'byParticipantId'],
    ];
    for (const [section, body, field] of cases) {
      const res = await send(t, w, 'POST', url(section), w.people.owner, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(errorFields(res)).toEqual([field]);
    }
    const linked = await send(t, w, 'PATCH', url('measures', `/${measure.id}`), w.people.owner, {
      version: 1,
      goalIds: [goal.id],
      responsibleParticipantId: w.participants.professional,
    });
    expect(linked.json()).toMatchObject({ goalIds: [goal.id], version: 2 });
    const bad = await send(t, w, 'PATCH', url('measures', `/${measure.id}`), w.people.owner, {
      version: 2,
      goalIds: [foreignGoal],
    });
    expect(errorFields(bad)).toEqual(['goalIds']);
  });

  it("another plan's item, or another section's, is 404 on every item route", async () => {
    const foreign = await seedItem(t, w.otherPlan, 'goals', SEED_DATA.goals ?? {}, w.otherOwner.id);
    const logEntry = await create('log', { text: 'Logg' });
    for (const [section, id] of [
      ['goals', foreign],
      ['goals', logEntry.id],
    ] as const) {
      const cases = [
        send(t, w, 'GET', url(section, `/${id}`), w.people.coordinator),
        send(t, w, 'GET', url(section, `/${id}/versions`), w.people.coordinator),
        send(t, w, 'PATCH', url(section, `/${id}`), w.people.coordinator, {
          version: 1,
          title: 'x',
        }),
        send(t, w, 'DELETE', url(section, `/${id}`), w.people.coordinator),
      ];
      for (const res of await Promise.all(cases)) expect(res.statusCode).toBe(404);
    }
    const [row] = await t.db.query<{ title: string; deleted_at: Date | null }>(
      `select data->>'title' as title, deleted_at from plan_items where id = $1`,
      [foreign],
    );
    expect(row).toEqual({ title: 'Hovedmål', deleted_at: null });
  });
});

describe('lists', () => {
  it('goals oldest first, the log newest first, both paged with a cursor; sort=newest|oldest', async () => {
    const planId = w.otherPlan;
    const owner = w.otherOwner;
    const titles = ['A', 'B', 'C', 'D', 'E'];
    for (const title of titles) {
      const res = await send(t, w, 'POST', `/api/plans/${planId}/goals`, owner, { title });
      expect(res.statusCode).toBe(201);
      await send(t, w, 'POST', `/api/plans/${planId}/log`, owner, { text: title });
    }
    const collect = async (path: string, field: string) => {
      const seen: string[] = [];
      let next: string | null = null;
      do {
        const cursor: string = next ? `&before=${next}` : '';
        const res = await send(t, w, 'GET', `/api/plans/${planId}/${path}${cursor}`, owner);
        expect(res.statusCode).toBe(200);
        const body = res.json() as { items: Record<string, string>[]; next: string | null };
        expect(body.items.length).toBeLessThanOrEqual(2);
        seen.push(...body.items.map((item) => item[field] ?? ''));
        next = body.next;
      } while (next);
      return seen;
    };
    expect((await collect('goals?limit=2', 'title')).slice(-5)).toEqual(titles);
    expect(await collect('log?limit=2', 'text')).toEqual([...titles].reverse());
    expect((await collect('goals?limit=2&sort=newest', 'title')).slice(0, 5)).toEqual(
      [...titles].reverse(),
    );
    const bad = await send(
      t,
      w,
      'GET',
      `/api/plans/${planId}/goals?before=bm90LWEtY3Vyc29y`,
      owner,
    );
    expect(bad.statusCode).toBe(400);
  });

  it('a participant removed later still shows by name on what they wrote', async () => {
    const person = w.people.stranger;
    const id = await addParticipant(t, w.plan, person.id, 'professional', { consent: true });
    const item = await create('cooperation', { text: 'Skrevet før fjerning' }, person);
    await t.db.query('update participants set removed_at = now() where id = $1', [id]);
    const res = await send(t, w, 'GET', url('cooperation', `/${item.id}`), w.people.owner);
    expect(res.json()).toMatchObject({ createdBy: { id: person.id, name: 'Sven Fremmed' } });
    expect((await send(t, w, 'GET', url('cooperation'), person)).statusCode).toBe(404);
  });

  it('a closed plan can be read but not changed', async () => {
    await t.db.query(`update plans set status = 'closed' where id = $1`, [w.otherPlan]);
    const owner = w.otherOwner;
    expect((await send(t, w, 'GET', `/api/plans/${w.otherPlan}/goals`, owner)).statusCode).toBe(
      200,
    );
    const res = await send(t, w, 'POST', `/api/plans/${w.otherPlan}/goals`, owner, { title: 'x' });
    expect(res.statusCode).toBe(403);
    await t.db.query(`update plans set status = 'active' where id = $1`, [w.otherPlan]);
  });
});
