import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { addPerson } from './people-factories.ts';
import {
  addParticipant,
  auditCount,
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

const aboutMe = () => `/api/plans/${w.plan}/about-me`;
const accessLog = (query = '') => `/api/plans/${w.plan}/access-log${query}`;

type Entry = {
  at: string;
  actor: {
    name: string;
    role: string;
    functionTitle: string | null;
    organizationName: string | null;
  };
  action: string;
  section: string | null;
  objectId: string | null;
};

describe('the access log: who read what (L5)', () => {
  it('shows the professional who read the goals, with name, role, function and organisation only', async () => {
    const saved = await send(t, w, 'PUT', aboutMe(), w.people.guardian, {
      version: 0,
      whatMattersToMe: 'Fotball',
    });
    expect(saved.statusCode).toBe(200);
    const goal = await seedItem(
      t,
      w.plan,
      'goals',
      { title: 'Mål', status: 'active' },
      w.people.owner.id,
    );
    expect(
      (await send(t, w, 'GET', `/api/plans/${w.plan}/goals`, w.people.professional)).statusCode,
    ).toBe(200);
    const one = await send(
      t,
      w,
      'GET',
      `/api/plans/${w.plan}/goals/${goal}`,
      w.people.professional,
    );
    expect(one.statusCode).toBe(200);

    const res = await send(t, w, 'GET', accessLog(), w.people.owner);
    expect(res.statusCode).toBe(200);
    const { items } = res.json() as { items: Entry[] };
    expect(items[0]).toEqual({
      at: expect.any(String),
      actor: {
        name: 'Per Fysio',
        role: 'professional',
        functionTitle: 'Fysioterapeut',
        organizationName: 'Demo kommune',
      },
      action: 'read',
      section: 'goals',
      objectId: goal,
    });
    expect(items[1]).toMatchObject({
      actor: { name: 'Per Fysio' },
      section: 'goals',
      objectId: null,
    });
    expect(items).toContainEqual(
      expect.objectContaining({ action: 'created', section: 'aboutMe', objectId: null }),
    );
    for (const entry of items) {
      expect(Object.keys(entry).sort()).toEqual(['action', 'actor', 'at', 'objectId', 'section']);
      expect(Object.keys(entry.actor).sort()).toEqual([
        'functionTitle',
        'name',
        'organizationName',
        'role',
      ]);
    }
    // No addresses, request ids or national ids.
    expect(res.body).not.toContain('127.0.0.1');
    const [ids] = await t.db.query<{ ids: string[] }>(
      'select array_agg(distinct request_id) as ids from audit_log where plan_id = $1',
      [w.plan],
    );
    for (const id of ids?.ids ?? []) expect(res.body).not.toContain(id);
  });

  it('reading the access log is itself recorded and shown; refused attempts are not shown', async () => {
    const before = await auditCount(t, w.plan, 'accessLog.read');
    await send(t, w, 'GET', accessLog(), w.people.coordinator);
    expect(await auditCount(t, w.plan, 'accessLog.read')).toBe(before + 1);
    const refused = await send(t, w, 'GET', accessLog(), w.people.professional);
    expect(refused.statusCode).toBe(403);
    expect(await auditCount(t, w.plan, 'accessLog.read', 'denied')).toBe(1);
    const res = await send(t, w, 'GET', accessLog('?limit=1'), w.people.guardian);
    expect((res.json() as { items: Entry[] }).items).toEqual([
      expect.objectContaining({
        actor: expect.objectContaining({ name: 'Kari Koordinator', role: 'coordinator' }),
        action: 'read',
        section: 'accessLog',
      }),
    ]);
  });

  it('is paged newest first, every row once', async () => {
    const [total] = await t.db.query<{ n: number }>(
      `select count(*)::int as n from audit_log where plan_id = $1 and outcome = 'ok'`,
      [w.plan],
    );
    const seen: string[] = [];
    let next: string | null = null;
    let pages = 0;
    do {
      const query = `?limit=2${next ? `&before=${next}` : ''}`;
      const res = await send(t, w, 'GET', accessLog(query), w.people.owner);
      const body = res.json() as { items: Entry[]; next: string | null };
      seen.push(...body.items.map((e) => e.at));
      next = body.next;
      pages += 1;
    } while (next && pages < 100);
    expect(pages).toBeGreaterThan(2);
    // Each page's own read is newer than the cursor, so it never shows on a later page.
    expect(seen.length).toBe(total?.n);
    expect([...seen].sort().reverse()).toEqual(seen);
  });

  it('a removed participant and staff without a place in the plan show by name and role; names are text (I4)', async () => {
    const org = w.orgA;
    const odd = await addPerson(t, w, org, '<img src=x onerror=alert(1)> Navn');
    const id = await addParticipant(t, w.plan, odd.id, 'relative', { consent: true });
    expect((await send(t, w, 'GET', `/api/plans/${w.plan}/goals`, odd)).statusCode).toBe(200);
    await t.db.query('update participants set removed_at = now() where id = $1', [id]);
    await t.db.query(
      `insert into audit_log (actor_id, actor_role, organization_id, action, plan_id, ip, request_id)
       values ($1, 'org_admin', $2, 'plan.adminSummary', $3, '10.0.0.9', 'req-staff-1')`,
      [w.people.orgAdmin.id, org, w.plan],
    );
    const res = await send(t, w, 'GET', accessLog('?limit=5'), w.people.owner);
    const { items } = res.json() as { items: Entry[] };
    expect(items).toContainEqual(
      expect.objectContaining({
        actor: {
          name: '<img src=x onerror=alert(1)> Navn',
          role: 'relative',
          functionTitle: null,
          organizationName: null,
        },
        section: 'goals',
      }),
    );
    expect(items).toContainEqual(
      expect.objectContaining({
        actor: {
          name: 'Siri Admin',
          role: 'staff',
          functionTitle: null,
          organizationName: 'Demo kommune',
        },
        action: 'adminSummary',
        section: 'plan',
      }),
    );
    expect(res.body).not.toContain('10.0.0.9');
    expect(res.body).not.toContain('req-staff-1');
  });
});

describe('audit coverage (L1): every successful read leaves exactly one record', () => {
  it('list, item, versions and about-me: one more section.read each, in the plan and section read', async () => {
    const goal = await seedItem(
      t,
      w.plan,
      'goals',
      { title: 'Telles', status: 'active' },
      w.people.owner.id,
    );
    const reads: [string, string, string | null][] = [
      [`/api/plans/${w.plan}/goals`, 'goals', null],
      [`/api/plans/${w.plan}/goals/${goal}`, 'goals', goal],
      [`/api/plans/${w.plan}/goals/${goal}/versions`, 'goals', goal],
      [`/api/plans/${w.plan}/measures?sort=newest`, 'measures', null],
      [aboutMe(), 'aboutMe', null],
      [`${aboutMe()}/versions`, 'aboutMe', null],
    ];
    for (const [url, section, objectId] of reads) {
      const before = await auditCount(t, w.plan, 'section.read');
      const res = await send(t, w, 'GET', url, w.people.relative);
      expect(res.statusCode, url).toBe(200);
      expect(await auditCount(t, w.plan, 'section.read'), url).toBe(before + 1);
      const [row] = await t.db.query(
        `select actor_id, actor_role, section, object_id, outcome, request_id from audit_log
         where action = 'section.read' order by at desc, id desc limit 1`,
      );
      expect(row, url).toEqual({
        actor_id: w.people.relative.id,
        actor_role: 'relative',
        section,
        object_id: objectId,
        outcome: 'ok',
        request_id: res.headers['x-request-id'],
      });
    }
  });

  it('a refused read (L2) is recorded as denied and not as a read', async () => {
    const ok = await auditCount(t, w.plan, 'section.read');
    const denied = await auditCount(t, w.plan, 'section.read', 'denied');
    expect(
      (await send(t, w, 'GET', `/api/plans/${w.plan}/log`, w.people.relative)).statusCode,
    ).toBe(403);
    expect(
      (await send(t, w, 'GET', `/api/plans/${w.plan}/log`, w.people.stranger)).statusCode,
    ).toBe(404);
    expect(await auditCount(t, w.plan, 'section.read')).toBe(ok);
    expect(await auditCount(t, w.plan, 'section.read', 'denied')).toBe(denied + 2);
  });
});

describe('L7: when the audit write fails, the request fails and nothing is served', () => {
  const block = async (action: string, run: () => Promise<void>) => {
    await t.db.exec(
      `alter table audit_log add constraint audit_test_block check (action <> '${action}') not valid`,
    );
    try {
      await run();
    } finally {
      await t.db.exec('alter table audit_log drop constraint audit_test_block');
    }
  };

  it('reads: 503 with no content, for lists, items, about-me and the access log', async () => {
    const goal = await seedItem(
      t,
      w.plan,
      'goals',
      { title: 'Skjult innhold', status: 'active' },
      w.people.owner.id,
    );
    await block('section.read', async () => {
      for (const url of [
        `/api/plans/${w.plan}/goals`,
        `/api/plans/${w.plan}/goals/${goal}`,
        `/api/plans/${w.plan}/goals/${goal}/versions`,
        aboutMe(),
      ]) {
        const res = await send(t, w, 'GET', url, w.people.owner);
        expect(res.statusCode, url).toBe(503);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(res.body).not.toContain('Skjult');
        expect(res.body).not.toContain('Fotball');
        expect(Object.keys(res.json()).sort()).toEqual(['detail', 'status', 'title', 'type']);
      }
    });
    await block('accessLog.read', async () => {
      const res = await send(t, w, 'GET', accessLog(), w.people.owner);
      expect(res.statusCode).toBe(503);
      expect(res.body).not.toContain('Per Fysio');
    });
    const lines = t.logs.filter((line) => line.msg === 'audit write failed; request refused');
    expect(lines.length).toBeGreaterThanOrEqual(5);
  });

  it('writes: 503 and nothing changed', async () => {
    const count = async () =>
      (
        await t.db.query<{ n: number }>(
          'select count(*)::int as n from plan_items where plan_id = $1',
          [w.plan],
        )
      )[0]?.n;
    const before = await count();
    await block('section.created', async () => {
      const res = await send(t, w, 'POST', `/api/plans/${w.plan}/goals`, w.people.owner, {
        title: 'Uten spor',
      });
      expect(res.statusCode).toBe(503);
      expect(res.body).not.toContain('Uten spor');
    });
    expect(await count()).toBe(before);
    const goal = await seedItem(
      t,
      w.plan,
      'goals',
      { title: 'Før', status: 'active' },
      w.people.owner.id,
    );
    await block('section.changed', async () => {
      const res = await send(t, w, 'PATCH', `/api/plans/${w.plan}/goals/${goal}`, w.people.owner, {
        version: 1,
        title: 'Etter',
      });
      expect(res.statusCode).toBe(503);
    });
    const [row] = await t.db.query(
      "select data->>'title' as title, version from plan_items where id = $1",
      [goal],
    );
    expect(row).toEqual({ title: 'Før', version: 1 });
    const kept = await t.db.query('select 1 from plan_item_versions where item_id = $1', [goal]);
    expect(kept).toEqual([]);
  });
});
