import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TaskData } from '../../src/shared/schemas/tasks.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import {
  buildPlanWorld,
  expireIn,
  type PlanWorld,
  pid,
  planAudit,
  recorder,
} from '../helpers/plans.ts';
import { createTask, joinPlan, tasksUrl as url } from './meetings-factories.ts';
import { errorFields, type WorldPerson } from './people-factories.ts';

/**
 * Tasks (issue 6, item 2): title, description, an assignee from the care team, a due date
 * and a status, with the `tasks` section's access rules; "mine" across every plan where
 * the caller may still read tasks.
 */

let t: TestApp;
let w: PlanWorld;
let r: ReturnType<typeof recorder>;
beforeAll(async () => {
  t = await createTestApp();
  w = await buildPlanWorld(t);
  r = recorder(t);
});
afterAll(async () => {
  try {
    r.expectNoLeaks(w.canaries);
  } finally {
    await t.close();
  }
});

type Mine = { items: (TaskData & { plan: { id: string; title: string } })[]; next: string | null };

async function mine(by: WorldPerson, query = ''): Promise<Mine> {
  const res = await r.call('GET', `/api/me/tasks${query}`, by.cookie);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as Mine;
}

describe('creating and reading tasks', () => {
  it('write access creates, with an assignee who may read tasks and a due date', async () => {
    const task = await createTask(t, w.coord, w.plan.id, {
      title: 'Søke om BPA',
      description: 'Skjema fra NAV',
      assigneeId: pid(w.plan, w.guardian),
      dueDate: '2030-02-01',
    });
    expect(task).toMatchObject({
      title: 'Søke om BPA',
      description: 'Skjema fra NAV',
      dueDate: '2030-02-01',
      status: 'open',
      doneAt: null,
      meetingId: null,
      mine: false,
      version: 1,
      assignee: { name: w.guardian.name, role: 'guardian', removed: false },
    });
    const read = await r.call('GET', url(w.plan.id, `/${task.id}`), w.guardian.cookie);
    expect(read.json()).toMatchObject({ id: task.id, mine: true });
    for (const who of [w.owner, w.guardian]) {
      await createTask(t, who, w.plan.id, { title: `Fra ${who.name}` });
    }
    const events = await t.db.query<{ type: string }>(
      'select type from plan_events where subject_id = $1',
      [task.id],
    );
    expect(events.map((e) => e.type)).toEqual(['task.created']);
  });

  it('refuses an assignee who may not read tasks, or is not in this plan (400)', async () => {
    for (const who of [w.proNone, w.relativeNoConsent, w.expired]) {
      const res = await r.call('POST', url(w.plan.id), w.coord.cookie, {
        title: 'x',
        assigneeId: pid(w.plan, who),
      });
      expect(res.statusCode, who.name).toBe(400);
      expect(errorFields(res)).toEqual(['assigneeId']);
    }
    const foreign = await r.call('POST', url(w.plan.id), w.coord.cookie, {
      title: 'x',
      assigneeId: pid(w.otherPlan, w.otherOwner),
    });
    expect(foreign.statusCode).toBe(400);
  });

  it('rejects bad bodies naming the field, and unknown or protected fields', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{}, 'title'],
      [{ title: ' ' }, 'title'],
      [{ title: 'x'.repeat(201) }, 'title'],
      [{ title: 'x', dueDate: '1. mai' }, 'dueDate'],
      [{ title: 'x', assigneeId: 'nope' }, 'assigneeId'],
      [{ title: 'x', status: 'done' }, 'status'],
      [{ title: 'x', createdBy: w.owner.id }, 'createdBy'],
    ];
    for (const [body, field] of cases) {
      const res = await r.call('POST', url(w.plan.id), w.coord.cookie, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(errorFields(res), JSON.stringify(body)).toContain(field);
    }
  });

  it('read access reads only (403 to create); no section 403; outside the plan 404', async () => {
    for (const who of [w.relative, w.proRead]) {
      const res = await r.call('POST', url(w.plan.id), who.cookie, { title: 'x' });
      expect(res.statusCode, who.name).toBe(403);
      expect((await r.call('GET', url(w.plan.id), who.cookie)).statusCode, who.name).toBe(200);
    }
    const task = await createTask(t, w.coord, w.plan.id, { title: 'Synlig' });
    for (const who of [w.proNone, w.relativeNoConsent]) {
      expect((await r.call('GET', url(w.plan.id), who.cookie)).statusCode, who.name).toBe(403);
      const one = await r.call('GET', url(w.plan.id, `/${task.id}`), who.cookie);
      expect(one.statusCode, who.name).toBe(403);
    }
    for (const who of [w.expired, w.removed, w.stranger, w.coordB, w.admin, w.coord2]) {
      for (const [method, path] of [
        ['GET', ''],
        ['GET', `/${task.id}`],
      ] as const) {
        const res = await r.call(method, url(w.plan.id, path), who.cookie);
        expect(res.statusCode, `${who.name} ${path}`).toBe(404);
      }
      const post = await r.call('POST', url(w.plan.id), who.cookie, { title: 'x' });
      expect(post.statusCode, who.name).toBe(404);
      const patch = await r.call('PATCH', url(w.plan.id, `/${task.id}`), who.cookie, {
        version: 1,
        status: 'done',
      });
      expect(patch.statusCode, who.name).toBe(404);
    }
  });

  it('another plan’s task through this plan’s path is 404 (Z12)', async () => {
    const other = await createTask(t, w.coord, w.otherPlan.id, { title: 'Olgas oppgave' });
    const res = await r.call('GET', url(w.plan.id, `/${other.id}`), w.coord.cookie);
    expect(res.statusCode).toBe(404);
    const patch = await r.call('PATCH', url(w.plan.id, `/${other.id}`), w.coord.cookie, {
      version: 1,
      status: 'done',
    });
    expect(patch.statusCode).toBe(404);
    const bad = await r.call('GET', url(w.plan.id, '/nope'), w.coord.cookie);
    expect(bad.statusCode).toBe(404);
  });

  it('lists newest first, by status, with a cursor', async () => {
    const a = await createTask(t, w.coord, w.otherPlan.id, { title: 'A' });
    const b = await createTask(t, w.coord, w.otherPlan.id, { title: 'B' });
    await r.call('PATCH', url(w.otherPlan.id, `/${a.id}`), w.coord.cookie, {
      version: 1,
      status: 'done',
    });
    const open = await r.call('GET', `${url(w.otherPlan.id)}?status=open`, w.coord.cookie);
    const openIds = (open.json() as { items: TaskData[] }).items.map((x) => x.id);
    expect(openIds).toContain(b.id);
    expect(openIds).not.toContain(a.id);
    const first = await r.call('GET', `${url(w.otherPlan.id)}?limit=1`, w.coord.cookie);
    const page1 = first.json() as { items: TaskData[]; next: string };
    expect(page1.items.map((x) => x.id)).toEqual([b.id]);
    const second = await r.call(
      'GET',
      `${url(w.otherPlan.id)}?limit=200&before=${page1.next}`,
      w.coord.cookie,
    );
    expect((second.json() as { items: TaskData[] }).items.map((x) => x.id)).toContain(a.id);
    const badSort = await r.call('GET', `${url(w.otherPlan.id)}?status=x`, w.coord.cookie);
    expect(badSort.statusCode).toBe(400);
  });
});

