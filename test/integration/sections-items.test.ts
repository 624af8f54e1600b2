import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ITEM_SECTIONS } from '../../src/shared/schemas/sections.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { errorFields } from './people-factories.ts';
import {
  auditCount,
  buildSectionsWorld,
  expectNoLeaks,
  type SectionsWorld,
  SMALLEST_BODIES,
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

describe('creating items', () => {
  it("accepts API.md's smallest body in every section and answers who wrote it and when", async () => {
    for (const section of ITEM_SECTIONS) {
      const before = await auditCount(t, w.plan, 'section.created');
      const item = await create(section, SMALLEST_BODIES[section] ?? {});
      expect(item).toMatchObject({
        ...SMALLEST_BODIES[section],
        version: 1,
        createdBy: { id: w.people.coordinator.id, name: 'Kari Koordinator' },
        updatedBy: { id: w.people.coordinator.id, name: 'Kari Koordinator' },
      });
      expect(Date.parse(String(item.createdAt))).not.toBeNaN();
      expect(await auditCount(t, w.plan, 'section.created')).toBe(before + 1);
      const [row] = await t.db.query<{ object_id: string; section: string; actor_role: string }>(
        `select object_id, section, actor_role from audit_log where action = 'section.created'
         order by at desc limit 1`,
      );
      expect(row).toEqual({ object_id: item.id, section, actor_role: 'coordinator' });
    }
  });

  it('fills the defaults into the stored data: goals active, measures planned with no goals', async () => {
    const goal = await create('goals', { title: 'Mål' });
    expect(goal).toMatchObject({ status: 'active', parentId: null });
    const measure = await create('measures', { title: 'Tiltak' });
    expect(measure).toMatchObject({ status: 'planned', goalIds: [] });
    const [row] = await t.db.query<{ data: unknown }>('select data from plan_items where id = $1', [
      goal.id,
    ]);
    expect(row?.data).toEqual({ title: 'Mål', status: 'active' });
  });

  it('takes every field of the full bodies', async () => {
    const goal = await create('goals', {
      title: 'Bo i egen leilighet',
      description: 'Med støtte',
      targetDate: '2027-06-30',
      status: 'proposed',
      proposedBy: 'Ola',
    });
    const measure = await create('measures', {
      title: 'Boveiledning',
      description: 'To ganger i uka',
      goalIds: [goal.id],
      responsibleParticipantId: w.participants.professional,
      scope: '2 timer per uke',
      howCarriedOut: 'Hjemme hos Ola',
      startDate: '2026-01-01',
      endDate: '2026-12-31',
      status: 'ongoing',
    });
    expect(measure.goalIds).toEqual([goal.id]);
    const evaluation = await create('evaluations', {
      goalId: goal.id,
      measureId: measure.id,
      text: 'Godt i gang',
      assessment: 'partly',
      date: '2026-03-03',
    });
    expect(evaluation).toMatchObject({ assessment: 'partly', date: '2026-03-03' });
    await create('log', { text: 'Første økt', measureId: measure.id });
    await create('contributions', { text: 'Handler selv', byParticipantId: w.participants.owner });
    await create('cooperation', { text: 'Møte med NAV', service: 'NAV' });
  });

  it('refuses unknown fields, bad values and over-long text (400 naming the field)', async () => {
    const cases: [string, Record<string, unknown>, string][] = [
      ['goals', { title: 'x', ownerId: w.people.owner.id }, 'ownerId'],
      ['goals', { title: '' }, 'title'],
      ['goals', { title: '   ' }, 'title'],
      ['goals', { title: 'x'.repeat(201) }, 'title'],
      ['goals', { title: 'x', status: 'done' }, 'status'],
      ['goals', { title: 'x', targetDate: '31.12.2026' }, 'targetDate'],
      ['goals', { title: 'x', parentId: 'not-an-id' }, 'parentId'],
      ['goals', { title: 'x\u0000y' }, 'title'],
      ['log', { text: 'x'.repeat(10_001) }, 'text'],
      ['log', { text: { $gt: '' } }, 'text'],
      ['evaluations', { text: 'x', assessment: 'great' }, 'assessment'],
      ['measures', { title: 'x', goalIds: 'abc' }, 'goalIds'],
      ['measures', { title: 'x', startDate: '2026-05-01', endDate: '2026-04-01' }, 'endDate'],
      ['contributions', { text: 'x', version: 3 }, 'version'],
      ['cooperation', { text: 'x', html: '<b>' }, 'html'],
    ];
    for (const [section, body, field] of cases) {
      const res = await send(t, w, 'POST', url(section), w.people.coordinator, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(errorFields(res), JSON.stringify(body)).toContain(field);
    }
    const long = await create('log', { text: 'x'.repeat(10_000) });
    expect(String(long.text).length).toBe(10_000);
  });

  it('I3/I4: script and line breaks come back as the same text, as JSON', async () => {
    const title = '<script>alert("mål")</script><img src=x onerror=alert(1)>';
    const text = 'Linje 1\r\nLinje 2\n\n<b>ikke fet</b> & "sitat"';
    const goal = await create('goals', { title, description: text });
    const res = await send(t, w, 'GET', url('goals', `/${goal.id}`), w.people.owner);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.json()).toMatchObject({ title, description: text });
    expect(res.body).not.toContain('&lt;');
  });
});

describe('editing with versions', () => {
  it('a PATCH with the version read saves, keeps the old version with who and when, and a stale one is 409', async () => {
    const goal = await create('goals', { title: 'Første', description: 'Tekst' });
    const changed = await send(t, w, 'PATCH', url('goals', `/${goal.id}`), w.people.professional, {
      version: 1,
      title: 'Andre',
      description: null,
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({
      title: 'Andre',
      version: 2,
      createdBy: { name: 'Kari Koordinator' },
      updatedBy: { id: w.people.professional.id, name: 'Per Fysio' },
    });
    expect(changed.json()).not.toHaveProperty('description');

    const stale = await send(t, w, 'PATCH', url('goals', `/${goal.id}`), w.people.owner, {
      version: 1,
      title: 'Tredje',
    });
    expect(stale.statusCode).toBe(409);
    const now = await send(t, w, 'GET', url('goals', `/${goal.id}`), w.people.owner);
    expect(now.json()).toMatchObject({ title: 'Andre', version: 2 });

    const history = await send(t, w, 'GET', url('goals', `/${goal.id}/versions`), w.people.owner);
    expect(history.statusCode).toBe(200);
    const body = history.json() as { items: Record<string, unknown>[]; next: string | null };
    expect(body.next).toBeNull();
    expect(body.items).toEqual([
      {
        version: 1,
        title: 'Første',
        description: 'Tekst',
        status: 'active',
        parentId: null,
        changedBy: { id: w.people.coordinator.id, name: 'Kari Koordinator' },
        changedAt: goal.createdAt,
      },
    ]);
    expect(await auditCount(t, w.plan, 'section.changed')).toBeGreaterThanOrEqual(1);
  });

  it('concurrent PATCHes with the same version: exactly one 200, the rest 409, and the first is kept', async () => {
    const goal = await create('goals', { title: 'Utgangspunkt' });
    const editors = [
      w.people.owner,
      w.people.coordinator,
      w.people.guardian,
      w.people.professional,
    ];
    const results = await Promise.all(
      editors.map((who) =>
        send(t, w, 'PATCH', url('goals', `/${goal.id}`), who, { version: 1, title: who.name }),
      ),
    );
    const statuses = results.map((res) => res.statusCode);
    expect([...statuses].sort()).toEqual([200, 409, 409, 409]);
    const winner = editors[statuses.indexOf(200)]?.name;
    const now = await send(t, w, 'GET', url('goals', `/${goal.id}`), w.people.owner);
    expect(now.json()).toMatchObject({ title: winner, version: 2 });
    const versions = await t.db.query('select version from plan_item_versions where item_id = $1', [
      goal.id,
    ]);
    expect(versions).toEqual([{ version: 1 }]);
  });

  it('a PATCH that names no field is 400; unknown or protected fields are 400', async () => {
    const goal = await create('goals', { title: 'Mål' });
    for (const body of [{ version: 1 }, { version: 1, createdBy: 'x' }, { title: 'x' }]) {
      const res = await send(t, w, 'PATCH', url('goals', `/${goal.id}`), w.people.owner, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
    }
  });

  it('every section keeps its history the same way', async () => {
    for (const section of ITEM_SECTIONS) {
      const item = await create(section, SMALLEST_BODIES[section] ?? {});
      const field = section === 'goals' || section === 'measures' ? 'title' : 'text';
      for (const [version, value] of [
        [1, 'to'],
        [2, 'tre'],
      ] as const) {
        const res = await send(t, w, 'PATCH', url(section, `/${item.id}`), w.people.owner, {
          version,
          [field]: value,
        });
        expect(res.statusCode, section).toBe(200);
      }
      const page = await send(
        t,
        w,
        'GET',
        url(section, `/${item.id}/versions?limit=1`),
        w.people.owner,
      );
      const first = page.json() as { items: { version: number }[]; next: string };
      expect(first.items.map((v) => v.version)).toEqual([2]);
      const rest = await send(
        t,
        w,
        'GET',
        url(section, `/${item.id}/versions?limit=1&before=${first.next}`),
        w.people.owner,
      );
      expect(rest.json()).toMatchObject({
        items: [{ version: 1, [field]: SMALLEST_BODIES[section]?.[field] }],
        next: null,
      });
    }
  });
});

describe('deleting', () => {
  it('a soft delete: 204, gone from lists and reads, kept in the database with who and when', async () => {
    const entry = await create('log', { text: 'Slettes' });
    const del = await send(t, w, 'DELETE', url('log', `/${entry.id}`), w.people.owner);
    expect(del.statusCode).toBe(204);
    expect(del.body).toBe('');
    for (const [method, rest] of [
      ['GET', `/${entry.id}`],
      ['GET', `/${entry.id}/versions`],
      ['DELETE', `/${entry.id}`],
    ] as const) {
      expect((await send(t, w, method, url('log', rest), w.people.owner)).statusCode).toBe(404);
    }
    const patch = await send(t, w, 'PATCH', url('log', `/${entry.id}`), w.people.owner, {
      version: 1,
      text: 'x',
    });
    expect(patch.statusCode).toBe(404);
    const list = await send(t, w, 'GET', url('log', '?limit=200'), w.people.owner);
    expect(list.body).not.toContain(entry.id);
    const [row] = await t.db.query<{ deleted_by: string; text: string }>(
      `select deleted_by, data->>'text' as text from plan_items where id = $1 and deleted_at is not null`,
      [entry.id],
    );
    expect(row).toEqual({ deleted_by: w.people.owner.id, text: 'Slettes' });
    expect(await auditCount(t, w.plan, 'section.deleted')).toBeGreaterThanOrEqual(1);
  });
});
