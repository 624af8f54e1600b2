import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ITEM_SECTIONS } from '../../src/shared/schemas/sections.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import {
  auditCount,
  buildSectionsWorld,
  expectNoLeaks,
  ROLES,
  SEED_DATA,
  type SectionsWorld,
  SMALLEST_BODIES,
  seedItem,
  send,
  type WorldRole,
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

type Level = 'hidden' | 'none' | 'read' | 'write';
type Sec = (typeof ITEM_SECTIONS)[number] | 'aboutMe';

/**
 * The written rules, as a plain table: what each role in the world may do per section.
 * `hidden`: the plan is not theirs to see (404); `none`: visible, section refused (403).
 */
const everything = (level: Level): Record<Sec, Level> => ({
  goals: level,
  measures: level,
  evaluations: level,
  log: level,
  contributions: level,
  cooperation: level,
  aboutMe: level,
});
const EXPECTED: Record<WorldRole, Record<Sec, Level>> = {
  owner: everything('write'),
  guardian: everything('write'),
  coordinator: everything('write'),
  relative: {
    goals: 'read',
    measures: 'read',
    evaluations: 'read',
    log: 'none',
    contributions: 'write',
    cooperation: 'none',
    aboutMe: 'read',
  },
  professional: {
    goals: 'write',
    measures: 'write',
    evaluations: 'write',
    log: 'none',
    contributions: 'write',
    cooperation: 'write',
    aboutMe: 'read',
  },
  professionalNoConsent: everything('none'),
  expired: everything('hidden'),
  removed: everything('hidden'),
  orgAdmin: everything('hidden'),
  otherCoordinator: everything('hidden'),
  stranger: everything('hidden'),
};

const readStatus = (level: Level, ok: number) =>
  level === 'hidden' ? 404 : level === 'none' ? 403 : ok;
const writeStatus = (level: Level, ok: number) =>
  level === 'hidden' ? 404 : level === 'write' ? ok : 403;

async function currentVersion(id: string): Promise<number> {
  const [row] = await t.db.query<{ version: number }>(
    'select version from plan_items where id = $1',
    [id],
  );
  return row?.version ?? 0;
}