describe('changing tasks', () => {
  it('with the version read; stale is 409; write access changes anything', async () => {
    const task = await createTask(t, w.coord, w.plan.id, { title: 'Første' });
    const res = await r.call('PATCH', url(w.plan.id, `/${task.id}`), w.guardian.cookie, {
      version: 1,
      title: 'Endret',
      assigneeId: pid(w.plan, w.proRead),
      dueDate: '2030-03-01',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      title: 'Endret',
      version: 2,
      dueDate: '2030-03-01',
      assignee: { name: w.proRead.name },
    });
    const stale = await r.call('PATCH', url(w.plan.id, `/${task.id}`), w.coord.cookie, {
      version: 1,
      title: 'Gammel',
    });
    expect(stale.statusCode).toBe(409);
    const cleared = await r.call('PATCH', url(w.plan.id, `/${task.id}`), w.coord.cookie, {
      version: 2,
      assigneeId: null,
      dueDate: null,
      description: null,
    });
    expect(cleared.json()).toMatchObject({ assignee: null, dueDate: null, version: 3 });
    const empty = await r.call('PATCH', url(w.plan.id, `/${task.id}`), w.coord.cookie, {
      version: 3,
    });
    expect(empty.statusCode).toBe(400);
    const noRead = await r.call('PATCH', url(w.plan.id, `/${task.id}`), w.coord.cookie, {
      version: 3,
      assigneeId: pid(w.plan, w.proNone),
    });
    expect(noRead.statusCode).toBe(400);
  });

  it('the assignee with read access may mark it done (and open again), nothing more', async () => {
    const task = await createTask(t, w.coord, w.plan.id, {
      title: 'Ta med papirene',
      assigneeId: pid(w.plan, w.relative),
    });
    const done = await r.call('PATCH', url(w.plan.id, `/${task.id}`), w.relative.cookie, {
      version: 1,
      status: 'done',
    });
    expect(done.statusCode, done.body).toBe(200);
    const doneTask = done.json() as TaskData;
    expect(doneTask.status).toBe('done');
    expect(doneTask.doneAt).not.toBeNull();
    const retitle = await r.call('PATCH', url(w.plan.id, `/${task.id}`), w.relative.cookie, {
      version: 2,
      title: 'Noe annet',
    });
    expect(retitle.statusCode).toBe(403);
    const reopened = await r.call('PATCH', url(w.plan.id, `/${task.id}`), w.relative.cookie, {
      version: 2,
      status: 'open',
    });
    expect(reopened.json()).toMatchObject({ status: 'open', doneAt: null, version: 3 });
    // Someone else with read access only may not.
    const other = await r.call('PATCH', url(w.plan.id, `/${task.id}`), w.proRead.cookie, {
      version: 3,
      status: 'done',
    });
    expect(other.statusCode).toBe(403);
  });
});

describe('mine, across plans', () => {
  it('lists my tasks in every plan where I may still read tasks, open ones by default', async () => {
    const { person, participantId } = await joinPlan(t, w, w.plan, { name: 'Mona Mine' });
    const other = await joinPlan(t, w, w.otherPlan, { name: 'Mona Mine', person });
    const inPlan = await createTask(t, w.coord, w.plan.id, {
      title: 'I Olas plan',
      assigneeId: participantId,
    });
    const inOther = await createTask(t, w.coord, w.otherPlan.id, {
      title: 'I Olgas plan',
      assigneeId: other.participantId,
    });
    const done = await createTask(t, w.coord, w.otherPlan.id, {
      title: 'Ferdig',
      assigneeId: other.participantId,
    });
    await r.call('PATCH', url(w.otherPlan.id, `/${done.id}`), w.coord.cookie, {
      version: 1,
      status: 'done',
    });
    await createTask(t, w.coord, w.plan.id, { title: 'Ikke min' });

    const list = await mine(person);
    expect(list.items.map((x) => x.title).sort()).toEqual(['I Olas plan', 'I Olgas plan']);
    expect(list.items.every((x) => x.mine)).toBe(true);
    expect(list.items.find((x) => x.id === inPlan.id)?.plan).toEqual({
      id: w.plan.id,
      title: 'Olas plan',
    });
    const all = await mine(person, '?status=all');
    expect(all.items.map((x) => x.id)).toContain(done.id);
    const paged = await mine(person, '?limit=1');
    expect(paged.items).toHaveLength(1);
    expect(paged.next).not.toBeNull();

    // One audit row per plan shown.
    const rows = (await planAudit(t, w.plan.id, 'task.list')).filter(
      (row) => row.actor_id === person.id,
    );
    expect(rows.at(-1)?.details).toMatchObject({ view: 'mine' });

    // Access to one plan ends: its tasks drop out at once.
    await expireIn(t, participantId, -1000);
    const after = await mine(person);
    expect(after.items.map((x) => x.id)).toEqual([inOther.id]);
    // Without read access to tasks there (a grant changed), the same.
    await t.db.query(`update participants set access = '{"tasks":"none"}' where id = $1`, [
      other.participantId,
    ]);
    expect((await mine(person)).items).toEqual([]);
    expect((await mine(w.stranger)).items).toEqual([]);
  });
});