describe('the role matrix on every item route (404 when hidden, 403 when not granted)', () => {
  for (const section of ITEM_SECTIONS) {
    it(`${section}: list, create, read, history, edit, delete for every role`, async () => {
      const base = `/api/plans/${w.plan}/${section}`;
      const by = w.people.coordinator.id;
      const shared = await seedItem(t, w.plan, section, SEED_DATA[section] ?? {}, by);
      for (const role of ROLES) {
        const level = EXPECTED[role][section];
        const who = w.people[role];
        const label = `${role} ${section}`;
        const readsBefore = await auditCount(t, w.plan, 'section.read');
        const deniedBefore = await auditCount(t, w.plan, 'section.read', 'denied');

        const list = await send(t, w, 'GET', base, who);
        expect(list.statusCode, `GET list: ${label}`).toBe(readStatus(level, 200));
        const one = await send(t, w, 'GET', `${base}/${shared}`, who);
        expect(one.statusCode, `GET item: ${label}`).toBe(readStatus(level, 200));
        const history = await send(t, w, 'GET', `${base}/${shared}/versions`, who);
        expect(history.statusCode, `GET versions: ${label}`).toBe(readStatus(level, 200));

        // L1/L2: one audit row per read, ok or denied (a hidden plan is recorded too).
        const readable = level === 'read' || level === 'write';
        expect(await auditCount(t, w.plan, 'section.read')).toBe(readsBefore + (readable ? 3 : 0));
        expect(await auditCount(t, w.plan, 'section.read', 'denied')).toBe(
          deniedBefore + (readable ? 0 : 3),
        );
        if (readable) {
          const ids = (list.json() as { items: { id: string }[] }).items.map((i) => i.id);
          expect(ids).toContain(shared);
        } else {
          expect(list.json()).not.toHaveProperty('items');
        }

        const created = await send(t, w, 'POST', base, who, SMALLEST_BODIES[section]);
        expect(created.statusCode, `POST: ${label}`).toBe(writeStatus(level, 201));
        const version = await currentVersion(shared);
        const patched = await send(t, w, 'PATCH', `${base}/${shared}`, who, {
          version,
          ...(section === 'goals' || section === 'measures' ? { title: role } : { text: role }),
        });
        expect(patched.statusCode, `PATCH: ${label}`).toBe(writeStatus(level, 200));
        const doomed = await seedItem(t, w.plan, section, SEED_DATA[section] ?? {}, by);
        const deleted = await send(t, w, 'DELETE', `${base}/${doomed}`, who);
        expect(deleted.statusCode, `DELETE: ${label}`).toBe(writeStatus(level, 204));
      }
    });
  }

  it('aboutMe: read and save for every role', async () => {
    const url = `/api/plans/${w.plan}/about-me`;
    for (const role of ROLES) {
      const level = EXPECTED[role].aboutMe;
      const who = w.people[role];
      const read = await send(t, w, 'GET', url, who);
      expect(read.statusCode, `GET about-me: ${role}`).toBe(readStatus(level, 200));
      const [row] = await t.db.query<{ version: number }>(
        'select version from about_me where plan_id = $1',
        [w.plan],
      );
      const saved = await send(t, w, 'PUT', url, who, {
        version: row?.version ?? 0,
        myNeeds: `skrevet av ${role}`,
      });
      expect(saved.statusCode, `PUT about-me: ${role}`).toBe(writeStatus(level, 200));
    }
  });

  it('access log: owner, guardian and coordinator only; 403 to other participants, 404 to the rest', async () => {
    const expected: Record<WorldRole, number> = {
      owner: 200,
      guardian: 200,
      coordinator: 200,
      relative: 403,
      professional: 403,
      professionalNoConsent: 403,
      expired: 404,
      removed: 404,
      orgAdmin: 404,
      otherCoordinator: 404,
      stranger: 404,
    };
    for (const role of ROLES) {
      const res = await send(t, w, 'GET', `/api/plans/${w.plan}/access-log`, w.people[role]);
      expect(res.statusCode, role).toBe(expected[role]);
    }
  });
});

describe('Z1: a plan the caller may not see, or that does not exist, is 404 for every method', () => {
  it('unknown and malformed plan ids answer exactly like a hidden plan', async () => {
    const goal = await seedItem(t, w.plan, 'goals', SEED_DATA.goals ?? {}, w.people.owner.id);
    const bodies: string[] = [];
    for (const planId of [w.plan, '0190a0b0-0000-7000-8000-000000000000', 'not-a-plan']) {
      const who = planId === w.plan ? w.people.stranger : w.people.owner;
      const cases = [
        send(t, w, 'GET', `/api/plans/${planId}/goals`, who),
        send(t, w, 'POST', `/api/plans/${planId}/goals`, who, { title: 'x' }),
        send(t, w, 'GET', `/api/plans/${planId}/goals/${goal}`, who),
        send(t, w, 'PATCH', `/api/plans/${planId}/goals/${goal}`, who, { version: 1, title: 'x' }),
        send(t, w, 'DELETE', `/api/plans/${planId}/goals/${goal}`, who),
        send(t, w, 'GET', `/api/plans/${planId}/goals/${goal}/versions`, who),
        send(t, w, 'GET', `/api/plans/${planId}/about-me`, who),
        send(t, w, 'PUT', `/api/plans/${planId}/about-me`, who, { version: 0 }),
        send(t, w, 'GET', `/api/plans/${planId}/access-log`, who),
      ];
      for (const res of await Promise.all(cases)) {
        expect(res.statusCode).toBe(404);
        bodies.push(res.body);
      }
    }
    expect(new Set(bodies).size).toBe(1);
  });
});
